/** Pieces several commands use: the profile, getting a token, styled stderr. */
import { debug, type Context } from '../context.js';
import { loadStoredCredentials } from '../core/credentials.js';
import { resolveOAuthOrigin } from '../core/endpoint.js';
import { mintToken, type MintDeps } from '../core/oauth.js';
import { colorEnabled, loadStyle, type Style } from '../core/output.js';
import { withSpinner } from '../core/spinner.js';
import { cacheDir } from '../core/paths.js';
import { NotLoggedInError } from '../core/errors.js';
import { credentialFingerprint, DEFAULT_MIN_TTL_MS, maxItemChars, TokenCache, type CachedToken } from '../core/token-cache.js';
import { obtainToken } from '../core/token-source.js';
import type { ClientCredentials } from '../core/token.js';

export const DEFAULT_PROFILE = 'default';

export function mintDeps(ctx: Context): MintDeps {
  return { http: ctx.http, now: ctx.now, sleep: ctx.sleep, debug: (message) => debug(ctx, message) };
}


export interface TokenNeeds {
  /** The token must live at least this long (default: 5 minutes). */
  minTtlMs?: number;
  /** Mint a new token whatever the cache holds. */
  force?: boolean;
}

/** The token cache of the system keychain. */
export async function tokenCache(ctx: Context): Promise<TokenCache> {
  return new TokenCache(await ctx.keychain(), maxItemChars(ctx.platform));
}

/** Whose token is asked for: enough to look in the cache, and how to get the credentials for a mint. */
export interface TokenSubject {
  profile: string;
  origin: string;
  fingerprint: string;
  credentials: () => Promise<ClientCredentials>;
}

/** The subject for credentials already in hand (login, before they are stored). */
export function subjectFor(ctx: Context, profile: string, credentials: ClientCredentials, loginId: string): TokenSubject {
  const origin = resolveOAuthOrigin(ctx.env);
  const fingerprint = credentialFingerprint({ origin, accountId: credentials.accountId, clientId: credentials.clientId, secretMarker: `login:${loginId}` });
  return { profile, origin, fingerprint, credentials: async () => credentials };
}

/**
 * The subject for a stored profile. The secret is read from the keychain
 * only when a mint needs it: a cached token is tied to the login that stored
 * the secret, through the profile's loginId.
 */
export async function storedSubject(ctx: Context, profile: string): Promise<TokenSubject> {
  const settings = await ctx.settings();
  const stored = settings.getProfile(profile);
  if (!stored) throw new NotLoggedInError(profile);
  const origin = resolveOAuthOrigin(ctx.env);
  let loaded: Promise<ClientCredentials> | undefined;
  const credentials = () => (loaded ??= loadStoredCredentials(profile, settings, ctx.keychain));
  const secretMarker = stored.loginId ? `login:${stored.loginId}` : `secret:${(await credentials()).clientSecret}`;
  const fingerprint = credentialFingerprint({ origin, accountId: stored.accountId, clientId: stored.clientId, secretMarker });
  return { profile, origin, fingerprint, credentials };
}

/** A token for `subject`: from the cache when fresh enough, else minted (with a spinner) and cached. */
export async function tokenFor(ctx: Context, subject: TokenSubject, needs: TokenNeeds, spinnerText: string): Promise<CachedToken> {
  const { token } = await obtainToken(
    { ...subject, minTtlMs: needs.minTtlMs ?? DEFAULT_MIN_TTL_MS, force: needs.force ?? false },
    {
      cache: await tokenCache(ctx),
      lockDir: cacheDir(ctx.env, ctx.platform),
      now: ctx.now,
      mint: (c, o) => withSpinner(ctx.stderr, ctx.env, spinnerText, () => mintToken(c, o, mintDeps(ctx))),
      debug: (message) => debug(ctx, message),
    },
  );
  return token;
}

/** A valid token for the stored credentials of `profile`. */
export async function acquireToken(ctx: Context, profile: string, needs: TokenNeeds = {}): Promise<CachedToken> {
  return tokenFor(ctx, await storedSubject(ctx, profile), needs, 'Requesting a token from Zoom…');
}

export function stderrStyle(ctx: Context): Promise<Style> {
  return loadStyle(colorEnabled(ctx.stderr, ctx.env));
}

export function stdoutStyle(ctx: Context): Promise<Style> {
  return loadStyle(colorEnabled(ctx.stdout, ctx.env));
}

/** A line for people, on stderr. */
export function say(ctx: Context, line: string): void {
  ctx.stderr.write(`${line}\n`);
}

/** Reads all of `stream` as UTF-8, refusing more than `maxBytes`. */
export async function readAll(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
