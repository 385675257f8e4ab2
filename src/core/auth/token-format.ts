/** The ways `token --format` prints a token: the token, JSON, shell assignments, an HTTP header. */
import { tokenJson, type AccessToken } from './token.js';

export const TOKEN_FORMATS = ['raw', 'json', 'env', 'header'] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/** A POSIX shell word that stands for exactly `value`: single quotes, with ' written as '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The text to print, newline included. `apiBaseUrl` is the API base with /v2 (for env). */
export function formatToken(token: AccessToken, format: TokenFormat, apiBaseUrl: string, now: number): string {
  switch (format) {
    case 'raw':
      return `${token.accessToken}\n`;
    case 'json':
      return `${JSON.stringify(tokenJson(token, now), null, 2)}\n`;
    case 'header':
      return `Authorization: Bearer ${token.accessToken}\n`;
    case 'env':
      return [
        ['ZOOM_ACCESS_TOKEN', token.accessToken],
        ['ZOOM_API_URL', apiBaseUrl],
        ['ZOOM_TOKEN_EXPIRES_AT', new Date(token.expiresAt).toISOString()],
      ]
        .map(([name, value]) => `export ${name}=${shellQuote(value!)}\n`)
        .join('');
  }
}
