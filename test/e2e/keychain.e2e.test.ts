/**
 * The built CLI against the emulator and a real Secret Service (gnome-keyring
 * in the test's D-Bus session), checked from outside with secret-tool.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { makeTestPki, noOpenssl } from '../helpers/tls.js';
import { clearKeychainItem, keychainItem, noKeyring, runCli, sandbox, type Sandbox } from '../helpers/run-cli.js';

const loginArgs = ['login', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'];

describe('zoom-s2s with a real keychain', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  let box: Sandbox;
  before(async () => {
    zoom = await startZoomEmulator({ apps: [SAMPLE_APP, { ...SAMPLE_APP, clientId: 'generalApp01', kind: 'general' }] });
  });
  after(() => zoom?.close());
  beforeEach(() => {
    clearKeychainItem('default');
    zoom.requests.length = 0;
    box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin });
  });

  const cli = (args: string[], input?: string, env: Record<string, string> = {}) => runCli(args, { env: { ...box.env, ...env }, input });
  const login = () => cli(loginArgs, `${SAMPLE_APP.clientSecret}\n`);

  test('login, token, scopes, logout: the whole life of a profile', async () => {
    const loggedIn = await login();
    assert.equal(loggedIn.code, 0, loggedIn.stderr);
    assert.equal(loggedIn.stdout, '');
    assert.match(loggedIn.stderr, /Credentials verified with http:\/\/127\.0\.0\.1:\d+ \(ZOOM_S2S_OAUTH_URL\): 7 scopes granted/);
    assert.match(loggedIn.stderr, /Secret Service/);
    assert.ok(!loggedIn.stderr.includes(SAMPLE_APP.clientSecret));
    assert.equal(zoom.issuedCount() > 0, true);

    // The secret is in the keychain under the documented names, not in the file.
    assert.equal(keychainItem('default'), SAMPLE_APP.clientSecret);
    const settingsText = readFileSync(box.configFile, 'utf8');
    assert.ok(!settingsText.includes(SAMPLE_APP.clientSecret));
    const stored = (JSON.parse(settingsText) as { profiles: Record<string, Record<string, string>> }).profiles;
    assert.deepEqual(Object.keys(stored), ['default']);
    assert.equal(stored.default!.accountId, SAMPLE_APP.accountId);
    assert.equal(stored.default!.clientId, SAMPLE_APP.clientId);
    assert.equal(statSync(box.configFile).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(box.configFile)).mode & 0o777, 0o700);

    const token = await cli(['token']);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    assert.equal(token.stderr, '');

    const json = await cli(['token', '--json']);
    const parsed = JSON.parse(json.stdout) as { accessToken: string; expiresIn: number; scopes: string[] };
    assert.match(parsed.accessToken, /^eyJ/);
    assert.ok(parsed.expiresIn > 3500 && parsed.expiresIn <= 3599);

    const scopes = await cli(['scopes']);
    assert.equal(scopes.code, 0);
    assert.deepEqual(scopes.stdout.trimEnd().split('\n'), [...SAMPLE_APP.scopes].sort());

    const logout = await cli(['logout']);
    assert.equal(logout.code, 0);
    assert.match(logout.stderr, /Client secret of "default" removed/);
    assert.equal(keychainItem('default'), undefined);
    assert.deepEqual(JSON.parse(readFileSync(box.configFile, 'utf8')), { profiles: {} });  // and no defaultProfile left pointing at it

    const again = await cli(['logout']);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /nothing to remove/);

    const after = await cli(['token']);
    assert.equal(after.code, 3);
  });

  test('login from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET', async () => {
    const result = await cli(['login'], '', {
      ZOOM_ACCOUNT_ID: SAMPLE_APP.accountId,
      ZOOM_CLIENT_ID: SAMPLE_APP.clientId,
      ZOOM_CLIENT_SECRET: SAMPLE_APP.clientSecret,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(keychainItem('default'), SAMPLE_APP.clientSecret);
  });

  test('a wrong secret: exit 4 with Zoom\'s reason, nothing stored', async () => {
    const result = await cli(loginArgs, 'not-the-secret\n');
    assert.equal(result.code, 4);
    assert.match(result.stderr, /^error: Zoom rejected the credentials: Invalid client_id or client_secret\n.+\n$/);
    assert.equal(keychainItem('default'), undefined);
    assert.ok(!existsSync(box.configFile) || !readFileSync(box.configFile, 'utf8').includes(SAMPLE_APP.accountId));
  });

  test('credentials of an app that is not Server-to-Server: exit 4, unsupported grant type', async () => {
    const result = await cli(['login', '--account-id', SAMPLE_APP.accountId, '--client-id', 'generalApp01', '--client-secret-stdin'], SAMPLE_APP.clientSecret);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /unsupported grant type/);
  });

  test('without a terminal a missing value is a usage error naming the flag and the variable', async () => {
    const result = await cli(['login', '--account-id', SAMPLE_APP.accountId], '');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /client ID is missing.*\nPass --client-id or set ZOOM_CLIENT_ID\./);
    assert.equal(keychainItem('default'), undefined);
  });

  test('Zoom failing: 500s end in exit 5 naming the status; a 503 then a 200 succeeds', async () => {
    assert.equal((await login()).code, 0);
    zoom.script({ status: 500 }, { status: 500 }, { status: 500 });
    const failed = await cli(['token', '--force']);
    assert.equal(failed.code, 5);
    assert.equal(failed.stdout, '');
    assert.match(failed.stderr, /HTTP 500/);
    assert.ok(!failed.stderr.includes('    at '));

    zoom.script({ status: 503, body: '<html>busy</html>', headers: { 'content-type': 'text/html' } });
    const recovered = await cli(['token', '--force']);
    assert.equal(recovered.code, 0, recovered.stderr);
    assert.match(recovered.stdout, /^eyJ/);
  });

  test('a 200 that is not JSON: exit 5, unexpected response', async () => {
    assert.equal((await login()).code, 0);
    zoom.script({ status: 200, body: '<html>portal</html>', headers: { 'content-type': 'text/html' } });
    const result = await cli(['token', '--force']);
    assert.equal(result.code, 5);
    assert.match(result.stderr, /Unexpected response from the token endpoint/);
  });

  test('a token endpoint that never answers: exit 5 within the documented 30 s', async () => {
    assert.equal((await login()).code, 0);
    zoom.script({ hang: true }, { hang: true }, { hang: true });
    const result = await cli(['token', '--force']);
    assert.equal(result.code, 5);
    assert.match(result.stderr, /did not answer within \d+ s \(3 attempts\)\.\n/);
    assert.ok(result.ms < 35_000, `took ${result.ms} ms`);
  });

  test('settings without the secret in the keychain: exit 3 as soon as a mint needs it', async () => {
    assert.equal((await login()).code, 0);
    clearKeychainItem('default');
    // The cached token was minted for this login and is still valid: it is served.
    assert.equal((await cli(['token'])).code, 0);
    const result = await cli(['token', '--force']);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /missing from the system keychain/);
    assert.equal((await cli(['status'])).code, 3);
  });

  test('an http:// token URL that is not loopback is refused before credentials are sent', async () => {
    assert.equal((await login()).code, 0);
    const result = await cli(['token'], '', { ZOOM_S2S_OAUTH_URL: 'http://zoom.example.com' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /must use https/);
  });

  test('--debug explains the request without the secret, the Authorization header or the token', async () => {
    assert.equal((await login()).code, 0);
    const result = await cli(['--debug', 'token', '--force']);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /debug: POST .*\/oauth\/token/);
    assert.ok(!result.stderr.includes(SAMPLE_APP.clientSecret));
    assert.ok(!/basic\s/i.test(result.stderr));
    assert.ok(!result.stderr.includes(result.stdout.trim()));
  });

  test('over HTTPS: a CA from NODE_EXTRA_CA_CERTS is trusted; a certificate for another name is refused (exit 5)', { skip: noOpenssl }, async () => {
    const pki = makeTestPki();
    const good = await startZoomEmulator({ tls: pki.server });
    const wrong = await startZoomEmulator({ tls: pki.wrongName });
    try {
      const env = { ZOOM_S2S_OAUTH_URL: good.origin, NODE_EXTRA_CA_CERTS: pki.caFile };
      const loggedIn = await cli(loginArgs, SAMPLE_APP.clientSecret, env);
      assert.equal(loggedIn.code, 0, loggedIn.stderr);
      const token = await cli(['token', '--force'], '', env);
      assert.equal(token.code, 0, token.stderr);
      assert.equal(token.stdout, `${good.issued.at(-1)}\n`);
      assert.equal(good.issued.length, 2);

      const refused = await cli(['token'], '', { ...env, ZOOM_S2S_OAUTH_URL: wrong.origin });
      assert.equal(refused.code, 5);
      assert.match(refused.stderr, /^error: TLS connection to 127\.0\.0\.1:\d+ failed: .*ERR_TLS_CERT_ALTNAME_INVALID/);
      assert.equal(wrong.requests.length, 0);
    } finally {
      await good.close();
      await wrong.close();
    }
  });
});
