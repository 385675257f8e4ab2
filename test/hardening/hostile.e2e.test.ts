/**
 * What comes back is not trusted: a token endpoint or API that is
 * compromised or impersonated (a TLS-inspecting proxy, a wrong
 * ZOOM_S2S_OAUTH_URL), files planted in zoom-s2s's folders, a terminal that
 * reports 0 columns. Each case runs the built CLI; the README's "Security and
 * reliability" section lists what these guarantee.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startApiEmulator, type ApiEmulator } from '../emulator/api-emulator.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, credentialVariables, NO_KEYCHAIN, runCli, sandbox, type CliResult } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';
import { noTmux, Terminal } from '../helpers/terminal.js';

// Environment credentials and no keychain: every call mints, so each answer below is the one used.
const ENV = { ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN };
const SECRET = SAMPLE_APP.clientSecret;
const BASIC = Buffer.from(`${SAMPLE_APP.clientId}:${SECRET}`).toString('base64');
/** A raw control character or bidi override anywhere: what must never reach a terminal from outside. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const answer = (body: Record<string, unknown>) => ({ status: 200, body: JSON.stringify(body) });
const GOOD = { access_token: 'eyJhbGciOiJIUzUxMiJ9.e30.c2lnbmF0dXJl', token_type: 'bearer', expires_in: 3599, scope: 'user:read:user:admin', api_url: 'https://api.zoom.us' };

describe('hostile answers', () => {
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
  beforeEach(() => zoom.unscript());
  const env = (extra: Record<string, string> = {}) => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...ENV, ...extra }).env;
  const noRawControls = (result: CliResult, where: string) => {
    assert.ok(!RAW_CONTROL.test(result.stderr), `${where}: a raw control character on stderr: ${JSON.stringify(result.stderr)}`);
    assert.ok(!RAW_CONTROL.test(result.stdout), `${where}: a raw control character on stdout: ${JSON.stringify(result.stdout)}`);
  };

  test('an access_token that is not a bearer token: exit 5, never printed (no header injection)', async () => {
    for (const token of ['abc\r\nX-Injected: yes', 'abc def', 'abc\u001b]52;c;ZXZpbA==\u0007', 'tok"en', '']) {
      zoom.script(answer({ ...GOOD, access_token: token }));
      const result = await runCli(['token', '--format', 'header'], { env: env() });
      assert.equal(result.code, 5, `${JSON.stringify(token)}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, token ? /^error: Unexpected response from the token endpoint: access_token is not a bearer token/ : /no access_token/);
      assert.ok(!result.stderr.includes('X-Injected') && !result.stderr.includes('ZXZpbA'), result.stderr);
      noRawControls(result, JSON.stringify(token));
    }
  });

  test('expires_in must be a whole number of seconds from 1 to a day: exit 5 otherwise, never "Invalid time value"', async () => {
    for (const expiresIn of [1e13, '0x10', 0.0004, -5, 0, '3600abc', 86401, null, '1e3', true]) {
      zoom.script(answer({ ...GOOD, expires_in: expiresIn }));
      const result = await runCli(['token'], { env: env() });
      assert.equal(result.code, 5, `${JSON.stringify(expiresIn)}: ${result.stderr}`);
      assert.match(result.stderr, /expires_in is not a whole number of seconds from 1 to 86400/);
      assert.equal(result.stdout, '');
    }
    zoom.script(answer({ ...GOOD, expires_in: '3600' }));
    const asString = await runCli(['token', '--json'], { env: env() });
    assert.equal(asString.code, 0, asString.stderr);
    assert.equal((JSON.parse(asString.stdout) as { expiresIn: number }).expiresIn, 3599);
  });

  test('an api_url off Zoom\'s hosts is not used: not by token --format env or --json, exec or api; a debug line says so', async () => {
    for (const apiUrl of ['http://evil.test', 'https://evil.test', 'https://api.zoom.us.evil.test', 'https://api.zoom.us:8443', 'https://user@api.zoom.us', 'http://api.zoom.us', 'https://api.zoomgov.com', 'javascript:alert(1)', 42]) {
      zoom.script(answer({ ...GOOD, api_url: apiUrl }));
      const envFormat = await runCli(['--debug', 'token', '--format', 'env'], { env: env() });
      assert.equal(envFormat.code, 0, envFormat.stderr);
      assert.match(envFormat.stdout, /^export ZOOM_API_URL='https:\/\/api\.zoom\.us\/v2'$/m, String(apiUrl));
      assert.match(envFormat.stderr, /debug: api_url .* is not https on a zoom\.us host; using the default API host/);
      zoom.script(answer({ ...GOOD, api_url: apiUrl }));
      const json = await runCli(['token', '--json'], { env: env() });
      assert.equal((JSON.parse(json.stdout) as { apiUrl: unknown }).apiUrl, null, String(apiUrl));
    }
    zoom.script(answer({ ...GOOD, api_url: 'http://evil.test' }));
    const exec = await runCli(['exec', '--', 'sh', '-c', 'echo "$ZOOM_API_URL"'], { env: env() });
    assert.equal(exec.stdout, 'https://api.zoom.us/v2\n');
    // A regional host of the domain is Zoom's own.
    zoom.script(answer({ ...GOOD, api_url: 'https://api-eu.zoom.us' }));
    const regional = await runCli(['token', '--format', 'env'], { env: env() });
    assert.match(regional.stdout, /^export ZOOM_API_URL='https:\/\/api-eu\.zoom\.us\/v2'$/m);
    // Tabs and line breaks inside the text, which the URL parser drops: what is used is the URL as parsed.
    for (const apiUrl of ['https://api.zo\tom.us', 'https://api-eu.zoom.us\r\nX-Injected: 1', ' https://api.zoom.us/v2\n']) {
      zoom.script(answer({ ...GOOD, api_url: apiUrl }));
      const envFormat = await runCli(['token', '--format', 'env'], { env: env() });
      noRawControls(envFormat, JSON.stringify(apiUrl));
      assert.match(envFormat.stdout, /^export ZOOM_API_URL='https:\/\/api(-eu)?\.zoom\.us\/v2'$/m, JSON.stringify(apiUrl));
      zoom.script(answer({ ...GOOD, api_url: apiUrl }));
      const child = await runCli(['exec', '--', 'sh', '-c', 'printf %s "$ZOOM_API_URL"'], { env: env() });
      assert.match(child.stdout, /^https:\/\/api(-eu)?\.zoom\.us\/v2$/, JSON.stringify(apiUrl));
    }
    // For Zoom for Government, zoom.us is the wrong domain.
    zoom.script(answer({ ...GOOD, api_url: 'https://api.zoom.us' }));
    const gov = await runCli(['token', '--format', 'env'], { env: env({ ZOOM_S2S_DOMAIN: 'zoomgov.com' }) });
    assert.match(gov.stdout, /^export ZOOM_API_URL='https:\/\/api\.zoomgov\.com\/v2'$/m);
  });

  test('scope entries that are not scope names are left out, on a terminal and on a pipe', async () => {
    const scope = 'meeting:read:admin \u001b[31mred\u001b]0;title\u0007 user:read:admin\tuser:read:email \u202eevil x:y$(id)';
    for (const args of [['scopes'], ['scopes', '--json'], ['token', '--json']]) {
      zoom.script(answer({ ...GOOD, scope }));
      const result = await runCli(args, { env: env() });
      assert.equal(result.code, 0, result.stderr);
      noRawControls(result, args.join(' '));
      assert.ok(!result.stdout.includes('$(id)') && !result.stdout.includes('red'), result.stdout);
    }
    zoom.script(answer({ ...GOOD, scope }));
    assert.equal((await runCli(['scopes'], { env: env() })).stdout, 'meeting:read:admin\n');
  });

  test('Zoom\'s reason, an HTTP reason phrase and a redirect target are shown escaped, with and without --json', async () => {
    const reason = 'Bad \u001b[2J\u001b]52;c;ZXZpbA==\u0007 client\r\nerror: fake second line \u202etxt.exe';
    for (const args of [['token'], ['token', '--json']]) {
      zoom.script({ status: 400, body: JSON.stringify({ reason, error: 'invalid_client' }) });
      const result = await runCli(args, { env: env() });
      assert.equal(result.code, 4, result.stderr);
      noRawControls(result, args.join(' '));
      assert.ok(result.stderr.includes('\\x1b[2J') || result.stderr.includes('\\\\x1b[2J'), result.stderr);
      assert.ok(result.stderr.includes('u202e'), result.stderr);
      assert.equal(result.stderr.trimEnd().split('\n').length, args.length === 1 ? 2 : 1, 'one message line (and the hint), no injected line');
    }
    // A reason phrase with an escape sequence and a Location with a C1 control: Node's parser lets both through, Node's server cannot send them.
    for (const [status, head] of [['503 Service \u001b[2JUnavailable', ''], ['302 Found', 'Location: https://x.test/\u0085\u009b31m\r\n']] as const) {
      const raw = await rawServer(`HTTP/1.1 ${status}\r\n${head}Content-Length: 0\r\n\r\n`);
      try {
        const result = await runCli(['token'], { env: env({ ZOOM_S2S_OAUTH_URL: raw.origin }) });
        assert.equal(result.code, 5, result.stderr);
        noRawControls(result, status);
        assert.match(result.stderr, /\\x1b\[2J|\\x85\\x9b31m/);
      } finally {
        await raw.close();
      }
    }
  });

  test('an endpoint that echoes the Authorization header, the secret or a token gets them masked, with and without --json', async () => {
    const echo = `Invalid client: Authorization: Basic ${BASIC} secret=${SECRET}`;
    for (const args of [['token'], ['token', '--json'], ['--debug', 'token']]) {
      zoom.script({ status: 401, body: JSON.stringify({ reason: echo, error: 'invalid_client' }) });
      const result = await runCli(args, { env: env() });
      assert.equal(result.code, 4, result.stderr);
      assert.ok(!result.stderr.includes(SECRET) && !result.stderr.includes(BASIC), result.stderr);
      assert.match(result.stderr, /Basic \[redacted\] secret=\[redacted\]/);
    }
    // The API echoing the token it was sent (a debugging proxy): the token is one the endpoint chose, so the test knows it.
    const token = GOOD.access_token;
    zoom.script(answer(GOOD), answer(GOOD));
    api.script('/v2/users/me', { status: 401, body: JSON.stringify({ code: 124, message: `Invalid access token: Authorization: Bearer ${token}` }) });
    api.script('/v2/users/me', { status: 400, body: JSON.stringify({ code: 300, message: `Still refused: Bearer ${token}` }) });
    const apiEcho = await runCli(['--debug', 'api', '/users/me'], { env: env({ ZOOM_S2S_API_URL: api.base }) });
    assert.equal(apiEcho.code, 1, apiEcho.stderr);
    assert.ok(!apiEcho.stderr.includes(token), apiEcho.stderr);
    assert.match(apiEcho.stderr, /Still refused: Bearer \[redacted\]/);
  });

  test('mcp: C1 controls and bidi overrides in an answer reach the agent escaped, in the text it reads', async () => {
    api.script('/v2/users/me', { status: 200, body: JSON.stringify({ display_name: 'Jill \u0085\u009b31m \u202egnp.exe \u2066x\u2069' }) });
    const rpc = (id: number, method: string, params: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
    const session = [
      rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'hostile', version: '1' } }),
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      rpc(2, 'tools/call', { name: 'zoom_api', arguments: { path: '/users/me' } }),
    ];
    const result = await runCli(['mcp'], { env: env({ ZOOM_S2S_API_URL: api.base }), input: `${session.join('\n')}\n` });
    assert.equal(result.code, 0, result.stderr);
    const answer = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; result?: { content: Array<{ text: string }> } }).find((one) => one.id === 2)!;
    const text = answer.result!.content[0]!.text;
    assert.doesNotMatch(text, /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/, text);
    assert.match(text, /Jill \\u0085\\u009b31m \\u202egnp\.exe \\u2066x\\u2069/);
  });

  test('api: an error message, the status line and headers of -i are escaped; a body on a pipe stays byte for byte', async () => {
    const box = env({ ZOOM_S2S_API_URL: api.base });
    api.script('/v2/users/me', { status: 404, body: JSON.stringify({ code: 1001, message: 'No user \u001b]8;;http://evil.test\u0007here\u001b]8;;\u0007 \u202egnp.exe' }) });
    const error = await runCli(['api', '/users/me'], { env: box });
    assert.equal(error.code, 1, error.stderr);
    noRawControls(error, 'api error body');
    assert.match(error.stderr, /\\u001b\]8;;http:\/\/evil\.test/);
    const bytes = '{"text":"\u001b[31mraw\u001b[0m","bidi":"\u202e"}';
    api.script('/v2/users/me', { status: 200, body: bytes, headers: { 'x-note': 'tab\there' } });
    const piped = await runCli(['api', '/users/me'], { env: box });
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, bytes, 'the body the user asked for, unchanged');
    const raw = await rawServer('HTTP/1.1 200 O\u001b]0;pwned\u0007K\r\nX-Note: caf\u00e9 \u0085next\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    try {
      const head = await runCli(['api', '-i', '/users/me'], { env: env({ ZOOM_S2S_API_URL: `${raw.origin}/v2` }) });
      assert.equal(head.code, 0, head.stderr);
      const [statusLine, ...headers] = head.stdout.split('\n\n')[0]!.split('\n');
      assert.equal(statusLine, 'HTTP/1.1 200 O\\x1b]0;pwned\\x07K');
      assert.ok(headers.includes('x-note: café \\x85next'), headers.join('\n'));
      noRawControls(head, 'api -i');
    } finally {
      await raw.close();
    }
  });
});

/** A server on loopback that answers every request with `response`, written as Latin-1 bytes, whatever HTTP allows. */
async function rawServer(response: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end(response, 'latin1'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('planted files and folders', () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());
  const loginArgs = (profile = 'default') => ['login', '-p', profile, '--no-verify', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'];
  const insecure = (profile = 'default') => [...loginArgs(profile), '--insecure-storage'];

  test('a symbolic link in place of the settings or credentials file is refused, and what it points at is left alone', async () => {
    for (const name of ['config.json', 'credentials.json']) {
      const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
      const victim = path.join(tempDir('zoom-s2s-victim-'), 'important');
      writeFileSync(victim, 'do not touch\n');
      const dir = path.dirname(box.configFile);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      symlinkSync(victim, path.join(dir, name));
      const result = await runCli(insecure(), { env: box.env, input: SECRET });
      assert.equal(result.code, 1, `${name}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`${name.replace('.', '\\.')} cannot be used: it is a symbolic link`));
      assert.equal(readFileSync(victim, 'utf8'), 'do not touch\n', `${name}: the link's target`);
    }
  });

  test('a FIFO, a socket or a hard link in place of the settings or credentials file is refused at once, and a hard link\'s other file left alone', async () => {
    /** Each puts its kind of file at the path; what it returns undoes what must not outlive the test (a listening socket). */
    const planters: Array<[string, (file: string) => Promise<() => void> | (() => void)]> = [
      ['a FIFO', (file) => (execFileSync('mkfifo', ['-m', '600', file]), () => undefined)],
      ['a socket', (file) => new Promise((resolve) => {
        const server = createServer().listen(file, () => resolve(() => server.close()));
      })],
      ['a hard link', (file) => {
        const victim = path.join(path.dirname(file), 'victim.json');
        writeFileSync(victim, '{"profiles":{}}\n', { mode: 0o600 });
        linkSync(victim, file);
        return () => undefined;
      }],
    ];
    for (const name of ['config.json', 'credentials.json']) {
      for (const [kind, plant] of planters) {
        const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
        const dir = path.dirname(box.configFile);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (name === 'credentials.json') assert.equal((await runCli(insecure(), { env: box.env, input: SECRET })).code, 0);
        rmSync(path.join(dir, name), { force: true });
        const undo = await plant(path.join(dir, name));
        const result = await runCli(['token'], { env: box.env, timeoutMs: 15_000 });
        undo();
        assert.equal(result.code, 1, `${kind} at ${name}: ${result.signal ?? ''} ${result.stderr}`);
        assert.ok(result.ms < 5000, `${kind} at ${name}: ${result.ms} ms`);
        assert.match(result.stderr, new RegExp(`${name.replace('.', '\\.')} cannot be used: it (is not a regular file|has 2 names)`), `${kind} at ${name}`);
        if (kind === 'a hard link') assert.equal(readFileSync(path.join(dir, 'victim.json'), 'utf8'), '{"profiles":{}}\n');
      }
    }
  });

  test('a FIFO at the lock\'s owner file holds nothing up; a command waiting for a lock ends on SIGTERM and SIGINT', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    assert.equal((await runCli(insecure(), { env: box.env, input: SECRET })).code, 0);
    const cache = path.join(box.home, '.cache', 'zoom-s2s');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    execFileSync('mkfifo', ['-m', '600', path.join(cache, 'default.token.owner')]);
    const fifo = await runCli(['token', '--force'], { env: box.env, timeoutMs: 15_000 });
    assert.equal(fifo.code, 0, `${fifo.signal ?? ''} ${fifo.stderr}`);
    assert.ok(fifo.ms < 5000, `${fifo.ms} ms`);

    // A lock held by a live process (this one): the command waits for it, until told to stop.
    rmSync(path.join(cache, 'default.token.owner'), { force: true });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      mkdirSync(path.join(cache, 'default.token.lock'), { recursive: true });
      writeFileSync(path.join(cache, 'default.token.owner'), String(process.pid));
      const child = spawn(process.execPath, [CLI, '--debug', 'token', '--force'], { env: box.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(child.exitCode, null, `still waiting for the lock: ${stderr}`);
      const sent = Date.now();
      child.kill(signal);
      await new Promise((resolve) => child.once('exit', resolve));
      assert.ok(Date.now() - sent < 2000, `${signal}: ended ${Date.now() - sent} ms after`);
      rmSync(path.join(cache, 'default.token.lock'), { recursive: true, force: true });
    }
  });

  test('the lock\'s owner file is not written through a planted link', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    assert.equal((await runCli(insecure(), { env: box.env, input: SECRET })).code, 0);
    const victim = path.join(tempDir('zoom-s2s-victim-'), 'important');
    writeFileSync(victim, 'do not touch\n');
    const cache = path.join(box.home, '.cache', 'zoom-s2s');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    symlinkSync(victim, path.join(cache, 'default.token.owner'));
    const result = await runCli(['token', '--force'], { env: box.env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'do not touch\n');
  });

  test('a folder of another user is refused, naming it; one others can write is tightened (ours) or refused (chosen)', { skip: process.getuid?.() === 0 ? false : 'chown needs root' }, async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    assert.equal((await runCli(insecure(), { env: box.env, input: SECRET })).code, 0);
    const dir = path.dirname(box.configFile);
    chownSync(dir, 4242, 4242);
    const foreign = await runCli(['token'], { env: box.env });
    assert.equal(foreign.code, 1, foreign.stderr);
    assert.match(foreign.stderr, new RegExp(`The folder ${dir.replace(/[.]/g, '\\.')} belongs to another user \\(uid 4242\\)`));
    chownSync(dir, 0, 0);

    chmodSync(dir, 0o777);
    assert.equal((await runCli(['token'], { env: box.env })).code, 0);
    assert.equal(statSync(dir).mode & 0o777, 0o700, 'our own folder, tightened');

    const chosen = tempDir('zoom-s2s-chosen-');
    chmodSync(chosen, 0o777);
    const open = await runCli(insecure(), { env: { ...box.env, ZOOM_S2S_CONFIG_DIR: chosen }, input: SECRET });
    assert.equal(open.code, 1, open.stderr);
    assert.match(open.stderr, /can be written by others \(mode 0777\)/);
    assert.match(open.stderr, new RegExp(`chmod go-w ${chosen.replace(/[.]/g, '\\.')}`));
    assert.ok(!existsSync(path.join(chosen, 'credentials.json')));
    // Writable by its group only (a shared team folder): refused as well.
    chmodSync(chosen, 0o770);
    const group = await runCli(insecure(), { env: { ...box.env, ZOOM_S2S_CONFIG_DIR: chosen }, input: SECRET });
    assert.equal(group.code, 1, group.stderr);
    assert.match(group.stderr, /can be written by others \(mode 0770\)/);
    assert.ok(!existsSync(path.join(chosen, 'credentials.json')));
  });

  test('a profile name in the settings file that is not a valid name steers nothing: exit 1 naming the file', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    mkdirSync(path.dirname(box.configFile), { recursive: true, mode: 0o700 });
    const escape = path.join(box.home, 'escaped');
    const name = path.relative(path.join(box.home, '.cache', 'zoom-s2s'), escape);
    const profiles = { [name]: { accountId: 'a', clientId: 'c', storage: 'file' } };
    // As a key only (logout --all walks every key), and as the default too.
    for (const settings of [{ profiles }, { defaultProfile: name, profiles }]) {
      writeFileSync(box.configFile, JSON.stringify(settings));
      for (const args of [['token'], ['status'], ['profiles'], ['logout', '--all']]) {
        const result = await runCli(args, { env: box.env });
        assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, /is not a valid profile name/);
      }
    }
    assert.ok(!existsSync(`${escape}.token.lock`) && !existsSync(`${escape}.profile.lock`), 'no lock outside the cache folder');
  });

  test('completion: a profile name holding $(…) is never run when TAB is pressed in bash', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    mkdirSync(path.dirname(box.configFile), { recursive: true, mode: 0o700 });
    const marker = path.join(box.home, 'ran');
    writeFileSync(box.configFile, JSON.stringify({ profiles: { [`$(touch ${marker})`]: { accountId: 'a', clientId: 'c' }, good: { accountId: 'a', clientId: 'c' } } }));
    const bin = tempDir('zoom-s2s-bin-');
    writeFileSync(path.join(bin, 'zoom-s2s'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    const script = `source <(zoom-s2s completion bash); COMP_WORDS=(zoom-s2s -p ''); COMP_CWORD=2; _zoom_s2s; printf '%s\\n' "\${COMPREPLY[@]}"`;
    execFileSync('bash', ['-c', script], { env: { ...box.env, PATH: `${bin}:${box.env.PATH}` }, encoding: 'utf8' });
    assert.ok(!existsSync(marker), 'the name was run');
    // Even if such a name got through, the script only matches and quotes it: a helper that prints it.
    const hostile = tempDir('zoom-s2s-bin-');
    writeFileSync(path.join(hostile, 'zoom-s2s'), `#!/bin/sh\nif [ "$1" = __complete ]; then printf '%s\\n' '$(touch ${marker})' '\`touch ${marker}\`' good; else exec "${process.execPath}" "${CLI}" "$@"; fi\n`, { mode: 0o755 });
    const offered = execFileSync('bash', ['-c', script], { env: { ...box.env, PATH: `${hostile}:${box.env.PATH}` }, encoding: 'utf8' });
    assert.ok(!existsSync(marker), 'a name from the helper was run');
    assert.match(offered, /^good$/m);
    assert.ok(offered.includes('\\$\\(touch'), `quoted for the command line: ${offered}`);
  });
});

