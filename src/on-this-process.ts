/**
 * Running a program on this process: its context, a reader that goes away
 * treated as the end (`zoom-s2s help | head -1`: stop quietly, as cat does),
 * and its exit code handed back. The full program (program.ts) and the token
 * program (token-program.ts) both start here.
 */
import { createProcessContext, type Context } from './context.js';
import type { StoreRead } from './core/store/store-read.js';

export function runOnThisProcess(handover: { cacheRead?: StoreRead }, program: (ctx: Context) => Promise<number>): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  void program(createProcessContext(handover)).then((code) => {
    process.exitCode = code;
  });
}
