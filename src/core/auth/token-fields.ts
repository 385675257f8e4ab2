/**
 * The fields of a token answer, checked where they come in (from the token
 * endpoint, or back from the cache): a compromised or impersonated endpoint
 * must not be able to inject a header, crash a date, send the token to its
 * own host or write to the terminal through them. One function per kind of
 * field; each returns the value, or undefined when it is not one.
 */
import { isOnDomain, ZOOM_DOMAINS, type ZoomDomain } from '../zoom.js';

/** Zoom's tokens are about 1 KB; far more is not a token. */
const MAX_TOKEN_LENGTH = 16 * 1024;

/** An RFC 6750 bearer token (b64token: letters, digits, "-._~+/", then "=" padding): nothing that could end a header line. */
export function bearerToken(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_TOKEN_LENGTH && /^[A-Za-z0-9\-._~+/]+=*$/.test(value) ? value : undefined;
}

/** Zoom's tokens live an hour; a day is the most believed. */
export const MAX_LIFETIME_SECONDS = 24 * 3600;

/** expires_in: a whole number of seconds, 1 to a day, as a JSON number or a string of digits. */
export function lifetimeSeconds(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) && number >= 1 && number <= MAX_LIFETIME_SECONDS ? number : undefined;
}

/**
 * api_url: an https origin on `domain` or one of its subdomains (any Zoom
 * domain when `domain` is undefined), no port, user or path beyond "/v2".
 * The token is sent there, so anything else is not used. What is used is
 * the URL as parsed ("https://api.zoom.us" or "…/v2"), never the text that
 * came: the parser drops tabs and line breaks inside it and spaces around
 * it, so the text could carry them into an environment or a start-up line.
 */
export function zoomApiUrl(value: unknown, domain: ZoomDomain | undefined): string | undefined {
  if (typeof value !== 'string' || value.length > 256) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const domains = domain ? [domain] : ZOOM_DOMAINS;
  const onDomain = domains.some((d) => isOnDomain(url.hostname, d));
  const bare = url.port === '' && url.username === '' && url.password === '' && url.search === '' && url.hash === '' && /^\/(v2\/?)?$/.test(url.pathname);
  return url.protocol === 'https:' && onDomain && bare ? `${url.origin}${url.pathname.replace(/\/$/, '')}` : undefined;
}

/** A scope name as Zoom writes them ("meeting:read:admin", "user:read:list_users:admin"): nothing to print but letters, digits, "_", "-", "." and ":". */
export function scopeName(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 128 && /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$/.test(value) ? value : undefined;
}

/** A token type: "bearer" is the only one Zoom issues; a word otherwise. */
export function tokenType(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(value) ? value : undefined;
}
