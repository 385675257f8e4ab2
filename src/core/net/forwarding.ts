/**
 * Headers through the proxy. A client's: only those on a list (what content
 * it accepts and sends, conditions, its name). An answer's, as an HTTP proxy
 * passes them on (RFC 9110, section 7.6.1): all but the hop-by-hop ones,
 * which describe one connection and not the message, and those a
 * Connection header names.
 */

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The names a Connection header lists, lower-case. */
function connectionTokens(value: string | string[] | undefined): Set<string> {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return new Set(values.flatMap((one) => one.split(',')).map((token) => token.trim().toLowerCase()).filter(Boolean));
}

/**
 * The client's headers that go on to Zoom: these, and no other. An
 * allow-list, because a header the proxy does not know may be one a server
 * on the way acts on: method and URL overrides (X-HTTP-Method-Override,
 * X-Original-URL, X-Rewrite-URL), Forwarded and X-Forwarded-*, the client's
 * Cookie, Authorization (the app's token goes in its place) or Referer.
 * Content-Length is set for the body the proxy sends, Host by the URL.
 */
const REQUEST_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-encoding',
  'content-language',
  'content-type',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'range',
  'user-agent',
]);

/** A client's headers to send on: those REQUEST_HEADERS allows, unless the Connection header names them (hop-by-hop). Names lower-case. */
export function requestHeadersToForward(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const named = connectionTokens(headers.connection);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !REQUEST_HEADERS.has(lower) || named.has(lower)) continue;
    out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * An answer's headers to pass back, as a flat [name, value, …] list in the
 * order received, repeats kept (Set-Cookie), without the hop-by-hop ones.
 */
export function responseHeadersToForward(raw: readonly string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'connection') for (const token of connectionTokens(raw[i + 1])) named.add(token);
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !named.has(lower)) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** Headers as a flat list from a record (an answer without its raw headers). */
export function flatHeaders(headers: Record<string, string | undefined>): string[] {
  return Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [name, value]));
}
