/**
 * The one way to the Zoom API, for every front end (`api`, the MCP server,
 * the proxy; the API map, rate limits and events next): request() checks the
 * target, applies the caller's policy, attaches the subject's token,
 * retries (core/api/call.ts), replaces a token Zoom refuses (once for every
 * call refused with it, and with one mint shared by every process), follows
 * Zoom's pagination within bounds, and returns one outcome: the answer, or
 * one failure value. Each front end only translates its input into an
 * ApiRequest and renders the outcome.
 */
import type { Readable } from 'node:stream';
import type { Context } from './context.js';
import { callApi, DEFAULT_API_LIMITS, type ApiCall, type ApiCallLimits, type ApiResponse } from './core/api/call.js';
import { apiErrorHint } from './core/api/error-hint.js';
import { mergePages, nextPageToken, type Page } from './core/api/paginate.js';
import { methodAllowed, policyRefusal, type ApiMethod, type ApiPolicy } from './core/api/policy.js';
import { apiBase, pathBelowBase, resolveApiUrl } from './core/api/url.js';
import type { CachedToken } from './core/auth/token-cache.js';
import { CliError, ExitCode } from './core/errors.js';
import { readBody } from './core/net/http.js';
import { parseJsonObject } from './core/store/json-file.js';
import { formatBytes } from './core/text.js';
import { tokenFor, type Progress, type TokenSubject } from './session.js';

/** One request, as a front end translates it. */
export interface ApiRequest {
  /** GET, POST, PATCH, PUT, DELETE; HEAD (the proxy) is judged as a GET. */
  method: string;
  /**
   * A path below the API base ("/users/me", "users/me", "/v2/users/me"), a
   * full URL on a host the token may go to, or a URL already made (the
   * proxy's); anything else is refused.
   */
  target: string | URL;
  /** Added to the target's own query. */
  query?: Array<[string, string]>;
  /** Lower-case names, without Authorization (the service adds it). */
  headers?: Record<string, string>;
  /**
   * A stream (an upload the proxy passes on) is sent once, never again. A
   * function is asked for the body once the request is admitted: a refused
   * one is never read.
   */
  body?: Buffer | Readable | undefined | (() => Promise<Buffer | Readable | undefined>);
  /** Ends the request wherever it is (--max-time, a proxy client gone). */
  signal?: AbortSignal | undefined;
  /** How far the service goes on its own (the proxy passes redirects and 429s to its client). */
  limits?: ApiCallLimits;
  /** GET only: follow next_page_token to the last page, within these bounds, and merge the pages. */
  paginate?: PageLimits & { onPage?: (response: ApiResponse, next: string | undefined, count: number) => Promise<void> | void };
}

/** Why a request got no success: refused before anything was sent, answered with an error by Zoom, or never answered. */
export type ApiFailure =
  | {
      kind: 'refused';
      /** As an HTTP server says it: 400 a target that is not Zoom's API, 403 outside the --allow rules, 405 a write on a read-only service. */
      status: 400 | 403 | 405;
      message: string;
      hint?: string | undefined;
    }
  | {
      kind: 'answered';
      /** Zoom's answer (status 300 or more): the start of its body in errorBody, the whole in body. */
      response: ApiResponse;
      /** What to do about it, in a line (a missing scope, a rate limit…). */
      hint: string | undefined;
    }
  | { kind: 'failed'; error: CliError };

export type ApiOutcome =
  | { ok: true; response: ApiResponse; pages?: { merged: Page; count: number } }
  | { ok: false; failure: ApiFailure };

/** Zoom's answer in an outcome, a success or an error; undefined when there was none (refused, failed). */
export function zoomAnswer(outcome: ApiOutcome): ApiResponse | undefined {
  if (outcome.ok) return outcome.response;
  return outcome.failure.kind === 'answered' ? outcome.failure.response : undefined;
}

export interface ApiService {
  /** The API base, /v2 included. */
  readonly base: string;
  request(request: ApiRequest): Promise<ApiOutcome>;
  /** The token the requests use, fresh (cached or minted when the one in hand is about to expire): its scopes, its expiry; never to be shown. */
  token(): Promise<CachedToken>;
}

