/**
 * A keychain that stops answering (the gnome-keyring daemon of the test
 * session frozen with SIGSTOP): every command ends within seconds with exit 1
 * and a message naming the cause, and nothing is half-written.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { loggedInSandbox, noKeyring, runCli, type Sandbox } from '../helpers/run-cli.js';

/** The process that owns the Secret Service name on this test's D-Bus session. */
function secretServicePid(): number {
  const reply = execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.GetConnectionUnixProcessID', 'string:org.freedesktop.secrets'], { encoding: 'utf8' });
  const pid = Number(/uint32 (\d+)/.exec(reply)?.[1]);
  assert.ok(pid > 0, reply);
  return pid;
}

describe('a frozen keychain daemon', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  let box: Sandbox;
  let pid: number | undefined;
  before(async () => {
    zoom = await startZoomEmulator();
    box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    pid = secretServicePid();
    process.kill(pid, 'SIGSTOP');
  });
  after(async () => {
    if (pid) process.kill(pid, 'SIGCONT');
    await zoom?.close();
  });

  for (const args of [['token'], ['status'], ['logout'], ['login', '--account-id', 'otherAccount', '--client-id', 'otherClient', '--client-secret-stdin']]) {
    test(`${args[0]}: exit 1 within seconds, naming the cause; the settings untouched`, async () => {
      const before = readFileSync(box.configFile, 'utf8');
      const result = await runCli(args, { env: box.env, input: 'otherSecret123', timeoutMs: 30_000 });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /keychain \(Secret Service\).*(did not answer|Did not receive a reply)/i);
      assert.ok(result.ms < 12_000, `took ${result.ms} ms`);
      assert.equal(readFileSync(box.configFile, 'utf8'), before);
      console.log(`# frozen keychain, ${args[0]}: exit 1 after ${result.ms} ms`);
    });
  }
});
