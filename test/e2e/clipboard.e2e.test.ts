/** `token --copy` against a real X clipboard (Xvfb + xsel), read back from outside. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, credentialVariables, loggedInSandbox, noDisplay, noKeyring, runCli, type Sandbox } from '../helpers/run-cli.js';
import { noTmux, Terminal } from '../helpers/terminal.js';

const readClipboard = () => execFileSync('xsel', ['--clipboard', '--output'], { encoding: 'utf8', timeout: 5000 });

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The running `__clear-clipboard` helpers started with HOME=`home`: their arguments and environment, from /proc. */
function clearers(home: string): Array<{ pid: number; argv: string[]; env: string[] }> {
  const found = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (!argv.includes('__clear-clipboard')) continue;
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').filter(Boolean);
      if (env.includes(`HOME=${home}`)) found.push({ pid: Number(entry), argv, env });
    } catch {
      // Ended while being read.
    }
  }
  return found;
}

describe('token --copy with a real clipboard', { skip: noKeyring || noDisplay }, () => {
  let zoom: ZoomEmulator;
  let box: Sandbox;
  before(async () => {
    zoom = await startZoomEmulator();
    box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
  });
  after(async () => {
    await runCli(['logout'], { env: box.env });
    await zoom?.close();
  });

  test('leaves the token on the clipboard, nothing on stdout', async () => {
    execFileSync('xsel', ['--clipboard', '--input'], { input: 'something else' });
    const result = await runCli(['token', '--copy'], { env: box.env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Access token copied to the clipboard \(expires in 59 min, at/);
    const copied = readClipboard();
    assert.match(copied, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.ok(!result.stderr.includes(copied));
    assert.equal(copied, zoom.issued.at(-1));
  });

  test('--clear-after: the token stays for the delay, then is gone', async () => {
    const started = Date.now();
    const result = await runCli(['token', '--copy', '--clear-after', '2500ms'], { env: box.env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /; cleared in 3 s unless you copy something else\)\.\n$/);
    assert.equal(readClipboard(), zoom.issued.at(-1));
    await waitFor(() => readClipboard() === '', 15_000);
    // A lower bound only, which a busy machine cannot break: cleared early, it would be empty within a few hundred ms.
    assert.ok(Date.now() - started >= 2500, `cleared ${Date.now() - started} ms after the copy, before the 2.5 s asked for`);
  });

  test('--clear-after leaves alone what the user copied meanwhile (ZOOM_S2S_CLIPBOARD_CLEAR sets the delay)', async () => {
    const result = await runCli(['token', '--copy'], { env: { ...box.env, ZOOM_S2S_CLIPBOARD_CLEAR: '2s' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /cleared in 2 s/);
    execFileSync('xsel', ['--clipboard', '--input'], { input: 'copied by the user' });
    assert.equal(clearers(box.home).length, 1, 'the helper is waiting');
    // Done when the helper has looked at the clipboard and ended.
    await waitFor(() => clearers(box.home).length === 0, 15_000);
    assert.equal(readClipboard(), 'copied by the user');
  });

  test('--clear-after: the helper is given the token\'s SHA-256 digest, never the token, and no client secret', async () => {
    const env = { ...box.env, ...credentialVariables(SAMPLE_APP) };
    const result = await runCli(['-p', 'default', 'token', '--copy', '--clear-after', '1m'], { env });
    assert.equal(result.code, 0, result.stderr);
    const token = readClipboard();
    assert.equal(token, zoom.issued.at(-1));
    const [helper, ...others] = clearers(box.home);
    assert.ok(helper, 'the helper is running');
    try {
      assert.equal(others.length, 0);
      assert.deepEqual(helper.argv.slice(-3), ['__clear-clipboard', createHash('sha256').update(token).digest('hex'), '60000']);
      const seen = [...helper.argv, ...helper.env].join('\n');
      assert.ok(!seen.includes(token), 'no token in its arguments or environment');
      assert.ok(!seen.includes(SAMPLE_APP.clientSecret), 'no secret in its arguments or environment');
      assert.ok(!helper.env.some((entry) => entry.startsWith('ZOOM_CLIENT_SECRET=')));
      assert.ok(helper.env.includes(`ZOOM_CLIENT_ID=${SAMPLE_APP.clientId}`), 'the rest of the environment is passed on');
    } finally {
      process.kill(helper.pid, 'SIGTERM');
    }
    await waitFor(() => clearers(box.home).length === 0, 5_000);
  });

  test('--clear-after without --copy, or not a duration: usage errors', async () => {
    assert.equal((await runCli(['token', '--clear-after', '10s'], { env: box.env })).code, 2);
    assert.equal((await runCli(['token', '--copy', '--clear-after', '10'], { env: box.env })).code, 2);
    assert.equal((await runCli(['token', '--copy'], { env: { ...box.env, ZOOM_S2S_CLIPBOARD_CLEAR: 'soon' } })).code, 2);
  });

  test('no display, but a terminal: the token goes to the terminal\'s clipboard with OSC 52', { skip: noTmux }, async () => {
    const { DISPLAY: _display, XAUTHORITY: _xauthority, ...env } = box.env;
    const terminal = Terminal.start([process.execPath, CLI, 'token', '--copy'], { ...env, NO_COLOR: '1' }, ['set -g set-clipboard on']);
    try {
      const screen = await terminal.waitFor(/EXIT=\d+/);
      assert.match(screen, /✓ Access token sent to your terminal's clipboard with OSC 52 \(no display here; expires in 59 min/);
      assert.match(screen, /EXIT=0/);
      assert.equal(terminal.buffer(), zoom.issued.at(-1));
    } finally {
      terminal.close();
    }
  });

  test('ZOOM_S2S_OSC52=0: no terminal fallback, the usual error', { skip: noTmux }, async () => {
    const { DISPLAY: _display, XAUTHORITY: _xauthority, ...env } = box.env;
    const terminal = Terminal.start([process.execPath, CLI, 'token', '--copy'], { ...env, NO_COLOR: '1', ZOOM_S2S_OSC52: '0' }, ['set -g set-clipboard on']);
    try {
      const screen = await terminal.waitFor(/EXIT=\d+/);
      assert.match(screen, /error: No clipboard available: no display/);
      assert.match(screen, /EXIT=1/);
      assert.equal(terminal.buffer(), undefined);
    } finally {
      terminal.close();
    }
  });

  test('without a display: exit 1 saying why, nothing on stdout', async () => {
    const { DISPLAY: _display, XAUTHORITY: _xauthority, ...env } = box.env;
    const result = await runCli(['token', '-c'], { env });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: No clipboard available: no display \(DISPLAY and WAYLAND_DISPLAY are not set\)\.\n/);
  });
});