export interface ApiServiceOptions {
  /** What the caller may call (mcp, proxy); without one, anything on Zoom's API (the user's own `api` command). */
  policy?: ApiPolicy | undefined;
  /** While the first token is fetched. */
  first?: Progress | undefined;
  /** While a refused token is replaced. */
  replace?: Progress | undefined;
}

/** A replacement token that Zoom refuses before taking it once is not replaced again for this long (per service, so per subject). */
export const REPLACEMENT_INTERVAL_MS = 30_000;

/** Opens the service for `subject`: its token now, so rejected credentials end a server before its first client. */
export async function openApiService(ctx: Context, subject: TokenSubject, options: ApiServiceOptions = {}): Promise<ApiService> {
  let current = await tokenFor(ctx, subject, {}, options.first);
  const base = apiBase(ctx.env, current.apiUrl, subject.domain);
  let replacing: { refused: string; next: Promise<CachedToken> } | undefined;

  /** The last token Zoom took, and the last one a replacement brought (when it began). */
  let accepted: string | undefined;
  let replacement: { token?: string; at: number } = { at: Number.NEGATIVE_INFINITY };

  /**
   * A token other than `refused`: the replacement under way for it, or a
   * new one. Undefined when `refused` is itself a replacement that Zoom has
   * never taken, minted less than REPLACEMENT_INTERVAL_MS ago: an API that
   * refuses every token gets one new token in that time, not one per
   * request. A replacement Zoom took and later refused (revoked again) is
   * replaced.
   */
  const replace = async (refused: string): Promise<CachedToken | undefined> => {
    if (replacing?.refused !== refused) {
      const age = ctx.now() - replacement.at;
      if (refused === replacement.token && refused !== accepted && age < REPLACEMENT_INTERVAL_MS) {
        ctx.io.debug(`the token minted ${Math.round(age / 1000)} s ago was refused too; no new one before ${REPLACEMENT_INTERVAL_MS / 1000} s have passed`);
        return undefined;
      }
      const started: { token?: string; at: number } = { at: ctx.now() };
      replacement = started;
      const next = tokenFor(ctx, subject, { refused }, options.replace).then((token) => {
        started.token = token.accessToken;
        return (current = token);
      });
      replacing = { refused, next };
      next.catch(() => undefined).finally(() => {
        if (replacing?.next === next) replacing = undefined;
      });
    }
    return replacing!.next;
  };

  /** A service may outlive its token (a server runs for hours): one with less than a minute left is renewed first, once for all callers. */
  let renewing: Promise<CachedToken> | undefined;
  const fresh = async (): Promise<CachedToken> => {
    if (current.expiresAt - ctx.now() >= 60_000) return current;
    renewing ??= tokenFor(ctx, subject, { minTtlMs: 5 * 60_000 }).then((token) => (current = token)).finally(() => (renewing = undefined));
    return renewing;
  };

  /** One call with the token in hand; a refused one replaced (callApi asks for a fresh token). */
  const call = async (call: ApiCall, limits: ApiCallLimits = DEFAULT_API_LIMITS): Promise<ApiResponse> => {
    await fresh();
    // The token this call sent: if Zoom refuses it, a newer one (another call's replacement) may already be there.
    let sent: string | undefined;
    const response = await callApi(call, base, {
      open: ctx.openHttp,
      now: ctx.now,
      sleep: ctx.sleep,
      debug: (message) => ctx.io.debug(message),
      token: async () => (sent = current.accessToken),
      replaceToken: async () => {
        // Zoom refused `sent`: a newer token (another call's replacement) may be here already.
        if (sent !== undefined && sent === current.accessToken && (await replace(sent)) === undefined) return undefined;
        sent = current.accessToken;
        return sent;
      },
    }, limits);
    if (response.status !== 401) accepted = sent;
    return response;
  };

  return {
    base,
    token: fresh,
    request: async (request) => {
      const target = checkTarget(request, base, options.policy);
      if (!target.ok) return target;
      const { url } = target;
      for (const [name, value] of request.query ?? []) url.searchParams.append(name, value);
      try {
        const body = typeof request.body === 'function' ? await request.body() : request.body;
        const apiCall: ApiCall = { method: request.method, url, headers: request.headers ?? {}, body, ...(request.signal ? { signal: request.signal } : {}) };
        if (request.paginate) return await collectPages(call, apiCall, request.paginate);
        const response = await call(apiCall, request.limits);
        return response.status < 300 ? { ok: true, response } : answered(response);
      } catch (error) {
        if (error instanceof CliError) return { ok: false, failure: { kind: 'failed', error } };
        throw error;
      }
    },
  };
}

