/**
 * Where a token comes from: the cache when it is fresh enough, else one mint
 * shared by every process that asks at the same time. Knows nothing of the
 * terminal; the caller passes the mint (with its spinner, if any).
 */
import { isFresh, type CachedToken, type TokenCache } from './token-cache.js';
import type { ZoomDomain } from '../zoom.js';
import type { AccessToken, ClientCredentials } from './token.js';

export interface TokenRequest {
  profile: string;
  /** credentialFingerprint() of the credentials and endpoint: a cached token minted for another is never served. */
  fingerprint: string;
  /** Read only when a mint is needed, so a cached answer needs no secret. */
  credentials: () => Promise<ClientCredentials>;
  origin: string;
  /** The domain a cached token's api_url must be on, as a fresh answer's is. */
  domain?: ZoomDomain | undefined;
  minTtlMs: number;
  /** Mint whatever the cache holds. */
  force: boolean;
  /** A token the API refused: never served again; one another process minted since is taken. */
  refused?: string;
}

export interface TokenSourceDeps {
  /** Undefined when there is no store to cache in: every call mints. */
  cache: TokenCache | undefined;
  /** Folder for the lock file. */
  lockDir: string;
  now: () => number;
  mint: (credentials: ClientCredentials, origin: string) => Promise<AccessToken>;
  debug: (message: string) => void;
  lockOptions?: { staleMs: number; waitMs: number };
}

/**
 * The cached token of `request.profile` if it may be served: minted for the
 * same credentials and endpoint, not the one the API refused, and with at
 * least `minTtlMs` left at `now`. Rejects when the store cannot be read.
 */
export async function usableCachedToken(cache: TokenCache, request: Pick<TokenRequest, 'profile' | 'fingerprint' | 'minTtlMs' | 'refused' | 'domain'>, now: number, debug: (message: string) => void): Promise<CachedToken | undefined> {
  const cached = await cache.read(request.profile, { domain: request.domain, now });
  if (!cached) return undefined;
  if (cached.accessToken === request.refused) {
    debug('cached token is the one the API refused; not using it');
    return undefined;
  }
  if (cached.credentials !== request.fingerprint) {
    debug('cached token was minted with other credentials or for another endpoint; not using it');
    return undefined;
  }
  if (!isFresh(cached, now, request.minTtlMs)) {
    debug(`cached token has ${Math.round((cached.expiresAt - now) / 1000)} s left, less than the ${request.minTtlMs / 1000} s asked for`);
    return undefined;
  }
  return cached;
}

export type TokenOrigin = 'cache' | 'minted' | 'minted-by-another-process';

export async function obtainToken(request: TokenRequest, deps: TokenSourceDeps): Promise<{ token: CachedToken; origin: TokenOrigin }> {
  const { profile, fingerprint, origin, force } = request;
  const { cache, debug } = deps;

  // After one failed read the cache is left alone for the rest of the call:
  // a keychain that does not answer must not be waited for again and again.
  let cacheFailed = false;
  const usable = async (): Promise<CachedToken | undefined> => {
    if (!cache || cacheFailed) return undefined;
    return usableCachedToken(cache, request, deps.now(), debug).catch((error: unknown) => {
      cacheFailed = true;
      debug(`token cache unreadable, ignoring it: ${(error as Error).message}`);
      return undefined;
    });
  };

  if (!force) {
    const cached = await usable();
    if (cached) {
      debug('token from the cache');
      return { token: cached, origin: 'cache' };
    }
  }
  type Result = { token: CachedToken; origin: TokenOrigin };
  const mintAndCache = async (): Promise<Result> => {
    const obtainedAt = deps.now();
    const minted = await deps.mint(await request.credentials(), origin);
    const token: CachedToken = { ...minted, obtainedAt, credentials: fingerprint };
    if (cache && !cacheFailed) {
      try {
        if (await cache.write(profile, token)) debug('token minted and cached');
        else debug('token minted; too large for the keychain, not cached');
      } catch (error) {
        debug(`token minted; caching it failed: ${(error as Error).message}`);
      }
    }
    return { token, origin: 'minted' };
  };

  if (!cache || cacheFailed) {
    debug('no usable token cache: minting without the lock');
    return mintAndCache();
  }
  // Another process may mint while this one waits: its token is taken as soon as it is cached.
  const mintedMeanwhile = async (): Promise<Result | undefined> => {
    if (force) return undefined;
    const cached = await usable();
    if (cached) debug('token minted by another process while waiting for the lock');
    return cached ? { token: cached, origin: 'minted-by-another-process' } : undefined;
  };
  // The lock's code is loaded when a mint needs it: a cached token never does.
  const { DEFAULT_LOCK_OPTIONS, singleFlight } = await import('../store/lock.js');
  return singleFlight(deps.lockDir, `${profile}.token`, { ...DEFAULT_LOCK_OPTIONS, ...deps.lockOptions, debug }, mintedMeanwhile, mintAndCache);
}
