/** The Zoom API base (with /v2) for a token: its api_url when Zoom sent one, else the domain's default. */
export function apiBase(apiUrl: string | undefined, oauthOrigin: string): string {
  if (apiUrl) return `${apiUrl.replace(/\/+$/, '')}/v2`;
  return oauthOrigin === 'https://zoomgov.com' ? 'https://api.zoomgov.com/v2' : 'https://api.zoom.us/v2';
}
