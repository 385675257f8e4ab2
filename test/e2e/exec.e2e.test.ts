/** `zoom-s2s exec`: a command run with a valid token in its environment. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, credentialVariables, loggedInSandbox, NO_KEYCHAIN, noKeyring, runCli, sandbox } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

// Environment credentials and no keychain: every call mints, so each test stands alone.
const ENV = { ...credentialVariables(SAMPLE_APP), ...NO_KEYCHAIN };
const PRINT_ENV = 'for (const n of ["ZOOM_ACCESS_TOKEN","ZOOM_API_URL","ZOOM_TOKEN_EXPIRES_AT","ZOOM_CLIENT_SECRET"]) console.log(n + "=" + (process.env[n] ?? "(unset)"))';

describe('exec', () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());
  const env = () => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...ENV }).env;

  test('the command sees the token, the API URL and the expiry; not the secret; nothing else on stdout', async () => {
    const result = await runCli(['exec', '--', process.execPath, '-e', PRINT_ENV], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.map((line) => line.split('=')[0]), ['ZOOM_ACCESS_TOKEN', 'ZOOM_API_URL', 'ZOOM_TOKEN_EXPIRES_AT', 'ZOOM_CLIENT_SECRET']);
    assert.equal(lines[0], `ZOOM_ACCESS_TOKEN=${zoom.issued.at(-1)}`);
    assert.equal(lines[1], 'ZOOM_API_URL=https://api.zoom.us/v2');
    assert.match(lines[2]!, /^ZOOM_TOKEN_EXPIRES_AT=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(lines[3], 'ZOOM_CLIENT_SECRET=(unset)');
    assert.equal(result.stderr, '');
  });

  test('a cached token is used while it lives long enough; --min-ttl asks for more', { skip: noKeyring }, async () => {
    // Tokens that live 20 minutes: the default 5 min is met, 30 min is not.
    const short = await startZoomEmulator({ apps: [{ ...SAMPLE_APP, expiresIn: 1200 }] });
    try {
      const box = await loggedInSandbox(short.origin, SAMPLE_APP);
      const print = ['--', process.execPath, '-e', 'console.log(process.env.ZOOM_ACCESS_TOKEN)'];
      const cached = (await runCli(['token'], { env: box.env })).stdout.trim();
      const minted = short.issuedCount();
      const plain = await runCli(['exec', ...print], { env: box.env });
      assert.equal(plain.stdout.trim(), cached, 'the cached token');
      assert.equal(short.issuedCount(), minted, 'no mint');
      const longer = await runCli(['exec', '--min-ttl', '30m', ...print], { env: box.env });
      assert.equal(longer.code, 0, longer.stderr);
      assert.equal(short.issuedCount(), minted + 1, '20 min left is less than 30 min: a new token');
      assert.equal(longer.stdout.trim(), short.issued.at(-1));
      assert.notEqual(longer.stdout.trim(), cached);
      await runCli(['logout'], { env: box.env });
    } finally {
      await short.close();
    }
  });

  test('the exit code is the command\'s; a signal death is 128 + its number', async () => {
    assert.equal((await runCli(['exec', '--', 'sh', '-c', 'exit 7'], { env: env() })).code, 7);
    assert.equal((await runCli(['exec', '--', 'sh', '-c', 'kill -TERM $$'], { env: env() })).code, 143);
    assert.equal((await runCli(['exec', '--', 'true'], { env: env() })).code, 0);
  });

  test('SIGTERM, SIGINT, SIGHUP and SIGQUIT are passed on to the command', async () => {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'] as const) {
      const script = `process.on("${signal}", () => { console.log("got ${signal}"); process.exit(0); }); console.log("ready"); setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, [CLI, 'exec', '--', process.execPath, '-e', script], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready')) resolve();
      }));
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.equal(code, 0, signal);
      assert.match(stdout, new RegExp(`got ${signal}`));
    }
  });

  test('a command that does not exist: exit 127 with a clear message', async () => {
    const result = await runCli(['exec', '--', 'zoom-s2s-no-such-command'], { env: env() });
    assert.equal(result.code, 127);
    assert.match(result.stderr, /^error: Command not found: zoom-s2s-no-such-command\n/);
  });

  test('a file that exists but cannot be run: exit 126, not 127 (as a shell says)', async () => {
    const script = path.join(tempDir('zoom-s2s-exec-'), 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho ran\n', { mode: 0o644 });
    const result = await runCli(['exec', '--', script], { env: env() });
    assert.equal(result.code, 126, result.stderr);
    assert.match(result.stderr, /^error: Could not run .*not-executable\.sh: .*EACCES/);
    assert.equal(result.stdout, '');
  });

  test('no command: a usage error', async () => {
    const result = await runCli(['exec'], { env: env() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing required argument 'command'/);
  });

  test('Zoom refusing the credentials ends before the command runs (exit 4)', async () => {
    const result = await runCli(['exec', '--', 'sh', '-c', 'echo ran'], { env: { ...env(), ZOOM_CLIENT_SECRET: 'wrong-secret' } });
    assert.equal(result.code, 4);
    assert.equal(result.stdout, '');
  });
});
