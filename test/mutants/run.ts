/**
 * `npm run test:mutants [-- --ci] [id…]`: applies each deliberate bug of
 * mutants.ts to a copy of the repository, one at a time, runs the tests that
 * should catch it (test/run.sh, with the real keyring and X server), and
 * reports which were caught. Exits 1 if one survived or no longer applies.
 *
 * Why not StrykerJS: measured here, it instruments src/ into 5,020 mutants,
 * and its command runner (the only one for a suite of child processes, a
 * real keyring and an X server) runs the whole test command for each: at
 * about 150 s for `npm test`, some 200 hours. StrykerJS 10 also needs Node
 * 22 or later, and CI's first pass runs on Node 20. The point here is a short
 * list of the bugs that matter, each with the tests that guard it.
 *
 * Each mutant recompiles only the files it changes (TypeScript's
 * transpileModule, no type check) and rebuilds the bundle, so it costs about
 * a second plus its tests.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { MUTANTS, type Mutant } from './mutants.js';

const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
const COPIED = ['bin', 'dist', 'docs', 'scripts', 'src', 'test', 'package.json', 'tsconfig.json', 'README.md'];

interface Outcome {
  mutant: Mutant;
  result: 'caught' | 'survived' | 'does not apply';
  seconds: number;
  detail: string;
}

/** A copy of the built repository (node_modules linked) to mutate. */
function makeCopy(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'zoom-s2s-mutants-'));
  for (const entry of COPIED) cpSync(path.join(REPOSITORY, entry), path.join(copy, entry), { recursive: true });
  symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

const compilerOptions = (): ts.CompilerOptions => {
  const config = ts.readConfigFile(path.join(REPOSITORY, 'tsconfig.json'), ts.sys.readFile);
  // ES modules, as tsc emits them here (package.json has "type": "module"); transpileModule alone cannot tell.
  return { ...ts.parseJsonConfigFileContent(config.config, ts.sys, REPOSITORY).options, module: ts.ModuleKind.ES2022 };
};

/** Writes `source` as `file` (a .ts path under src/) and its compiled form under dist/. */
function install(copy: string, file: string, source: string, options: ts.CompilerOptions): void {
  writeFileSync(path.join(copy, file), source);
  const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: file });
  writeFileSync(path.join(copy, 'dist', file.replace(/\.ts$/, '.js')), outputText);
}

function run(copy: string, command: string, args: string[]): { status: number | null; output: string } {
  const env = { ...process.env };
  delete env.CI; // a skipped test is reported below, not turned into a failure
  const child = spawnSync(command, args, { cwd: copy, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

const testFiles = (mutant: Mutant) => mutant.tests.map((file) => `dist/test/${file}`);
const bundle = (copy: string) => run(copy, process.execPath, ['scripts/bundle.mjs']);

function tryMutant(copy: string, mutant: Mutant, options: ts.CompilerOptions): Outcome {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const originals = new Map<string, string>();
  try {
    for (const edit of mutant.edits) {
      const current = originals.has(edit.file) ? readFileSync(path.join(copy, edit.file), 'utf8') : readFileSync(path.join(REPOSITORY, edit.file), 'utf8');
      if (!originals.has(edit.file)) originals.set(edit.file, current);
      const count = current.split(edit.find).length - 1;
      if (count !== 1) return { mutant, result: 'does not apply', seconds: seconds(), detail: `${edit.file}: the text to change occurs ${count} times, not once` };
      install(copy, edit.file, current.replace(edit.find, edit.replace), options);
    }
    const built = bundle(copy);
    if (built.status !== 0) return { mutant, result: 'does not apply', seconds: seconds(), detail: `the bundle did not build:\n${built.output}` };
    const tests = run(copy, 'bash', ['test/run.sh', ...testFiles(mutant)]);
    const skipped = /^(?:# |ℹ )skipped ([1-9]\d*)$/m.exec(tests.output)?.[1];
    if (tests.status !== 0) return { mutant, result: 'caught', seconds: seconds(), detail: firstFailure(tests.output) };
    return { mutant, result: 'survived', seconds: seconds(), detail: skipped ? `${skipped} test(s) skipped` : 'every test passed' };
  } finally {
    for (const [file, source] of originals) install(copy, file, source, options);
  }
}

/** The name of the first failing test, for the report. */
function firstFailure(output: string): string {
  return /^\s*not ok \d+ - (.+)$/m.exec(output)?.[1] ?? /^\s*✖ (.+?)(?: \(\d|$)/m.exec(output)?.[1] ?? 'the tests failed';
}

function main(argv: string[]): number {
  const ci = argv.includes('--ci');
  const ids = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = ids.filter((id) => !MUTANTS.some((m) => m.id === id));
  if (unknown.length) {
    console.error(`test:mutants: no mutant named ${unknown.join(', ')}; known: ${MUTANTS.map((m) => m.id).join(', ')}`);
    return 2;
  }
  const chosen = MUTANTS.filter((m) => (ids.length ? ids.includes(m.id) : !ci || m.ci));
  const copy = makeCopy();
  try {
    const options = compilerOptions();
    // The tests must pass without a mutant, or "caught" would mean nothing.
    const files = [...new Set(chosen.flatMap(testFiles))];
    console.log(`test:mutants: ${chosen.length} mutants; first the ${files.length} test files they use, unchanged`);
    const pristine = run(copy, 'bash', ['test/run.sh', ...files]);
    if (pristine.status !== 0) {
      console.error(`${pristine.output}\ntest:mutants: the tests fail without any mutant (${firstFailure(pristine.output)}); fix that first`);
      return 1;
    }
    const outcomes: Outcome[] = [];
    for (const mutant of chosen) {
      const outcome = tryMutant(copy, mutant, options);
      outcomes.push(outcome);
      console.log(`${outcome.result.padEnd(14)} ${mutant.id.padEnd(26)} ${String(outcome.seconds).padStart(5)} s  ${mutant.bug}${outcome.result === 'caught' ? ` (by: ${outcome.detail})` : ` (${outcome.detail})`}`);
    }
    const caught = outcomes.filter((o) => o.result === 'caught').length;
    const bad = outcomes.length - caught;
    console.log(`test:mutants: ${caught} of ${outcomes.length} caught${bad ? `, ${bad} not: the tests let those bugs through` : ''}`);
    return bad ? 1 : 0;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
