/** What a successful token request yields, in the shape the rest of the tool uses. */
export interface AccessToken {
  accessToken: string;
  tokenType: string;
  /** Milliseconds since the epoch: when the request was sent plus expires_in. */
  expiresAt: number;
  scopes: string[];
  /** Zoom's api_url (e.g. https://api.zoom.us, or a regional host); absent in older responses. */
  apiUrl: string | undefined;
}

/** What a token request needs. The secret is only ever held here and in the keychain. */
export interface ClientCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

/** The Basic authorization of a token request: the client ID and secret. */
export function basicAuthorization(credentials: ClientCredentials): string {
  return `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64')}`;
}

/** Seconds left until the token expires, never negative. */
export function secondsLeft(token: AccessToken, now: number): number {
  return Math.max(0, Math.floor((token.expiresAt - now) / 1000));
}

/** The object `token --json` prints; documented in docs/guide.md. */
export function tokenJson(token: AccessToken, now: number) {
  return {
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresAt: new Date(token.expiresAt).toISOString(),
    expiresIn: secondsLeft(token, now),
    scopes: token.scopes,
    apiUrl: token.apiUrl ?? null,
  };
}
