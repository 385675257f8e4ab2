#!/usr/bin/env node
/**
 * `npm run bench:proxy`: what a request costs through `zoom-s2s proxy`,
 * against the same request made straight to the API with the token in hand,
 * and against `zoom-s2s api` (a process per request, its token cached in the
 * keychain). The API emulator runs on loopback over plain HTTP, so the
 * figures are the proxy's own cost, without the network or TLS to Zoom.
 *   1. whole processes, alternating rounds, medians: curl straight to the
 *      API, curl through the proxy, zoom-s2s api, node -e 0;
 *   2. one process, one keep-alive connection, requests one after another:
 *      the median latency straight, through the proxy, and through its
 *      floor, bench/floor-proxy.mjs (a bare Node pass-through that only adds
 *      the token);
 *   3. 100 requests at once, repeated: the median time for all 100 to be
 *      answered, straight, through the proxy and through its floor; then the
 *      token revoked and 100 at once again, counting the mints.
 * Needs the build and a keychain: run it through bench/run.sh.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiEmulator } from '../dist/test/emulator/api-emulator.js';
import { SAMPLE_APP, startZoomEmulator } from '../dist/test/emulator/zoom-emulator.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'bin', 'zoom-s2s.cjs');
const rounds = Number(process.env.BENCH_RUNS ?? 21);
const warmup = 3;

const zoom = await startZoomEmulator();
const api = await startApiEmulator({ issuer: zoom });
const home = mkdtempSync(path.join(tmpdir(), 'zoom-s2s-bench-'));
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, '.config'),
  ZOOM_S2S_OAUTH_URL: zoom.origin,
  ZOOM_S2S_API_URL: api.base,
  ZOOM_ACCOUNT_ID: SAMPLE_APP.accountId,
  ZOOM_CLIENT_ID: SAMPLE_APP.clientId,
  ZOOM_CLIENT_SECRET: SAMPLE_APP.clientSecret,
};
for (const name of ['DEBUG', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) delete env[name];

/** Runs a process to its end: its wall time in ms and its stdout. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, stdout });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The token, cached in the keychain for `api`, and in hand for the straight requests.
const token = (await run(process.execPath, [cli, 'token'])).stdout.trim();
/** A serving process, once it has printed its URL. */
async function serve(args) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
  });
  return { child, url };
}
const proxy = await serve([cli, 'proxy', '--quiet']);
const floor = await serve([path.join(root, 'bench', 'floor-proxy.mjs'), api.origin, token]);
const direct = `${api.base}/users/me`;
const through = `${proxy.url}/users/me`;

console.log(`zoom-s2s proxy benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}\n`);

// 1. Whole processes.
const cases = [
  { name: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
  { name: 'curl, straight to the API (token in hand)', command: 'curl', args: ['-sf', '-o', '/dev/null', '-H', `Authorization: Bearer ${token}`, direct] },
  { name: 'curl through zoom-s2s proxy', command: 'curl', args: ['-sf', '-o', '/dev/null', through] },
  { name: 'zoom-s2s api /users/me (cached token)', command: process.execPath, args: [cli, 'api', '/users/me'] },
];
const samples = new Map(cases.map((c) => [c.name, []]));
for (let round = 0; round < warmup + rounds; round++) {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[(round + i) % cases.length];
    const { ms } = await run(c.command, c.args);
    if (round >= warmup) samples.get(c.name).push(ms);
  }
}
const base = median(samples.get('node -e 0'));
console.log(`1. one request per process, ${rounds} alternating rounds, medians`);
for (const c of cases) {
  const m = median(samples.get(c.name));
  console.log(`   ${c.name.padEnd(44)}${`${m.toFixed(1)} ms`.padStart(10)}${`${(m / base).toFixed(2)} × node -e 0`.padStart(20)}`);
}

// 2. One connection, one request after another.
const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
const get = (url, headers = {}) =>
  new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode} from ${url}`))));
    });
    request.on('error', reject);
  });
const straight = () => get(direct, { authorization: `Bearer ${token}` });
const proxied = () => get(through);
const bare = () => get(`${floor.url}/v2/users/me`);
const calls = [['straight', straight], ['proxied', proxied], ['bare', bare]];
const latencies = { straight: [], proxied: [], bare: [] };
for (let i = 0; i < 100; i++) await Promise.all(calls.map(([, call]) => call()));
for (let i = 0; i < 1000; i++) {
  for (let j = 0; j < calls.length; j++) {
    const [name, call] = calls[(i + j) % calls.length];
    const started = process.hrtime.bigint();
    await call();
    latencies[name].push(Number(process.hrtime.bigint() - started) / 1e3);
  }
}
const [s, p, f] = [median(latencies.straight), median(latencies.proxied), median(latencies.bare)];
console.log(`\n2. 1000 requests one after another on a kept-alive connection, median latency`);
console.log(`   straight to the API: ${s.toFixed(0)} µs; through zoom-s2s proxy: ${p.toFixed(0)} µs (+${(p - s).toFixed(0)} µs); through the bare floor: ${f.toFixed(0)} µs (+${(f - s).toFixed(0)} µs)`);

// 3. A hundred at once.
const batch = async (call) => {
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 100 }, call));
  return Number(process.hrtime.bigint() - started) / 1e6;
};
const batches = { straight: [], proxied: [], bare: [] };
for (let i = 0; i < 3; i++) for (const [, call] of calls) await batch(call);
for (let i = 0; i < 30; i++) for (const [name, call] of calls) batches[name].push(await batch(call));
const [bs, bp, bf] = [median(batches.straight), median(batches.proxied), median(batches.bare)];
console.log(`\n3. 100 requests at once, 30 times, median time for all 100`);
console.log(`   straight to the API: ${bs.toFixed(1)} ms; through zoom-s2s proxy: ${bp.toFixed(1)} ms; through the bare floor: ${bf.toFixed(1)} ms (the proxy: ${(bp / bf).toFixed(2)} × its floor)`);
const before = zoom.issued.length;
api.revoke(zoom.issued.at(-1));
const afterRevoke = await batch(proxied);
console.log(`   the token revoked, 100 at once through the proxy: all answered in ${afterRevoke.toFixed(1)} ms with ${zoom.issued.length - before} new token(s) minted`);

proxy.child.kill('SIGTERM');
floor.child.kill('SIGTERM');
agent.destroy();
await api.close();
await zoom.close();
