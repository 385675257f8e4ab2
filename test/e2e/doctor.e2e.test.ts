/** `zoom-s2s doctor` on a healthy setup and on broken ones. */
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { loggedInSandbox, NO_KEYCHAIN, noDisplay, noKeyring, runCli, sandbox } from '../helpers/run-cli.js';

interface Report {
  ok: boolean;
  checks: Array<{ id: string; title: string; status: 'ok' | 'warn' | 'fail'; detail: string; fix: string | null }>;
}

describe('doctor', { skip: noKeyring || noDisplay }, () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());
  const statuses = (report: Report) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

  test('a healthy setup: every check ok, exit 0', async () => {
    const box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    const result = await runCli(['doctor', '--json'], { env: box.env });
    assert.equal(result.code, 0, result.stdout);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.ok, true);
    assert.deepEqual(statuses(report), { node: 'ok', keychain: 'ok', clipboard: 'ok', files: 'ok', proxy: 'ok', ca: 'ok', endpoint: 'ok', clock: 'ok', credentials: 'ok' });
    assert.match(report.checks.find((c) => c.id === 'credentials')!.detail, /^profile "default" work: the cached token, expires in 5\d min, 7 scopes$/);
    assert.match(report.checks.find((c) => c.id === 'clock')!.detail, /within a second of the token endpoint's clock/);

    const text = await runCli(['doctor'], { env: box.env });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^ok {3}Node\.js/m);
    assert.match(text.stdout, /\n\nEverything looks fine\.\n$/);
    assert.equal(text.stderr, '');
  });

  test('no keyring, a config file others can read, a proxy with a password: each said, with a fix; exit 1', async () => {
    const box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    chmodSync(box.configFile, 0o644);
    const env = { ...box.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', HTTPS_PROXY: 'http://alice:s3cret@127.0.0.1:9', NO_PROXY: '127.0.0.1' };
    const result = await runCli(['doctor', '--json'], { env });
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.ok, false);
    const check = (id: string) => report.checks.find((c) => c.id === id)!;
    assert.equal(check('keychain').status, 'fail');
    assert.match(check('keychain').fix!, /insecure-storage/);
    assert.equal(check('files').status, 'fail');
    assert.equal(check('files').fix, `chmod 600 ${box.configFile}`);
    assert.equal(check('proxy').status, 'ok');
    assert.equal(check('proxy').detail, 'in use: HTTPS_PROXY=http://alice:****@127.0.0.1:9, NO_PROXY=127.0.0.1');
    assert.ok(!result.stdout.includes('s3cret'));
    assert.equal(check('endpoint').status, 'ok', 'NO_PROXY lets the loopback emulator through');
    assert.equal(check('credentials').status, 'fail');

    const text = await runCli(['doctor'], { env });
    assert.equal(text.code, 1);
    assert.match(text.stdout, new RegExp(`^fail Files +${box.configFile.replace(/[.]/g, '\\.')} is mode 0644 \\(others can read it\\)\\n +→ chmod 600 `, 'm'));
    assert.match(text.stdout, /\n\n3 problems\.\n$/);
  });

  test('a folder name with escape sequences in it (XDG_CONFIG_HOME) is shown escaped: the report goes through the one escaping path', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    const config = `${box.env.HOME}/conf\u001b]0;pwned\u0007\u202e`;
    const result = await runCli(['doctor'], { env: { ...box.env, XDG_CONFIG_HOME: config } });
    assert.doesNotMatch(result.stdout + result.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/, result.stdout);
    assert.match(result.stdout, /conf\\x1b\]0;pwned\\x07\\u202e/);
  });

  test('a proxy password is never shown, whatever the form of HTTPS_PROXY: no scheme, a space or "@" in it, not a URL, a control character', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    const forms: Array<[string, string]> = [
      ['alice:pw-s3cret@127.0.0.1:9', 'alice:****@127.0.0.1:9'],
      ['http://alice:pw s3cret@127.0.0.1:9', 'http://alice:****@127.0.0.1:9'],
      ['http://alice:pw@s3cret@127.0.0.1:9', 'http://alice:****@127.0.0.1:9'],
      ['http://alice:pw-s3cret@[not-a-url', 'http://alice:****@[not-a-url'],
      ['http://alice:pw-s3\u001b[2Jcret@127.0.0.1:9', 'http://alice:****@127.0.0.1:9'],
    ];
    for (const [proxy, shown] of forms) {
      for (const args of [['doctor', '--json'], ['doctor']]) {
        const result = await runCli(args, { env: { ...box.env, HTTPS_PROXY: proxy, NO_PROXY: '127.0.0.1' } });
        assert.ok(!result.stdout.includes('s3') && !result.stderr.includes('s3'), `${args.join(' ')} ${JSON.stringify(proxy)}: ${result.stdout}`);
        assert.ok(result.stdout.includes(shown), `${args.join(' ')} ${JSON.stringify(proxy)}: ${result.stdout}`);
      }
    }
  });

  test('after login --insecure-storage without a keychain: the keychain is "not used", not a warning', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    const login = await runCli(['login', '--insecure-storage', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'], { env: box.env, input: SAMPLE_APP.clientSecret });
    assert.equal(login.code, 0, login.stderr);
    const result = await runCli(['doctor', '--json'], { env: box.env });
    const keychain = (JSON.parse(result.stdout) as Report).checks.find((c) => c.id === 'keychain')!;
    assert.equal(keychain.status, 'ok');
    assert.equal(keychain.detail, 'not used: profile "default" keeps its secret in the credentials file (login --insecure-storage)');
    assert.equal(keychain.fix, null);
  });

  test('a clock 10 minutes behind the token endpoint: fail, with how to fix it', async () => {
    const box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    zoom.clockOffsetMs = 10 * 60_000;
    const result = await runCli(['doctor', '--json'], { env: box.env }).finally(() => (zoom.clockOffsetMs = 0));
    assert.equal(result.code, 1);
    const clock = (JSON.parse(result.stdout) as Report).checks.find((c) => c.id === 'clock')!;
    assert.equal(clock.status, 'fail');
    assert.match(clock.detail, /^(599|600|601) s behind the token endpoint's clock$/);
    assert.match(clock.fix!, /timedatectl/);
  });

  test('an endpoint that is down and no display: fail and warn', async () => {
    const box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    const { DISPLAY: _display, ...env } = box.env;
    const result = await runCli(['doctor', '--json'], { env: { ...env, ZOOM_S2S_OAUTH_URL: 'http://127.0.0.1:9' } });
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(statuses(report).clipboard, 'warn');
    assert.equal(statuses(report).endpoint, 'fail');
    assert.match(report.checks.find((c) => c.id === 'endpoint')!.detail, /connection refused/);
  });
});
