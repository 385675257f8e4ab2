/** A spinner on stderr while something slow runs, only when stderr is a terminal. */
import type { TextStream } from './output.js';

export interface Spinner {
  stop(): void;
}

/**
 * The width the terminal reports, when it is believable. `stty cols 0` (some
 * `docker exec -t`, script, expect) reports 0, and ora's line counting then
 * never ends; a width past 10,000 is no terminal either.
 */
export function terminalColumns(stream: TextStream & { columns?: unknown }): number | undefined {
  const columns = stream.columns;
  return typeof columns === 'number' && Number.isInteger(columns) && columns >= 20 && columns <= 10_000 ? columns : undefined;
}

export function spinnerWanted(stream: TextStream, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb' && !env.CI && terminalColumns(stream) !== undefined;
}

/** Runs `work` with a spinner showing `text`; ora is loaded only when one is shown. */
export async function withSpinner<T>(
  stream: TextStream,
  env: Record<string, string | undefined>,
  text: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!spinnerWanted(stream, env)) return work();
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: stream as NodeJS.WritableStream, discardStdin: false }).start();
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}

/** A progress callback (see Progress in session.ts) that shows a spinner with `text` on stderr. */
export function spinner(io: { stderr: TextStream; env: Record<string, string | undefined> }, text: string): <T>(work: () => Promise<T>) => Promise<T> {
  return (work) => withSpinner(io.stderr, io.env, text, work);
}
