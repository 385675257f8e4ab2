/**
 * Zoom's facts, in one place: its two domains (zoom.us, and zoomgov.com for
 * Zoom for Government), the hosts on them, and which stand-ins for Zoom an
 * environment variable may name (ZOOM_S2S_OAUTH_URL, ZOOM_S2S_API_URL: the
 * credentials or the token go there, so https, or plain http on this
 * machine only).
 */
import { UsageError } from './errors.js';

export const ZOOM_DOMAINS = ['zoom.us', 'zoomgov.com'] as const;
export type ZoomDomain = (typeof ZOOM_DOMAINS)[number];

/** The domain of a profile or of environment credentials that names none. */
export const DEFAULT_DOMAIN: ZoomDomain = 'zoom.us';

/** `value` as a Zoom domain, or undefined. */
export function zoomDomain(value: unknown): ZoomDomain | undefined {
  return ZOOM_DOMAINS.find((domain) => domain === value);
}

/** A domain typed by a person (--domain, ZOOM_S2S_DOMAIN): case and spaces ignored; anything else is a usage error. */
export function checkDomain(text: string): ZoomDomain {
  const found = zoomDomain(text.trim().toLowerCase());
  if (!found) throw new UsageError(`Unknown domain "${text}": use ${DEFAULT_DOMAIN} (the default) or zoomgov.com (Zoom for Government).`);
  return found;
}

/** Whether `hostname` is `domain` itself or one of its subdomains (us06web.zoom.us). */
export function isOnDomain(hostname: string, domain: ZoomDomain): boolean {
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

/** The Zoom domain `hostname` is on, if any. */
export function domainOfHost(hostname: string): ZoomDomain | undefined {
  return ZOOM_DOMAINS.find((domain) => isOnDomain(hostname, domain));
}

/** Zoom's token endpoint origin on a domain: https://zoom.us or https://zoomgov.com. */
export function oauthOriginOf(domain: ZoomDomain): string {
  return `https://${domain}`;
}

/** Zoom's API base on a domain, /v2 included: https://api.zoom.us/v2. */
export function apiBaseOf(domain: ZoomDomain): string {
  return `https://api.${domain}/v2`;
}

/** Hosts for which plain http:// is acceptable: nothing leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The URL in environment variable `name` that stands in for Zoom, checked:
 * a URL, https (plain http only for this machine). `expected` says what a good one is.
 */
export function checkOverride(name: string, text: string, expected: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${name} is not a URL: ${text}`, `Use ${expected}`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url;
  throw new UsageError(`${name} must use https:// (plain http:// only for localhost): ${url.origin}`);
}
