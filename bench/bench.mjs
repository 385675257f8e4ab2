#!/usr/bin/env node
/**
 * `npm run bench`: whole-process timings of zoom-s2s against Node's own
 * start-up. Each round runs every case once, in rotating order (A B C …, then
 * B C … A), after warm-up rounds; the table shows medians and ratios to
 * `node -e 0` measured in the same run, and each zoom-s2s case against its
 * floor, a bare script doing only what the case cannot do without:
 * bench/floor-cached.cjs (one keychain read) for a cached token,
 * bench/floor-mint.mjs (the secret from the keychain, the HTTPS request, the
 * answer into the keychain) for a mint. bench/floor-request.mjs (the request
 * alone) shows what the keychain adds to a mint.
 * Peak memory (max RSS, from GNU time) is measured the same way.
 * Needs the build and a keychain: run it through bench/run.sh.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_APP, startZoomEmulator } from '../dist/test/emulator/zoom-emulator.js';
import { makeTestPki } from '../dist/test/helpers/tls.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'bin', 'zoom-s2s.cjs');
const floorRequest = path.join(root, 'bench', 'floor-request.mjs');
const floorCached = path.join(root, 'bench', 'floor-cached.cjs');
const floorMint = path.join(root, 'bench', 'floor-mint.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 21);
const warmup = 3;
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

// The emulator over HTTPS with a test CA, so a mint includes a real TLS handshake.
const pki = makeTestPki();
const zoom = await startZoomEmulator({ tls: pki.server });
const home = mkdtempSync(path.join(tmpdir(), 'zoom-s2s-bench-'));
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), ZOOM_S2S_OAUTH_URL: zoom.origin };
// Nothing that changes what Node does at start-up: NODE_OPTIONS, and
// NODE_EXTRA_CA_CERTS (on some machines the whole system bundle: tens of ms per
// process). Only the two cases that make a request trust the test CA, both alike.
for (const name of ['DEBUG', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']) delete env[name];
const withTestCa = { NODE_EXTRA_CA_CERTS: pki.caFile };

/** A shell word: `script -c` takes one command line. */
const shellWord = (word) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs one process to its end; resolves its wall time in ms and, with GNU
 * time, its max RSS in KB. `terminal`: inside a pseudo-terminal made by
 * script(1), as a person typing the command gets it (its baseline is
 * `node -e 0` inside script too, so the ratio is like for like).
 */
function run(args, input = '', measureMemory = false, extraEnv = {}, terminal = false) {
  return new Promise((resolve, reject) => {
    const [command, argv] = terminal
      ? ['script', ['-qec', [process.execPath, ...args].map(shellWord).join(' '), '/dev/null']]
      : measureMemory && gnuTime ? [gnuTime, ['-f', '%M', process.execPath, ...args]] : [process.execPath, args];
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, { env: { ...env, ...extraEnv }, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ ms, kb: measureMemory ? Number(stderr.trim().split('\n').at(-1)) : undefined });
    });
    child.stdin.end(input);
  });
}

await run([cli, 'login', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'], SAMPLE_APP.clientSecret, false, withTestCa);

const baseline = { name: 'node -e 0', args: ['-e', '0'] };
const cached = { name: 'zoom-s2s token (cached)', args: [cli, 'token'] };
const mint = { name: 'zoom-s2s token --force (HTTPS mint)', args: [cli, 'token', '--force'], env: withTestCa };
const cachedFloor = { name: 'floor: one keychain read', args: [floorCached, 'default'] };
const mintFloor = { name: 'floor: keychain, HTTPS, keychain', args: [floorMint, `${zoom.origin}/oauth/token`, 'default', SAMPLE_APP.clientId, SAMPLE_APP.accountId], env: withTestCa };
const requestFloor = { name: 'floor: the HTTPS request alone', args: [floorRequest, `${zoom.origin}/oauth/token`, SAMPLE_APP.clientId, SAMPLE_APP.clientSecret, SAMPLE_APP.accountId], env: withTestCa };
const floorOf = new Map([[cached, cachedFloor], [mint, mintFloor]]);
const terminalBaseline = { name: 'node -e 0, on a terminal', args: ['-e', '0'], terminal: true };
const cases = [
  baseline, cached, cachedFloor,
  { name: 'zoom-s2s --help', args: [cli, '--help'] },
  { name: 'zoom-s2s token --help', args: [cli, 'token', '--help'] },
  { name: 'zoom-s2s --version', args: [cli, '--version'] },
  terminalBaseline,
  { name: 'zoom-s2s --help, on a terminal', args: [cli, '--help'], terminal: true },
  { name: 'zoom-s2s token --help, on a terminal', args: [cli, 'token', '--help'], terminal: true },
  mint, mintFloor, requestFloor,
];
// A case on a terminal is set against node -e 0 on a terminal.
const baselineOf = (c) => (c.terminal ? terminalBaseline : baseline);

async function measure(list, rounds, memory) {
  const samples = new Map(list.map((c) => [c.name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < list.length; i++) {
      const c = list[(round + i) % list.length];
      const result = await run(c.args, '', memory, c.env, c.terminal);
      if (round >= warmup) samples.get(c.name).push(memory ? result.kb : result.ms);
    }
  }
  return samples;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const times = await measure(cases, runs);
console.log(`zoom-s2s benchmark: ${runs} alternating runs per case after ${warmup} warm-up rounds`);
console.log(`${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}\n`);
console.log(`${'case'.padEnd(40)}${'median'.padStart(10)}${'× node -e 0'.padStart(14)}   (on a terminal: × node -e 0 on a terminal)`);
for (const c of cases) {
  const m = median(times.get(c.name));
  const base = median(times.get(baselineOf(c).name));
  const floor = floorOf.get(c);
  const extra = floor ? `   (${(m / median(times.get(floor.name))).toFixed(2)} × its floor)` : '';
  console.log(`${c.name.padEnd(40)}${`${m.toFixed(1)} ms`.padStart(10)}${`${(m / base).toFixed(2)} ×`.padStart(14)}${extra}`);
}

if (gnuTime) {
  const memory = await measure([baseline, cached], Math.min(runs, 11), true);
  const baseKb = median(memory.get(baseline.name));
  const cachedKb = median(memory.get(cached.name));
  console.log(`\npeak memory (max RSS), node -e 0: ${(baseKb / 1024).toFixed(1)} MB; zoom-s2s token (cached): ${(cachedKb / 1024).toFixed(1)} MB = ${(cachedKb / baseKb).toFixed(2)} ×`);
} else {
  console.log('\npeak memory: not measured (needs GNU time: apt-get install -y time)');
}
await zoom.close();
