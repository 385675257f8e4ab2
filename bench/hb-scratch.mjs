// scratch: node bench/hb-scratch.mjs '<json: {name: [args...]}>' [rounds]
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SAMPLE_APP, startZoomEmulator } from '../dist/test/emulator/zoom-emulator.js';
const cases = JSON.parse(process.argv[2]);
const rounds = Number(process.argv[3] ?? 25);
const zoom = await startZoomEmulator();
const home = mkdtempSync(path.join(tmpdir(), 'hb-'));
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), ZOOM_S2S_OAUTH_URL: zoom.origin };
for (const n of ['DEBUG', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']) delete env[n];
const cli = path.resolve('bin/zoom-s2s.cjs');
await new Promise((res, rej) => { const c = spawn(process.execPath, [cli, 'login', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'], { env, stdio: ['pipe', 'ignore', 'inherit'] }); c.on('close', (code) => code === 0 ? res() : rej(new Error('login ' + code))); c.stdin.end(SAMPLE_APP.clientSecret); });
const run = (args) => new Promise((res, rej) => { const t = process.hrtime.bigint(); const c = spawn(process.execPath, args.map((a) => a === 'CLI' ? cli : a), { env, stdio: ['ignore', 'ignore', 'pipe'] }); let e = ''; c.stderr.on('data', (d) => (e += d)); c.on('close', (code) => code === 0 ? res(Number(process.hrtime.bigint() - t) / 1e6) : rej(new Error(args.join(' ') + ': ' + e))); });
const names = Object.keys(cases); const s = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < rounds + 3; r++) for (let i = 0; i < names.length; i++) { const n = names[(r + i) % names.length]; const ms = await run(cases[n]); if (r >= 3) s[n].push(ms); }
const med = (v) => { const x = [...v].sort((a, b) => a - b); return x[x.length >> 1]; };
const b = med(s[names[0]]);
for (const n of names) console.log(`${n.padEnd(36)} ${med(s[n]).toFixed(1).padStart(7)} ms ${(med(s[n]) / b).toFixed(2)}x`);
await zoom.close();
