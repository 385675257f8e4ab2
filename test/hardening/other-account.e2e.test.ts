/**
 * Another account on the same machine: `proxy` and `mcp --http`, started by
 * this account, are asked by a process of the account `nobody` that knows
 * their URL, key included (as if it had leaked). On Linux the connection is
 * closed before a byte of the request is read, while the same request from
 * this account is answered. And SIGUSR1, which would open Node's inspector
 * to every account, opens nothing.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startApiEmulator, type ApiEmulator } from '../emulator/api-emulator.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { credentialVariables, NO_KEYCHAIN, sandbox } from '../helpers/run-cli.js';
import { startServing, type ServingCli } from '../helpers/serve.js';

const run = promisify(execFile);
const NOBODY = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];
/** nobody's uid as this machine has it (65534 on Debian). */
const NOBODY_UID = (() => {
  try {
    return execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim();
  } catch {
    return 'none';
  }
})();

/** Why a process cannot be run as `nobody` here, or false when it can. */
const asNobody: string | false = (() => {
  if (process.platform !== 'linux') return 'Linux only: elsewhere the key is the guard (docs/security.md)';
  try {
    execFileSync('setpriv', [...NOBODY, process.execPath, '-e', '0'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'needs root and setpriv (util-linux) to run a client as the account nobody';
  }
})();

/** A client in Node: POSTs `body` to `url` and prints "answered <status>" or "closed: <code>". */
const CLIENT = `
const [url, body] = process.argv.slice(1);
const request = require('node:http').request(url, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
  res.resume();
  res.on('end', () => console.log('answered ' + res.statusCode));
});
request.on('error', (error) => console.log('closed: ' + error.code));
request.end(body || undefined);`;

async function ask(url: string, account: 'this one' | 'nobody', body = ''): Promise<string> {
  const node = [process.execPath, '-e', CLIENT, url, body];
  const { stdout } = account === 'nobody' ? await run('setpriv', [...NOBODY, ...node]) : await run(node[0]!, node.slice(1));
  return stdout.trim();
}

describe('another account on the machine', { skip: asNobody }, () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  const servers: ServingCli[] = [];
  before(async () => {
    zoom = await startZoomEmulator();
    api = await startApiEmulator({ issuer: zoom });
  });
  after(async () => {
    for (const server of servers) await server.stop();
    await api?.close();
    await zoom?.close();
  });
  const start = async (args: string[]) => {
    const { env } = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN });
    const server = await startServing(args, env);
    servers.push(server);
    return server;
  };

  test('proxy: nobody, holding the URL and its key, gets no answer; this account does', async () => {
    const proxy = await start(['proxy', '--allow-write']);
    api.requests.length = 0;
    assert.equal(await ask(`${proxy.url}/users/me`, 'nobody'), 'closed: ECONNRESET');
    assert.equal(await ask(`${proxy.url}/users/me/meetings`, 'nobody', '{"topic":"x"}'), 'closed: ECONNRESET');
    assert.equal(api.requests.length, 0, 'nothing reached Zoom');
    assert.equal(await ask(`${proxy.url}/users/me`, 'this one'), 'answered 200');
    assert.doesNotMatch(proxy.stderr(), /GET \/v2\/users\/me 200[\s\S]*GET \/v2\/users\/me 200/, 'one request was served');
    // Told once, for both of nobody's connections.
    const warnings = proxy.stderr().match(/warning: zoom-s2s proxy: closed a connection from another account \(uid (\d+)\): this server serves only you\./g) ?? [];
    assert.deepEqual(warnings.map((line) => /uid (\d+)/.exec(line)![1]), [NOBODY_UID], proxy.stderr());
  });

  test('proxy on ::1: the same', async () => {
    const proxy = await start(['proxy', '--host', '::1']);
    assert.equal(await ask(`${proxy.url}/users/me`, 'nobody'), 'closed: ECONNRESET');
    assert.equal(await ask(`${proxy.url}/users/me`, 'this one'), 'answered 200');
  });

  test('SIGUSR1 opens no inspector in proxy or mcp --http (one would take code from any account): they go on serving', async () => {
    for (const args of [['proxy'], ['mcp', '--http', '127.0.0.1:0']]) {
      const server = await start(args);
      server.child.kill('SIGUSR1');
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.doesNotMatch(server.stderr(), /Debugger listening/, args.join(' '));
      assert.equal(server.child.exitCode, null, `${args.join(' ')} still runs`);
      const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'usr1', version: '1' } } });
      assert.equal(await ask(args[0] === 'proxy' ? `${server.url}/users/me` : server.url, 'this one', args[0] === 'proxy' ? '' : initialize), 'answered 200', args.join(' '));
      await server.stop();
    }
  });

  test('mcp --http: nobody cannot even initialize; this account can', async () => {
    const mcp = await start(['mcp', '--http', '127.0.0.1:0']);
    const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'other-account', version: '1' } } });
    assert.equal(await ask(mcp.url, 'nobody', initialize), 'closed: ECONNRESET');
    assert.equal(await ask(mcp.url, 'this one', initialize), 'answered 200');
    assert.match(mcp.stderr(), new RegExp(`warning: zoom-s2s mcp: closed a connection from another account \\(uid ${NOBODY_UID}\\)`));
  });
});
