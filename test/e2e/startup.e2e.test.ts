/**
 * Guards the start-up path (docs/performance.md): a cached `token` is
 * answered by the entry bundle alone, which loads the keyring and nothing
 * else, not one built-in module more than `node -e 0`; a mint adds mint.cjs
 * and never the full program; `--help` loads none of the libraries only
 * other paths need. Not timed: it checks which modules the process loads.
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
const ONLY_ELSEWHERE = /@modelcontextprotocol|clipboardy|(^|\/)ora($|\/)|@inquirer|undici|(^|\/)conf($|\/)|ajv|proper-lockfile|chalk|node:https?$|^https?$|node:tls|^tls$|child_process/;

/** What `node <args>` loads: the modules it requires or imports, and the built-in modules Node loaded ("builtin <name>"). */
async function loadedBy(args: string[], env: Record<string, string>, exitCode = 0): Promise<{ modules: string[]; builtins: string[] }> {
  const log = path.join(tempDir('zoom-s2s-modules-'), 'modules.log');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['-r', RECORDER, ...args], { env: { ...env, ZOOM_S2S_MODULE_LOG: log }, stdio: 'ignore' });
    child.on('close', resolve);
  });
  assert.equal(code, exitCode, `${args.join(' ')} exited ${code}`);
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  return {
    modules: lines.filter((line) => !line.startsWith('builtin ')).map((line) => line.replace(/^(require|import) /, '')),
    builtins: lines.filter((line) => line.startsWith('builtin ')).map((line) => line.slice('builtin '.length)),
  };
}

/** The modules `node bin/zoom-s2s.cjs args` loads, by require() or import(). */
async function modulesLoadedBy(args: string[], env: Record<string, string>): Promise<string[]> {
  return (await loadedBy([CLI, ...args], env)).modules;
}

/** What a cached `token` may load: the bin shim, the entry bundle, node:fs and node:path, and the keyring's binary. */
const CACHED_TOKEN_MODULES = /^(.*\/bin\/zoom-s2s\.cjs|.*\/dist\/bundle\/zoom-s2s\.cjs|node:fs|node:path|@napi-rs\/keyring-linux-(x64|arm64)-gnu|@napi-rs\/keyring.*|\.\/keyring\.[\w-]+\.node|fs|data:text\/javascript,.*)$/;

describe('start-up path', () => {
  test('--help and --version are printed from the recording: no program, no keychain, no built-in module beyond node -e 0', async () => {
    const env = sandbox().env;
    const bare = await loadedBy(['-e', '0'], env);
    for (const args of [['--help'], ['token', '--help'], ['--version']]) {
      const loaded = await loadedBy([CLI, ...args], env);
      assert.ok(loaded.modules.some((m) => m.endsWith('zoom-s2s.cjs')), 'the recorder saw the bundle');
      assert.deepEqual(loaded.modules.filter((m) => m.endsWith('program.cjs') || m.includes('keyring') || ONLY_ELSEWHERE.test(m)), [], args.join(' '));
      assert.deepEqual(loaded.builtins.filter((name) => !bare.builtins.includes(name)), [], args.join(' '));
    }
  });

  test('the full program\'s own --help (a terminal would get it) loads none of the on-demand libraries', async () => {
    const loaded = await loadedBy([fileURLToPath(new URL('../../../scripts/run-program.cjs', import.meta.url)), '--help'], sandbox().env);
    assert.deepEqual(loaded.modules.filter((m) => ONLY_ELSEWHERE.test(m) || m.includes('keyring')), []);
  });

  describe('a cached token', { skip: noKeyring }, () => {
    let zoom: ZoomEmulator;
    let box: Sandbox;
    before(async () => {
      zoom = await startZoomEmulator();
      box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    });
    after(() => zoom?.close());

    test('is answered by the entry bundle and the keyring, no built-in module that node -e 0 does not load', async () => {
      const requests = zoom.requests.length;
      const hot = await loadedBy([CLI, 'token'], box.env);
      assert.equal(zoom.requests.length, requests, 'answered from the cache');
      assert.ok(hot.modules.some((m) => m.startsWith('@napi-rs/keyring')), 'the recorder saw the keyring');
      assert.deepEqual(hot.modules.filter((m) => !CACHED_TOKEN_MODULES.test(m)), [], 'only the entry\'s modules (not mint.cjs, not program.cjs)');
      const bare = await loadedBy(['-e', '0'], box.env);
      assert.deepEqual(hot.builtins.filter((name) => !bare.builtins.includes(name)), [], 'built-in modules beyond node -e 0');
    });

    test('with --format env and a profile named on the command line, still the entry alone', async () => {
      const hot = await modulesLoadedBy(['-p', 'default', 'token', '--format', 'env', '--min-ttl', '10m'], box.env);
      assert.deepEqual(hot.filter((m) => !CACHED_TOKEN_MODULES.test(m)), []);
    });

    test('a mint goes on in the same process with mint.cjs, without the full program or the libraries it does not need', async () => {
      const requests = zoom.requests.length;
      const modules = await modulesLoadedBy(['token', '--force'], box.env);
      assert.equal(zoom.requests.length, requests + 1, 'one token request');
      assert.ok(modules.some((m) => m.endsWith('mint.cjs')), 'mint.cjs was loaded');
      assert.deepEqual(modules.filter((m) => m.endsWith('program.cjs')), [], 'not the full program');
      assert.deepEqual(modules.filter((m) => /clipboardy|(^|\/)ora($|\/)|@inquirer|(^|\/)conf($|\/)|chalk|commander/.test(m)), []);
    });

    test('a token command line the flag tables leave to commander runs the full program', async () => {
      const { modules } = await loadedBy([CLI, 'token', '--format', 'yaml'], box.env, 2);
      assert.ok(modules.some((m) => m.endsWith('program.cjs')), 'commander said what is wrong');
    });
  });
});
