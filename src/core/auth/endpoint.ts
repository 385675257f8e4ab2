/** Where the token request goes: Zoom's endpoint for the domain, or a stand-in named by ZOOM_S2S_OAUTH_URL. */
import { checkOverride, DEFAULT_DOMAIN, oauthOriginOf, type ZoomDomain } from '../zoom.js';

/**
 * The origin of the token endpoint: ZOOM_S2S_OAUTH_URL when set (emulators,
 * tests), else Zoom's for the domain. Credentials are sent there, so anything
 * but https is refused unless the host is this machine (core/zoom.ts).
 */
export function resolveOAuthOrigin(env: Record<string, string | undefined>, domain: ZoomDomain = DEFAULT_DOMAIN): string {
  const override = env.ZOOM_S2S_OAUTH_URL?.trim();
  return override ? checkOverride('ZOOM_S2S_OAUTH_URL', override, 'an origin such as https://zoom.us').origin : oauthOriginOf(domain);
}

export function tokenUrl(origin: string): string {
  return new URL('/oauth/token', origin).toString();
}

/** True when ZOOM_S2S_OAUTH_URL sent the token request somewhere other than Zoom. */
export function isOverriddenOrigin(origin: string, domain: ZoomDomain = DEFAULT_DOMAIN): boolean {
  return origin !== oauthOriginOf(domain);
}

/** Who answered, for people: "Zoom", or the override and where it came from. */
export function endpointName(origin: string, domain: ZoomDomain = DEFAULT_DOMAIN): string {
  return isOverriddenOrigin(origin, domain) ? `${origin} (ZOOM_S2S_OAUTH_URL)` : 'Zoom';
}
