/**
 * One Zoom API call with the token attached, and the few retries that are
 * safe: a refused token is replaced once (401, or Zoom's code 124), a 429 is
 * waited out when Zoom says for how long (bounded), and a GET or HEAD is
 * tried again after a passing network failure or a 5xx. Anything else that
 * may have reached the server is never sent twice. GET and HEAD follow
 * redirects; the token goes only to hosts that may see it (see url.ts).
 */
import type { Readable } from 'node:stream';
import { queryNamesOnly, tokenMayGoTo } from './url.js';
import { isLoopbackHost } from '../zoom.js';
import { NetworkError } from '../errors.js';
import { discardBody, readHead, retryAfterMs, type BodyHead, type HttpOpener, type StreamingResponse } from '../net/http.js';
import { parseJsonObject } from '../store/json-file.js';
import type { MintDeps } from '../auth/oauth.js';
import { backoffMs, describeTransportError } from '../net/transport-errors.js';

/** What the token request needs (clock, sleep, debug, jitter), with an opener instead of a buffered client, and the token. */
export interface ApiCallDeps extends Omit<MintDeps, 'http'> {
  open: HttpOpener;
  /** The access token; `fresh` asks for a newly minted one (the last one was refused). */
  /** The token to send. */
  token: () => Promise<string>;
  /**
   * A token other than the last one sent, after Zoom refused that one; or
   * undefined when none will be minted now (one was, moments ago, and was
   * refused too): the refusal is then the call's answer.
   */
  replaceToken: () => Promise<string | undefined>;
}

export interface ApiCallLimits {
  /** Nothing received for this long fails the attempt: the answer, or the next piece of its body. */
  idleTimeoutMs: number;
  /** Further attempts of a GET or HEAD after a network failure or a 5xx. */
  transientRetries: number;
  /** 429s waited out, and the longest total wait. */
  rateLimitWaits: number;
  rateLimitTotalMs: number;
  redirects: number;
  /** An error body's first bytes are read (to find Zoom's code, and for messages); the whole body stays in the answer's stream. */
  errorBodyBytes: number;
}

export const DEFAULT_API_LIMITS: ApiCallLimits = {
  idleTimeoutMs: 30_000,
  transientRetries: 2,
  rateLimitWaits: 3,
  rateLimitTotalMs: 60_000,
  redirects: 5,
  errorBodyBytes: 1024 * 1024,
};

export interface ApiCall {
  method: string;
  url: URL;
  /** Lower-case names, without Authorization. */
  headers: Record<string, string>;
  /** A stream (an upload passed on by `proxy`) can be sent once only: a call with one is never tried again. */
  body: Buffer | Readable | undefined;
  /** Ends the call wherever it is (--max-time): the request, the body as it arrives, a wait before a retry. */
  signal?: AbortSignal;
}

