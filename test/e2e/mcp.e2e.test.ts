/**
 * `zoom-s2s mcp` through the MCP SDK's own client: the built CLI spawned over
 * stdio against the token endpoint and API emulators, as an agent's host
 * would start it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startApiEmulator, USER_COUNT, type ApiEmulator } from '../emulator/api-emulator.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, credentialVariables, NO_KEYCHAIN, runCli, sandbox } from '../helpers/run-cli.js';
import { startMcpHttp } from '../helpers/serve.js';

const ENV = { ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN };

type ToolResult = { content: Array<{ type: string; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };

describe('mcp over stdio', () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  const open: Client[] = [];
  const traffic: string[] = [];
  const logs: Array<() => string> = [];
  before(async () => {
    zoom = await startZoomEmulator();
    api = await startApiEmulator({ issuer: zoom });
  });
  after(async () => {
    for (const client of open) await client.close();
    await api?.close();
    await zoom?.close();
    // Nothing the client received, and nothing the server said on stderr, carried the secret or a token.
    assert.ok(traffic.length > 20, 'the traffic was recorded');
    const all = [...traffic, ...logs.map((log) => log())].join('\n');
    assert.ok(!all.includes(SAMPLE_APP.clientSecret), 'the secret reached the client');
    for (const token of zoom.issued) assert.ok(!all.includes(token), 'a token reached the client');
  });
  beforeEach(() => {
    api.requests.length = 0;
  });

  async function connect(args: string[] = [], extra: Record<string, string> = {}): Promise<{ client: Client; stderr: () => string }> {
    const env = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...ENV, ...extra }).env;
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...args], env, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'zoom-s2s-test', version: '1.0.0' });
    await client.connect(transport);
    // Record every message the server sends from now on.
    const deliver = transport.onmessage;
    transport.onmessage = (message) => {
      traffic.push(JSON.stringify(message));
      deliver?.(message);
    };
    open.push(client);
    logs.push(() => stderr);
    return { client, stderr: () => stderr };
  }

  const call = async (client: Client, args: Record<string, unknown>): Promise<ToolResult> => (await client.callTool({ name: 'zoom_api', arguments: args })) as ToolResult;
  const apiCalls = () => api.requests.filter((r) => r.host === 'api');

  test('lists zoom_api and zoom_scopes, each with an input schema; the instructions state the policy', async () => {
    const { client, stderr } = await connect();
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['zoom_api', 'zoom_scopes']);
    const zoomApi = tools.find((t) => t.name === 'zoom_api')!;
    assert.deepEqual(zoomApi.inputSchema.required, ['path']);
    assert.match(client.getInstructions() ?? '', /Allowed: GET only \(read-only\), on any Zoom API path\./);
    assert.match(stderr(), /zoom-s2s mcp: serving .* over stdio/);
  });

  test('GET /users/me: the body as structured content and as JSON text, the token sent to Zoom only', async () => {
    const { client } = await connect();
    const result = await call(client, { path: '/users/me' });
    assert.equal(result.isError, undefined);
    assert.equal(result.structuredContent?.status, 200);
    assert.equal((result.structuredContent?.body as { email: string }).email, 'jchill@example.com');
    assert.deepEqual(JSON.parse(result.content[0]!.text), result.structuredContent);
    const [request] = apiCalls();
    assert.equal(request?.url, '/v2/users/me');
    assert.equal(request?.token, zoom.issued.at(-1));
  });

  test('paginate collects every page; query parameters go in the query string', async () => {
    const { client } = await connect();
    const result = await call(client, { path: '/users', query: { page_size: 3 }, paginate: true });
    assert.equal(result.isError, undefined, result.content[0]?.text);
    assert.equal((result.structuredContent?.body as { users: unknown[] }).users.length, USER_COUNT);
    assert.deepEqual(apiCalls().map((c) => c.query.get('page_size')), ['3', '3', '3']);
  });

  test('a POST is refused by default (Zoom sees nothing) and allowed with --allow-write', async () => {
    const readOnly = await connect();
    const refused = await call(readOnly.client, { method: 'POST', path: '/users/me/meetings', body: { topic: 'Weekly sync', type: 2 } });
    assert.equal(refused.isError, true);
    assert.match(refused.content[0]!.text, /POST \/users\/me\/meetings is refused: this server is read-only .*--allow-write/);
    assert.equal(apiCalls().filter((c) => c.method === 'POST').length, 0);

    const writer = await connect(['--allow-write']);
    const created = await call(writer.client, { method: 'POST', path: '/users/me/meetings', body: { topic: 'Weekly sync', type: 2 } });
    assert.equal(created.isError, undefined, created.content[0]?.text);
    assert.equal((created.structuredContent?.body as { topic: string }).topic, 'Weekly sync');
    const [post] = apiCalls().filter((c) => c.method === 'POST');
    assert.deepEqual(JSON.parse(post!.body), { topic: 'Weekly sync', type: 2 });
  });

  test('--allow narrows the calls to its patterns, judged on the path as it will be sent', async () => {
    const { client } = await connect(['--allow', 'GET /users/*']);
    assert.equal((await call(client, { path: '/users/me' })).isError, undefined);
    const deeper = await call(client, { path: '/users/me/meetings' });
    assert.match(deeper.content[0]!.text, /GET \/users\/me\/meetings is refused: this server allows only GET \/users\/\*\. .*--allow "GET <path pattern>"/);
    // ".." is resolved before the policy looks: /users/me/../../report/daily is /report/daily.
    const escaped = await call(client, { path: '/users/me/../../report/daily' });
    assert.match(escaped.content[0]!.text, /GET \/report\/daily is refused/);
    assert.deepEqual(apiCalls().map((c) => c.url), ['/v2/users/me']);
  });

  test('full URLs, query strings in the path and unknown arguments are refused before anything is sent', async () => {
    const { client } = await connect();
    for (const args of [{ path: 'https://evil.example/steal' }, { path: '/users/me?x=1' }, { path: '/users%2Fme' }, { path: '/users/me', verbose: true }, { method: 'GET', path: '/users', body: { a: 1 } }]) {
      const result = await call(client, args);
      assert.equal(result.isError, true, JSON.stringify(args));
    }
    assert.equal(apiCalls().length, 0);
  });

  test('a token Zoom refuses is replaced without the agent noticing, once for calls made at once', async () => {
    const { client } = await connect();
    await call(client, { path: '/users/me' });
    const mints = zoom.issued.length;
    api.revoke(zoom.issued.at(-1)!);
    const results = await Promise.all(Array.from({ length: 5 }, () => call(client, { path: '/users/me' })));
    for (const result of results) assert.equal(result.structuredContent?.status, 200, result.content[0]?.text);
    assert.equal(zoom.issued.length, mints + 1, 'one replacement mint for five refused calls');
  });

  test('an API error is a tool error with Zoom\'s code and message; a missing scope says how to add it', async () => {
    const { client } = await connect();
    const missing = await call(client, { path: '/users/nobody' });
    assert.equal(missing.isError, true);
    assert.equal(missing.structuredContent?.status, 404);
    assert.match(missing.content[0]!.text, /^Zoom API answered HTTP 404 to GET \/v2\/users\/nobody: \{"code":1001/);

    api.script('/v2/users/me', { status: 400, body: JSON.stringify({ code: 4711, message: 'Invalid access token, does not contain scopes:[user:read:admin]' }) });
    const scope = await call(client, { path: '/users/me' });
    assert.equal(scope.isError, true);
    assert.match(scope.content[0]!.text, /The app lacks a scope this call needs/);
  });

  test('zoom_scopes: the scopes and the expiry, never the token', async () => {
    const { client } = await connect();
    const result = (await client.callTool({ name: 'zoom_scopes', arguments: {} })) as ToolResult;
    const scopes = result.structuredContent as { scopes: string[]; expiresAt: string; expiresIn: number };
    assert.ok(scopes.scopes.includes('user:read:user:admin'), scopes.scopes.join(' '));
    assert.ok(scopes.expiresIn > 3000 && scopes.expiresIn <= 3600);
    assert.ok(!result.content[0]!.text.includes(zoom.issued.at(-1)!));
  });

  test('an answer over 1 MiB is cut, saying how to ask for less; paginate stops after 100 pages', async () => {
    const { client } = await connect();
    api.script('/v2/users/me', { status: 200, body: JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
    const big = await call(client, { path: '/users/me' });
    assert.equal(big.structuredContent?.truncated, true);
    assert.match(big.content[0]!.text, /^The answer is 2\.0 MiB, more than the 1\.0 MiB a result carries; it was cut\. Ask for less/);
    assert.ok(big.content[0]!.text.length < 1.1 * 1024 * 1024);

    const endless = await call(client, { path: '/endless', paginate: true });
    assert.equal(endless.isError, true);
    assert.match(endless.content[0]!.text, /^Stopping after 100 pages .* Narrow the query/);
    assert.equal(apiCalls().filter((c) => c.path === '/v2/endless').length, 100);
  });

  test('stdout carries the protocol alone, and the server ends with exit 0 when its input closes', async () => {
    const env = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...ENV }).env;
    const child = spawn(process.execPath, [CLI, 'mcp'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const answered = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('\n')) resolve();
      }),
    );
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`);
    await answered;
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
    // Every line on stdout is a JSON-RPC message.
    for (const line of out.trim().split('\n')) assert.equal((JSON.parse(line) as { jsonrpc: string }).jsonrpc, '2.0', line);
  });

  test('a client that goes away by closing its end of stdout ends the server too', async () => {
    const env = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...ENV }).env;
    const child = spawn(process.execPath, [CLI, 'mcp'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
    await new Promise<void>((resolve) => {
      child.stdout.once('data', () => resolve());
      child.stdin.write(`${JSON.stringify(initialize)}\n`);
    });
    child.stdout.destroy();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} })}\n`);
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 5 s'), 5000))]);
    if (code === 'still running after 5 s') child.kill('SIGKILL');
    assert.notEqual(code, 'still running after 5 s');
  });
});

describe('mcp over Streamable HTTP (--http)', () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  let server: ChildProcess;
  let url: string;
  let stderr: () => string;
  before(async () => {
    zoom = await startZoomEmulator();
    api = await startApiEmulator({ issuer: zoom });
    ({ child: server, url, stderr } = await startMcpHttp(sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...ENV }).env));
  });
  after(async () => {
    server?.kill('SIGTERM');
    await api?.close();
    await zoom?.close();
  });

  test('the URL comes first on stdout, on loopback, with a random key in its path', () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/mcp$/);
  });

  test('the SDK client lists the tools and calls GET /users/me', async () => {
    const client = new Client({ name: 'zoom-s2s-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), ['zoom_api', 'zoom_scopes']);
    const result = (await client.callTool({ name: 'zoom_api', arguments: { path: '/users/me' } })) as ToolResult;
    assert.equal((result.structuredContent?.body as { email: string }).email, 'jchill@example.com');
    await client.close();
  });

  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  const post = (target: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const request = httpRequest(target, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(initialize);
    });

  test('any other path is 404; a foreign Host is 421 and a foreign Origin 403 (DNS rebinding)', async () => {
    const { origin, pathname } = new URL(url);
    assert.equal(await post(url), 200);
    assert.equal(await post(`${origin}/mcp`), 404);
    assert.equal(await post(`${origin}${pathname.replace(/\/[^/]+\/mcp$/, '/guess/mcp')}`), 404);
    assert.equal(await post(url, { host: 'evil.example' }), 421);
    assert.equal(await post(url, { origin: 'http://evil.example' }), 403);
    assert.equal(await post(url, { origin }), 200);
  });

  test('a non-loopback address is a usage error', async () => {
    for (const address of ['0.0.0.0:0', '192.168.1.10:8000', 'example.com:80', '127.0.0.1', '127.0.0.1:70000']) {
      const result = await runCli(['mcp', '--http', address], { env: sandbox().env });
      assert.equal(result.code, 2, `${address}: ${result.stderr}`);
      assert.match(result.stderr, /loopback address/);
    }
  });

  test('SIGTERM ends it cleanly', async () => {
    const code = await new Promise<number | null>((resolve) => {
      server.once('exit', (exitCode) => resolve(exitCode));
      server.kill('SIGTERM');
    });
    assert.equal(code, 0);
    assert.doesNotMatch(stderr(), /error/i);
  });
});
