/**
 * The cached access token of a profile, kept in the keychain next to the
 * secret (account "<profile>:token"), never in a plain file. An entry is
 * tied to the credentials that minted it by a fingerprint, so a new login
 * with other credentials never gets the old token.
 */
import type { SecretStore } from '../store/keychain.js';
import type { ZoomDomain } from '../zoom.js';
import type { AccessToken } from './token.js';
import { bearerToken, MAX_LIFETIME_SECONDS, scopeName, tokenType as checkTokenType, zoomApiUrl } from './token-fields.js';

export const DEFAULT_MIN_TTL_MS = 5 * 60_000;
/**
 * A minimum remaining lifetime is capped at 59 minutes: Zoom's tokens live an
 * hour, so `--min-ttl 1h` means "a token minted in the last minute" rather
 * than "never from the cache".
 */
export const MAX_MIN_TTL_MS = 59 * 60_000;

export interface CachedToken extends AccessToken {
  /** When the request that minted it was sent. */
  obtainedAt: number;
  /** credentialFingerprint() of the identity it was minted for. */
  credentials: string;
}

/**
 * What a cached token is tied to: the endpoint, the account and client, and
 * what stands for the secret: the random ID that `login` stored with the
 * profile (so a cached call needs no keychain read for the secret), or the
 * secret itself for credentials that come without a login.
 */
export type CredentialIdentity = { origin: string; accountId: string; clientId: string } & ({ loginId: string } | { secret: string });

/**
 * A fingerprint of the identity: equal fingerprints, same identity. With the
 * origin in it, a token from an emulator is never served for Zoom, nor
 * Zoom's for Zoom for Government. A login's is the identity written out
 * (nothing in it is secret; config.json holds all of it), so a cached answer
 * needs no hashing; one with the secret in it is a one-way SHA-256,
 * truncated, so the secret cannot be read back from it.
 */
export function credentialFingerprint(identity: CredentialIdentity): string {
  const { origin, accountId, clientId } = identity;
  if ('loginId' in identity) return `login:${JSON.stringify([origin, accountId, clientId, identity.loginId])}`;
  // node:crypto costs about 4 ms to load: only credentials without a login pay it.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return `sha256:${createHash('sha256').update(JSON.stringify([origin, accountId, clientId, identity.secret])).digest('base64url').slice(0, 32)}`;
}

/** Whether `token` still has `minTtlMs` (capped at MAX_MIN_TTL_MS) to live at `now`. */
export function isFresh(token: CachedToken, now: number, minTtlMs: number): boolean {
  return token.expiresAt - now >= Math.min(minTtlMs, MAX_MIN_TTL_MS);
}

export function cacheAccount(profile: string): string {
  return `${profile}:token`;
}

const FORMAT = 'zoom-s2s-token-v1';

export function serializeCachedToken(token: CachedToken): string {
  return JSON.stringify({
    format: FORMAT,
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresAt: token.expiresAt,
    obtainedAt: token.obtainedAt,
    scopes: token.scopes,
    apiUrl: token.apiUrl ?? null,
    credentials: token.credentials,
  });
}

/**
 * What a cached entry is checked against, as a fresh answer is: the domain
 * its api_url must be on (any Zoom domain when not given) and the time, so
 * an entry that claims to have been obtained in the future, or to live
 * longer from now than a token may, is not believed.
 */
export interface CacheExpectations {
  domain?: ZoomDomain | undefined;
  now?: number | undefined;
}

