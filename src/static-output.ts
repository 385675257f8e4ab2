/**
 * --help and --version without the full program: what it prints for them is
 * the same on every run when stdout is not a terminal (80 columns, no
 * colour), so the build records it (scripts/record-static-output.mjs) and
 * this prints the recording. On a terminal, where commander fits the help to
 * its width, with colour forced, or when nothing was recorded for these
 * exact arguments, the full program answers as always.
 */
import { fstatSync, readFileSync, statSync } from 'node:fs';

/** Arguments that may have a recording: the last one asks for help or the version, or the first is `help`. */
function mayBeStatic(argv: readonly string[]): boolean {
  const last = argv.at(-1);
  return last === '--help' || last === '-h' || last === '--version' || last === '-V' || argv[0] === 'help';
}

/**
 * Whether stdout is a terminal. A pipe or a file is not (one fstat); a
 * character device other than /dev/null is asked about with isatty, whose
 * node:tty costs about 3 ms, only then.
 */
function stdoutIsTerminal(): boolean {
  const out = fstatSync(1);
  if (!out.isCharacterDevice() || out.rdev === statSync('/dev/null').rdev) return false;
  return (process.getBuiltinModule('node:tty') as typeof import('node:tty')).isatty(1);
}

/**
 * The recorded output for `argv` from `recording` (the JSON file's path), or
 * undefined when the full program must answer.
 */
export function staticOutput(argv: readonly string[], env: Record<string, string | undefined>, recording: string): string | undefined {
  if (!mayBeStatic(argv) || env.FORCE_COLOR !== undefined || env.CLICOLOR_FORCE !== undefined) return undefined;
  try {
    if (stdoutIsTerminal()) return undefined;
    const recorded = JSON.parse(readFileSync(recording, 'utf8')) as Record<string, unknown>;
    const output = recorded[JSON.stringify(argv)];
    return typeof output === 'string' ? output : undefined;
  } catch {
    // No recording (a build without it), or an odd stdout: the full program answers.
    return undefined;
  }
}
