/**
 * Servers that send credentials back, in every form an encoder may write
 * them (test/emulator/echo.ts: as they are, JSON-escaped with "\/",
 * URL-encoded, base64 padded or not, base64url, inside a longer base64
 * text): the token endpoint echoing the secret and its Basic value, the API
 * echoing the token. Nothing zoom-s2s prints, answers an agent with (a cut
 * result too) or answers a proxy's client with on its own may hold any of
 * them. The app's secret has "/", "+" and "=" in it, so every form differs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiEmulator, type ApiEmulator } from '../emulator/api-emulator.js';
import { leakedForms } from '../emulator/echo.js';
import { SAMPLE_APP, startZoomEmulator, type EmulatedApp, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { credentialVariables, NO_KEYCHAIN, runCli, sandbox } from '../helpers/run-cli.js';
import { startServing } from '../helpers/serve.js';

const APP: EmulatedApp = { ...SAMPLE_APP, clientId: 'echoClient01', clientSecret: 'Zx/9+Qa=Lm/7Kp2Wv8Rt4Yh+/w==' };
const BASIC = Buffer.from(`${APP.clientId}:${APP.clientSecret}`).toString('base64');

describe('servers that echo credentials', () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  before(async () => {
    zoom = await startZoomEmulator({ apps: [APP] });
    api = await startApiEmulator({ issuer: zoom });
  });
  after(async () => {
    await api?.close();
    await zoom?.close();
  });
  const env = () => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...credentialVariables(APP), ...NO_KEYCHAIN }).env;
  /** Every form of every credential of the run found in `text`. */
  const leaks = (text: string) => [APP.clientSecret, BASIC, ...zoom.issued].flatMap((credential) => leakedForms(text, credential));

  test('the forms are in what the emulators send (or the checks below would prove nothing)', async () => {
    zoom.script({ echoCredentials: true });
    const refused = await fetch(`${zoom.origin}/oauth/token?grant_type=account_credentials&account_id=${APP.accountId}`, { method: 'POST', headers: { authorization: `Basic ${BASIC}`, 'content-type': 'application/x-www-form-urlencoded' } });
    const reason = (await refused.json() as { reason: string }).reason;
    assert.ok(leakedForms(reason, APP.clientSecret).length >= 4, reason);
    assert.ok(leakedForms(reason, BASIC).length >= 4, reason);
    const minted = await runCli(['token'], { env: env() });
    const token = minted.stdout.trim();
    const echoed = await (await fetch(`${api.base}/echo`, { headers: { authorization: `Bearer ${token}` } })).text();
    assert.ok(leakedForms(echoed, token).length >= 4, echoed);
  });

  test('the token endpoint echoing the secret and the Basic value: masked on stderr, in --json and in debug lines', async () => {
    for (const args of [['token'], ['token', '--json'], ['--debug', 'token'], ['--debug', 'scopes', '--json']]) {
      zoom.script({ echoCredentials: true });
      const result = await runCli(args, { env: env() });
      assert.equal(result.code, 4, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /\[redacted\]/);
      assert.deepEqual(leaks(result.stdout + result.stderr), [], args.join(' '));
    }
  });

  test('the API echoing the token in an error: masked in api\'s message and its debug lines', async () => {
    const result = await runCli(['--debug', 'api', '/echo?status=400'], { env: env() });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /echo \[redacted\]/);
    assert.deepEqual(leaks(result.stderr), []);
  });

  test('mcp: a result, an error and a result cut at the size limit hold no form of the token', async () => {
    const rpc = (id: number, method: string, params: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
    const echo = (id: number, query: Record<string, number>) => rpc(id, 'tools/call', { name: 'zoom_api', arguments: { path: '/echo', query } });
    const session = [
      rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'echoes', version: '1' } }),
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      echo(2, {}),
      echo(3, { status: 400 }),
      echo(4, { pad: 1_100_000 }),
    ];
    const result = await runCli(['--debug', 'mcp'], { env: env(), input: `${session.join('\n')}\n` });
    assert.equal(result.code, 0, result.stderr);
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; result?: { isError?: boolean; structuredContent?: { truncated?: boolean } } });
    assert.deepEqual(answers.map((answer) => answer.id).sort(), [1, 2, 3, 4]);
    assert.equal(answers.find((answer) => answer.id === 3)?.result?.isError, true, 'the error answer');
    assert.equal(answers.find((answer) => answer.id === 4)?.result?.structuredContent?.truncated, true, 'the cut answer');
    assert.ok(zoom.issued.length > 0);
    assert.match(result.stdout, /\[redacted\]/);
    assert.deepEqual(leaks(result.stdout + result.stderr), []);
  });

  test('proxy: its own answer (a 502 when the replacement token is refused) and its debug lines hold no form of the secret', async () => {
    const proxy = await startServing(['--debug', 'proxy'], env());
    try {
      api.revoke(zoom.issued.at(-1)!);
      zoom.script({ echoCredentials: true });
      const answer = await fetch(`${proxy.url}/users/me`);
      const body = await answer.text();
      assert.equal(answer.status, 502, body);
      assert.match(body, /\[redacted\]/);
      assert.deepEqual(leaks(body), []);
    } finally {
      await proxy.stop();
    }
    assert.deepEqual(leaks(proxy.stderr()), []);
  });
});
