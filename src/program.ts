/**
 * The full program (the bundle dist/bundle/program.cjs): the CLI on this
 * process. bin.ts loads it for everything but a recorded --help or
 * --version and a `token` command line it reads itself.
 */
import { main } from './cli.js';
import { runOnThisProcess } from './on-this-process.js';

export function run(): void {
  runOnThisProcess((ctx) => main(process.argv.slice(2), ctx));
}