/** Clocks of the processes that share a cache may differ by this much. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The cached token in `text`, or undefined when it is missing, corrupt, of another format or not what `expected` allows. */
export function parseCachedToken(text: string | undefined, expected: CacheExpectations = {}): CachedToken | undefined {
  if (!text) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || value.format !== FORMAT) return undefined;
  // Checked as a token answer is (token-fields.ts): whatever wrote this item, nothing in it may inject or mislead.
  const { expiresAt, obtainedAt, scopes, credentials } = value;
  const accessToken = bearerToken(value.accessToken);
  const tokenType = checkTokenType(value.tokenType);
  if (!accessToken || !tokenType || typeof credentials !== 'string') return undefined;
  if (typeof expiresAt !== 'number' || typeof obtainedAt !== 'number' || !Number.isFinite(obtainedAt) || !(expiresAt > obtainedAt)) return undefined;
  if (expiresAt - obtainedAt > MAX_LIFETIME_SECONDS * 1000) return undefined;
  if (expected.now !== undefined && (obtainedAt > expected.now + CLOCK_SKEW_MS || expiresAt - expected.now > MAX_LIFETIME_SECONDS * 1000)) return undefined;
  if (!Array.isArray(scopes) || !scopes.every((scope) => scopeName(scope) !== undefined)) return undefined;
  const apiUrl = value.apiUrl === null ? undefined : zoomApiUrl(value.apiUrl, expected.domain);
  if (value.apiUrl !== null && !apiUrl) return undefined;
  return { accessToken, tokenType, expiresAt, obtainedAt, scopes: scopes as string[], apiUrl, credentials };
}

/**
 * Largest value one keychain item takes, in characters. Windows' Credential
 * Manager caps a blob at 2,560 bytes and the keyring stores passwords there
 * as UTF-16, so 1,280 characters; the macOS Keychain and the Secret Service
 * take megabytes. A token entry (a JWT of about 1 KB and the scope list) can
 * pass the Windows cap, so larger entries are split over several items.
 */
export function maxItemChars(platform: NodeJS.Platform): number {
  return platform === 'win32' ? 1280 : Number.POSITIVE_INFINITY;
}

/** An entry split over more items than this is not cached at all. */
const MAX_PARTS = 8;
const PARTS_HEADER = /^parts=(\d+);/;

/** Reads, writes and deletes a profile's cached token in `store`. */
export class TokenCache {
  constructor(
    private readonly store: SecretStore,
    private readonly itemChars: number,
  ) {}

  private partAccount(profile: string, index: number): string {
    return index === 0 ? cacheAccount(profile) : `${cacheAccount(profile)}:${index + 1}`;
  }

  async read(profile: string, expected: CacheExpectations = {}): Promise<CachedToken | undefined> {
    const first = await this.store.get(cacheAccount(profile));
    const header = first === undefined ? null : PARTS_HEADER.exec(first);
    if (!first || !header) return parseCachedToken(first, expected);
    const count = Number(header[1]);
    if (count < 2 || count > MAX_PARTS) return undefined;
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => this.store.get(this.partAccount(profile, i + 1))));
    if (rest.some((part) => part === undefined)) return undefined;
    return parseCachedToken(first.slice(header[0].length) + rest.join(''), expected);
  }

  /** Stores `token`; returns false when it is too large to store even in parts. */
  async write(profile: string, token: CachedToken): Promise<boolean> {
    const text = serializeCachedToken(token);
    if (text.length <= this.itemChars) {
      await this.store.set(cacheAccount(profile), text);
      // Parts of an earlier, larger entry exist only where entries are split;
      // elsewhere looking for them would cost a keychain call on every mint.
      if (this.splits) await this.deleteParts(profile, 1);
      return true;
    }
    const headerRoom = `parts=${MAX_PARTS};`.length;
    const parts: string[] = [text.slice(0, this.itemChars - headerRoom)];
    for (let at = parts[0]!.length; at < text.length; at += this.itemChars) parts.push(text.slice(at, at + this.itemChars));
    if (parts.length > MAX_PARTS) return false;
    // The extra parts first: a reader that sees the new header finds them in place.
    for (let i = 1; i < parts.length; i++) await this.store.set(this.partAccount(profile, i), parts[i]!);
    await this.store.set(cacheAccount(profile), `parts=${parts.length};${parts[0]}`);
    await this.deleteParts(profile, parts.length);
    return true;
  }

  /** Removes the entry and any parts; true when something was there. */
  async delete(profile: string): Promise<boolean> {
    const removed = await this.store.delete(cacheAccount(profile));
    return (this.splits && (await this.deleteParts(profile, 1))) || removed;
  }

  private get splits(): boolean {
    return Number.isFinite(this.itemChars);
  }

  private async deleteParts(profile: string, from: number): Promise<boolean> {
    let removed = false;
    for (let i = from; i < MAX_PARTS; i++) {
      if (!(await this.store.delete(this.partAccount(profile, i)))) break;
      removed = true;
    }
    return removed;
  }
}
