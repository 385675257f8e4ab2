/**
 * Guards the start-up path (see "Performance" in the README): a cached
 * `token` and `--help` must not load the libraries that only other paths
 * need. Not timed: it checks which modules the process loads.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, loggedInSandbox, noKeyring, sandbox, type Sandbox } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const RECORDER = fileURLToPath(new URL('../../../test/support/record-modules.cjs', import.meta.url));
const ONLY_ELSEWHERE = /clipboardy|(^|\/)ora($|\/)|@inquirer|undici|(^|\/)conf($|\/)|ajv|proper-lockfile|chalk|node:https?$|^https?$|node:tls|^tls$|child_process/;

/** The modules `node bin/zoom-s2s.cjs args` loads, by require() or import(). */
async function modulesLoadedBy(args: string[], env: Record<string, string>): Promise<string[]> {
  const log = path.join(tempDir('zoom-s2s-modules-'), 'modules.log');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['-r', RECORDER, CLI, ...args], { env: { ...env, ZOOM_S2S_MODULE_LOG: log }, stdio: 'ignore' });
    child.on('close', resolve);
  });
  assert.equal(code, 0, `${args.join(' ')} failed`);
  return readFileSync(log, 'utf8').trim().split('\n').map((line) => line.replace(/^(require|import) /, ''));
}

describe('start-up path', () => {
  test('--help loads no keychain and none of the on-demand libraries', async () => {
    const modules = await modulesLoadedBy(['--help'], sandbox().env);
    assert.ok(modules.some((m) => m.endsWith('zoom-s2s.cjs')), 'the recorder saw the bundle');
    assert.deepEqual(modules.filter((m) => ONLY_ELSEWHERE.test(m) || m.includes('keyring')), []);
  });

  describe('a cached token', { skip: noKeyring }, () => {
    let zoom: ZoomEmulator;
    let box: Sandbox;
    before(async () => {
      zoom = await startZoomEmulator();
      box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    });
    after(() => zoom?.close());

    test('loads the keyring and nothing else of the dependencies', async () => {
      const requests = zoom.requests.length;
      const modules = await modulesLoadedBy(['token'], box.env);
      assert.equal(zoom.requests.length, requests, 'answered from the cache');
      assert.ok(modules.includes('@napi-rs/keyring'), 'the recorder saw the keyring');
      assert.deepEqual(modules.filter((m) => ONLY_ELSEWHERE.test(m)), []);
    });
  });
});
