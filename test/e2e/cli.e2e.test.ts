/** The built CLI in a child process, for everything that needs no keychain. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI, runCli, sandbox } from '../helpers/run-cli.js';

const run = promisify(execFile);

describe('zoom-s2s without a keychain', () => {
  test('--help and --version: exit 0, on stdout', async () => {
    const { env } = sandbox();
    const help = await runCli(['--help'], { env });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: zoom-s2s/);
    for (const command of ['login', 'token', 'scopes', 'logout']) assert.match(help.stdout, new RegExp(`\\n  ${command}`));
    const version = await runCli(['--version'], { env });
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  test('help <command>; a reader that stops early (| head) ends the run quietly', async () => {
    const { env } = sandbox();
    const help = await runCli(['help', 'api'], { env });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: zoom-s2s api \[options\] <path>/);
    // `true` reads nothing and exits at once: the help is written into a closed pipe.
    const { stdout, stderr } = await run('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} help api | true; echo "status \${PIPESTATUS[0]}"`], { env });
    assert.equal(stdout, 'status 0\n');
    assert.equal(stderr, '');
  });

  test('an unknown flag: exit 2, message on stderr, nothing on stdout', async () => {
    const result = await runCli(['token', '--bogus'], { env: sandbox().env });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /unknown option '--bogus'/);
  });

  test('token before any login: exit 3 with what to do', async () => {
    const result = await runCli(['token'], { env: sandbox().env });
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'error: Not logged in (profile "default").\nRun: zoom-s2s login\n');
  });

  test('login with no Secret Service: exit 1 naming what is missing, nothing stored', async () => {
    const box = sandbox({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', ZOOM_CLIENT_SECRET: 'secret-value-123' });
    const result = await runCli(['login', '--account-id', 'acc', '--client-id', 'cli'], { env: box.env });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: Could not read from the system keychain \(Secret Service\): /);
    assert.match(result.stderr, /Secret Service keyring/);
    assert.ok(!result.stderr.includes('secret-value-123'));
    assert.ok(!result.stderr.includes('    at '));
    assert.ok(!existsSync(box.configFile) || !readFileSync(box.configFile, 'utf8').includes('acc'));
  });

  test('a corrupt settings file: exit 1 naming the file, and the file kept', async () => {
    const box = sandbox();
    mkdirSync(path.dirname(box.configFile), { recursive: true });
    writeFileSync(box.configFile, '{"profiles": ');
    const result = await runCli(['token'], { env: box.env });
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(box.configFile), result.stderr);
    assert.equal(readFileSync(box.configFile, 'utf8'), '{"profiles": ');
  });
});
