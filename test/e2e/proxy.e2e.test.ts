/**
 * `zoom-s2s proxy` as a program would use it: the built CLI serving on
 * loopback against the token endpoint and API emulators, called with curl
 * and with Node's fetch, which hold no credential of any kind.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startApiEmulator, streamedContent, USER_COUNT, type ApiEmulator } from '../emulator/api-emulator.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { credentialVariables, has, NO_KEYCHAIN, runCli, sandbox } from '../helpers/run-cli.js';
import { startServing, type ServingCli } from '../helpers/serve.js';
import { tempDir } from '../helpers/temp.js';

const ENV = { ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN };
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Why the Python example cannot run here, or false when it can. */
const pythonRequests: string | false = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import requests']);
    return false;
  } catch {
    return 'needs Python with requests: apt-get install -y python3-requests';
  }
})();

/** curl's answer: status, headers (lower-case names) and body, with -w keeping the status apart. */
async function curl(args: string[]): Promise<{ status: number; headers: Record<string, string>; body: string; raw: string }> {
  const { stdout } = await run('curl', ['-s', '-i', ...args], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  // With -L every hop's headers come first; the last block is the final answer's.
  const blocks = stdout.split(/\r\n\r\n/);
  let at = 0;
  while (at + 1 < blocks.length && /^HTTP\/[\d.]+ \d{3}/.test(blocks[at + 1]!)) at++;
  const head = blocks[at]!.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(head[0]!.split(' ')[1]), headers, body: blocks.slice(at + 1).join('\r\n\r\n'), raw: stdout };
}

