/**
 * Minting a Server-to-Server OAuth token: one POST to <origin>/oauth/token,
 * with bounded retries for the failures that retrying can fix. Knows nothing
 * of terminals; every outcome is an AccessToken or a typed CliError.
 */
import { CliError, CredentialsRejectedError, NetworkError } from '../errors.js';
import { tokenUrl } from './endpoint.js';
import { retryAfterMs, type HttpClient, type HttpResponse } from '../net/http.js';
import { parseJsonObject } from '../store/json-file.js';
import { backoffMs, describeTransportError } from '../net/transport-errors.js';
import { basicAuthorization, type AccessToken, type ClientCredentials } from './token.js';
import { bearerToken, lifetimeSeconds, scopeName, tokenType, zoomApiUrl } from './token-fields.js';
import type { ZoomDomain } from '../zoom.js';
import { escapeControls } from '../text.js';

/** Where tokens are minted: the endpoint's origin, and the Zoom domain its answers must point to. */
export interface TokenEndpoint {
  origin: string;
  domain: ZoomDomain;
}

export interface MintDeps {
  http: HttpClient;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  debug: (message: string) => void;
  /** 0 <= x < 1; jitter for the backoff. */
  random?: () => number;
}

export interface MintLimits {
  /** Per request. */
  requestTimeoutMs: number;
  /** For the whole mint, retries and waits included. */
  totalTimeoutMs: number;
  /** Requests in all, the first included. */
  maxAttempts: number;
  /** Largest response body read, in bytes. */
  maxBodyBytes: number;
}

export const DEFAULT_MINT_LIMITS: MintLimits = {
  requestTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxAttempts: 3,
  maxBodyBytes: 1024 * 1024,
};

const REJECTION_HINTS: Record<string, string> = {
  invalid_client:
    'Check the client ID and client secret on the app\'s "App Credentials" page at marketplace.zoom.us, then run: zoom-s2s login',
  unsupported_grant_type:
    'These are not the credentials of a Server-to-Server OAuth app; create one at marketplace.zoom.us (Develop > Build App).',
  invalid_request: 'Check the account ID, and that the app is activated at marketplace.zoom.us.',
};

/** One attempt's failure: whether a retry may help, and how long to wait first. */
class AttemptFailure extends Error {
  constructor(
    readonly final: NetworkError | CredentialsRejectedError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(final.message);
  }
}

export async function mintToken(
  credentials: ClientCredentials,
  endpoint: TokenEndpoint,
  deps: MintDeps,
  limits: MintLimits = DEFAULT_MINT_LIMITS,
): Promise<AccessToken> {
  const url = tokenUrl(endpoint.origin);
  const deadline = deps.now() + limits.totalTimeoutMs;
  const random = deps.random ?? Math.random;
  let lastFailure: AttemptFailure | undefined;
  let attempts = 0;

  for (let attempt = 1; attempt <= limits.maxAttempts; attempt++) {
    const remaining = deadline - deps.now();
    if (remaining <= 0) break;
    attempts = attempt;
    try {
      return await requestOnce(url, endpoint.domain, credentials, deps, limits, Math.min(limits.requestTimeoutMs, remaining), attempt);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      lastFailure = error;
      if (!error.retryable || attempt === limits.maxAttempts) break;
      const backoff = error.retryAfterMs ?? backoffMs(attempt - 1, random);
      if (deps.now() + backoff >= deadline) break;
      deps.debug(`retrying in ${backoff} ms after: ${error.message}`);
      await deps.sleep(backoff);
    }
  }
  if (lastFailure) throw attempts > 1 ? withAttemptCount(lastFailure.final, attempts) : lastFailure.final;
  throw new NetworkError(`The token request did not finish within ${limits.totalTimeoutMs / 1000} s.`);
}

/** "…did not answer within 10 s." becomes "…did not answer within 10 s (3 attempts)." */
function withAttemptCount(error: NetworkError | CredentialsRejectedError, attempts: number): NetworkError | CredentialsRejectedError {
  if (!(error instanceof NetworkError)) return error;
  return new NetworkError(`${error.message.replace(/\.$/, '')} (${attempts} attempts).`, { hint: error.hint, cause: error.cause });
}

async function requestOnce(
  url: string,
  domain: ZoomDomain,
  credentials: ClientCredentials,
  deps: MintDeps,
  limits: MintLimits,
  timeoutMs: number,
  attempt: number,
): Promise<AccessToken> {
  const host = new URL(url).host;
  const sentAt = deps.now();
  deps.debug(`POST ${url} (attempt ${attempt}, timeout ${timeoutMs} ms)`);
  let response: HttpResponse;
  try {
    response = await deps.http({
      method: 'POST',
      url,
      headers: {
        authorization: basicAuthorization(credentials),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'account_credentials', account_id: credentials.accountId }).toString(),
      timeoutMs,
      maxBodyBytes: limits.maxBodyBytes,
      // Its socket would keep the Authorization header reachable for as long as it lived.
      closeConnection: true,
    });
  } catch (error) {
    // Our own errors (a CA file that cannot be read) are not network failures.
    if (error instanceof CliError) throw error;
    throw classifyTransportError(error, host, timeoutMs);
  }
  const contentType = response.headers['content-type'] ?? 'no content type';
  deps.debug(`HTTP ${response.status} (${contentType}, ${response.body.length} bytes) in ${deps.now() - sentAt} ms`);

  if (response.status === 200) return parseSuccess(response.body, sentAt, contentType, domain, deps.debug);
  throw classifyHttpError(response, contentType, deps.now());
}

