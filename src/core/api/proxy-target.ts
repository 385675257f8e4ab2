/**
 * Where a request to `zoom-s2s proxy` goes: what followed /<key> in its URL
 * ("/v2/users/me?page_size=30") becomes the same path and query below the
 * API base. Only paths below /v2 are served, judged after the URL's own
 * normalisation (".."), and a path that is not canonical (url.ts) is
 * refused rather than passed on.
 */
import type { Refusal } from '../net/loopback.js';
import { nonCanonicalPath, pathBelowBase, queryNamesOnly } from './url.js';

export type ProxyTarget = { ok: true; url: URL; apiPath: string } | { ok: false; refusal: Refusal };

export function proxyTarget(rest: string, base: string): ProxyTarget {
  const queryAt = rest.indexOf('?');
  const path = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt);
  if (!path.startsWith('/v2/')) {
    return { ok: false, refusal: { status: 404, message: 'Not found: the Zoom API is served below /v2, as in <proxy URL>/users/me (the URL the proxy printed ends in /v2).' } };
  }
  const problem = nonCanonicalPath(path);
  if (problem !== undefined) return { ok: false, refusal: { status: 400, message: `Bad request: the path holds ${problem}.` } };
  let url: URL;
  try {
    url = new URL(`${base}${path.slice('/v2'.length)}${query}`);
  } catch {
    return { ok: false, refusal: { status: 400, message: 'Bad request: not a valid path.' } };
  }
  const apiPath = pathBelowBase(url, base);
  if (apiPath === undefined) return { ok: false, refusal: { status: 400, message: 'Bad request: the path leaves the Zoom API (/v2).' } };
  return { ok: true, url, apiPath };
}

/** A request's target for the log: its path, and its query's names without their values (a page token, an e-mail address). */
export function loggedTarget(url: URL, base: string): string {
  const basePath = new URL(base).pathname.replace(/\/+$/, '');
  return `/v2${url.pathname.slice(basePath.length)}${queryNamesOnly(url)}`;
}
