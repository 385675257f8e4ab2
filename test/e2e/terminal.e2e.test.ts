/** Login with prompts in a real terminal (tmux), with a real keychain behind it. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, clearKeychainItem, keychainItem, loggedInSandbox, noKeyring, sandbox } from '../helpers/run-cli.js';
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

  test('asks for the IDs, shows nothing of the secret, stores it', async () => {
    const tty = start('login');
    await tty.waitFor(/Account ID:/);
    tty.type(SAMPLE_APP.accountId);
    tty.press('Enter');
    await tty.waitFor(/Client ID:/);
    tty.type(SAMPLE_APP.clientId);
    tty.press('Enter');
    await tty.waitFor(/Client secret:/);
    tty.type(SAMPLE_APP.clientSecret);
    const typing = await tty.waitFor(/Client secret: \[input is masked\]/);
    assert.ok(!typing.includes(SAMPLE_APP.clientSecret));
    assert.ok(!typing.includes('*'), 'nothing that tells the length');
    tty.press('Enter');
    const screen = await tty.waitFor(/EXIT=\d+/);
    tty.close();
    assert.match(screen, /EXIT=0/);
    assert.match(screen, /Credentials verified with http:\/\/127\.0\.0\.1:\d+ \(ZOOM_S2S_OAUTH_URL\): 7 scopes granted/);
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

  test('the token goes to stdout only: a terminal on stderr never shows it, in any format', async () => {
    const box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    const out = path.join(box.home, 'out.txt');
    // stdout to a file, stderr to the terminal: what `TOKEN=$(zoom-s2s token)` does at a prompt.
    const script = ['token --force', 'token', 'token --format header', 'token --format env', 'token --json', 'token --min-ttl 59m']
      .map((args) => `node "$CLI" ${args} >> "$OUT"`)
      .join(' && ');
    terminal = Terminal.start(['sh', '-c', script], { ...box.env, CLI, OUT: out, NO_COLOR: '1' });
    const screen = await terminal.waitFor(/EXIT=\d+/);
    terminal.close();
    assert.match(screen, /EXIT=0/);
    assert.match(screen, /^Token expires in 59 min, at (?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC\.$/m, 'stderr is on the terminal');
    const printed = readFileSync(out, 'utf8');
    assert.ok(zoom.issued.length > 0);
    // Pieces, not the whole: a token is longer than a line and would wrap.
    const shown = (token: string) => [0, 50, 100, 150, 200].some((at) => screen.includes(token.slice(at, at + 20)));
    for (const token of zoom.issued) assert.ok(!shown(token), 'no token on the terminal');
    assert.ok(printed.includes(zoom.issued.at(-1)!), 'the token went to stdout');
  });
});