/** A request with headers fetch may not set (Host) and its path sent as written, without a client's "..", through node:http. */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string }> {
  const { hostname, port, origin } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path: url.slice(origin.length), method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('proxy', { skip: has('curl') ? false : 'needs curl: apt-get install -y curl' }, () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  const servers: ServingCli[] = [];
  /** Everything the clients received and every proxy's log, checked for credentials at the end. */
  const received: string[] = [];

  before(async () => {
    zoom = await startZoomEmulator();
    api = await startApiEmulator({ issuer: zoom });
  });
  after(async () => {
    for (const server of servers) await server.stop();
    await api?.close();
    await zoom?.close();
    const all = [...received, ...servers.map((server) => server.stderr())].join('\n');
    assert.ok(received.length > 20, 'the answers were recorded');
    assert.ok(!all.includes(SAMPLE_APP.clientSecret), 'the secret reached a client or the log');
    assert.ok(zoom.issued.length > 0);
    for (const token of zoom.issued) assert.ok(!all.includes(token), 'a token reached a client or the log');
  });
  beforeEach(() => {
    api.requests.length = 0;
  });

  const env = (extra: Record<string, string> = {}) => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...ENV, ...extra }).env;
  const start = async (args: string[] = []) => {
    const server = await startServing(['proxy', ...args], env());
    servers.push(server);
    return server;
  };
  const fetched = async (url: string, init?: RequestInit) => {
    const response = await fetch(url, init);
    const body = await response.text();
    received.push(body, JSON.stringify([...response.headers]));
    return { response, body };
  };
  const curled = async (args: string[]) => {
    const answer = await curl(args);
    received.push(answer.raw);
    return answer;
  };
  const apiCalls = () => api.requests.filter((r) => r.host === 'api');

  test('prints its URL first on stdout: loopback, a 32-character random key, /v2', async () => {
    const one = await start();
    const two = await start();
    assert.match(one.url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/v2$/);
    assert.notEqual(new URL(one.url).pathname, new URL(two.url).pathname);
    assert.match(one.stderr(), /zoom-s2s proxy: forwarding the URL above to http:\/\/127\.0\.0\.1:\d+\/v2\. Allowed: GET only/);
    assert.ok(!one.stderr().includes(new URL(one.url).pathname.split('/')[1]!), 'the key is not repeated on stderr');
    await two.stop();
  });

  test('GET /users/me with curl and with fetch, no credentials on the client; a client Authorization is dropped', async () => {
    const { url } = await start();
    const viaCurl = await curled([`${url}/users/me`]);
    assert.equal(viaCurl.status, 200);
    assert.equal((JSON.parse(viaCurl.body) as { email: string }).email, 'jchill@example.com');
    const { response, body } = await fetched(`${url}/users/me`, { headers: { authorization: 'Bearer not-the-token' } });
    assert.equal(response.status, 200);
    assert.equal((JSON.parse(body) as { email: string }).email, 'jchill@example.com');
    const calls = apiCalls();
    assert.equal(calls.length, 2);
    for (const call of calls) {
      assert.ok(zoom.issued.includes(call.token!), 'Zoom got the app\'s token');
      assert.equal(call.path, '/v2/users/me');
    }
  });

  test('a paginated list: the client follows next_page_token; the log shows query names, not values, --debug\'s lines too', async () => {
    const server = await start(['--debug']);
    const users: unknown[] = [];
    let next = '';
    const tokens: string[] = [];
    do {
      const { body } = await fetched(`${server.url}/users?page_size=3${next ? `&next_page_token=${next}` : ''}`);
      const page = JSON.parse(body) as { users: unknown[]; next_page_token: string };
      users.push(...page.users);
      next = page.next_page_token;
      if (next) tokens.push(next);
    } while (next);
    assert.equal(users.length, USER_COUNT);
    assert.equal(apiCalls().length, 3);
    assert.match(server.stderr(), /zoom-s2s proxy: GET \/v2\/users\?page_size=…&next_page_token=… 200 \d+ bytes \d+ ms/);
    assert.match(server.stderr(), /debug: GET http:\/\/127\.0\.0\.1:\d+\/v2\/users\?page_size=…&next_page_token=…\n/);
    for (const token of tokens) assert.ok(!server.stderr().includes(token), 'a page token was logged');
  });

  test('no key, a wrong key, a foreign Host or Origin, a path outside /v2: refused, and nothing reaches Zoom', async () => {
    const { url } = await start();
    const { origin, pathname } = new URL(url);
    const key = pathname.split('/')[1]!;
    const refusals: Array<[string, Record<string, string>, number]> = [
      [`${origin}/v2/users/me`, {}, 404],
      [`${origin}/${key.slice(0, -1)}x/v2/users/me`, {}, 404],
      [`${origin}/${key}/users/me`, {}, 404],
      [`${url}/users/me`, { host: 'evil.example' }, 421],
      [`${url}/users/me`, { host: `attacker.example:${new URL(url).port}` }, 421],
      [`${url}/users/me`, { origin: 'http://evil.example' }, 403],
      [`${url}/../oauth/token`, {}, 400],
      [`${url}/users/..%2F..%2Foauth`, {}, 400],
      [`${url}/%2e%2e/oauth/token`, {}, 400],
      [`${url}/users/me\\..\\..`, {}, 400],
      [`${url}/users/me;type=admin`, {}, 400],
      [`${url}/users/me%3Btype=admin`, {}, 400],
      [`${url}/users//meetings`, {}, 400],
      [`${url}/users/me%00`, {}, 400],
    ];
    for (const [target, headers, status] of refusals) {
      const answer = await rawRequest(target, { headers });
      received.push(answer.body);
      assert.equal(answer.status, status, `${target} ${JSON.stringify(headers)}: ${answer.body}`);
      assert.equal((JSON.parse(answer.body) as { code: number }).code, status);
    }
    assert.equal(api.requests.length, 0, 'nothing reached the API');
    // The proxy's own address, as localhost too, and its own Origin are fine.
    assert.equal((await rawRequest(`${url}/users/me`, { headers: { host: `localhost:${new URL(url).port}`, origin } })).status, 200);
  });

  test('POST is refused by default (405 naming --allow-write, nothing sent); forwarded with --allow-write; --allow narrows', async () => {
    const readOnly = await start();
    const refused = await curled(['-X', 'POST', '-H', 'content-type: application/json', '-d', '{"topic":"Weekly sync"}', `${readOnly.url}/users/me/meetings`]);
    assert.equal(refused.status, 405);
    assert.equal(refused.headers.allow, 'GET, HEAD');
    assert.match(refused.body, /read-only .*--allow-write/);
    assert.equal(api.requests.length, 0);

    const writer = await start(['--allow-write']);
    const created = await curled(['-X', 'POST', '-H', 'content-type: application/json', '-d', '{"topic":"Weekly sync"}', `${writer.url}/users/me/meetings`]);
    assert.equal(created.status, 201);
    assert.equal((JSON.parse(created.body) as { topic: string }).topic, 'Weekly sync');
    assert.equal(apiCalls()[0]!.body, '{"topic":"Weekly sync"}');
    assert.equal(apiCalls()[0]!.headers['content-type'], 'application/json');

    const narrow = await start(['--allow', 'GET /users/me']);
    assert.equal((await curled([`${narrow.url}/users/me`])).status, 200);
    const other = await curled([`${narrow.url}/users`]);
    assert.equal(other.status, 403);
    assert.match(other.body, /allows only GET \/users\/me/);
    assert.equal(apiCalls().length, 2);
  });

  test('a revoked token is replaced: a GET and a held POST are sent again; a streamed upload is not, and the next call works', async () => {
    const { url } = await start(['--allow-write']);
    assert.equal((await fetched(`${url}/users/me`)).response.status, 200);
    const before = zoom.issued.length;
    api.revoke(zoom.issued.at(-1)!);
    assert.equal((await fetched(`${url}/users/me`)).response.status, 200);
    assert.equal(zoom.issued.length, before + 1, 'one new token');

    api.revoke(zoom.issued.at(-1)!);
    const small = await fetched(`${url}/users/me/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"topic":"Held"}' });
    assert.equal(small.response.status, 201, small.body);
    assert.equal(apiCalls().filter((r) => r.method === 'POST').length, 2, 'sent twice: refused, then with the new token');

    api.revoke(zoom.issued.at(-1)!);
    api.requests.length = 0;
    const big = JSON.stringify({ topic: 'Streamed', agenda: 'x'.repeat(3 * 1024 * 1024) });
    const streamed = await fetched(`${url}/users/me/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.equal(streamed.response.status, 401, 'a streamed body is sent once: Zoom\'s refusal goes to the client');
    assert.equal(JSON.parse(streamed.body).code, 124);
    const again = await fetched(`${url}/users/me/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.equal(again.response.status, 201, 'the next call has the new token');
    assert.equal(apiCalls().length, 2);
    assert.equal(apiCalls()[1]!.body.length, big.length, 'the upload arrived whole');
  });

  test('a large download streams through: 256 MiB with curl, the bytes unchanged, the proxy\'s memory far below the size', async () => {
    const server = await start();
    const size = 256 * 1024 * 1024;
    api.script('/v2/big', { status: 200, streamBytes: size });
    const file = path.join(tempDir('zoom-s2s-proxy-'), 'big.bin');
    await run('curl', ['-s', '-o', file, `${server.url}/big`]);
    assert.equal(statSync(file).size, size);
    const expected = createHash('sha256');
    for (const chunk of streamedContent(size)) expected.update(chunk);
    assert.equal(createHash('sha256').update(readFileSync(file)).digest('hex'), expected.digest('hex'));
    const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]);
    assert.ok(peakKb < 160 * 1024, `peak RSS ${peakKb} kB`);
  });

  test('a redirect goes to the client as it came: the proxy does not follow it, and the file host never sees the token', async () => {
    const { url } = await start();
    const location = `${api.cdnOrigin}/replay/standup.mp4?Signature=abc123`;
    api.script('/v2/recordings/standup/download', { status: 302, headers: { location } });
    const answer = await curled([`${url}/recordings/standup/download`]);
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.location, location);
    assert.equal(api.requests.filter((r) => r.host === 'cdn').length, 0, 'the proxy did not follow it');

    api.script('/v2/recordings/standup/download', { status: 302, headers: { location } });
    const file = path.join(tempDir('zoom-s2s-proxy-'), 'standup.mp4');
    await run('curl', ['-s', '-L', '-o', file, `${url}/recordings/standup/download`]);
    assert.deepEqual(readFileSync(file), api.recording);
    const cdn = api.requests.filter((r) => r.host === 'cdn');
    assert.equal(cdn.length, 1);
    assert.equal(cdn[0]!.headers.authorization, undefined);
  });

  test('only listed headers go on to Zoom (no method or URL override, no Cookie, Referer or Forwarded); Zoom\'s hop-by-hop headers stay behind', async () => {
    const { url } = await start();
    api.script('/v2/users/me', { status: 200, body: '{"id":"me"}', headers: { connection: 'x-hop-secret', 'x-hop-secret': 'for the proxy only', 'keep-alive': 'timeout=99', 'proxy-authenticate': 'Basic realm="zoom"', 'x-zm-trackingid': 'v=2.0;clid=us06' } });
    const overrides = {
      'x-http-method-override': 'DELETE',
      'x-http-method': 'DELETE',
      'x-method-override': 'DELETE',
      'x-original-url': '/v2/users/me/meetings',
      'x-rewrite-url': '/v2/users/me/meetings',
      forwarded: 'for=10.0.0.1;host=api.zoom.us',
      'x-forwarded-for': '10.0.0.1',
      'x-forwarded-host': 'evil.example',
      cookie: 'session=the-clients',
      referer: `${url}/users`,
    };
    const answer = await curled([...Object.entries(overrides).flatMap(([name, value]) => ['-H', `${name}: ${value}`]), '-H', 'if-none-match: "abc"', `${url}/users/me`]);
    assert.equal(answer.status, 200);
    const sent = apiCalls()[0]!.headers;
    for (const name of Object.keys(overrides)) assert.equal(sent[name], undefined, `${name} reached Zoom`);
    assert.equal(sent['if-none-match'], '"abc"', 'a listed header goes on');
    assert.equal(sent['user-agent']?.startsWith('curl/'), true);
    for (const name of ['x-hop-secret', 'proxy-authenticate']) assert.equal(answer.headers[name], undefined, `${name} came back`);
    assert.notEqual(answer.headers['keep-alive'], 'timeout=99', 'Zoom\'s Keep-Alive came back (the proxy\'s own may be there)');
    assert.equal(answer.headers['x-zm-trackingid'], 'v=2.0;clid=us06', 'an end-to-end header comes back');
  });

  test('an API that refuses every token: 30 requests through the proxy cause one new token, and each client gets the 401', async () => {
    const { url } = await start();
    const before = zoom.issuedCount();
    api.refuseEveryToken(true);
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetched(`${url}/users/me`)));
      for (let i = 0; i < 20; i++) answers.push(await fetched(`${url}/users/me`));
      assert.deepEqual(new Set(answers.map(({ response }) => response.status)), new Set([401]));
      assert.equal(zoom.issuedCount() - before, 1, 'one replacement, not one per request');
    } finally {
      api.refuseEveryToken(false);
    }
  });

  test('a 429 is passed through at once with its Retry-After', async () => {
    const { url } = await start();
    api.script('/v2/users/me', { status: 429, headers: { 'retry-after': '7' }, body: '{"code":429,"message":"You have reached the maximum per-second rate limit for this API."}' });
    const started = Date.now();
    const { response, body } = await fetched(`${url}/users/me`);
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.match(body, /rate limit/);
    assert.ok(Date.now() - started < 3000, 'not waited out');
    assert.equal(apiCalls().length, 1);
  });

  test('100 concurrent GETs share one token; after it is revoked, 100 more cause one replacement', async () => {
    const { url } = await start();
    const mintsAtStart = zoom.issued.length;
    const hundred = () => Promise.all(Array.from({ length: 100 }, () => fetched(`${url}/users/me`)));
    for (const { response } of await hundred()) assert.equal(response.status, 200);
    assert.equal(zoom.issued.length, mintsAtStart, 'no mint besides the one at start');
    assert.equal(new Set(apiCalls().map((r) => r.token)).size, 1);

    api.revoke(zoom.issued.at(-1)!);
    api.requests.length = 0;
    for (const { response } of await hundred()) assert.equal(response.status, 200);
    assert.equal(zoom.issued.length, mintsAtStart + 1, 'one replacement for a hundred refusals');
  });

  test('proxy -- command: the command gets ZOOM_API_URL (no secret), stdout is its own, its exit code is ours', async () => {
    // The recipe of the README and docs/proxy.md: curl reads the URL (and its key) from standard input.
    const result = await runCli(['proxy', '--', 'sh', '-c', 'echo "url = \\"$ZOOM_API_URL/users/me\\"" | curl -s -K-; echo; printenv ZOOM_CLIENT_SECRET || echo "no secret"'], { env: env() });
    received.push(result.stdout);
    assert.equal(result.code, 0, result.stderr);
    const [user, secret] = result.stdout.trim().split('\n');
    assert.equal((JSON.parse(user!) as { email: string }).email, 'jchill@example.com');
    assert.equal(secret, 'no secret');
    assert.match(result.stderr, /zoom-s2s proxy: GET \/v2\/users\/me 200/);
    assert.doesNotMatch(result.stderr, /forwarding the URL above/);

    assert.equal((await runCli(['proxy', '--quiet', '--', 'sh', '-c', 'curl -s -o /dev/null "$ZOOM_API_URL/users/me"; exit 7'], { env: env() })).code, 7);
    const missing = await runCli(['proxy', '--', 'no-such-command-here'], { env: env() });
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /Command not found: no-such-command-here/);
  });

  test('the Python requests example of docs/proxy.md, run through proxy --, pages through every user', { skip: pythonRequests }, async () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'proxy.md'), 'utf8');
    const example = /```python\n([\s\S]*?)```/.exec(doc)![1]!;
    const script = path.join(tempDir('zoom-s2s-proxy-'), 'users.py');
    writeFileSync(script, example.replace('"page_size": 300', '"page_size": 2'));
    const result = await runCli(['proxy', '--', '/usr/bin/python3', script], { env: env() });
    received.push(result.stdout);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${USER_COUNT} users\n`);
    assert.equal(apiCalls().length, Math.ceil(USER_COUNT / 2));
  });

  test('HEAD is served as a GET without the body, and what allows GET allows HEAD', async () => {
    const { url } = await start(['--allow', 'GET /users/me']);
    const head = await fetched(`${url}/users/me`, { method: 'HEAD' });
    assert.equal(head.response.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.response.headers.get('content-length')) > 100, 'the length of the GET\'s body');
    assert.equal(apiCalls()[0]!.method, 'HEAD');
    assert.equal((await fetched(`${url}/users`, { method: 'HEAD' })).response.status, 403);
    const options = await rawRequest(`${url}/users/me`, { method: 'OPTIONS' });
    assert.equal(options.status, 405);
    assert.equal(apiCalls().length, 1);
  });

  test('told to stop, it answers the requests under way, takes no new ones, and exits 0', async () => {
    const server = await start();
    api.script('/v2/report/daily', { status: 200, body: '{"dates":[]}', delayMs: 1500 });
    const slow = fetched(`${server.url}/report/daily`);
    // The request has reached Zoom (the emulator) before the signal.
    while (!api.requests.some((r) => r.path === '/v2/report/daily')) await new Promise((resolve) => setTimeout(resolve, 10));
    const exited = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await assert.rejects(fetch(`${server.url}/users/me`), 'no new requests once told to stop');
    const answer = await slow;
    assert.equal(answer.response.status, 200);
    assert.equal(answer.body, '{"dates":[]}');
    assert.equal(await exited, 0);
  });

  test('SIGINT and SIGTERM end it cleanly (exit 0), its port closed', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const server = await start();
      const code = await new Promise<number | null>((resolve) => {
        server.child.once('exit', resolve);
        server.child.kill(signal);
      });
      assert.equal(code, 0, `${signal}: ${server.stderr()}`);
      await assert.rejects(fetch(`${server.url}/users/me`));
    }
  });

  test('listens on ::1 when asked; any other address or a bad port is a usage error', async () => {
    const six = await start(['--host', '::1']);
    assert.match(six.url, /^http:\/\/\[::1\]:\d+\//);
    assert.equal((await fetched(`${six.url}/users/me`)).response.status, 200);
    const taken = await runCli(['proxy', '--port', new URL(six.url).port, '--host', '::1'], { env: env() });
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /Cannot listen on \[::1\]:\d+: EADDRINUSE\.\n.*another port/);
    for (const flags of [['--host', '0.0.0.0'], ['--host', '192.168.1.10'], ['--host', 'example.com'], ['--port', '70000'], ['--port', 'http']]) {
      const result = await runCli(['proxy', ...flags], { env: env() });
      assert.equal(result.code, 2, `${flags.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
    }
  });

  test('credentials Zoom rejects end it before it listens: nothing on stdout', async () => {
    const result = await runCli(['proxy'], { env: env({ ZOOM_CLIENT_SECRET: 'wrong-secret-0123456789' }) });
    assert.notEqual(result.code, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Invalid client_id or client_secret/);
  });
});
