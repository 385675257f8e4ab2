import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { main } from '../../src/cli.js';
import { wantsJson } from '../../src/report.js';
import { CliError, ExitCode } from '../../src/core/errors.js';
import { fakeContext } from '../helpers/fake-context.js';

describe('main: flags, help and exit codes', () => {
  test('--help and --version exit 0 and write to stdout', async () => {
    for (const args of [['--help'], ['token', '--help'], ['help', 'login'], ['--version']]) {
      const fake = fakeContext();
      assert.equal(await main(args, fake.ctx), ExitCode.ok, args.join(' '));
      assert.ok(fake.stdout().length > 0, args.join(' '));
    }
  });

  test('every command\'s help has examples, through --help and help <command>', async () => {
    const { buildProgram } = await import('../../src/cli.js');
    const visible = buildProgram(fakeContext().ctx).commands.filter((c) => !(c as { _hidden?: boolean })._hidden);
    const paths = visible.flatMap((c) => [[c.name()], ...c.commands.map((sub) => [c.name(), sub.name()])]);
    assert.ok(paths.length >= 11, paths.join(' '));
    for (const path of paths) {
      for (const args of [[...path, '--help'], ['help', ...path]]) {
        const fake = fakeContext();
        assert.equal(await main(args, fake.ctx), ExitCode.ok, args.join(' '));
        assert.match(fake.stdout(), /Examples?:\n\s+\$ /, args.join(' '));
        assert.match(fake.stdout().slice(fake.stdout().search(/Examples?:/)), /\$ zoom-s2s /, args.join(' '));
      }
    }
  });

  test('unknown commands, unknown flags, extra arguments and conflicting flags are usage errors (2)', async () => {
    for (const args of [['bogus'], ['token', '--bogus'], ['logout', 'extra'], ['token', '--json', '--format', 'env'], ['token', '--format', 'yaml'], ['login', '--account-id'], []]) {
      const fake = fakeContext();
      assert.equal(await main(args, fake.ctx), ExitCode.usage, args.join(' '));
      assert.equal(fake.stdout(), '', args.join(' '));
      assert.ok(fake.stderr().length > 0, args.join(' '));
    }
  });

  test('a CliError prints its two lines and its exit code', async () => {
    const fake = fakeContext();
    fake.ctx.settings = () => Promise.reject(new CliError('It broke.', ExitCode.network, { hint: 'Try again.' }));
    assert.equal(await main(['token'], fake.ctx), ExitCode.network);
    assert.equal(fake.stderr(), 'error: It broke.\nTry again.\n');
  });

  test('an unexpected error: exit 1, one line, no stack trace unless --debug', async () => {
    const fake = fakeContext();
    fake.ctx.settings = () => Promise.reject(new TypeError('boom'));
    assert.equal(await main(['token'], fake.ctx), ExitCode.failure);
    assert.match(fake.stderr(), /^error: unexpected failure: boom\n/);
    assert.ok(!fake.stderr().includes('    at '));

    const debug = fakeContext();
    debug.ctx.settings = () => Promise.reject(new TypeError('boom'));
    assert.equal(await main(['--debug', 'token'], debug.ctx), ExitCode.failure);
    assert.ok(debug.stderr().includes('    at '));
  });

  test('under --json (or --format json) errors are one JSON line on stderr, with the usual exit code', async () => {
    const cases: Array<[string[], number, string]> = [
      [['status', '--json'], ExitCode.notLoggedIn, 'not_logged_in'],
      [['token', '--format', 'json'], ExitCode.notLoggedIn, 'not_logged_in'],
      [['token', '--format=json'], ExitCode.notLoggedIn, 'not_logged_in'],
      [['profiles', '--json', '--bogus'], ExitCode.usage, 'usage'],
      [['scopes', '--json', '-p', 'a:b'], ExitCode.usage, 'usage'],
    ];
    for (const [args, exitCode, code] of cases) {
      const fake = fakeContext();
      assert.equal(await main(args, fake.ctx), exitCode, args.join(' '));
      assert.equal(fake.stdout(), '');
      const lines = fake.stderr().split('\n');
      assert.equal(lines.length, 2, fake.stderr());
      const { error } = JSON.parse(lines[0]!) as { error: { code: string; exitCode: number; message: string; hint?: string } };
      assert.equal(error.code, code, args.join(' '));
      assert.equal(error.exitCode, exitCode);
      assert.ok(error.message.length > 0 && !error.message.startsWith('error:'), error.message);
    }
    const unexpected = fakeContext();
    unexpected.ctx.settings = () => Promise.reject(new TypeError('boom'));
    assert.equal(await main(['status', '--json'], unexpected.ctx), ExitCode.failure);
    assert.deepEqual(JSON.parse(unexpected.stderr()), { error: { code: 'unexpected', exitCode: 1, message: 'unexpected failure: boom' } });
  });

  test('--json after -- belongs to the command exec runs', () => {
    assert.equal(wantsJson(['exec', '--', 'tool', '--json']), false);
    assert.equal(wantsJson(['--format', 'json']), true);
    assert.equal(wantsJson(['--format', 'env']), false);
  });

  test('flags reach the run function', async () => {
    const { tokenCommand } = await import('../../src/commands/token/token.js');
    const fake = fakeContext();
    const seen: unknown[] = [];
    const command = tokenCommand(fake.ctx, async (options) => void seen.push(options));
    await command.parseAsync(['-c', '--min-ttl', '90s'], { from: 'user' });
    assert.deepEqual(seen, [{ profile: undefined, copy: true, clearAfterMs: undefined, format: 'raw', minTtlMs: 90_000, force: false }]);
  });
});
