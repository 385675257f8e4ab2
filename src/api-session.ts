/**
 * Calls to the Zoom API for one subject, for any front end (the `api`
 * command, the MCP server): the token attached, one Zoom refuses replaced by
 * another (one another process has minted meanwhile, or one mint shared by
 * every process), the retry and host rules of core/api/call.ts, and Zoom's
 * pagination followed within bounds. Calls made at once that are refused
 * with the same token share one replacement.
 */
import { debug, type Context } from './context.js';
import { callApi, DEFAULT_API_LIMITS, type ApiCall, type ApiCallLimits, type ApiResponse } from './core/api/call.js';
import { mergePages, nextPageToken, type Page } from './core/api/paginate.js';
import { apiBase, resolveApiUrl } from './core/api/url.js';
import type { CachedToken } from './core/auth/token-cache.js';
import { CliError, ExitCode } from './core/errors.js';
import { readBody } from './core/net/http.js';
import { parseJsonObject } from './core/store/json-file.js';
import { formatBytes } from './core/text.js';
import { tokenFor, type Progress, type TokenSubject } from './session.js';

export interface ApiSession {
  /** The API base, /v2 included. */
  readonly base: string;
  /** A path (/users/me, users/me, /v2/users/me) or a full URL on a host the token may go to; anything else is a UsageError. */
  url(target: string): URL;
  /** `limits`: how far callApi goes on its own (the proxy passes redirects and 429s to its client). */
  call(call: ApiCall, limits?: ApiCallLimits): Promise<ApiResponse>;
  /** The token the calls use, fresh (cached or minted when the one in hand is about to expire): its scopes, its expiry; never to be shown. */
  token(): Promise<CachedToken>;
}

export interface ApiSessionProgress {
  /** While the first token is fetched. */
  first?: Progress | undefined;
  /** While a refused token is replaced. */
  replace?: Progress | undefined;
}

/** Opens a session for `subject`: its token now, so a URL for a host that may not see it can be refused first (url()). */
export async function openApiSession(ctx: Context, subject: TokenSubject, progress: ApiSessionProgress = {}): Promise<ApiSession> {
  let current = await tokenFor(ctx, subject, {}, progress.first);
  const base = apiBase(ctx.env, current.apiUrl, subject.domain);
  let replacing: { refused: string; next: Promise<CachedToken> } | undefined;

  /** A token other than `refused`: the replacement under way for it, or a new one. */
  const replace = (refused: string): Promise<CachedToken> => {
    if (replacing?.refused !== refused) {
      const next = tokenFor(ctx, subject, { refused }, progress.replace).then((token) => (current = token));
      replacing = { refused, next };
      next.catch(() => undefined).finally(() => {
        if (replacing?.next === next) replacing = undefined;
      });
    }
    return replacing!.next;
  };

  /** A session may outlive its token (a server runs for hours): one with less than a minute left is renewed first, once for all callers. */
  let renewing: Promise<CachedToken> | undefined;
  const fresh = async (): Promise<CachedToken> => {
    if (current.expiresAt - ctx.now() >= 60_000) return current;
    renewing ??= tokenFor(ctx, subject, { minTtlMs: 5 * 60_000 }).then((token) => (current = token)).finally(() => (renewing = undefined));
    return renewing;
  };

  return {
    base,
    url: (target) => resolveApiUrl(target, base),
    token: fresh,
    call: async (call, limits = DEFAULT_API_LIMITS) => {
      await fresh();
      // The token this call sent: if Zoom refuses it, a newer one (another call's replacement) may already be there.
      let sent: string | undefined;
      return callApi(call, base, {
        open: ctx.openHttp,
        now: ctx.now,
        sleep: ctx.sleep,
        debug: (message) => debug(ctx, message),
        token: async (fresh) => {
          if (fresh && sent !== undefined && sent === current.accessToken) await replace(sent);
          sent = current.accessToken;
          return sent;
        },
      }, limits);
    },
  };
}

export interface PageLimits {
  pages: number;
  /** The JSON of the pages together. */
  bytes: number;
  /** One page's body. */
  pageBytes: number;
}

/** The pages of a list, merged (core/api/paginate.ts), or the first answer that was not a success, for the caller to report. */
export type CollectedPages = { ok: true; merged: Page; pages: number; last: ApiResponse } | { ok: false; response: ApiResponse; call: ApiCall };

/**
 * Follows next_page_token from `first` to the last page. A page that is not
 * JSON, the same token twice, or more than `limits` allow ends it with a
 * CliError that says how to ask for less; `onPage` hears of each page.
 */
export async function collectPages(session: ApiSession, first: ApiCall, limits: PageLimits, onPage: (response: ApiResponse, next: string | undefined, count: number) => Promise<void> | void = () => undefined): Promise<CollectedPages> {
  const pages: Page[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  let call = first;
  for (;;) {
    const response = await session.call(call);
    if (response.status >= 300) return { ok: false, response, call };
    const page = parseJsonObject((await readBody(response.body, response.headers, limits.pageBytes)).toString('utf8'));
    if (!page) throw new CliError(`Page ${pages.length + 1} of ${call.url.pathname} is not a JSON object; its pages cannot be merged.`, ExitCode.failure);
    pages.push(page);
    bytes += JSON.stringify(page).length;
    const next = nextPageToken(page);
    await onPage(response, next, pages.length);
    if (!next) return { ok: true, merged: mergePages(pages), pages: pages.length, last: response };
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
