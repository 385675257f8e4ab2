/**
 * The token program (the bundle dist/bundle/token-program.cjs): `zoom-s2s token` for
 * the arguments the hot path reads (hot-path.ts: -p, --format, --json,
 * --min-ttl, --force) when the cache cannot answer: a mint, a repair, an
 * error to report. It runs the command's own run function with the flags the
 * hot path parsed, so it does what `token` does through commander; it only
 * leaves commander and the other commands unloaded (a third of a mint's own
 * time). Errors are reported by report.ts, as in the full program.
 */
import { runToken } from './commands/token/run.js';
import type { Handover, HotTokenArgs } from './hot-path.js';
import { runOnThisProcess } from './on-this-process.js';
import { reportError, wantsJson } from './report.js';

export function run(args: HotTokenArgs, handover: Handover): void {
  runOnThisProcess(handover, async (ctx) => {
    try {
      await runToken({ profile: args.profile, copy: false, format: args.format, minTtlMs: args.minTtlMs, force: args.force }, ctx);
      return 0;
    } catch (error) {
      return reportError(error, ctx, wantsJson(process.argv.slice(2)));
    }
  });
}
