import { UsageError } from '../errors.js';

/** Zoom's token endpoint origin for a domain: https://zoom.us or https://zoomgov.com. */
export function domainOrigin(domain: 'zoom.us' | 'zoomgov.com' | undefined): string {
  return `https://${domain ?? 'zoom.us'}`;
}

/** Hosts for which plain http:// is acceptable: nothing leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The origin of the token endpoint: ZOOM_S2S_OAUTH_URL when set (emulators,
 * tests), else Zoom's for the domain. Credentials are sent there, so anything
 * but https is refused unless the host is this machine.
 */
export function resolveOAuthOrigin(env: Record<string, string | undefined>, domain?: 'zoom.us' | 'zoomgov.com'): string {
  const override = env.ZOOM_S2S_OAUTH_URL?.trim();
  if (!override) return domainOrigin(domain);
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new UsageError(`ZOOM_S2S_OAUTH_URL is not a URL: ${override}`, 'Use an origin such as https://zoom.us');
  }
  if (url.protocol === 'https:') return url.origin;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url.origin;
  throw new UsageError(
    `ZOOM_S2S_OAUTH_URL must use https:// (plain http:// only for localhost): ${url.origin}`,
  );
}

export function tokenUrl(origin: string): string {
  return new URL('/oauth/token', origin).toString();
}

/** True when ZOOM_S2S_OAUTH_URL sent the token request somewhere other than Zoom. */
export function isOverriddenOrigin(origin: string, domain?: 'zoom.us' | 'zoomgov.com'): boolean {
  return origin !== domainOrigin(domain);
}

/** Who answered, for people: "Zoom", or the override and where it came from. */
export function endpointName(origin: string, domain?: 'zoom.us' | 'zoomgov.com'): string {
  return isOverriddenOrigin(origin, domain) ? `${origin} (ZOOM_S2S_OAUTH_URL)` : 'Zoom';
}
