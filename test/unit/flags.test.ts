/**
 * One table of flags (src/commands/flags.ts): commander's options are built
 * from it, and the entry's reader (readCommandLine) reads a `token` command
 * line from it exactly as commander does, or leaves it to commander.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Command, Option } from 'commander';
import { addFlags } from '../../src/commands/commander-options.js';
import { readCommandLine, type FlagTable } from '../../src/commands/flags.js';
import { GLOBAL_FLAGS } from '../../src/commands/global-flags.js';
import { TOKEN_FLAGS, tokenOptions } from '../../src/commands/token/flags.js';
import { tokenCommand, type TokenOptions } from '../../src/commands/token/token.js';
import { fakeContext } from '../helpers/fake-context.js';

/** What the entry would run for `argv`, or undefined when it leaves it to commander. */
function readByEntry(argv: string[]): TokenOptions | undefined {
  const line = readCommandLine(argv, GLOBAL_FLAGS, 'token', TOKEN_FLAGS);
  return line && tokenOptions(line.options, line.globals.profile as string | undefined, {});
}

/** What commander runs for `argv` (a root with the global flags and the token command), or the error it reports. */
async function readByCommander(argv: string[]): Promise<TokenOptions | Error> {
  const { ctx } = fakeContext();
  let ran: TokenOptions | undefined;
  const program = addFlags(new Command('zoom-s2s'), GLOBAL_FLAGS).addCommand(tokenCommand(ctx, async (options) => void (ran = options)));
  for (const command of [program, ...program.commands]) command.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return error as Error;
  }
  return ran ?? new Error('nothing ran');
}

const ANSWERED: Array<[string[], Partial<TokenOptions>]> = [
  [['token'], {}],
  [['-p', 'prod', 'token'], { profile: 'prod' }],
  [['token', '--profile', 'prod'], { profile: 'prod' }],
  [['token', '--profile=prod', '--format', 'env'], { profile: 'prod', format: 'env' }],
  [['token', '--format=header', '--min-ttl', '30m'], { format: 'header', minTtlMs: 1_800_000 }],
  [['token', '--json'], { format: 'json' }],
  [['token', '--min-ttl=90s', '-p', 'a', '-p', 'b'], { profile: 'b', minTtlMs: 90_000 }],
  [['token', '--force'], { force: true }],
  [['token', '-f', '--json'], { format: 'json', force: true }],
  [['token', '--copy'], { copy: true }],
  [['token', '-c', '--clear-after', '45s'], { copy: true, clearAfterMs: 45_000 }],
  [['--debug', 'token'], {}],
  [['token', '--debug'], {}],
  [['--ca-file', 'x.pem', 'token'], {}],
];

const LEFT_TO_COMMANDER = [
  [],
  ['--help'],
  ['status'],
  ['token', '--help'],
  ['token', '--force=yes'],
  ['token', '-fc'],
  ['--format', 'json', 'token'], // not a global flag: commander's usage error
  ['token', 'extra'],
  ['token', 'token'],
  ['token', '--format', 'yaml'],
  ['token', '--format'],
  ['token', '--profile'],
  ['token', '--profile', '--json'],
  ['token', '--profile='],
  ['token', '-p=prod'],
  ['token', '--json', '--format', 'raw'],
  ['token', '--json=yes'],
  ['token', '--'],
  ['token', '--bogus'],
];

const DEFAULTS: TokenOptions = { profile: undefined, copy: false, clearAfterMs: undefined, format: 'raw', minTtlMs: 300_000, force: false };

describe('flag tables', () => {
  test('each key is the attribute commander gives the flag, and each conflict names a key of the table', () => {
    for (const table of [GLOBAL_FLAGS, TOKEN_FLAGS] as FlagTable[]) {
      for (const [key, spec] of Object.entries(table)) {
        assert.equal(new Option(spec.flags).attributeName(), key, spec.flags);
        if (spec.conflicts !== undefined) assert.ok(spec.conflicts in table, `${key} conflicts with ${spec.conflicts}`);
      }
    }
  });

  test('the entry reads the plain token command lines, as commander does', async () => {
    for (const [argv, expected] of ANSWERED) {
      const options = { ...DEFAULTS, ...expected };
      assert.deepEqual(readByEntry(argv), options, argv.join(' '));
      assert.deepEqual(await readByCommander(argv), options, `commander: ${argv.join(' ')}`);
    }
  });

  test('everything else is left to commander', () => {
    for (const argv of LEFT_TO_COMMANDER) assert.equal(readCommandLine(argv, GLOBAL_FLAGS, 'token', TOKEN_FLAGS), undefined, argv.join(' '));
  });

  test('what the entry reads, commander reads the same (or both refuse it with the same usage error)', async () => {
    const words = ['token', '-p', 'prod', '--json', '--format', 'env', '--min-ttl', '0', '2h', '-f', '-c', '--clear-after', '1m', '--debug', 'x'];
    // Every command line of up to four of these words.
    const lines: string[][] = [[]];
    for (let length = 1; length <= 4; length++) {
      for (const line of lines.filter((l) => l.length === length - 1)) for (const word of words) lines.push([...line, word]);
    }
    let compared = 0;
    for (const argv of lines) {
      let entry: TokenOptions | Error | undefined;
      try {
        entry = readByEntry(argv);
      } catch (error) {
        entry = error as Error;
      }
      if (entry === undefined) continue;
      const commander = await readByCommander(argv);
      if (entry instanceof Error) assert.equal(commander instanceof Error && commander.message, entry.message, argv.join(' '));
      else assert.deepEqual(commander, entry, argv.join(' '));
      compared++;
    }
    assert.ok(compared > 100, `compared ${compared} command lines`);
  });
});
