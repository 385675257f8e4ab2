/** The program: run the CLI on this process and hand back its exit code. */
import { main } from './cli.js';
import { createProcessContext } from './context.js';

void main(process.argv.slice(2), createProcessContext()).then((code) => {
  process.exitCode = code;
});
