/**
 * Credentials from the environment (CI, containers, the old .env habit) and
 * the insecure-storage fallback for machines without a keychain.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { clearKeychainItem, credentialVariables, keychainItem, NO_KEYCHAIN, noKeyring, runCli, sandbox } from '../helpers/run-cli.js';

const ENV_CREDENTIALS = credentialVariables(SAMPLE_APP);

describe('credentials from the environment and insecure storage', () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());
  beforeEach(() => {
    if (!noKeyring) for (const account of ['default', 'default:token', '@environment:token']) clearKeychainItem(account);
  });
  const env = (extra: Record<string, string> = {}) => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...extra });

  test('without a keychain: the three variables work with no login, one mint per call, no failure', async () => {
    const box = env({ ...ENV_CREDENTIALS, ...NO_KEYCHAIN });
    const count = zoom.issuedCount();
    const first = await runCli(['token'], { env: box.env });
    const second = await runCli(['--debug', 'token'], { env: box.env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(zoom.issuedCount(), count + 2);
    assert.match(second.stderr, /credentials from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET/);
    assert.match(second.stderr, /token cache unreadable/);
    assert.ok(!second.stderr.includes(SAMPLE_APP.clientSecret));

    const status = JSON.parse((await runCli(['status', '--json'], { env: box.env })).stdout) as Record<string, unknown>;
    assert.equal(status.source, 'environment');
    assert.equal(status.profile, null);
    assert.equal(status.cachedToken, null);
  });

  test('with a keychain: the token is cached, keyed to the secret, and never holds it', { skip: noKeyring }, async () => {
    const box = env(ENV_CREDENTIALS);
    const count = zoom.issuedCount();
    const first = await runCli(['token'], { env: box.env });
    const second = await runCli(['token'], { env: box.env });
    assert.equal(second.stdout, first.stdout);
    assert.equal(zoom.issuedCount(), count + 1);
    const entry = keychainItem('@environment:token') ?? '';
    assert.match(entry, /"accessToken":"eyJ/);
    assert.ok(!entry.includes(SAMPLE_APP.clientSecret));

    const human = await runCli(['status'], { env: box.env });
    assert.match(human.stdout, /^Credentials: +from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET\n/);
    assert.match(human.stdout, /Cached token: +expires in 59 min/);
  });

  test('only some of the three variables: exit 2 naming the missing ones', async () => {
    const box = env({ ZOOM_ACCOUNT_ID: SAMPLE_APP.accountId, ...NO_KEYCHAIN });
    const result = await runCli(['token'], { env: box.env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET are not set/);
  });

  test('an explicit --profile wins over the environment', { skip: noKeyring }, async () => {
    const box = env();
    const login = await runCli(['login', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'], { env: box.env, input: SAMPLE_APP.clientSecret });
    assert.equal(login.code, 0, login.stderr);
    const wrong = { ZOOM_ACCOUNT_ID: 'x', ZOOM_CLIENT_ID: 'y', ZOOM_CLIENT_SECRET: 'z' };
    const fromEnvironment = await runCli(['token'], { env: { ...box.env, ...wrong } });
    assert.equal(fromEnvironment.code, 4, 'the environment wins over the default profile');
    const fromProfile = await runCli(['token', '--profile', 'default'], { env: { ...box.env, ...wrong } });
    assert.equal(fromProfile.code, 0, fromProfile.stderr);
  });

  test('no keychain: login says the three ways forward; --insecure-storage uses a 0600 file and says so', async () => {
    const box = env(NO_KEYCHAIN);
    const args = ['login', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'];
    const refused = await runCli(args, { env: box.env, input: SAMPLE_APP.clientSecret });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Secret Service keyring.*ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET.*--insecure-storage/s);

    const stored = await runCli([...args, '--insecure-storage'], { env: box.env, input: SAMPLE_APP.clientSecret });
    assert.equal(stored.code, 0, stored.stderr);
    const file = path.join(path.dirname(box.configFile), 'credentials.json');
    assert.match(stored.stderr, new RegExp(`Client secret stored unencrypted in ${file.replace(/[.]/g, '\\.')} \\(mode 0600\\)`));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    const items = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    assert.equal(items.default, SAMPLE_APP.clientSecret);
    assert.match(items['default:token'] ?? '', /"accessToken":"eyJ/);
    assert.ok(!readFileSync(box.configFile, 'utf8').includes(SAMPLE_APP.clientSecret));

    const count = zoom.issuedCount();
    const token = await runCli(['token'], { env: box.env });
    assert.equal(token.code, 0, token.stderr);
    assert.equal(zoom.issuedCount(), count, 'served from the file cache');
    const status = JSON.parse((await runCli(['status', '--json'], { env: box.env })).stdout) as { secretStorage: string };
    assert.match(status.secretStorage, /credentials file .*credentials\.json \(not encrypted\)/);
    const profiles = JSON.parse((await runCli(['profiles', '--json'], { env: box.env })).stdout) as Array<{ storage: string }>;
    assert.equal(profiles[0]!.storage, 'file');

    const logout = await runCli(['logout'], { env: box.env });
    assert.equal(logout.code, 0, logout.stderr);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {});
  });
});
