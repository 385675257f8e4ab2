/** The package as npm installs it: the declared bin exists, is executable and runs. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('package.json declares a zoom-s2s bin that runs', () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { bin: Record<string, string>; files: string[] };
  const bin = pkg.bin['zoom-s2s'];
  assert.ok(bin, 'a zoom-s2s bin');
  accessSync(`${root}${bin}`, constants.X_OK);
  assert.match(readFileSync(`${root}${bin}`, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  assert.match(execFileSync(`${root}${bin}`, ['--version'], { encoding: 'utf8' }), /^\d+\.\d+\.\d+\n$/);
  assert.ok(pkg.files.some((entry) => bin.startsWith(entry)), 'the bin is in the published files');
});
