/**
 * `kill -9` at random points of login and logout, 50 times in a row: after
 * each, the next command (status) leaves the settings file valid JSON and the
 * settings and keychain in agreement, repairing what an interrupted run left
 * and saying so. The kill times are spread over how long each command takes
 * on this machine, in a shuffled order from a seed (ZOOM_S2S_TEST_SEED,
 * printed), and the test fails if too few kills landed while the command was
 * still running.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ensureKeyringAnswers } from '../helpers/keyring.js';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, clearKeychainItem, keychainItem, noKeyring, runCli, sandbox } from '../helpers/run-cli.js';

/** A small seeded generator (mulberry32): the same seed, the same kill times. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUNDS = 50;
/** Kills that must land while the command still runs. */
const MIN_KILLED = 20;

describe('kill -9 during login and logout', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => {
    ensureKeyringAnswers('after kill -9');
    return zoom?.close();
  });

  test('50 random kills: afterwards settings and keychain always agree', async () => {
    clearKeychainItem('k');
    clearKeychainItem('k:token');
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin });
    let repairs = 0;
    let killed = 0;
    const seed = Number(process.env.ZOOM_S2S_TEST_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const loginArgs = ['login', '-p', 'k', '--no-verify', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'];
    const logoutArgs = ['logout', '-p', 'k'];
    const start = (args: string[]) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: box.env, stdio: ['pipe', 'ignore', 'ignore'] });
      child.stdin.end(SAMPLE_APP.clientSecret);
      return { child, ended: new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code))) };
    };
    // How long each command takes here, unkilled (the median of 3): the kills
    // are spread over its later 70 % (the first part is Node starting up).
    const duration = async (args: string[], undo: string[]) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const began = Date.now();
        assert.equal(await start(args).ended, 0);
        times.push(Date.now() - began);
        assert.equal(await start(undo).ended, 0);
      }
      return times.sort((a, b) => a - b)[1]!;
    };
    const loginMs = await duration(loginArgs, logoutArgs);
    const logoutMs = await (async () => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        assert.equal(await start(loginArgs).ended, 0);
        const began = Date.now();
        assert.equal(await start(logoutArgs).ended, 0);
        times.push(Date.now() - began);
      }
      return times.sort((a, b) => a - b)[1]!;
    })();
    // One delay in each of the equal slices of that window, in a shuffled order.
    const spread = (rounds: number, ms: number) => {
      const delays = Array.from({ length: rounds }, (_, i) => ms * (0.3 + (0.7 * (i + random())) / rounds));
      for (let i = delays.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [delays[i], delays[j]] = [delays[j]!, delays[i]!];
      }
      return delays;
    };
    const loginDelays = spread(ROUNDS / 2, loginMs);
    const logoutDelays = spread(ROUNDS / 2, logoutMs);
    for (let round = 0; round < ROUNDS; round++) {
      const login = round % 2 === 0;
      const { child, ended } = start(login ? loginArgs : logoutArgs);
      await new Promise((resolve) => setTimeout(resolve, (login ? loginDelays : logoutDelays)[Math.floor(round / 2)]));
      child.kill('SIGKILL');
      if ((await ended) === 'SIGKILL') killed++;

      const next = await runCli(['status', '-p', 'k'], { env: box.env });
      assert.ok(next.code === 0 || next.code === 3, `round ${round}: ${next.stderr}`);
      if (/Removed profile "k"/.test(next.stderr)) repairs++;

      const text = existsSync(box.configFile) ? readFileSync(box.configFile, 'utf8') : '{}';
      const settings = JSON.parse(text) as { profiles?: Record<string, { pending?: boolean }> };
      const stored = settings.profiles?.k;
      assert.ok(!stored?.pending, `round ${round}: a pending profile survived the next command`);
      assert.equal(stored !== undefined, keychainItem('k') !== undefined, `round ${round}: settings and keychain disagree`);
    }
    console.log(`# kill -9 (ZOOM_S2S_TEST_SEED=${seed}; login ${loginMs} ms, logout ${logoutMs} ms unkilled): ${ROUNDS} rounds, ${killed} processes killed mid-run, ${repairs} repaired by the next command; settings and keychain agreed every time`);
    assert.ok(killed >= MIN_KILLED, `only ${killed} of ${ROUNDS} kills landed mid-run (ZOOM_S2S_TEST_SEED=${seed}): the test did not test much`);
  });
});
