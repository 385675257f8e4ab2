/** `token --copy` against a real X clipboard (Xvfb + xsel), read back from outside. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { loggedInSandbox, noDisplay, noKeyring, runCli, type Sandbox } from '../helpers/run-cli.js';

const readClipboard = () => execFileSync('xsel', ['--clipboard', '--output'], { encoding: 'utf8', timeout: 5000 });

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

  test('without a display: exit 1 saying why, nothing on stdout', async () => {
    const { DISPLAY: _display, XAUTHORITY: _xauthority, ...env } = box.env;
    const result = await runCli(['token', '-c'], { env });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: No clipboard available: no display \(DISPLAY and WAYLAND_DISPLAY are not set\)\.\n/);
  });
});