function classifyTransportError(error: unknown, host: string, timeoutMs: number): AttemptFailure {
  const { error: final, retryable } = describeTransportError(error, host, timeoutMs, 'ZOOM_S2S_OAUTH_URL');
  return new AttemptFailure(final, retryable);
}

function unexpected(what: string): AttemptFailure {
  return new AttemptFailure(
    new NetworkError(`Unexpected response from the token endpoint: ${what}.`, {
      hint: 'If ZOOM_S2S_OAUTH_URL is set, check that it points at Zoom; otherwise try again later.',
    }),
    false,
  );
}

/**
 * The token in a 200 answer, every field checked (token-fields.ts): a token
 * that is not a bearer token or a lifetime out of bounds makes the answer
 * unexpected (exit 5; the token is never printed); an api_url off Zoom's
 * hosts for the domain and scope entries that are not scope names are left
 * out, with a debug line.
 */
function parseSuccess(text: string, sentAt: number, contentType: string, domain: ZoomDomain, debug: (message: string) => void): AccessToken {
  const body = parseJsonObject(text);
  if (!body) throw unexpected(`HTTP 200 with a body that is not a JSON object (${contentType})`);
  const { access_token, token_type, expires_in, scope, api_url } = body;
  if (access_token === undefined || access_token === '') throw unexpected('no access_token in the answer');
  const accessToken = bearerToken(access_token);
  if (!accessToken) throw unexpected('access_token is not a bearer token (characters other than letters, digits and -._~+/=)');
  const lifetime = lifetimeSeconds(expires_in);
  if (lifetime === undefined) throw unexpected('expires_in is not a whole number of seconds from 1 to 86400');
  const entries = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
  const scopes = entries.filter((entry) => scopeName(entry) !== undefined);
  if (scopes.length < entries.length) debug(`${entries.length - scopes.length} entries of scope are not scope names; left out`);
  const apiUrl = api_url === undefined || api_url === null || api_url === '' ? undefined : zoomApiUrl(api_url, domain);
  if (api_url && !apiUrl) debug(`api_url ${escapeControls(JSON.stringify(api_url).slice(0, 100))} is not https on a ${domain} host; using the default API host`);
  return {
    accessToken,
    tokenType: tokenType(token_type) ?? 'bearer',
    expiresAt: sentAt + lifetime * 1000,
    scopes,
    apiUrl,
  };
}

/** Zoom's words, shown as they are, but without characters that could steer the terminal. */
function printable(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? escapeControls(value.trim()) : undefined;
}

function boundedRetryAfter(header: string | undefined, now: number): number | undefined {
  const ms = retryAfterMs(header, now);
  return ms === undefined ? undefined : Math.min(ms, 10_000);
}

function classifyHttpError(response: HttpResponse, contentType: string, now: number): AttemptFailure {
  const status = response.status;
  const body = parseJsonObject(response.body);
  const zoomError = printable(body?.error);
  const zoomReason = printable(body?.reason);
  if ((status === 400 || status === 401) && (zoomError || zoomReason || status === 401)) {
    const hint = (zoomError && REJECTION_HINTS[zoomError]) ?? REJECTION_HINTS.invalid_client!;
    return new AttemptFailure(new CredentialsRejectedError(status, zoomError, zoomReason, hint), false);
  }
  const statusText = response.statusText ? ` ${escapeControls(response.statusText)}` : '';
  if (status === 429 || status >= 500) {
    const said = zoomReason ? `: ${zoomReason}` : body ? '' : ` (${contentType})`;
    return new AttemptFailure(
      new NetworkError(`Zoom's token endpoint answered HTTP ${status}${statusText}${said}.`, {
        hint: status === 429 ? 'Too many requests; wait a minute and try again.' : 'Zoom may be having problems; try again later.',
      }),
      true,
      // Bounded: a long Retry-After is left to the total deadline to refuse.
      status === 429 ? boundedRetryAfter(response.headers['retry-after'], now) : undefined,
    );
  }
  if (status >= 300 && status < 400) {
    return unexpected(`HTTP ${status} redirect to ${escapeControls(response.headers.location ?? 'nowhere')} (not followed)`);
  }
  return unexpected(`HTTP ${status}${statusText}${zoomReason ? `: ${zoomReason}` : ''}`);
}
