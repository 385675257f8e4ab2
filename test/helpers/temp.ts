/**
 * Temporary folders for tests, removed when the test process exits (each
 * test file runs in a process of its own), so a run leaves nothing in the
 * system's temporary folder: test/run.sh fails the run if something is left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

/** A new empty folder "<system temp>/<prefix>XXXXXX", gone when this process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
