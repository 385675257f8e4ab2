/**
 * Who is asking (a stored profile or the credentials in the environment) and
 * the token for them: cache, one mint across processes, the repairs of an
 * interrupted login or logout. Every front end (the commands, and servers
 * without a terminal) gets its token here; progress is shown only through a
 * callback the caller passes, so nothing here draws on a terminal.
 */
import type { Context } from './context.js';
import { environmentCredentials, loadStoredCredentials } from './core/auth/credentials.js';
import { resolveOAuthOrigin } from './core/auth/endpoint.js';
import type { SecretStore } from './core/store/keychain.js';
import type { MintDeps } from './core/auth/oauth.js';
import { cacheDir } from './core/store/paths.js';
import { chooseProfile, unknownProfile } from './core/auth/profiles.js';
import { checkDomain, DEFAULT_DOMAIN, type ZoomDomain } from './core/zoom.js';
import type { SettingsStore } from './core/store/settings.js';
import { credentialFingerprint, DEFAULT_MIN_TTL_MS, maxItemChars, TokenCache, type CachedToken } from './core/auth/token-cache.js';
import { obtainToken, type TokenOrigin } from './core/auth/token-source.js';
import { NotLoggedInError } from './core/errors.js';
import { basicAuthorization, type ClientCredentials } from './core/auth/token.js';

export function mintDeps(ctx: Context): MintDeps {
  return { http: ctx.http, now: ctx.now, sleep: ctx.sleep, debug: (message) => ctx.io.debug(message) };
}

/**
 * Shows that something slow is under way while `work` runs (a spinner on a
 * terminal). Without one, the work just runs.
 */
export type Progress = <T>(work: () => Promise<T>) => Promise<T>;

export interface TokenNeeds {
  /** The token must live at least this long (default: 5 minutes). */
  minTtlMs?: number;
  /** Mint a new token whatever the cache holds. */
  force?: boolean;
  /** A token the API refused (see obtainToken). */
  refused?: string;
}

/** Whose token is asked for: enough to look in the cache, and how to get the credentials for a mint. */
export interface TokenSubject {
  source: 'profile' | 'environment';
  /** Names the cached token's item and the lock: the profile, or "@environment" (not a valid profile name). */
  label: string;
  origin: string;
  /** The Zoom domain the token endpoint's answers must point to (api_url). */
  domain: ZoomDomain;
  fingerprint: string;
  /** Read only when needed: a cached answer needs no secret. */
  credentials: () => Promise<ClientCredentials>;
  /** Where cached tokens live. */
  store: () => Promise<SecretStore>;
}

export const ENVIRONMENT_LABEL = '@environment';

/** Keeps the secret and its Basic form out of everything printed from now on (see Context.sensitive, which keeps no copy). */
function guard(ctx: Context, credentials: ClientCredentials): ClientCredentials {
  ctx.sensitive.add(credentials.clientSecret);
  ctx.sensitive.add(basicAuthorization(credentials).slice('Basic '.length));
  return credentials;
}

/** The subject for credentials already in hand (login, before they are stored). */
export function subjectFor(ctx: Context, profile: string, credentials: ClientCredentials, loginId: string, endpoint: { origin: string; domain: ZoomDomain }, store: SecretStore): TokenSubject {
  guard(ctx, credentials);
  const { origin, domain } = endpoint;
  const fingerprint = credentialFingerprint({ origin, accountId: credentials.accountId, clientId: credentials.clientId, loginId });
  return { source: 'profile', label: profile, origin, domain, fingerprint, credentials: async () => credentials, store: async () => store };
}

/**
 * The subject for a stored profile. The secret is read only when a mint needs
 * it: a cached token is tied to the login that stored the secret through the
 * profile's loginId.
 */
export async function profileSubject(ctx: Context, settings: SettingsStore, profile: string, source?: string): Promise<TokenSubject> {
  let stored = settings.getProfile(profile);
  if (stored?.pending) {
    if (await removeInterruptedLogin(ctx, settings, profile)) throw new NotLoggedInError(profile, `Removed profile "${profile}": its login was interrupted before it finished.`);
    stored = settings.getProfile(profile); // a login that was still running has finished
  }
  if (!stored) throw unknownProfile(profile, settings, source);
  const origin = resolveOAuthOrigin(ctx.env, stored.domain);
  const store = () => ctx.secrets(stored.storage);
  // Read from the store at each mint and not kept: a long-lived server holds the secret only while it mints.
  const credentials = () =>
    store().then((secrets) =>
      loadStoredCredentials(profile, settings, secrets).then((loaded) => guard(ctx, loaded), async (error: unknown) => {
        if (error instanceof NotLoggedInError && (await removeIncompleteProfile(ctx, settings, secrets, profile))) {
          throw new NotLoggedInError(profile, `${error.message} Removed profile "${profile}" from ${settings.path} (an interrupted logout?).`);
        }
        throw error;
      }),
    );
  const { accountId, clientId, loginId } = stored;
  // A profile stored before logins had an ID is tied to its secret instead.
  const fingerprint = credentialFingerprint(loginId ? { origin, accountId, clientId, loginId } : { origin, accountId, clientId, secret: (await credentials()).clientSecret });
  return { source: 'profile', label: profile, origin, domain: stored.domain, fingerprint, credentials, store };
}

