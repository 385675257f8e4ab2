import assert from 'node:assert/strict';
import { mkdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { credentialFingerprint, isFresh, parseCachedToken, serializeCachedToken, TokenCache, type CachedToken } from '../../src/core/auth/token-cache.js';
import { obtainToken, type TokenSourceDeps } from '../../src/core/auth/token-source.js';
import type { AccessToken, ClientCredentials } from '../../src/core/auth/token.js';
import { MemoryKeychain } from '../helpers/fake-context.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const credentials: ClientCredentials = { accountId: 'acc', clientId: 'cli', clientSecret: 'secret-1' };
const fingerprintOf = (c: ClientCredentials, origin: string) =>
  credentialFingerprint({ origin, accountId: c.accountId, clientId: c.clientId, secret: c.clientSecret });

function cachedToken(overrides: Partial<CachedToken> = {}): CachedToken {
  return {
    accessToken: 'eyJ.token.one',
    tokenType: 'bearer',
    obtainedAt: T0,
    expiresAt: T0 + 3600_000,
    scopes: ['meeting:read:admin', 'user:read:admin'],
    apiUrl: 'https://api.zoom.us',
    credentials: fingerprintOf(credentials, 'https://zoom.us'),
    ...overrides,
  };
}

describe('expiry arithmetic', () => {
  const token = cachedToken();
  const fiveMinutes = 300_000;
  test('fresh exactly at the margin, stale one second after, fresh one second before', () => {
    const atMargin = token.expiresAt - fiveMinutes;
    assert.equal(isFresh(token, atMargin, fiveMinutes), true);
    assert.equal(isFresh(token, atMargin + 1000, fiveMinutes), false);
    assert.equal(isFresh(token, atMargin - 1000, fiveMinutes), true);
  });
  test('an expired token is never fresh, even with no minimum', () => {
    assert.equal(isFresh(token, token.expiresAt + 1, 0), false);
    assert.equal(isFresh(token, token.expiresAt, 0), true);
  });
  test('a minimum is capped at 59 minutes: with --min-ttl 1h a token minted in the last minute still counts', () => {
    assert.equal(isFresh(token, T0 + 30_000, 3600_000), true);
    assert.equal(isFresh(token, T0 + 61_000, 3600_000), false);
  });
});

describe('cache entries', () => {
  test('round trip; corrupt or foreign entries read as empty', () => {
    const token = cachedToken();
    assert.deepEqual(parseCachedToken(serializeCachedToken(token)), token);
    for (const bad of ['', 'not json', '[]', 'null', '{"format":"zoom-s2s-token-v1"}', serializeCachedToken(token).replace('"expiresAt":', '"expiresAtX":'), '{"format":"other","accessToken":"x"}']) {
      assert.equal(parseCachedToken(bad), undefined, bad);
    }
  });

  test('an entry is checked as a fresh answer is: its api_url on the expected domain, its times possible now', () => {
    const token = cachedToken();
    const text = (overrides: Partial<CachedToken>) => serializeCachedToken({ ...token, ...overrides });
    assert.deepEqual(parseCachedToken(text({}), { domain: 'zoom.us', now: T0 + 60_000 }), token);
    assert.equal(parseCachedToken(text({}), { domain: 'zoomgov.com' }), undefined, 'a zoom.us api_url for a Zoom for Government subject');
    assert.equal(parseCachedToken(text({ apiUrl: 'https://evil.example' })), undefined);
    assert.equal(parseCachedToken(text({}), { now: T0 - 10 * 60_000 }), undefined, 'obtained ten minutes in the future');
    assert.ok(parseCachedToken(text({}), { now: T0 - 60_000 }), 'a minute of clock skew is fine');
    const forever = text({ obtainedAt: T0 + 365 * 86_400_000, expiresAt: T0 + 365 * 86_400_000 + 3600_000 });
    assert.equal(parseCachedToken(forever, { now: T0 }), undefined, 'a token that would live for a year from now');
  });

  test('an api_url is used as it was parsed: tabs and line breaks the URL parser drops never reach a caller', () => {
    for (const [raw, used] of [
      ['https://api.zo\tom.us', 'https://api.zoom.us'],
      ['https://api-eu.zoom.us/v2/\r\n', 'https://api-eu.zoom.us/v2'],
      [' https://api.zoom.us\n', 'https://api.zoom.us'],
      ['HTTPS://API.ZOOM.US/', 'https://api.zoom.us'],
    ]) {
      const parsed = parseCachedToken(serializeCachedToken(cachedToken({ apiUrl: raw })));
      assert.equal(parsed?.apiUrl, used, JSON.stringify(raw));
    }
  });

  test('the fingerprint changes with any credential and never contains the secret', () => {
    const zoom = 'https://zoom.us';
    const base = fingerprintOf(credentials, zoom);
    assert.notEqual(fingerprintOf({ ...credentials, clientSecret: 'secret-2' }, zoom), base);
    assert.notEqual(fingerprintOf({ ...credentials, clientId: 'other' }, zoom), base);
    assert.notEqual(fingerprintOf({ ...credentials, accountId: 'other' }, zoom), base);
    assert.notEqual(fingerprintOf(credentials, 'https://zoomgov.com'), base);
    const identity = { origin: zoom, accountId: 'acc', clientId: 'cli' };
    const byLogin = credentialFingerprint({ ...identity, loginId: 'one' });
    assert.notEqual(byLogin, credentialFingerprint({ ...identity, loginId: 'two' }));
    assert.notEqual(byLogin, credentialFingerprint({ ...identity, origin: 'https://zoomgov.com', loginId: 'one' }));
    // A login ID and a secret that happen to be equal still make different fingerprints.
    assert.notEqual(byLogin, credentialFingerprint({ ...identity, secret: 'one' }));
    assert.ok(!base.includes('secret-1'));
  });

  test('an entry larger than one item (Windows: 1,280 characters) is split and read back whole', async () => {
    const store = new MemoryKeychain();
    const cache = new TokenCache(store, 1280);
    const token = cachedToken({ accessToken: `eyJ${'x'.repeat(1500)}`, scopes: Array.from({ length: 60 }, (_, i) => `meeting:read:meeting${i}:admin`) });
    assert.equal(await cache.write('default', token), true);
    assert.ok(store.items.size >= 3);
    for (const value of store.items.values()) assert.ok(value.length <= 1280);
    assert.deepEqual(await cache.read('default'), token);

    // A smaller entry afterwards leaves no stale parts behind.
    assert.equal(await cache.write('default', cachedToken()), true);
    assert.deepEqual([...store.items.keys()], ['default:token']);
    assert.equal(await cache.delete('default'), true);
    assert.equal(store.items.size, 0);
  });

  test('an entry too large even in parts is not cached', async () => {
    const cache = new TokenCache(new MemoryKeychain(), 100);
    assert.equal(await cache.write('default', cachedToken({ accessToken: 'x'.repeat(5000) })), false);
  });
});

describe('obtainToken', () => {
  function setup(options: { now?: number } = {}) {
    const store = new MemoryKeychain();
    const cache = new TokenCache(store, 1_000_000);
    let now = options.now ?? T0;
    let mints = 0;
    const debugLines: string[] = [];
    const deps: TokenSourceDeps = {
      cache,
      lockDir: tempDir('zoom-s2s-lock-'),
      now: () => now,
      mint: async (): Promise<AccessToken> => {
        mints++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { accessToken: `eyJ.minted.${mints}`, tokenType: 'bearer', expiresAt: now + 3599_000, scopes: ['a:b'], apiUrl: undefined };
      },
      debug: (line) => void debugLines.push(line),
      lockOptions: { staleMs: 2000, waitMs: 10_000 },
    };
    return { store, cache, deps, mints: () => mints, advance: (ms: number) => (now += ms), debugLines };
  }
  const request = (overrides: { credentials?: ClientCredentials; origin?: string; minTtlMs?: number; force?: boolean } = {}) => {
    const c = overrides.credentials ?? credentials;
    const origin = overrides.origin ?? 'https://zoom.us';
    return {
      profile: 'default',
      origin,
      fingerprint: fingerprintOf(c, origin),
      credentials: async () => c,
      minTtlMs: overrides.minTtlMs ?? 300_000,
      force: overrides.force ?? false,
    };
  };

  test('mints once, then answers from the cache until the minimum is not met', async () => {
    const s = setup();
    const first = await obtainToken(request(), s.deps);
    assert.equal(first.origin, 'minted');
    const second = await obtainToken(request(), s.deps);
    assert.equal(second.origin, 'cache');
    assert.equal(second.token.accessToken, first.token.accessToken);
    assert.equal(s.mints(), 1);

    s.advance(3599_000 - 300_000 + 1000); // less than 5 minutes left
    const third = await obtainToken(request(), s.deps);
    assert.equal(third.origin, 'minted');
    assert.equal(s.mints(), 2);
  });

  test('--force mints whatever the cache holds; a longer --min-ttl than what is left mints', async () => {
    const s = setup();
    await obtainToken(request(), s.deps);
    assert.equal((await obtainToken(request({ force: true }), s.deps)).origin, 'minted');
    s.advance(30 * 60_000);
    assert.equal((await obtainToken(request({ minTtlMs: 20 * 60_000 }), s.deps)).origin, 'cache');
    assert.equal((await obtainToken(request({ minTtlMs: 40 * 60_000 }), s.deps)).origin, 'minted');
    assert.equal(s.mints(), 3);
  });

  test('another token endpoint never gets the old token', async () => {
    const s = setup();
    await obtainToken(request(), s.deps);
    assert.equal((await obtainToken(request({ origin: 'http://127.0.0.1:9' }), s.deps)).origin, 'minted');
  });

  test('new credentials never get the old token', async () => {
    const s = setup();
    const old = await obtainToken(request(), s.deps);
    const fresh = await obtainToken(request({ credentials: { ...credentials, clientSecret: 'secret-2' } }), s.deps);
    assert.equal(fresh.origin, 'minted');
    assert.notEqual(fresh.token.accessToken, old.token.accessToken);
    assert.ok(s.debugLines.some((line) => /other credentials/.test(line)));
  });

  test('a planted entry that would never expire, or whose api_url is on another domain, is not served: a token is minted', async () => {
    const s = setup();
    const planted = (overrides: Partial<CachedToken>) => s.store.items.set('default:token', serializeCachedToken(cachedToken({ credentials: fingerprintOf(credentials, 'https://zoom.us'), ...overrides })));
    planted({ obtainedAt: T0 + 365 * 86_400_000, expiresAt: T0 + 365 * 86_400_000 + 3600_000 });
    assert.equal((await obtainToken(request(), s.deps)).origin, 'minted');
    planted({ apiUrl: 'https://api.zoom.us' });
    assert.equal((await obtainToken({ ...request(), domain: 'zoomgov.com' }, s.deps)).origin, 'minted');
    planted({ apiUrl: 'https://api.zoom.us' });
    assert.equal((await obtainToken({ ...request(), domain: 'zoom.us' }, s.deps)).origin, 'cache', 'the same entry, on its own domain');
  });

  test('a corrupt entry is treated as empty and replaced', async () => {
    const s = setup();
    s.store.items.set('default:token', '{"format":"zoom-s2s-token-v1","accessToken":');
    const result = await obtainToken(request(), s.deps);
    assert.equal(result.origin, 'minted');
    assert.deepEqual(parseCachedToken(s.store.items.get('default:token')), result.token);
  });

  test('callers arriving together share one mint', async () => {
    const s = setup();
    const results = await Promise.all(Array.from({ length: 10 }, () => obtainToken(request(), s.deps)));
    assert.equal(s.mints(), 1);
    assert.equal(new Set(results.map((r) => r.token.accessToken)).size, 1);
    assert.equal(results.filter((r) => r.origin === 'minted').length, 1);
  });

  test('a lock left by a dead holder is taken over within a few seconds', async () => {
    const s = setup();
    const lockDir = path.join(s.deps.lockDir, 'default.token.lock');
    mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);
    const started = Date.now();
    assert.equal((await obtainToken(request(), s.deps)).origin, 'minted');
    assert.ok(Date.now() - started < 3000);
  });

  test('without a cache every call mints, without taking the lock', async () => {
    const s = setup();
    const deps = { ...s.deps, cache: undefined };
    await obtainToken(request(), deps);
    await obtainToken(request(), deps);
    assert.equal(s.mints(), 2);
    assert.ok(s.debugLines.some((line) => /no usable token cache/.test(line)));
  });
});
