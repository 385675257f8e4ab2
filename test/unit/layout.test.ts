/**
 * The layout's import rules (README, "Architecture") hold for src/, and the
 * checker finds each kind of break in a made-up tree.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { importCycles, importsOf, layoutViolations, readSourceTree, type SourceTree } from '../helpers/layout-rules.js';

const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));

describe('layout', () => {
  test('src/ keeps the import rules and has no import cycle', () => {
    const tree = readSourceTree(REPOSITORY);
    assert.ok(tree.has('src/session.ts') && tree.has('src/core/errors.ts'), 'read the sources');
    assert.deepEqual(layoutViolations(tree), []);
  });

  test('only src/terminal/ touches the process\'s standard streams or the console (the terminal seam, terminal/io.ts)', () => {
    const tree = readSourceTree(REPOSITORY);
    const touching = [...tree].filter(([file, text]) => !file.startsWith('src/terminal/') && /process\.std(in|out|err)\b|console\.(log|info|warn|error)\(/.test(text)).map(([file]) => file);
    assert.deepEqual(touching, []);
  });

  test('imports are read in every form: static, type-only, re-export, import(), require()', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c/index.js';",
      "const d = await import('./d.js');",
      "const e = require('chalk');",
      "import ora from 'ora';",
      "import { x } from '@inquirer/prompts/lib';",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    assert.deepEqual(importsOf('src/core/auth/x.ts', text), {
      files: ['src/core/auth/a.ts', 'src/core/b.ts', 'src/core/auth/c/index.ts', 'src/core/auth/d.ts'],
      packages: ['chalk', 'ora', '@inquirer/prompts', 'node:fs'],
    });
  });

  const base = (): SourceTree =>
    new Map([
      ['src/core/errors.ts', 'export class E {}'],
      ['src/core/store/paths.ts', "import { E } from '../errors.js';"],
      ['src/core/auth/oauth.ts', "import { E } from '../errors.js';\nimport { p } from '../store/paths.js';"],
      ['src/core/api/call.ts', "import { m } from '../auth/oauth.js';"],
      ['src/terminal/output.ts', "import { E } from '../core/errors.js';"],
      ['src/context.ts', "import type { S } from './terminal/output.js';"],
      ['src/session.ts', "import { debug } from './context.js';\nimport { m } from './core/auth/oauth.js';"],
      ['src/commands/token.ts', "import { s } from '../session.js';\nimport { o } from '../terminal/output.js';"],
      ['src/cli.ts', "import { t } from './commands/token.js';\nimport { Command } from 'commander';"],
      ['src/commands/token/run.ts', "import { s } from '../../session.js';\nimport { o } from '../../terminal/output.js';"],
      ['src/program.ts', "import { main } from './cli.js';"],
      ['src/bin.ts', "import { r } from './commands/token/run.js';\nconst p = require('./program.cjs');"],
    ]);
  const broken = (file: string, addition: string): string[] => {
    const tree = base();
    tree.set(file, `${tree.get(file) ?? ''}\n${addition}`);
    return layoutViolations(tree);
  };

  test('a made-up tree that keeps the rules passes', () => {
    assert.deepEqual(layoutViolations(base()), []);
  });

  const breaks: Array<[string, string, string, RegExp]> = [
    ['core imports the terminal', 'src/core/auth/oauth.ts', "import { o } from '../../terminal/output.js';", /oauth\.ts imports src\/terminal\/output\.ts: src\/core knows nothing/],
    ['core imports a command', 'src/core/errors.ts', "import type { T } from './../commands/token.js';", /errors\.ts imports src\/commands\/token\.ts/],
    ['core imports the context', 'src/core/store/paths.ts', "const c = await import('../../context.js');", /paths\.ts imports src\/context\.ts/],
    ['core imports the session', 'src/core/api/call.ts', "import { s } from '../../session.js';", /call\.ts imports src\/session\.ts/],
    ['core imports the CLI', 'src/core/api/call.ts', "import { main } from '../../cli.js';", /call\.ts imports src\/cli\.ts/],
    ['core loads chalk', 'src/core/auth/oauth.ts', "const { Chalk } = await import('chalk');", /oauth\.ts imports chalk/],
    ['core loads commander', 'src/core/errors.ts', "import type { Command } from 'commander';", /errors\.ts imports commander/],
    ['core requires clipboardy', 'src/core/errors.ts', "const c = require('clipboardy');", /errors\.ts imports clipboardy/],
    ['storage imports OAuth', 'src/core/store/paths.ts', "import { m } from '../auth/oauth.js';", /paths\.ts imports src\/core\/auth\/oauth\.ts: a part of src\/core/],
    ['OAuth imports the API', 'src/core/auth/oauth.ts', "import { c } from '../api/call.js';", /oauth\.ts imports src\/core\/api\/call\.ts: a part of src\/core/],
    ['the terminal imports a command', 'src/terminal/output.ts', "import { t } from '../commands/token.js';", /output\.ts imports src\/commands\/token\.ts: src\/terminal/],
    ['the terminal imports the context', 'src/terminal/output.ts', "import type { Context } from '../context.js';", /output\.ts imports src\/context\.ts: src\/terminal/],
    ['the context imports the session', 'src/context.ts', "import { s } from './session.js';", /context\.ts imports src\/session\.ts: src\/context\.ts/],
    ['the session imports the terminal', 'src/session.ts', "import { o } from './terminal/output.js';", /session\.ts imports src\/terminal\/output\.ts: src\/session\.ts/],
    ['the session loads ora', 'src/session.ts', "const ora = await import('ora');", /session\.ts imports ora/],
    ['the entry imports the CLI', 'src/bin.ts', "import { main } from './cli.js';", /bin\.ts imports src\/cli\.ts: src\/bin\.ts runs `token` without commander/],
    ['the entry imports another command', 'src/bin.ts', "import { s } from './commands/status.js';", /bin\.ts imports src\/commands\/status\.ts: src\/bin\.ts/],
    ['the entry loads a package', 'src/bin.ts', "const c = require('chalk');", /bin\.ts imports chalk: src\/bin\.ts/],
    ['the entry reaches commander through token\'s run function', 'src/commands/token/run.ts', "import { Command } from 'commander';", /src\/bin\.ts reaches src\/commands\/token\/run\.ts, which imports commander/],
    ['the entry reaches the CLI through the session', 'src/session.ts', "const l = await import('./cli.js');", /src\/bin\.ts reaches src\/cli\.ts: the entry runs `token` without the full program/],
    ['an import of a file that is not there', 'src/cli.ts', "import { x } from './gone.js';", /cli\.ts imports src\/gone\.ts, which does not exist/],
  ];
  for (const [what, file, addition, expected] of breaks) {
    test(`found: ${what}`, () => {
      const problems = broken(file, addition);
      assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} in:\n${problems.join('\n')}`);
    });
  }

  test('found: an import cycle, type-only imports included', () => {
    const problems = broken('src/core/errors.ts', "import type { P } from './store/paths.js';");
    assert.ok(problems.includes('import cycle: src/core/errors.ts -> src/core/store/paths.ts -> src/core/errors.ts'), problems.join('\n'));
  });

  test('cycles: every circle is met, a diamond is none', () => {
    const graph = new Map([
      ['a', ['b', 'c']],
      ['b', ['d']],
      ['c', ['d']],
      ['d', []],
      ['x', ['y']],
      ['y', ['z']],
      ['z', ['x']],
    ]);
    assert.deepEqual(importCycles(graph), [['x', 'y', 'z', 'x']]);
  });
});