/** Runs `work` holding the lock for changing the stored state of `profile` (its secret and settings together). */
export async function withProfileLock<T>(ctx: Context, profile: string, work: () => Promise<T>): Promise<T> {
  // The lock's code is loaded when one is taken (a cached token takes none).
  const { DEFAULT_LOCK_OPTIONS, withLock } = await import('./core/store/lock.js');
  return withLock(cacheDir(ctx.env, ctx.platform), `${profile}.profile`, { ...DEFAULT_LOCK_OPTIONS, debug: (m) => ctx.io.debug(m) }, work);
}

/**
 * Repairs what a killed login leaves: a profile still marked pending, with or
 * without its secret. Both go; true when it removed them (the caller says so).
 * Checked again under the profile's lock: a login still running is waited
 * for, not undone.
 */
async function removeInterruptedLogin(ctx: Context, settings: SettingsStore, profile: string): Promise<boolean> {
  return withProfileLock(ctx, profile, async () => {
    const stored = settings.getProfile(profile);
    if (!stored?.pending) return false;
    const secrets = await ctx.secrets(stored.storage);
    await secrets.delete(profile);
    await tokenCache(secrets, ctx).delete(profile);
    await settings.deleteProfile(profile);
    return true;
  });
}

/** Repairs what a killed logout leaves: settings whose secret is gone. True when it removed them (the caller says so). */
async function removeIncompleteProfile(ctx: Context, settings: SettingsStore, secrets: SecretStore, profile: string): Promise<boolean> {
  return withProfileLock(ctx, profile, async () => {
    if ((await secrets.get(profile)) !== undefined || !settings.getProfile(profile)) return false;
    await tokenCache(secrets, ctx).delete(profile).catch(() => undefined);
    await settings.deleteProfile(profile);
    return true;
  });
}

/** The subject for ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET; tokens cached in the keychain when there is one. */
export function environmentSubject(ctx: Context, credentials: ClientCredentials): TokenSubject {
  guard(ctx, credentials);
  const domain = ctx.env.ZOOM_S2S_DOMAIN ? checkDomain(ctx.env.ZOOM_S2S_DOMAIN) : undefined;
  const origin = resolveOAuthOrigin(ctx.env, domain);
  // The secret itself goes into the (one-way, truncated) fingerprint: there is no login to stand for it.
  const fingerprint = credentialFingerprint({ origin, accountId: credentials.accountId, clientId: credentials.clientId, secret: credentials.clientSecret });
  return { source: 'environment', label: ENVIRONMENT_LABEL, origin, domain: domain ?? DEFAULT_DOMAIN, fingerprint, credentials: async () => credentials, store: () => ctx.secrets('keychain') };
}

/**
 * Whose token a command uses: an explicit --profile or ZOOM_S2S_PROFILE, else
 * the credentials in the environment when all three variables are set, else
 * the default profile.
 */
export async function resolveSubject(ctx: Context, flag: string | undefined): Promise<TokenSubject> {
  const settings = await ctx.settings();
  const choice = chooseProfile(flag, ctx.env, settings);
  if (!choice.explicit) {
    const fromEnvironment = environmentCredentials(ctx.env);
    if (fromEnvironment) {
      ctx.io.debug('credentials from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET');
      return environmentSubject(ctx, fromEnvironment);
    }
  }
  ctx.io.debug(`profile "${choice.name}" (from ${choice.source})`);
  return profileSubject(ctx, settings, choice.name, choice.explicit ? choice.source : undefined);
}

/** A token for `subject`: from the cache when fresh enough, else minted (under `progress`, when given) and cached. */
export async function tokenFor(ctx: Context, subject: TokenSubject, needs: TokenNeeds, progress?: Progress): Promise<CachedToken> {
  return (await tokenAndOrigin(ctx, subject, needs, progress)).token;
}

/** tokenFor, and where the token came from: the cache, or a mint (this process's or another's). */
export async function tokenAndOrigin(ctx: Context, subject: TokenSubject, needs: TokenNeeds, progress?: Progress): Promise<{ token: CachedToken; origin: TokenOrigin }> {
  const obtained = await obtainToken(
    { ...subject, profile: subject.label, minTtlMs: needs.minTtlMs ?? DEFAULT_MIN_TTL_MS, force: needs.force ?? false, refused: needs.refused },
    {
      cache: tokenCache(await subject.store(), ctx),
      lockDir: cacheDir(ctx.env, ctx.platform),
      now: ctx.now,
      mint: (credentials, origin) => {
        // The token request's code is loaded for a mint only: a cached token never needs it.
        const mint = async () => (await import('./core/auth/oauth.js')).mintToken(credentials, { origin, domain: subject.domain }, mintDeps(ctx));
        return progress ? progress(mint) : mint();
      },
      debug: (message) => ctx.io.debug(message),
    },
  );
  // Printed only where asked for: never in a message, an error or a debug line.
  ctx.sensitive.addLater(obtained.token.accessToken);
  return obtained;
}

/** The cached-token store of a profile's storage. */
export function tokenCache(store: SecretStore, ctx: Context): TokenCache {
  return new TokenCache(store, maxItemChars(ctx.platform));
}
