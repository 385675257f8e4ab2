/**
 * A keychain that stops answering (the gnome-keyring daemon of the test
 * session frozen with SIGSTOP): every command ends within seconds with exit 1
 * and a message naming the cause, and nothing is half-written.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { ensureKeyringAnswers, secretServicePid } from '../helpers/keyring.js';
import { loggedInSandbox, noKeyring, runCli, type Sandbox } from '../helpers/run-cli.js';

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
    ensureKeyringAnswers('after the frozen keychain');
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
