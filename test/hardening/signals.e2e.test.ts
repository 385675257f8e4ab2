/** Signals: SIGTERM during a mint leaves no lock behind; Ctrl-C at any login prompt exits 130 and stores nothing. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { ensureKeyringAnswers } from '../helpers/keyring.js';
import { CLI, clearKeychainItem, keychainItem, noKeyring, runCli, sandbox, startHangingMint } from '../helpers/run-cli.js';
import { noTmux, Terminal } from '../helpers/terminal.js';

describe('signals', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  before(async () => {
    ensureKeyringAnswers('signals');
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());
  beforeEach(() => {
    clearKeychainItem('default');
    clearKeychainItem('default:token');
  });

  test('SIGTERM during a mint: the process ends and the next call is not held up', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin });
    const login = await runCli(['login', '--no-verify', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'], { env: box.env, input: SAMPLE_APP.clientSecret });
    assert.equal(login.code, 0, login.stderr);
    zoom.script({ hang: true });
    const { child: minting, lock } = await startHangingMint(box, () => zoom.requests.length);
    const exited = new Promise((resolve) => minting.once('exit', (code: number | null, signal: NodeJS.Signals | null) => resolve(signal ?? code)));
    minting.kill('SIGTERM');
    assert.equal(await exited, 'SIGTERM');
    assert.ok(!existsSync(lock), 'the lock was released on SIGTERM');
    const next = await runCli(['token'], { env: box.env });
    assert.equal(next.code, 0, next.stderr);
    assert.ok(next.ms < 3000, `took ${next.ms} ms`);
  });

  for (const prompt of ['Account ID', 'Client ID', 'Client secret']) {
    test(`Ctrl-C at the ${prompt} prompt: exit 130, nothing stored`, { skip: noTmux }, async () => {
      const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, NO_COLOR: '1' });
      const tty = Terminal.start([process.execPath, CLI, 'login'], box.env);
      try {
        const answers: Record<string, string> = { 'Account ID': SAMPLE_APP.accountId, 'Client ID': SAMPLE_APP.clientId };
        for (const label of ['Account ID', 'Client ID', 'Client secret']) {
          await tty.waitFor(new RegExp(`${label}:`));
          if (label === prompt) break;
          tty.type(answers[label]!);
          tty.press('Enter');
        }
        if (prompt === 'Client secret') tty.type('half-typed');
        tty.press('C-c');
        const screen = await tty.waitFor(/EXIT=\d+/);
        assert.match(screen, /EXIT=130/);
        assert.ok(!existsSync(box.configFile), 'no settings written');
        assert.equal(keychainItem('default'), undefined);
      } finally {
        tty.close();
      }
    });
  }
});
