/**
 * The emulator in a process of its own, for tests that start so many
 * processes that an emulator inside the test process would be starved of CPU
 * and answer late. Prints its origin on the first line of stdout; GET
 * /__emulator/issued on it answers the tokens issued so far (JSON array).
 * Usage: node serve.js ['<apps as JSON>' [<latency of a token answer, ms>]]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_APP, startZoomEmulator, type EmulatedApp } from './zoom-emulator.js';

const apps = process.argv[2] ? (JSON.parse(process.argv[2]) as EmulatedApp[]) : [SAMPLE_APP];
const zoom = await startZoomEmulator({ apps, latencyMs: Number(process.argv[3] ?? 0) });
const stats = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(zoom.issued));
});
await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${zoom.origin} http://127.0.0.1:${(stats.address() as AddressInfo).port}/__emulator/issued\n`);
process.on('SIGTERM', () => process.exit(0));
