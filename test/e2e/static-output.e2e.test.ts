/**
 * --help and --version are printed from the build's recording
 * (dist/bundle/static-output.json), on a terminal as on a pipe. The
 * recording must be exactly what the full program prints, for every command,
 * and the full program must print the same on a terminal of any width.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { helpPages } from '../support/reference.js';
import { CLI, sandbox } from '../helpers/run-cli.js';
import { noTmux, Terminal } from '../helpers/terminal.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RECORDING = JSON.parse(readFileSync(`${ROOT}dist/bundle/static-output.json`, 'utf8')) as Record<string, string>;
const run = promisify(execFile);

describe('recorded --help and --version', () => {
  test('every visible command has its --help, -h and help <command> recorded, and the version', () => {
    const expected = [['--version'], ['-V']];
    for (const page of helpPages()) {
      const path = page.path.split(' ').slice(1);
      expected.push([...path, '--help'], [...path, '-h'], ['help', ...path]);
    }
    assert.deepEqual(Object.keys(RECORDING).sort(), expected.map((argv) => JSON.stringify(argv)).sort());
  });

  test('each recording is what the full program prints, byte for byte, and what bin/zoom-s2s.cjs prints through a pipe', async () => {
    const env = sandbox().env;
    for (const [key, recorded] of Object.entries(RECORDING)) {
      const argv = JSON.parse(key) as string[];
      const [live, served] = await Promise.all([
        run(process.execPath, [`${ROOT}scripts/run-program.cjs`, ...argv], { env, encoding: 'utf8' }),
        run(process.execPath, [CLI, ...argv], { env, encoding: 'utf8' }),
      ]);
      assert.equal(live.stdout, recorded, `${argv.join(' ')}: the recording is stale`);
      assert.equal(served.stdout, recorded, `${argv.join(' ')}: bin/zoom-s2s.cjs printed something else`);
      assert.equal(served.stderr, '');
    }
  });

  test('arguments around a help flag that were not recorded get the full program', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'token', '--json', '--help'], { env: sandbox().env, encoding: 'utf8' });
    assert.equal(stdout, RECORDING['["token","--help"]'], 'commander prints the same help; it came from the full program');
  });

  test('on a terminal (100 columns) the full program prints the recording too, and bin/zoom-s2s.cjs prints it', { skip: noTmux }, async () => {
    const recorded = RECORDING['["logout","--help"]']!;
    // The 80-column layout: the option's description wraps, though the terminal is wider.
    assert.match(recorded, /^ {2}--all {7}remove every profile, and the token cached for environment\n {14}credentials$/m);
    for (const program of [`${ROOT}scripts/run-program.cjs`, CLI]) {
      const terminal = Terminal.start(['node', program, 'logout', '--help'], sandbox().env);
      try {
        const screen = await terminal.waitFor(/EXIT=0/);
        assert.ok(screen.includes(recorded.trimEnd()), `${program} on a terminal:\n${screen}`);
      } finally {
        terminal.close();
      }
    }
  });
});
