/**
 * The full program (the bundle dist/bundle/program.cjs): the CLI on this
 * process. bin.ts loads it for everything the recording, the hot path and
 * the token program do not answer, with what the hot path already read.
 */
import { main } from './cli.js';
import type { Handover } from './hot-path.js';
import { runOnThisProcess } from './on-this-process.js';

export function run(handover: Handover = {}): void {
  runOnThisProcess(handover, (ctx) => main(process.argv.slice(2), ctx));
}
