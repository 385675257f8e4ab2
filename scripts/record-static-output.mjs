/**
 * Records what the program prints for its static invocations (--help, -h and
 * `help` for the program and every command, --version, -V) as a pipe gets it:
 * dist/bundle/static-output.json, which bin.ts prints without loading the
 * full program (src/static-output.ts). Run by scripts/bundle.mjs after the
 * bundles are built, from those bundles: the recording is what the program
 * printed, never written by hand. test/e2e/static-output checks it against
 * the live program.
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'dist', 'bundle', 'static-output.json');
// The full program itself, not bin/zoom-s2s.cjs, which would answer from an earlier recording.
const program = path.join(root, 'scripts', 'run-program.cjs');
const run = promisify(execFile);
rmSync(out, { force: true });

// As a pipe sees it: no colour forced, nothing that changes the help.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(FORCE_COLOR|CLICOLOR_FORCE|NO_COLOR|COLUMNS|ZOOM_S2S_.*|DEBUG)$/.test(name)));
const live = async (args) => {
  const { stdout, stderr } = await run(process.execPath, [program, ...args], { env, encoding: 'utf8' });
  if (stderr) throw new Error(`${args.join(' ')} wrote on stderr: ${stderr}`);
  return stdout;
};

/** The commands a help text lists (the first word of each line under "Commands:"), but `help`. */
const commandsIn = (help) => {
  const section = help.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  return section.split('\n').map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1]).filter((name) => name && name !== 'help');
};

const recorded = {};
const paths = [[]];
for (let i = 0; i < paths.length; i++) {
  const command = paths[i];
  const forms = [[...command, '--help'], [...command, '-h'], ['help', ...command]];
  const outputs = await Promise.all(forms.map(live));
  forms.forEach((form, j) => (recorded[JSON.stringify(form)] = outputs[j]));
  for (const sub of commandsIn(outputs[0])) paths.push([...command, sub]);
}
for (const form of [['--version'], ['-V']]) recorded[JSON.stringify(form)] = await live(form);
writeFileSync(out, `${JSON.stringify(recorded)}\n`);
