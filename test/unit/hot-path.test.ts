/**
 * The hot path (src/hot-path.ts) answers exactly the plain cached `token`
 * cases, prints what the full program would, and hands everything else over
 * untouched, with the keychain read it made.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerFromCache, hotTokenArgs, type HotPathIo } from '../../src/hot-path.js';
import { credentialFingerprint, serializeCachedToken, cacheAccount, type CachedToken } from '../../src/core/auth/token-cache.js';
import { formatToken } from '../../src/core/auth/token-format.js';
import { openSettings, type ProfileSettings } from '../../src/core/store/settings.js';
import { MemoryKeychain } from '../helpers/fake-context.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');

describe('hotTokenArgs', () => {
  test('the plain token cases', () => {
    const answered: Array<[string[], ReturnType<typeof hotTokenArgs>]> = [
      [['token'], { profile: undefined, format: 'raw', minTtlMs: 300_000, force: false }],
      [['-p', 'prod', 'token'], { profile: 'prod', format: 'raw', minTtlMs: 300_000, force: false }],
      [['token', '--profile', 'prod'], { profile: 'prod', format: 'raw', minTtlMs: 300_000, force: false }],
      [['token', '--profile=prod', '--format', 'env'], { profile: 'prod', format: 'env', minTtlMs: 300_000, force: false }],
      [['token', '--format=header', '--min-ttl', '30m'], { profile: undefined, format: 'header', minTtlMs: 1_800_000, force: false }],
      [['token', '--json'], { profile: undefined, format: 'json', minTtlMs: 300_000, force: false }],
      [['token', '--min-ttl=90s', '-p', 'a', '-p', 'b'], { profile: 'b', format: 'raw', minTtlMs: 90_000, force: false }],
      [['token', '--force'], { profile: undefined, format: 'raw', minTtlMs: 300_000, force: true }],
      [['token', '-f', '--json'], { profile: undefined, format: 'json', minTtlMs: 300_000, force: true }],
    ];
    for (const [argv, expected] of answered) assert.deepEqual(hotTokenArgs(argv), expected, argv.join(' '));
  });

  test('everything else is left to the full program', () => {
    const left = [
      [],
      ['--help'],
      ['status'],
      ['token', '--help'],
      ['token', '--copy'],
      ['token', '-c'],
      ['token', '--force=yes'],
      ['token', '--debug'],
      ['--debug', 'token'],
      ['--ca-file', 'x.pem', 'token'],
      ['--format', 'json', 'token'], // not a global option: a usage error there
      ['token', 'extra'],
      ['token', 'token'],
      ['token', '--format', 'yaml'],
      ['token', '--format'],
      ['token', '--profile'],
      ['token', '--profile', '--json'],
      ['token', '--profile='],
      ['token', '-p=prod'],
      ['token', '--json', '--format', 'raw'],
      ['token', '--json=yes'],
      ['token', '--min-ttl', '0'],
      ['token', '--min-ttl', '2h'],
      ['token', '--'],
    ];
    for (const argv of left) assert.equal(hotTokenArgs(argv), undefined, argv.join(' '));
  });
});

describe('answerFromCache', () => {
  const loginId = 'login-one';
  const profile: ProfileSettings = { accountId: 'acc', clientId: 'cli', loginId };
  const tokenFor = (origin: string, overrides: Partial<CachedToken> = {}): CachedToken => ({
    accessToken: 'eyJ.cached.token',
    tokenType: 'bearer',
    obtainedAt: T0,
    expiresAt: T0 + 3600_000,
    scopes: ['user:read:admin'],
    apiUrl: 'https://api.zoom.us',
    credentials: credentialFingerprint({ origin, accountId: 'acc', clientId: 'cli', loginId }),
    ...overrides,
  });

  async function setup(options: { profile?: ProfileSettings; token?: CachedToken; env?: Record<string, string>; argv?: string[]; stderrIsTTY?: boolean } = {}) {
    const env = { ZOOM_S2S_CONFIG_DIR: tempDir('zoom-s2s-hot-'), ...options.env };
    const settings = await openSettings(env);
    await settings.setProfile('default', options.profile ?? profile, { makeDefault: true });
    const keychain = new MemoryKeychain();
    const token = options.token ?? tokenFor('https://zoom.us');
    keychain.items.set(cacheAccount('default'), serializeCachedToken(token));
    const out = { stdout: '', stderr: '' };
    const io: HotPathIo = {
      argv: options.argv ?? ['token'],
      env,
      platform: 'linux',
      now: () => T0 + 60_000,
      secrets: async () => keychain,
      writeStdout: (text) => ((out.stdout += text), true),
      stderrMayBeTerminal: () => options.stderrIsTTY ?? false,
      writeStderr: (text) => void (out.stderr += text),
    };
    return { io, out, keychain, token };
  }

  test('prints the cached token as the full program would, and nothing else', async () => {
    for (const format of ['raw', 'json', 'env', 'header'] as const) {
      const { io, out, token } = await setup({ argv: ['token', '--format', format] });
      assert.equal(await answerFromCache(io), undefined, format);
      assert.equal(out.stdout, formatToken(token, format, 'https://api.zoom.us/v2', T0 + 60_000));
      assert.equal(out.stderr, '');
    }
  });

  test('says when the token expires when stderr may be a terminal', async () => {
    const { io, out } = await setup({ stderrIsTTY: true });
    assert.equal(await answerFromCache(io), undefined);
    assert.equal(out.stderr, 'Token expires in 59 min, at 13:00:00 UTC.\n');
  });

  const leftAlone: Array<[string, Parameters<typeof setup>[0]]> = [
    ['an expired token', { token: tokenFor('https://zoom.us', { expiresAt: T0 + 60_000 }) }],
    ['less than --min-ttl left', { argv: ['token', '--min-ttl', '50m'], token: tokenFor('https://zoom.us', { expiresAt: T0 + 3000_000 }) }],
    ['a token minted for another endpoint', { env: { ZOOM_S2S_OAUTH_URL: 'http://127.0.0.1:9' } }],
    ['a token of an earlier login', { profile: { ...profile, loginId: 'login-two' } }],
    ['an interrupted login', { profile: { ...profile, pending: true } }],
    ['a profile stored before logins had an ID', { profile: { accountId: 'acc', clientId: 'cli' } }],
    ['an unknown profile', { argv: ['token', '-p', 'nope'] }],
    ['credentials in the environment', { env: { ZOOM_CLIENT_ID: 'x' } }],
    ['debug output asked for', { env: { DEBUG: 'zoom-s2s' } }],
    ['--force', { argv: ['token', '--force'] }],
    ['a refused ZOOM_S2S_API_URL with --format env', { argv: ['token', '--format', 'env'], env: { ZOOM_S2S_API_URL: 'http://example.com' } }],
  ];
  for (const [what, options] of leftAlone) {
    test(`leaves ${what} to the full program, printing nothing`, async () => {
      const { io, out } = await setup(options);
      assert.notEqual(await answerFromCache(io), undefined);
      assert.deepEqual(out, { stdout: '', stderr: '' });
    });
  }

  test('an explicit profile wins over credentials in the environment, as in the full program', async () => {
    const { io, out } = await setup({ argv: ['token', '-p', 'default'], env: { ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'b', ZOOM_CLIENT_SECRET: 'c' } });
    assert.equal(await answerFromCache(io), undefined);
    assert.equal(out.stdout, 'eyJ.cached.token\n');
  });

  test('hands over the keychain read it made, a failed one included', async () => {
    const expired = await setup({ token: tokenFor('https://zoom.us', { expiresAt: T0 }) });
    const handover = await answerFromCache(expired.io);
    assert.equal(handover?.cacheRead?.account, 'default:token');
    assert.equal(await handover.cacheRead.result, expired.keychain.items.get('default:token'));

    const broken = await setup();
    broken.keychain.unavailable = true;
    const failed = await answerFromCache(broken.io);
    await assert.rejects(failed!.cacheRead!.result, /no Secret Service is running/);
  });

  test('hands the token arguments on, so the token program can answer without commander', async () => {
    const { io } = await setup({ argv: ['token', '--force', '--format', 'env'] });
    assert.deepEqual((await answerFromCache(io))?.token, { profile: undefined, format: 'env', minTtlMs: 300_000, force: true });
    const other = await setup({ argv: ['status'] });
    assert.equal((await answerFromCache(other.io))?.token, undefined);
  });

  test('a stdout that takes nothing leaves the answer to the full program', async () => {
    const { io } = await setup();
    assert.notEqual(await answerFromCache({ ...io, writeStdout: () => false }), undefined);
  });
});
