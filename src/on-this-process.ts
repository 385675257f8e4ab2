/**
 * Running on this process: its context, and the exit code handed back. The
 * entry (bin.ts, for `token`) and the full program (program.ts) start here.
 */
import { createProcessContext, type Context } from './context.js';

export function runOnThisProcess(program: (ctx: Context) => Promise<number>): void {
  void program(createProcessContext()).then((code) => {
    process.exitCode = code;
  });
}