export interface ApiResponse extends StreamingResponse {
  /** Where the answer came from (after redirects). */
  url: URL;
  /** A 429 that was not waited out: how long Zoom asked to wait, in ms, when it said. */
  rateLimitWaitMs?: number;
  /** The start of the body of an answer that is not a success (a redirect not followed, 4xx, 5xx), already read (up to errorBodyBytes); the stream holds the whole body. */
  errorBody?: Buffer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const IDEMPOTENT = new Set(['GET', 'HEAD']);

/** Zoom's numeric error code from a JSON error body, if any. */
export function zoomErrorCode(body: Buffer | undefined): number | undefined {
  const code = body && parseJsonObject(body.toString('utf8'))?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The URL for debug lines: the query's names without their values (a page token, an e-mail address, a download's signature or access_token). */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}${queryNamesOnly(url)}`;
}

/** Headers that may follow a redirect to another host: what the answer should look like, nothing of the caller's. */
const HEADERS_KEPT_ACROSS_HOSTS = new Set(['accept', 'content-type', 'user-agent']);

function keepAcrossHosts(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => HEADERS_KEPT_ACROSS_HOSTS.has(name.toLowerCase())));
}

export async function callApi(call: ApiCall, base: string, deps: ApiCallDeps, limits: ApiCallLimits = DEFAULT_API_LIMITS): Promise<ApiResponse> {
  const random = deps.random ?? Math.random;
  const { method, body } = call;
  // A streamed body is gone once sent: such a call is made once, whatever happens.
  const repeatable = body === undefined || Buffer.isBuffer(body);
  const idempotent = IDEMPOTENT.has(call.method) && repeatable;
  let url = call.url;
  let sendToken = tokenMayGoTo(url, base);
  let refreshed = false;
  let transientRetries = 0;
  let rateLimitWaits = 0;
  let rateLimitWaited = 0;
  let redirects = 0;
  let token = await deps.token();

  // The user's -H headers go to the host asked for; after a redirect to another one only these are kept (as curl drops Cookie and Authorization).
  let userHeaders = call.headers;
  for (;;) {
    const headers: Record<string, string> = { ...userHeaders };
    if (sendToken) headers.authorization = `Bearer ${token}`;
    const sentAt = deps.now();
    deps.debug(`${method} ${shown(url)}${sendToken ? '' : ' (without the token)'}`);
    let response: StreamingResponse;
    try {
      call.signal?.throwIfAborted();
      response = await deps.open({ method, url: url.toString(), headers, body, idleTimeoutMs: limits.idleTimeoutMs, ...(call.signal ? { signal: call.signal } : {}) });
    } catch (error) {
      if (call.signal?.aborted) throw error;
      const failure = describeTransportError(error, url.host, limits.idleTimeoutMs, 'ZOOM_S2S_API_URL');
      if (failure.retryable && (idempotent || (failure.neverSent && repeatable)) && transientRetries < limits.transientRetries) {
        const wait = backoffMs(transientRetries++, random);
        deps.debug(`retrying in ${wait} ms after: ${failure.error.message}`);
        await deps.sleep(wait, call.signal);
        continue;
      }
      throw transientRetries > 0 ? new NetworkError(`${failure.error.message.replace(/\.$/, '')} (${transientRetries + 1} attempts).`, { hint: failure.error.hint, cause: error }) : failure.error;
    }
    const { status } = response;
    /** The final answer to a call that did not succeed, the start of its body read (Zoom's error). */
    const unsuccessful = (read: BodyHead, extra: Partial<ApiResponse> = {}): ApiResponse => ({ ...response, body: read.whole, url, errorBody: read.head, ...extra });
    deps.debug(`HTTP ${status} (${response.headers['content-type'] ?? 'no content type'}) in ${deps.now() - sentAt} ms`);

    if (REDIRECTS.has(status) && idempotent && response.headers.location && redirects < limits.redirects) {
      const next = new URL(response.headers.location, url);
      if (next.protocol === 'https:' || (next.protocol === 'http:' && url.protocol === 'http:' && isLoopbackHost(next.hostname))) {
        discardBody(response.body);
        redirects++;
        // Once the token has been left behind it stays behind, as curl and Go do.
        sendToken = sendToken && tokenMayGoTo(next, base);
        if (next.host !== url.host) userHeaders = keepAcrossHosts(userHeaders);
        url = next;
        continue;
      }
    }

    if (status >= 400 && status < 500) {
      const read = await readHead(response.body, limits.errorBodyBytes, { brokenOffIsComplete: true });
      if ((status === 401 || zoomErrorCode(read.head) === 124) && sendToken && !refreshed) {
        refreshed = true;
        if (!repeatable) {
          // Not sent again, but the calls after this one get a token Zoom takes.
          deps.debug('the token was refused; minting a new one for the next calls (a streamed body is not sent twice)');
          // Zoom's refusal is this call's answer whether or not the new token comes.
          await deps.replaceToken().catch((error: Error) => deps.debug(`no new token: ${error.message}`));
          return unsuccessful(read);
        }
        const next = await deps.replaceToken();
        if (next === undefined) {
          deps.debug('the token was refused, and so was the one minted moments ago: passing the refusal on');
          return unsuccessful(read);
        }
        deps.debug('the token was refused; sending the call again with a new one');
        discardBody(read.whole);
        token = next;
        continue;
      }
      if (status === 429) {
        const asked = retryAfterMs(response.headers['retry-after'], deps.now());
        const wait = asked ?? backoffMs(rateLimitWaits, random) * 2;
        if (repeatable && rateLimitWaits < limits.rateLimitWaits && rateLimitWaited + wait <= limits.rateLimitTotalMs) {
          discardBody(read.whole);
          rateLimitWaits++;
          rateLimitWaited += wait;
          deps.debug(`rate limited; waiting ${wait} ms${asked === undefined ? '' : ' (Retry-After)'}`);
          await deps.sleep(wait, call.signal);
          continue;
        }
        return unsuccessful(read, asked === undefined ? {} : { rateLimitWaitMs: asked });
      }
      return unsuccessful(read);
    }

    if (status >= 500 && idempotent && transientRetries < limits.transientRetries) {
      discardBody(response.body);
      const wait = backoffMs(transientRetries++, random);
      deps.debug(`retrying in ${wait} ms after HTTP ${status}`);
      await deps.sleep(wait, call.signal);
      continue;
    }
    if (status >= 300) return unsuccessful(await readHead(response.body, limits.errorBodyBytes, { brokenOffIsComplete: true }));
    return { ...response, url };
  }
}
