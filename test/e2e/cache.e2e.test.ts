/**
 * The token cache across real processes: the built CLI, the emulator counting
 * mints, the real keychain holding the cache, and the lock under ~/.cache.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { clearKeychainItem, startHangingMint, keychainItem, noKeyring, runCli, sandbox, type Sandbox } from '../helpers/run-cli.js';

const SHORT_LIVED = { ...SAMPLE_APP, clientId: 'shortLived01', expiresIn: 600 };
const OTHER_APP = { ...SAMPLE_APP, clientId: 'otherApp01', clientSecret: 'otherSecret0123456789' };

describe('the token cache across processes', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  let box: Sandbox;
  before(async () => {
    zoom = await startZoomEmulator({ apps: [SAMPLE_APP, SHORT_LIVED, OTHER_APP] });
  });
  after(() => zoom?.close());
  beforeEach(() => {
    for (const account of ['default', 'default:token']) clearKeychainItem(account);
    box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin });
  });

  const cli = (args: string[], input?: string) => runCli(args, { env: box.env, input });
  const login = async (app = SAMPLE_APP, ...extra: string[]) => {
    const result = await cli(['login', '--account-id', app.accountId, '--client-id', app.clientId, '--client-secret-stdin', ...extra], app.clientSecret);
    assert.equal(result.code, 0, result.stderr);
  };

  test('login caches its token; token calls reuse it; --force mints one more', async () => {
    const before = zoom.issuedCount();
    await login();
    assert.equal(zoom.issuedCount(), before + 1);
    const first = await cli(['token']);
    const second = await cli(['token']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `${zoom.issued.at(-1)}\n`);
    assert.equal(second.stdout, first.stdout);
    assert.equal(zoom.issuedCount(), before + 1);

    // The cache lives in the keychain, under "<profile>:token", never in a file.
    const entry = JSON.parse(keychainItem('default:token') ?? '{}') as { accessToken?: string };
    assert.equal(`${entry.accessToken}\n`, first.stdout);
    assert.ok(!(keychainItem('default:token') ?? '').includes(SAMPLE_APP.clientSecret));

    const forced = await cli(['token', '--force']);
    assert.equal(zoom.issuedCount(), before + 2);
    assert.notEqual(forced.stdout, first.stdout);
    assert.equal((await cli(['token'])).stdout, forced.stdout);

    const scopes = await cli(['scopes']);
    assert.equal(scopes.code, 0);
    assert.equal(zoom.issuedCount(), before + 2);
  });

  test('--min-ttl longer than the time left mints; shorter uses the cache', async () => {
    await login(SHORT_LIVED); // tokens of 10 minutes
    const count = zoom.issuedCount();
    assert.equal((await cli(['token', '--min-ttl', '5m'])).code, 0);
    assert.equal(zoom.issuedCount(), count);
    assert.equal((await cli(['token', '--min-ttl', '15m'])).code, 0);
    assert.equal(zoom.issuedCount(), count + 1);
    const bad = await cli(['token', '--min-ttl', '10y']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid --min-ttl "10y"/);
  });

  test('a new login with other credentials never gets the old token', async () => {
    await login();
    const old = (await cli(['token'])).stdout;
    await login(OTHER_APP, '--no-verify');
    const fresh = await cli(['token']);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.notEqual(fresh.stdout, old);
    assert.equal(fresh.stdout, `${zoom.issued.at(-1)}\n`);
  });

  test('20 processes at once on an empty cache: one mint, 20 identical tokens', async () => {
    await login(SAMPLE_APP, '--no-verify');
    const count = zoom.issuedCount();
    zoom.script({ delayMs: 300 }); // a slow mint, so that the others really wait
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => cli(['token'])));
    const elapsed = Date.now() - started;
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    assert.equal(zoom.issuedCount(), count + 1);
    assert.equal(new Set(results.map((r) => r.stdout)).size, 1);
    assert.equal(results[0]!.stdout, `${zoom.issued.at(-1)}\n`);
    console.log(`# 20 concurrent token calls on an empty cache: 1 mint, last finished after ${elapsed} ms`);
  });

  test('a lock left by a process killed with SIGKILL delays the next call by a few seconds at most', async () => {
    await login(SAMPLE_APP, '--no-verify');
    zoom.script({ hang: true });
    const { child: holder, lock } = await startHangingMint(box, () => zoom.requests.length);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    assert.ok(existsSync(lock), 'SIGKILL leaves the lock behind');

    const next = await cli(['token']);
    assert.equal(next.code, 0, next.stderr);
    assert.ok(next.ms < 8000, `took ${next.ms} ms`);
    console.log(`# token after a SIGKILLed lock holder: ${next.ms} ms`);
  });

  test('logout removes the cached token', async () => {
    await login();
    assert.ok(keychainItem('default:token'));
    const result = await cli(['logout']);
    assert.match(result.stderr, /Cached access token of "default" removed/);
    assert.equal(keychainItem('default:token'), undefined);
  });

  test('status: no request, the documented fields; --check proves the credentials', async () => {
    const notLoggedIn = await cli(['status']);
    assert.equal(notLoggedIn.code, 3);

    await login();
    const requests = zoom.requests.length;
    const human = await cli(['status']);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Credentials: +profile "default"\n/);
    assert.match(human.stdout, /Client secret: +in the system keychain \(Secret Service\)\n/);
    assert.match(human.stdout, /Cached token: +expires in 59 min \((?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC\), 7 scopes\n/);
    assert.ok(!human.stdout.includes(SAMPLE_APP.clientSecret));
    assert.ok(!human.stdout.includes(zoom.issued.at(-1)!));

    const json = JSON.parse((await cli(['status', '--json'])).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['source', 'profile', 'accountId', 'clientId', 'secretStorage', 'secretReachable', 'tokenEndpoint', 'cachedToken']);
    assert.equal(json.source, 'profile');
    assert.equal(json.profile, 'default');
    assert.equal(json.tokenEndpoint, `${zoom.origin}/oauth/token`);
    assert.equal((json.cachedToken as { scopeCount: number }).scopeCount, SAMPLE_APP.scopes.length);
    assert.equal(zoom.requests.length, requests);

    const checked = JSON.parse((await cli(['status', '--check', '--json'])).stdout) as { check: unknown };
    assert.deepEqual(checked.check, { ok: true, tokenSource: 'cache' });
    assert.equal(zoom.requests.length, requests);

    clearKeychainItem('default:token');
    const minted = JSON.parse((await cli(['status', '--check', '--json'])).stdout) as { check: unknown };
    assert.deepEqual(minted.check, { ok: true, tokenSource: 'minted' });
    assert.equal(zoom.requests.length, requests + 1);
  });
});
