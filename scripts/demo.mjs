/**
 * `npm run demo`: the emulators of test/emulator/demo.ts, built first when
 * they are not (a fresh clone after `npm install` has them; one without it
 * gets a line saying so instead of a stack trace).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const demo = path.join(root, 'dist', 'test', 'emulator', 'demo.js');
if (!existsSync(path.join(root, 'node_modules', 'typescript'))) {
  process.stderr.write(`The dependencies are not installed: run npm install in ${root} first.\n`);
  process.exit(1);
}
if (!existsSync(demo) || !existsSync(path.join(root, 'dist', 'bundle', 'zoom-s2s.cjs'))) {
  process.stderr.write('Building zoom-s2s first (npm run build)…\n');
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import(demo);
