/** Profiles, Zoom for Government and bad input, with the built CLI and a real keychain. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { clearKeychainItem, keychainItem, noKeyring, runCli, sandbox, type Sandbox } from '../helpers/run-cli.js';

const DEV = { ...SAMPLE_APP, accountId: 'devAccount01', clientId: 'devClient01', clientSecret: 'devSecret0123456789' };
const PROD = { ...SAMPLE_APP, accountId: 'prodAccount01', clientId: 'prodClient01', clientSecret: 'prodSecret0123456789' };
const ACCOUNTS = ['default', 'default:token', 'dev', 'dev:token', 'prod', 'prod:token', 'gov', 'gov:token'];

describe('profiles', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  let box: Sandbox;
  before(async () => {
    zoom = await startZoomEmulator({ apps: [SAMPLE_APP, DEV, PROD] });
  });
  after(() => zoom?.close());
  beforeEach(() => {
    for (const account of ACCOUNTS) clearKeychainItem(account);
    box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin });
  });

  const cli = (args: string[], input = '', env: Record<string, string> = {}) => runCli(args, { env: { ...box.env, ...env }, input });
  const login = async (profile: string, app: typeof DEV, ...extra: string[]) => {
    const result = await cli(['login', '--profile', profile, '--account-id', app.accountId, '--client-id', app.clientId, '--client-secret-stdin', ...extra], app.clientSecret);
    assert.equal(result.code, 0, result.stderr);
    return result;
  };
  /** The token's client, read back from the emulator's list of issued tokens. */
  const issuedTo = (token: string) => JSON.parse(Buffer.from(token.trim().split('.')[1]!, 'base64url').toString()).iss as string;

  test('several profiles: the first becomes the default; --profile, ZOOM_S2S_PROFILE and `profiles use` choose', async () => {
    const first = await login('dev', DEV);
    assert.match(first.stderr, /"dev" is now the default profile/);
    await login('prod', PROD);
    assert.equal(keychainItem('dev'), DEV.clientSecret);
    assert.equal(keychainItem('prod'), PROD.clientSecret);

    assert.equal(issuedTo((await cli(['token'])).stdout), `zm:cid:${DEV.clientId}`);
    assert.equal(issuedTo((await cli(['token', '--profile', 'prod'])).stdout), `zm:cid:${PROD.clientId}`);
    assert.equal(issuedTo((await cli(['-p', 'prod', 'token'])).stdout), `zm:cid:${PROD.clientId}`);
    assert.equal(issuedTo((await cli(['token'], '', { ZOOM_S2S_PROFILE: 'prod' })).stdout), `zm:cid:${PROD.clientId}`);
    // The flag wins over the variable.
    assert.equal(issuedTo((await cli(['token', '-p', 'dev'], '', { ZOOM_S2S_PROFILE: 'prod' })).stdout), `zm:cid:${DEV.clientId}`);

    const list = await cli(['profiles']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^ +PROFILE +ACCOUNT ID +CLIENT ID +DOMAIN +STORAGE +CACHED TOKEN\n\* +dev +devAccount01 +devClient01 +zoom\.us +keychain +expires in 59 min\n +prod +prodAccount01/);
    const json = JSON.parse((await cli(['profiles', '--json'])).stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(json.map((p) => [p.name, p.default, p.storage, p.domain]), [['dev', true, 'keychain', 'zoom.us'], ['prod', false, 'keychain', 'zoom.us']]);

    const use = await cli(['profiles', 'use', 'prod']);
    assert.equal(use.code, 0);
    assert.match(use.stderr, /"prod" is now the default profile/);
    assert.equal(issuedTo((await cli(['token'])).stdout), `zm:cid:${PROD.clientId}`);
  });

  test('an unknown profile: exit 3 naming the known ones; an invalid name: exit 2', async () => {
    await login('dev', DEV);
    await login('prod', PROD);
    for (const args of [['token', '--profile', 'nope'], ['profiles', 'use', 'nope'], ['status', '-p', 'nope']]) {
      const result = await cli(args);
      assert.equal(result.code, 3, args.join(' '));
      assert.match(result.stderr, /No profile "nope"( \(from --profile\))?\. Known profiles: dev, prod\./, args.join(' '));
    }
    for (const name of ['a/b', '..', 'has space', 'x'.repeat(65), 'a:b']) {
      const result = await cli(['token', '--profile', name]);
      assert.equal(result.code, 2, name);
      assert.match(result.stderr, /Invalid profile name/, name);
    }
  });

  test('logout --profile removes one; logout --all removes every profile and keychain item', async () => {
    await login('dev', DEV);
    await login('prod', PROD);
    const one = await cli(['logout', '--profile', 'dev']);
    assert.equal(one.code, 0);
    assert.equal(keychainItem('dev'), undefined);
    assert.equal(keychainItem('dev:token'), undefined);
    assert.equal(keychainItem('prod'), PROD.clientSecret);

    await login('dev', DEV);
    const all = await cli(['logout', '--all']);
    assert.equal(all.code, 0);
    for (const account of ['dev', 'dev:token', 'prod', 'prod:token']) assert.equal(keychainItem(account), undefined, account);
    assert.deepEqual(JSON.parse(readFileSync(box.configFile, 'utf8')), { profiles: {} });
    assert.match((await cli(['logout', '--all'])).stderr, /nothing to remove/);
  });

  test('Zoom for Government: --domain zoomgov.com sets the token endpoint; other domains are refused', async () => {
    const box2 = sandbox(); // no ZOOM_S2S_OAUTH_URL: the real endpoints, so no request is sent (--no-verify, status without --check)
    const gov = await runCli(['login', '-p', 'gov', '--domain', 'zoomgov.com', '--no-verify', '--account-id', 'a1', '--client-id', 'c1', '--client-secret-stdin'], { env: box2.env, input: 's1' });
    assert.equal(gov.code, 0, gov.stderr);
    assert.match(gov.stderr, /Zoom for Government/);
    const status = JSON.parse((await runCli(['status', '--json', '-p', 'gov'], { env: box2.env })).stdout) as { tokenEndpoint: string };
    assert.equal(status.tokenEndpoint, 'https://zoomgov.com/oauth/token');
    const profiles = JSON.parse((await runCli(['profiles', '--json'], { env: box2.env })).stdout) as Array<{ domain: string }>;
    assert.equal(profiles[0]!.domain, 'zoomgov.com');

    const bad = await runCli(['login', '--domain', 'zoom.com', '--account-id', 'a', '--client-id', 'c', '--client-secret-stdin'], { env: box2.env, input: 's' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown domain "zoom\.com": use zoom\.us \(the default\) or zoomgov\.com/);
  });

  test('bad input: a one-line message, the right exit code, stored state unchanged byte for byte', async () => {
    await login('dev', DEV);
    const snapshot = () => JSON.stringify([readFileSync(box.configFile, 'utf8'), ...ACCOUNTS.map((account) => keychainItem(account) ?? null)]);
    const before = snapshot();
    const requests = zoom.requests.length;
    const loginWith = (accountId: string, clientId: string, secret: string, ...extra: string[]) =>
      cli(['login', '-p', 'dev', '--account-id', accountId, '--client-id', clientId, '--client-secret-stdin', ...extra], secret);
    const cases: Array<[string, () => ReturnType<typeof cli>, number, RegExp]> = [
      ['empty account ID', () => loginWith('', DEV.clientId, DEV.clientSecret), 2, /account ID is empty/],
      ['whitespace-only client ID', () => loginWith(DEV.accountId, '   ', DEV.clientSecret), 2, /client ID is empty/],
      ['inner whitespace', () => loginWith('dev Account', DEV.clientId, DEV.clientSecret), 2, /account ID contains spaces/],
      ['control characters', () => loginWith(DEV.accountId, 'dev\u0007Client', DEV.clientSecret), 2, /control characters/],
      ['over 1 KB', () => loginWith('a'.repeat(1500), DEV.clientId, DEV.clientSecret), 2, /1500 characters long/],
      ['CRLF inside the secret', () => loginWith(DEV.accountId, DEV.clientId, 'abc\r\ndef\r\n'), 2, /client secret contains control characters/],
      ['a ":" in the client ID', () => loginWith(DEV.accountId, 'dev:Client', DEV.clientSecret), 2, /":"/],
      ['a domain not allowed', () => loginWith(DEV.accountId, DEV.clientId, DEV.clientSecret, '--domain', 'zoom.com'), 2, /Unknown domain/],
      ['an unknown profile for use', () => cli(['profiles', 'use', 'nope']), 3, /Known profiles: dev/],
      ['an unknown profile for --profile', () => cli(['logout', '-p', 'nope']), 0, /nothing to remove/],
    ];
    for (const [name, run, code, message] of cases) {
      const result = await run();
      assert.equal(result.code, code, `${name}: ${result.stderr}`);
      assert.match(result.stderr, message, name);
      assert.ok(result.stderr.trimEnd().split('\n').length <= 2, `${name}: ${result.stderr}`);
      assert.equal(snapshot(), before, `${name} changed the stored state`);
    }
    assert.equal(zoom.requests.length, requests, 'no request was sent');
    assert.ok(existsSync(box.configFile));
  });
});
