/**
 * The MCP project's own conformance suite (@modelcontextprotocol/conformance)
 * against `zoom-s2s mcp --http 127.0.0.1:0` on the emulators. The suite needs
 * Node 22 or later, so this file is not in `npm test`'s list: `npm run
 * test:conformance` runs it, and .ci/run does in its Node 24 pass.
 */
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startApiEmulator, type ApiEmulator } from '../emulator/api-emulator.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { credentialVariables, NO_KEYCHAIN, sandbox } from '../helpers/run-cli.js';
import { startMcpHttp } from '../helpers/serve.js';

const SUITE = fileURLToPath(new URL('../../../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url));
const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];
const run = promisify(execFile);

describe('MCP conformance suite', () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  let server: ChildProcess;
  let url: string;
  before(async () => {
    assert.ok(Number(process.versions.node.split('.')[0]) >= 22, `the conformance suite needs Node 22 or later; this is ${process.version}`);
    zoom = await startZoomEmulator();
    api = await startApiEmulator({ issuer: zoom });
    const env = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN }).env;
    ({ child: server, url } = await startMcpHttp(env));
  });
  after(async () => {
    server?.kill('SIGTERM');
    await api?.close();
    await zoom?.close();
  });

  for (const scenario of SCENARIOS) {
    test(scenario, async () => {
      const { stdout } = await run(process.execPath, [SUITE, 'server', '--url', url, '--scenario', scenario], { encoding: 'utf8', timeout: 60_000 });
      const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(stdout);
      assert.ok(summary, stdout);
      assert.equal(summary[3], '0', stdout);
      assert.equal(summary[1], summary[2], stdout);
    });
  }
});
