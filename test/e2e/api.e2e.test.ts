/** `zoom-s2s api`: the built CLI against the token endpoint and API emulators. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startApiEmulator, USER_COUNT, type ApiEmulator } from '../emulator/api-emulator.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, credentialVariables, loggedInSandbox, NO_KEYCHAIN, noKeyring, runCli, sandbox } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

// Environment credentials and no keychain: every call mints, so each test stands alone.
const ENV = { ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN };

describe('api', () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
    api = await startApiEmulator({ issuer: zoom });
  });
  after(async () => {
    await api?.close();
    await zoom?.close();
  });
  beforeEach(() => {
    api.requests.length = 0;
  });
  const env = (extra: Record<string, string> = {}) => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...ENV, ...extra }).env;
  const apiCalls = () => api.requests.filter((r) => r.host === 'api');

  test('GET a path: the body unchanged on stdout, the token in Authorization, /v2 added once', async () => {
    for (const target of ['/users/me', 'users/me', '/v2/users/me']) {
      api.requests.length = 0;
      const result = await runCli(['api', target], { env: env() });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      const [request] = apiCalls();
      assert.equal(request?.url, '/v2/users/me', target);
      assert.equal(request?.method, 'GET');
      assert.equal(request?.token, zoom.issued.at(-1));
      assert.equal(request?.headers.accept, 'application/json');
      assert.match(request?.headers['user-agent'] ?? '', /^zoom-s2s\/\d+\.\d+\.\d+/);
      // Unchanged bytes: Zoom's compact JSON, no newline added.
      assert.equal(result.stdout, JSON.stringify(JSON.parse(result.stdout)));
      assert.equal((JSON.parse(result.stdout) as { email: string }).email, 'jchill@example.com');
    }
  });

  test('--paginate follows next_page_token over three pages and merges the lists', async () => {
    const result = await runCli(['api', '/users', '--paginate', '-F', 'page_size=3'], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    const calls = apiCalls();
    assert.equal(calls.length, 3);
    assert.deepEqual(calls.map((c) => c.query.get('page_size')), ['3', '3', '3']);
    assert.equal(calls[0]!.query.get('next_page_token'), null);
    assert.ok(calls[1]!.query.get('next_page_token') && calls[2]!.query.get('next_page_token'));
    const merged = JSON.parse(result.stdout) as { users: Array<{ id: string }>; next_page_token: string; page_number: number; total_records: number };
    assert.deepEqual(merged.users.map((u) => u.id), api.users.map((u) => u.id));
    assert.equal(merged.users.length, USER_COUNT);
    // The other fields come from the last page.
    assert.equal(merged.next_page_token, '');
    assert.equal(merged.page_number, 3);
  });

  test('POST: fields build the JSON body (typed, nested, raw strings), the answer is printed', async () => {
    const args = ['api', '/users/me/meetings', '-F', 'topic=Weekly sync', '-F', 'type=2', '-F', 'duration=30', '-F', 'settings[join_before_host]=true', '-F', 'settings[alternative_hosts_email_notification]=false', '-f', 'password=123456', '-F', 'tracking_fields[][field]=team'];
    const result = await runCli(args, { env: env() });
    assert.equal(result.code, 0, result.stderr);
    const [request] = apiCalls();
    assert.equal(request?.method, 'POST');
    assert.match(request?.headers['content-type'] ?? '', /^application\/json/);
    const sent = JSON.parse(request!.body) as Record<string, unknown>;
    assert.deepEqual(sent, { topic: 'Weekly sync', type: 2, duration: 30, settings: { join_before_host: true, alternative_hosts_email_notification: false }, password: '123456', tracking_fields: [{ field: 'team' }] });
    const created = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(created.topic, 'Weekly sync');
    assert.equal(typeof created.id, 'number');
  });

  test('--input sends a file or stdin as the body; fields then go into the query', async () => {
    const dir = tempDir('zoom-s2s-input-');
    const file = path.join(dir, 'meeting.json');
    writeFileSync(file, '{"topic":"From a file","type":1}');
    let result = await runCli(['api', '/users/me/meetings', '--input', file, '-F', 'note=x'], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(apiCalls()[0]?.body, '{"topic":"From a file","type":1}');
    assert.equal(apiCalls()[0]?.query.get('note'), 'x');
    api.requests.length = 0;
    result = await runCli(['api', '/users/me/meetings', '--input', '-'], { env: env(), input: '{"topic":"From stdin"}' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(apiCalls()[0]?.body, '{"topic":"From stdin"}');
    assert.equal(apiCalls()[0]?.method, 'POST');
  });

  test('-H adds a header; Authorization cannot be overridden; -X GET with fields makes a query', async () => {
    let result = await runCli(['api', '/users/me/recordings', '-X', 'GET', '-F', 'from=2026-11-01', '-H', 'X-Trace: abc 123'], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(apiCalls()[0]?.headers['x-trace'], 'abc 123');
    assert.equal(apiCalls()[0]?.query.get('from'), '2026-11-01');
    assert.equal(apiCalls()[0]?.body, '');
    const before = zoom.requests.length;
    result = await runCli(['api', '/users/me', '-H', 'authorization: Bearer stolen'], { env: env() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Authorization header cannot be set/);
    assert.equal(zoom.requests.length, before, 'nothing minted for a usage error');
  });

  test('-i prints the status line and headers before the body', async () => {
    const result = await runCli(['api', '/users/me', '-i'], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    const [head, body] = result.stdout.split('\n\n');
    assert.match(head!, /^HTTP\/1\.1 200 OK\n/);
    assert.match(head!, /^content-type: application\/json;charset=UTF-8$/m);
    assert.equal((JSON.parse(body!) as { id: string }).id, 'KDcuGIm1QgePTO8WbOqwIQ');
  });

  test('an HTTP error: Zoom\'s body verbatim on stderr, nothing on stdout, exit 1', async () => {
    const result = await runCli(['api', '/users/nobody@example.com'], { env: env() });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '{"code":1001,"message":"User does not exist: nobody@example.com."}\nerror: Zoom API answered HTTP 404 Not Found to GET /v2/users/nobody@example.com.\n');
  });

  test('a missing scope: Zoom\'s message, and how to add the scope', async () => {
    const result = await runCli(['api', '/accounts'], { env: env() });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /"code":4711/);
    assert.match(result.stderr, /lacks a scope.*\n?.*zoom-s2s token --force/s);
    assert.equal(apiCalls().length, 1, 'a scope error is not a refused token: no retry');
  });

  test('a full URL on another host is refused before anything is sent', async () => {
    const mints = zoom.requests.length;
    for (const target of ['https://example.com/v2/users/me', `${api.cdnOrigin}/v2/users/me`, `https://${new URL(api.origin).host}/v2/users/me`, 'https://api.zoom.us.example.com/v2/users/me']) {
      const result = await runCli(['api', target], { env: env() });
      assert.equal(result.code, 2, target);
      assert.match(result.stderr, /^error: Refusing to send the access token to /, target);
    }
    assert.equal(zoom.requests.length, mints, 'no token was even fetched');
    assert.equal(api.requests.length, 0);
    // A full URL on the API host itself is fine.
    const ok = await runCli(['api', `${api.base}/users/me`], { env: env() });
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('429 with Retry-After is waited out; a wait longer than the bound is not', async () => {
    api.script('/v2/users/me', { status: 429, headers: { 'retry-after': '1' }, body: '{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}' });
    let result = await runCli(['api', '/users/me'], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(apiCalls().length, 2);
    assert.ok(result.ms >= 1000, `waited ${result.ms} ms`);

    api.requests.length = 0;
    api.script('/v2/users/me', { status: 429, headers: { 'retry-after': '120' }, body: '{"code":429,"message":"You have reached the maximum daily rate limit for this API."}' });
    result = await runCli(['api', '/users/me'], { env: env() });
    assert.equal(result.code, 1);
    assert.equal(apiCalls().length, 1);
    assert.match(result.stderr, /maximum daily rate limit/);
    assert.match(result.stderr, /asks to wait 120 s/);
  });

  test('5xx and a dropped connection: GET is tried again, POST never', async () => {
    api.script('/v2/users/me', { status: 503, body: '{"code":503,"message":"Service unavailable"}' }, { reset: true });
    let result = await runCli(['api', '/users/me'], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(apiCalls().length, 3);

    api.requests.length = 0;
    api.script('/v2/users/me/meetings', { status: 503, body: '{"code":503,"message":"Service unavailable"}' });
    result = await runCli(['api', '/users/me/meetings', '-F', 'topic=Once'], { env: env() });
    assert.equal(result.code, 1);
    assert.equal(apiCalls().length, 1);
    assert.match(result.stderr, /Service unavailable/);

    api.requests.length = 0;
    api.script('/v2/users/me/meetings', { reset: true });
    result = await runCli(['api', '/users/me/meetings', '-F', 'topic=Once'], { env: env() });
    assert.equal(result.code, 5);
    assert.equal(apiCalls().length, 1);
    assert.match(result.stderr, /^error: Request to 127\.0\.0\.1:\d+ failed/);
  });

  test('a recording: the download URL redirects to a file host, which gets the bytes without the token', async () => {
    const dir = tempDir('zoom-s2s-download-');
    const file = path.join(dir, 'standup.mp4');
    const list = await runCli(['api', '/users/me/recordings', '-X', 'GET', '-F', 'from=2026-11-27'], { env: env() });
    const downloadUrl = (JSON.parse(list.stdout) as { meetings: Array<{ recording_files: Array<{ download_url: string }> }> }).meetings[0]!.recording_files[0]!.download_url;
    api.requests.length = 0;
    const result = await runCli(['api', downloadUrl, '--output', file], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.ok(readFileSync(file).equals(api.recording));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['standup.mp4'], 'no temporary file left');
    const [first, second] = api.requests;
    assert.equal(first?.host, 'api');
    assert.ok(first?.token, 'the download URL on the API host gets the token');
    assert.equal(second?.host, 'cdn');
    assert.equal(second?.headers.authorization, undefined, 'the file host does not');

    // To a pipe, the same bytes unchanged.
    const piped = await runCli(['api', downloadUrl], { env: env() });
    assert.equal(piped.code, 0, piped.stderr);
    assert.ok(piped.stdoutBytes.equals(api.recording));
  });

  test('--output into a missing folder fails clearly; an error answer leaves the file alone', async () => {
    const dir = tempDir('zoom-s2s-output-');
    let result = await runCli(['api', '/users/me', '--output', path.join(dir, 'no', 'such', 'me.json')], { env: env() });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: Cannot write .*me\.json: ENOENT/);
    const existing = path.join(dir, 'me.json');
    writeFileSync(existing, 'before');
    result = await runCli(['api', '/users/nobody', '--output', existing], { env: env() });
    assert.equal(result.code, 1);
    assert.equal(readFileSync(existing, 'utf8'), 'before');
  });

  test('Ctrl-C during a download leaves no partial file', async () => {
    const dir = tempDir('zoom-s2s-interrupt-');
    const file = path.join(dir, 'stalls.mp4');
    const child = spawn(process.execPath, [CLI, 'api', `${api.origin}/rec/download/stalls`, '--output', file], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 10_000;
    // Wait until half the file has been written to the temporary file.
    for (;;) {
      const partial = readdirSync(dir).filter((name) => name.endsWith('.tmp'));
      if (partial.length === 1 && statSync(path.join(dir, partial[0]!)).size >= Math.floor(api.recording.length / 2)) break;
      if (Date.now() > deadline) throw new Error(`the download never got going: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 130, stderr);
    assert.deepEqual(readdirSync(dir), []);
  });

  test('usage errors: bad field, bad header, --paginate with POST, a body on GET', async () => {
    for (const args of [
      ['api', '/users/me', '-F', 'novalue'],
      ['api', '/users/me', '-H', 'no colon'],
      ['api', '/users', '--paginate', '-X', 'POST'],
      ['api', '/users/me', '-X', 'GET', '--input', '-'],
      ['api', '/users', '-X', 'GET', '-F', 'a[b]=c'],
      ['api', '/users/me', '-X', 'G E T'],
    ]) {
      const result = await runCli(args, { env: env(), input: '{}' });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
    }
    assert.equal(api.requests.length, 0);
  });

  test('ZOOM_S2S_API_URL must be https, or http on this machine', async () => {
    const result = await runCli(['api', '/users/me'], { env: env({ ZOOM_S2S_API_URL: 'http://api.example.com/v2' }) });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /ZOOM_S2S_API_URL must use https/);
  });

  test('--help shows examples', async () => {
    const result = await runCli(['api', '--help'], { env: env() });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Examples:\n {2}\$ zoom-s2s api \/users\/me\n/);
    assert.match(result.stdout, /--paginate/);
    assert.match(result.stdout, /--output standup\.mp4/);
  });

  describe('with a cached token in the keychain', { skip: noKeyring }, () => {
    test('a refused token (401, code 124) is replaced once, the call made again, and the new token cached', async () => {
      const box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
      box.env.ZOOM_S2S_API_URL = api.base;
      const first = await runCli(['token'], { env: box.env });
      assert.equal(first.code, 0, first.stderr);
      const cached = first.stdout.trim();
      const mints = zoom.issuedCount();
      // /v2/report/daily refuses the first token it sees: this cached one.
      const result = await runCli(['api', '/report/daily'], { env: box.env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(zoom.issuedCount(), mints + 1, 'one new token');
      const calls = apiCalls();
      assert.deepEqual(calls.map((c) => c.token), [cached, zoom.issued.at(-1)]);
      assert.match(result.stdout, /"meetings":12/);
      // The new token replaced the refused one in the cache: the next call mints nothing.
      const again = await runCli(['token'], { env: box.env });
      assert.equal(again.stdout.trim(), zoom.issued.at(-1));
      assert.equal(zoom.issuedCount(), mints + 1);
    });

    test('a token refused twice: one retry only, Zoom\'s body and exit 1', async () => {
      const box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
      box.env.ZOOM_S2S_API_URL = api.base;
      const refused = '{"code":124,"message":"Invalid access token."}';
      api.script('/v2/users/me', { status: 401, body: refused }, { status: 401, body: refused });
      const result = await runCli(['api', '/users/me'], { env: box.env });
      assert.equal(result.code, 1);
      assert.equal(apiCalls().length, 2);
      assert.ok(result.stderr.startsWith(`${refused}\nerror: Zoom API answered HTTP 401 Unauthorized to GET /v2/users/me.\n`), result.stderr);
    });
  });
});
