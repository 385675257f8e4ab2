/**
 * A long-lived server (`proxy`, `mcp`) holds the client secret only while a
 * mint needs it: after its mints, a heap snapshot of the process (every
 * string still reachable, taken by Node on SIGUSR2) holds the secret in
 * none of its forms, nor its Basic value. The tokens are there: a server
 * needs its token for every request.
 *
 * The secret comes from the real keychain (a stored profile). Environment
 * credentials are not checked: ZOOM_CLIENT_SECRET is the only place the
 * secret can be read again, so a server keeps it (docs/security.md).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { startApiEmulator, type ApiEmulator } from '../emulator/api-emulator.js';
import { credentialForms } from '../../src/core/masking.js';
import { basicAuthorization } from '../../src/core/auth/token.js';
import { ensureKeyringAnswers } from '../helpers/keyring.js';
import { CLI, loggedInSandbox, noKeyring, type Sandbox } from '../helpers/run-cli.js';
import { startServing } from '../helpers/serve.js';
import { tempDir } from '../helpers/temp.js';

const SNAPSHOT_SIGNAL = '--heapsnapshot-signal=SIGUSR2';

/** Every form of the secret and of its Basic value a snapshot could hold them in. */
const SECRET_FORMS = [SAMPLE_APP.clientSecret, basicAuthorization(SAMPLE_APP).slice('Basic '.length)].flatMap(credentialForms);

/** Signals `pid` to write a heap snapshot into `dir` and returns its text once Node has written all of it. */
async function heapSnapshot(pid: number, dir: string): Promise<string> {
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot'));
    if (file) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      try {
        JSON.parse(text);
        return text;
      } catch {
        // Still being written.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no heap snapshot from ${pid} within 30 s`);
}

function assertNoSecret(snapshot: string, what: string): void {
  const found = SECRET_FORMS.filter((form) => snapshot.includes(form));
  assert.deepEqual(found, [], `${what}: the heap holds the client secret (or its Basic value) after its mints`);
}

describe('the secret in a long-lived server’s memory', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  let box: Sandbox;
  before(async () => {
    ensureKeyringAnswers('memory');
    zoom = await startZoomEmulator();
    api = await startApiEmulator({ issuer: zoom });
    box = await loggedInSandbox(zoom.origin, SAMPLE_APP, { profile: 'memory' });
  });
  after(async () => {
    await api?.close();
    await zoom?.close();
  });

  test('proxy: after a mint at start and a second one for a refused token, the heap holds no form of the secret', async () => {
    const dir = tempDir('zoom-s2s-heap-');
    const served = await startServing(['proxy', '-p', 'memory'], { ...box.env, ZOOM_S2S_API_URL: api.base }, { nodeArgs: [SNAPSHOT_SIGNAL], cwd: dir });
    try {
      const first = await fetch(`${served.url}/users/me`);
      assert.equal(first.status, 200, await first.text());
      const issuedBefore = zoom.issuedCount();
      api.revoke(api.requests.at(-1)!.token!);
      const second = await fetch(`${served.url}/users/me`);
      assert.equal(second.status, 200, await second.text());
      assert.equal(zoom.issuedCount(), issuedBefore + 1, 'the refused token was replaced by a new mint');
      const snapshot = await heapSnapshot(served.child.pid!, dir);
      assert.ok(snapshot.includes(api.requests.at(-1)!.token!), 'the snapshot holds the current token (the check can see strings)');
      assertNoSecret(snapshot, 'proxy');
    } finally {
      await served.stop();
    }
  });

  test('mcp: after a tool call that minted, the heap holds no form of the secret', async () => {
    const dir = tempDir('zoom-s2s-heap-');
    const transport = new StdioClientTransport({ command: process.execPath, args: [SNAPSHOT_SIGNAL, CLI, 'mcp', '-p', 'memory'], env: { ...box.env, ZOOM_S2S_API_URL: api.base }, cwd: dir, stderr: 'pipe' });
    const client = new Client({ name: 'zoom-s2s-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const issuedBefore = zoom.issuedCount();
      const result = (await client.callTool({ name: 'zoom_api', arguments: { method: 'GET', path: '/users/me' } })) as { isError?: boolean; content: Array<{ text: string }> };
      assert.ok(!result.isError, result.content[0]?.text);
      api.revoke(api.requests.at(-1)!.token!);
      const again = (await client.callTool({ name: 'zoom_api', arguments: { method: 'GET', path: '/users/me' } })) as { isError?: boolean; content: Array<{ text: string }> };
      assert.ok(!again.isError, again.content[0]?.text);
      assert.ok(zoom.issuedCount() > issuedBefore, 'the server minted while it ran');
      const snapshot = await heapSnapshot(transport.pid!, dir);
      assert.ok(snapshot.includes(api.requests.at(-1)!.token!), 'the snapshot holds the current token (the check can see strings)');
      assertNoSecret(snapshot, 'mcp');
    } finally {
      await client.close();
    }
  });
});
