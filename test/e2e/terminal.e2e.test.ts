/** Login with prompts in a real terminal (tmux), with a real keychain behind it. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, clearKeychainItem, keychainItem, noKeyring, sandbox } from '../helpers/run-cli.js';
import { noTmux, Terminal } from '../helpers/terminal.js';

describe('login at a terminal', { skip: noKeyring || noTmux }, () => {
  let zoom: ZoomEmulator;
  let terminal: Terminal | undefined;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());
  beforeEach(() => clearKeychainItem('default'));
  const start = (...args: string[]) => {
    terminal = Terminal.start([process.execPath, CLI, ...args], sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, NO_COLOR: '1' }).env);
    return terminal;
  };
  after(() => terminal?.close());

  test('asks for the IDs, masks the secret, stores it', async () => {
    const tty = start('login');
    await tty.waitFor(/Account ID:/);
    tty.type(SAMPLE_APP.accountId);
    tty.press('Enter');
    await tty.waitFor(/Client ID:/);
    tty.type(SAMPLE_APP.clientId);
    tty.press('Enter');
    await tty.waitFor(/Client secret:/);
    tty.type(SAMPLE_APP.clientSecret);
    const typing = await tty.waitFor(/Client secret: \*{10,}/);
    assert.ok(!typing.includes(SAMPLE_APP.clientSecret));
    tty.press('Enter');
    const screen = await tty.waitFor(/EXIT=\d+/);
    tty.close();
    assert.match(screen, /EXIT=0/);
    assert.match(screen, /Credentials verified with Zoom: 7 scopes granted/);
    assert.ok(!screen.includes(SAMPLE_APP.clientSecret), screen);
    assert.equal(keychainItem('default'), SAMPLE_APP.clientSecret);
  });

  test('a refused value is explained at the prompt and asked again', async () => {
    const tty = start('login', '--no-verify');
    await tty.waitFor(/Account ID:/);
    tty.type('has space');
    tty.press('Enter');
    await tty.waitFor(/contains spaces/);
    tty.press('C-u');
    tty.type(SAMPLE_APP.accountId);
    tty.press('Enter');
    await tty.waitFor(/Client ID:/);
    tty.press('C-c');
    const screen = await tty.waitFor(/EXIT=\d+/);
    tty.close();
    assert.match(screen, /EXIT=130/);
    assert.equal(keychainItem('default'), undefined);
  });
});
