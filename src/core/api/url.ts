/**
 * Where Zoom API requests go, and which hosts may see the token: the API
 * host, and on Zoom's own domains the domain and its subdomains (recordings
 * are downloaded from zoom.us hosts such as us06web.zoom.us). Nothing else,
 * so a pasted URL can never carry the token off to a third party.
 */
import { UsageError } from '../errors.js';
import { apiBaseOf, checkOverride, domainOfHost, isOnDomain, type ZoomDomain } from '../zoom.js';

/** "https://api.zoom.us" and "https://api.zoom.us/v2/" both become "https://api.zoom.us/v2". */
function withV2(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/v2') ? trimmed : `${trimmed}/v2`;
}

/**
 * The Zoom API base, /v2 included: ZOOM_S2S_API_URL when set (emulators,
 * tests), else the token's api_url (checked on receipt: https on a host of
 * the domain), else the domain's API host. The token is
 * sent there, so an override must be https (plain http only for loopback).
 */
export function apiBase(env: Record<string, string | undefined>, apiUrl: string | undefined, domain: ZoomDomain): string {
  const override = env.ZOOM_S2S_API_URL?.trim();
  if (override) {
    const url = checkOverride('ZOOM_S2S_API_URL', override, 'a base such as https://api.zoom.us/v2');
    return withV2(`${url.origin}${url.pathname}`);
  }
  if (apiUrl) return withV2(apiUrl);
  return apiBaseOf(domain);
}

/** zoom.us or zoomgov.com when the API base is on one of them over https. */
function zoomDomainOf(base: URL): ZoomDomain | undefined {
  return base.protocol === 'https:' ? domainOfHost(base.hostname) : undefined;
}

/** Whether a request to `url` may carry the token of the API at `base`. */
export function tokenMayGoTo(url: URL, base: string): boolean {
  const api = new URL(base);
  if (url.protocol !== api.protocol) return false;
  if (url.host === api.host) return true;
  const domain = zoomDomainOf(api);
  return domain !== undefined && url.port === '' && isOnDomain(url.hostname, domain);
}

/** The hosts the token may go to, for messages. */
export function describeTrustedHosts(base: string): string {
  const api = new URL(base);
  const domain = zoomDomainOf(api);
  return domain ? `${api.host} and other ${domain} hosts` : api.host;
}

/**
 * The URL for `target`: a path relative to the API base ("users/me",
 * "/users/me", "/v2/users/me": /v2 is added once), or a full URL on a host
 * the token may go to. Anything else is refused before a request is made.
 */
export function resolveApiUrl(target: string, base: string): URL {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new UsageError(`Not a URL: ${target}`);
    }
    if (!tokenMayGoTo(url, base)) {
      throw new UsageError(
        `Refusing to send the access token to ${url.protocol}//${url.host}: it goes only to ${describeTrustedHosts(base)}.`,
        'Give a path such as /users/me, or a full URL on the API host.',
      );
    }
    return url;
  }
  const path = target.replace(/^\/+/, '').replace(/^v2(?=\/|\?|$)\/?/, '');
  return new URL(`${base}/${path}`);
}

/**
 * Why a path from a program or an agent is not canonical; undefined when it
 * is. The policy judges a path as text and the server acts on the path as it
 * reads it: where the two could differ, the path is refused rather than
 * guessed at (back slashes, ";" path parameters, empty segments, controls
 * and spaces, and percent-encoded dots, slashes, back slashes, ";" and
 * controls, which some servers decode before routing).
 */
export function nonCanonicalPath(path: string): string | undefined {
  if (/[\u0000-\u0020\u007f]/.test(path)) return 'a control character or a space';
  if (path.includes('\\')) return 'a backslash';
  if (path.includes(';')) return 'a ";" (path parameters)';
  if (/%(?:2e|2f|5c|3b|[01][0-9a-f]|7f)/i.test(path)) return 'a percent-encoded dot, slash, backslash, ";" or control character (a meeting UUID with a "/" is double encoded, %252F, as Zoom asks)';
  if (path.includes('//')) return 'an empty segment ("//")';
  return undefined;
}

/**
 * `url`'s path below the API base, without the base's /v2 ("/users/me"), as
 * policy rules are written; undefined when the URL (its "..", "%2e" already
 * resolved) is not below the base.
 */
export function pathBelowBase(url: URL, base: string): string | undefined {
  const api = new URL(base);
  const basePath = api.pathname.replace(/\/+$/, '');
  if (url.origin !== api.origin || !url.pathname.startsWith(`${basePath}/`)) return undefined;
  return url.pathname.slice(basePath.length);
}

/** `url`'s query as its names without their values ("?page_size=…&next_page_token=…"), for logs: a value may be a page token, an e-mail address or a signature. */
export function queryNamesOnly(url: URL): string {
  const names = [...url.searchParams.keys()];
  return names.length ? `?${names.map((name) => `${name}=…`).join('&')}` : '';
}
