/**
 * The exit codes are a contract with every script that calls zoom-s2s: the
 * numbers here are written out, not taken from the code, and the README's
 * table must list the same ones. Swapping two codes in src/core/errors.ts
 * fails this file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { ERROR_CODES, ExitCode } from '../../src/core/errors.js';

const DOCUMENTED: Array<[name: keyof typeof ExitCode, code: number, jsonCode: string | undefined]> = [
  ['ok', 0, undefined],
  ['failure', 1, 'failure'],
  ['usage', 2, 'usage'],
  ['notLoggedIn', 3, 'not_logged_in'],
  ['rejected', 4, 'credentials_rejected'],
  ['network', 5, 'network'],
  ['missingScopes', 6, 'missing_scopes'],
  ['commandNotRunnable', 126, 'command_not_runnable'],
  ['commandNotFound', 127, 'command_not_found'],
  ['interrupted', 130, 'interrupted'],
];

const README = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

describe('exit codes', () => {
  test('each has its documented number', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(ExitCode)), Object.fromEntries(DOCUMENTED.map(([name, code]) => [name, code])));
  });

  test('each error code under --json names its exit code', () => {
    assert.deepEqual(ERROR_CODES, Object.fromEntries(DOCUMENTED.filter(([, , json]) => json).map(([, code, json]) => [code, json])));
  });

  test('the README\'s table lists exactly these numbers', () => {
    const section = README.slice(README.indexOf('## Exit codes'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| --- |')));
    const listed = [...table.matchAll(/^\| ([\d, ]+) \|/gm)].flatMap((row) => row[1]!.split(',').map((n) => Number(n.trim())));
    assert.deepEqual(listed.sort((a, b) => a - b), DOCUMENTED.map(([, code]) => code));
  });
});