/** The request's URL, or why it is refused: not Zoom's API, or not allowed by the policy (judged on the path as it will be sent, after "..", "%2e"). */
function checkTarget(request: ApiRequest, base: string, policy: ApiPolicy | undefined): { ok: true; url: URL } | { ok: false; failure: ApiFailure } {
  const refused = (status: 400 | 403 | 405, message: string, hint?: string): { ok: false; failure: ApiFailure } => ({ ok: false, failure: { kind: 'refused', status, message, hint } });
  let url: URL;
  try {
    url = resolveApiUrl(request.target instanceof URL ? request.target.href : request.target, base);
  } catch (error) {
    if (error instanceof CliError) return refused(400, error.message, error.hint);
    throw error;
  }
  if (!policy) return { ok: true, url };
  const path = pathBelowBase(url, base);
  if (path === undefined) return refused(400, `${request.target instanceof URL ? url.pathname : request.target} leaves the API base ${base}.`);
  // HEAD is a GET without the body: what allows one allows the other.
  const method = (request.method === 'HEAD' ? 'GET' : request.method) as ApiMethod;
  const refusal = policyRefusal(policy, method, path);
  if (refusal) return refused(methodAllowed(policy, method) ? 403 : 405, refusal);
  return { ok: true, url };
}

function answered(response: ApiResponse): { ok: false; failure: ApiFailure } {
  return { ok: false, failure: { kind: 'answered', response, hint: apiErrorHint(response, response.errorBody) } };
}

export interface PageLimits {
  pages: number;
  /** The JSON of the pages together. */
  bytes: number;
  /** One page's body. */
  pageBytes: number;
}

/**
 * Follows next_page_token from `first` to the last page and merges the
 * pages (core/api/paginate.ts). A page that is not JSON, the same token
 * twice, or more than `limits` allow ends it with a CliError that says how
 * to ask for less; `onPage` hears of each page.
 */
async function collectPages(send: (call: ApiCall) => Promise<ApiResponse>, first: ApiCall, limits: NonNullable<ApiRequest['paginate']>): Promise<ApiOutcome> {
  const pages: Page[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  let call = first;
  for (;;) {
    const response = await send(call);
    if (response.status >= 300) return answered(response);
    const page = parseJsonObject((await readBody(response.body, response.headers, limits.pageBytes)).toString('utf8'));
    if (!page) throw new CliError(`Page ${pages.length + 1} of ${call.url.pathname} is not a JSON object; its pages cannot be merged.`, ExitCode.failure);
    pages.push(page);
    bytes += JSON.stringify(page).length;
    const next = nextPageToken(page);
    await limits.onPage?.(response, next, pages.length);
    if (!next) return { ok: true, response, pages: { merged: mergePages(pages), count: pages.length } };
    if (seen.has(next)) throw new CliError(`Zoom sent the same next_page_token twice for ${call.url.pathname}; stopping after ${pages.length} pages.`, ExitCode.failure);
    if (pages.length >= limits.pages || bytes >= limits.bytes) {
      throw new CliError(`Stopping after ${pages.length} pages (${formatBytes(bytes)}) of ${call.url.pathname}: at most ${limits.pages} pages or ${formatBytes(limits.bytes)} are collected.`, ExitCode.failure, {
        hint: 'Narrow the query (a date range, a smaller list), or page through it yourself with next_page_token.',
      });
    }
    seen.add(next);
    const url = new URL(call.url);
    url.searchParams.set('next_page_token', next);
    call = { ...call, url };
  }
}