describe('odd terminals', { skip: noTmux }, () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());

  test('a terminal that reports 0 columns: the mint finishes, with no endless spinner', async () => {
    // A slow answer: long enough for a spinner to draw.
    zoom.script({ delayMs: 1500 });
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...ENV });
    const out = path.join(box.home, 'token.txt');
    const terminal = Terminal.start(['sh', '-c', 'stty cols 0 && stty size >&2 && node "$CLI" token --force > "$OUT"'], { ...box.env, CLI, OUT: out });
    try {
      const screen = await terminal.waitFor(/EXIT=\d+/, 20_000);
      assert.match(screen, /EXIT=0/);
      assert.match(screen, /^\d+ 0$/m, 'the terminal said 0 columns');
      assert.match(readFileSync(out, 'utf8'), /^eyJ/);
    } finally {
      terminal.close();
    }
  });
});

describe('bounds', () => {
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
  const env = () => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...ENV }).env;

  test('--paginate stops at its page limit when next_page_token never ends', async () => {
    const result = await runCli(['api', '/endless', '--paginate'], { env: env(), timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^error: Stopping after 1000 pages \([\d.]+ KiB\) of \/v2\/endless: at most 1000 pages or 256 MiB are collected\.$/m);
    assert.equal(result.stdout, '');
  });

  test('--max-time ends a call that hangs: exit 5 soon after, saying so', async () => {
    api.script('/v2/users/me', { hang: true });
    const result = await runCli(['api', '/users/me', '--max-time', '1s'], { env: env() });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /^error: The API call did not finish within 1 s \(--max-time\)\.$/m);
    assert.ok(result.ms < 10_000, `took ${result.ms} ms`);
    assert.equal((await runCli(['api', '/users/me', '--max-time', 'soon'], { env: env() })).code, 2);
  });

  test('--input from a FIFO is cut off at 16 MiB, whatever its size says', async () => {
    const fifo = path.join(tempDir('zoom-s2s-fifo-'), 'body');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `head -c 17000000 /dev/zero | tr '\\0' 'x' > "${fifo}"`], { stdio: 'ignore' });
    const result = await runCli(['api', '/users/me/meetings', '--input', fifo], { env: env() });
    writer.kill();
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /The --input file .* is larger than 16 MiB/);
  });

  test('-o into something that is not a file writes into it; -o - is stdout', async () => {
    const fifo = path.join(tempDir('zoom-s2s-fifo-'), 'out');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const result = await runCli(['api', '/users/me', '-o', fifo], { env: env() });
    // A run that never wrote into the FIFO (failed, or replaced it by a file) leaves cat waiting for a writer.
    const finished = await Promise.race([closed.then(() => true), new Promise((resolve) => setTimeout(resolve, 5000, false))]);
    if (!finished) reader.kill();
    await closed;
    assert.equal(result.code, 0, result.stderr);
    assert.match(read, /"email":"jchill@example\.com"/);
    assert.ok(statSync(fifo).isFIFO(), 'still a FIFO');
    const stdout = await runCli(['api', '/users/me', '-o', '-'], { env: env() });
    assert.match(stdout.stdout, /"email":"jchill@example\.com"/);
  });

  test('-o /dev/null (as root, in a mount namespace of its own) leaves /dev/null a device', { skip: process.getuid?.() === 0 && existsSync('/usr/bin/unshare') ? false : 'needs root and unshare' }, async () => {
    // A private /dev: if zoom-s2s replaced the file, only this namespace's copy would suffer.
    const script = 'mount -t tmpfs -o mode=0755 tmpfs /dev && mknod -m 666 /dev/null c 1 3 && "$NODE" "$CLI" api /users/me -o /dev/null && stat -c %F /dev/null';
    // Not execFileSync: the emulators answer from this process.
    const { stdout: shown } = await promisify(execFile)('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { env: { ...env(), NODE: process.execPath, CLI }, encoding: 'utf8' });
    assert.equal(shown.trim(), 'character special file');
    assert.ok(statSync('/dev/null').isCharacterDevice());
  });
});
