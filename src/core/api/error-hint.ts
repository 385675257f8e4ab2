/**
 * What to do about an API answer that is not a success, in a line: a token
 * Zoom refuses even when new, a missing scope (Zoom's codes 4711 and 4700),
 * rate limits, redirects that are not followed, Zoom's own failures. For the
 * `api` command and the MCP server alike.
 */
import { escapeControls } from '../text.js';
import { zoomErrorCode, type ApiResponse } from './call.js';

export const MISSING_SCOPE_HINT = 'The app lacks a scope this call needs (see: zoom-s2s scopes). Add it on the app\'s Scopes page at marketplace.zoom.us, then run: zoom-s2s token --force';

/** `body`: the answer's body as read (response.errorBody). */
export function apiErrorHint(response: Pick<ApiResponse, 'status' | 'headers' | 'rateLimitWaitMs'>, body: Buffer | undefined): string | undefined {
  const { status } = response;
  const code = zoomErrorCode(body);
  const text = body?.toString('utf8') ?? '';
  if (status === 401) return 'Zoom refused a newly minted token as well: check that the app is activated at marketplace.zoom.us.';
  if (code === 4711 || code === 4700 || /does not contain scopes/i.test(text)) return MISSING_SCOPE_HINT;
  if (status === 429) {
    return response.rateLimitWaitMs !== undefined
      ? `Rate limited: Zoom asks to wait ${Math.ceil(response.rateLimitWaitMs / 1000)} s, longer than zoom-s2s waits (60 s in all). Try again later.`
      : 'Rate limited: try again later.';
  }
  if (status >= 300 && status < 400) return `Redirected to ${escapeControls(response.headers.location ?? 'nowhere')}; only GET and HEAD follow redirects.`;
  if (status >= 500) return 'Zoom may be having problems; try again later.';
  return undefined;
}
