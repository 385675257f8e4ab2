/**
 * The full program (the bundle dist/bundle/program.cjs): the CLI on this
 * process, its exit code handed back. bin.ts loads it for everything the hot
 * path does not answer, with what the hot path already read.
 */
import { main } from './cli.js';
import { createProcessContext } from './context.js';
import type { Handover } from './hot-path.js';

export function run(handover: Handover = {}): void {
  // A reader that goes away (`zoom-s2s help | head -1`) is not a failure: stop quietly, as cat does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  void main(process.argv.slice(2), createProcessContext(handover)).then((code) => {
    process.exitCode = code;
  });
}
