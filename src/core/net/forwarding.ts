/**
 * Headers as an HTTP proxy passes them on (RFC 9110, section 7.6.1): the
 * hop-by-hop ones, which describe one connection and not the message, stop
 * at the proxy, in both directions, and so do the headers a Connection
 * header names. Everything else goes on unchanged.
 */

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The names a Connection header lists, lower-case. */
function connectionTokens(value: string | string[] | undefined): Set<string> {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return new Set(values.flatMap((one) => one.split(',')).map((token) => token.trim().toLowerCase()).filter(Boolean));
}

/**
 * A client's headers to send on: without the hop-by-hop ones, without Host
 * (the URL's), without Authorization (the proxy's own goes in its place),
 * without Expect (the proxy has read the client's body already or streams
 * it) and without Content-Length, which the caller sets for the body it
 * sends. Names lower-case.
 */
export function requestHeadersToForward(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const named = connectionTokens(headers.connection);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    if (lower === 'host' || lower === 'authorization' || lower === 'expect' || lower === 'content-length') continue;
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
