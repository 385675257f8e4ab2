/**
 * --help and --version without the full program: what it prints for them is
 * the same on every run, on a terminal as on a pipe (the help is laid out for
 * 80 columns and has no colour, cli.ts), so the build records it
 * (scripts/record-static-output.mjs) and this prints the recording. For
 * arguments without a recording the full program answers as always.
 */
import { readFileSync } from 'node:fs';

/** Arguments that may have a recording: the last one asks for help or the version, or the first is `help`. */
function mayBeStatic(argv: readonly string[]): boolean {
  const last = argv.at(-1);
  return last === '--help' || last === '-h' || last === '--version' || last === '-V' || argv[0] === 'help';
}

/** The recorded output for `argv` from `recording` (the JSON file's path), or undefined when the full program must answer. */
export function staticOutput(argv: readonly string[], recording: string): string | undefined {
  if (!mayBeStatic(argv)) return undefined;
  try {
    const recorded = JSON.parse(readFileSync(recording, 'utf8')) as Record<string, unknown>;
    const output = recorded[JSON.stringify(argv)];
    return typeof output === 'string' ? output : undefined;
  } catch {
    // No recording (a build without it): the full program answers.
    return undefined;
  }
}
