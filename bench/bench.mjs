#!/usr/bin/env node
/**
 * `npm run bench`: whole-process timings of zoom-s2s against Node's own
 * start-up. Each round runs every case once, in turn (A B C A B C …), after
 * warm-up rounds; the table shows medians and ratios to `node -e 0` measured
 * in the same run. Needs the build (npm run build) and a keychain: run it
 * through bench/run.sh, which starts a private gnome-keyring.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_APP, startZoomEmulator } from '../dist/test/emulator/zoom-emulator.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'bin', 'zoom-s2s.js');
const runs = Number(process.env.BENCH_RUNS ?? 21);
const warmup = 3;

const zoom = await startZoomEmulator();
const home = mkdtempSync(path.join(tmpdir(), 'zoom-s2s-bench-'));
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), ZOOM_S2S_OAUTH_URL: zoom.origin };
// Nothing that changes what Node does at start-up: NODE_EXTRA_CA_CERTS alone
// (set on some machines to the system bundle) adds tens of ms to every process.
for (const name of ['DEBUG', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']) delete env[name];

/** Runs one process to its end and returns its wall time in ms. (Asynchronous: the emulator lives in this process.) */
function run(args, input = '') {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
    child.stdin.end(input);
  });
}

await run([cli, 'login', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'], SAMPLE_APP.clientSecret);

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'zoom-s2s token (cached)', args: [cli, 'token'] },
  { name: 'zoom-s2s token --force (mint, HTTP)', args: [cli, 'token', '--force'] },
];

const samples = new Map(cases.map((c) => [c.name, []]));
for (let round = 0; round < warmup + runs; round++) {
  // Rotate the order each round so that no case always runs first.
  for (let i = 0; i < cases.length; i++) {
    const c = cases[(round + i) % cases.length];
    const ms = await run(c.args);
    if (round >= warmup) samples.get(c.name).push(ms);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const base = median(samples.get('node -e 0'));
console.log(`zoom-s2s benchmark: ${runs} alternating runs per case after ${warmup} warm-up rounds`);
console.log(`${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}\n`);
console.log(`${'case'.padEnd(40)}${'median'.padStart(10)}${'× node -e 0'.padStart(14)}`);
for (const c of cases) {
  const m = median(samples.get(c.name));
  console.log(`${c.name.padEnd(40)}${`${m.toFixed(1)} ms`.padStart(10)}${`${(m / base).toFixed(2)} ×`.padStart(14)}`);
}
console.log(`\nToken requests served by the emulator: ${zoom.requests.length}`);
await zoom.close();
