/** The program: run the CLI on this process and hand back its exit code. */
import { main } from './cli.js';
import { createProcessContext } from './context.js';

// A reader that goes away (`zoom-s2s help | head -1`) is not a failure: stop quietly, as cat does.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void main(process.argv.slice(2), createProcessContext()).then((code) => {
  process.exitCode = code;
});
