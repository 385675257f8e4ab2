/**
 * The process entry (the bundle dist/bundle/zoom-s2s.cjs). `token` runs
 * here, because it runs in loops and in every `$(zoom-s2s token)`: its
 * command line is read with the flag tables commander also builds its
 * options from, and it runs the run function `zoom-s2s token` runs through
 * commander, on the same Context, from the cache or with a mint. --help and
 * --version print the build's recording of the full program
 * (static-output.ts). Anything else, or a `token` command line the tables do
 * not read as commander would (commander then says what is wrong), loads
 * the full program, a second bundle (program.ts): only those runs compile
 * commander and the other commands.
 */
import { readCommandLine } from './commands/flags.js';
import { applyGlobalFlags, GLOBAL_FLAGS } from './commands/global-flags.js';
import { TOKEN_FLAGS, tokenOptions } from './commands/token/flags.js';
import { runToken } from './commands/token/run.js';
import { ExitCode } from './core/errors.js';
import { runOnThisProcess } from './on-this-process.js';
import { staticOutput } from './static-output.js';
import { processStreams } from './terminal/process-streams.js';

const argv = process.argv.slice(2);
const recorded = staticOutput(argv, `${__dirname}/static-output.json`);
const token = recorded === undefined ? readCommandLine(argv, GLOBAL_FLAGS, 'token', TOKEN_FLAGS) : undefined;
if (recorded !== undefined) {
  processStreams().write('stdout', recorded);
} else if (token) {
  runOnThisProcess(async (ctx) => {
    try {
      applyGlobalFlags(ctx, token.globals);
      await runToken(tokenOptions(token.options, token.globals.profile as string | undefined, ctx.env), ctx);
      return ExitCode.ok;
    } catch (error) {
      const { reportError, wantsJson } = await import('./report.js');
      return reportError(error, ctx, wantsJson(argv));
    }
  });
} else {
  // bin.ts runs only as the CommonJS bundle: the full program is a bundle beside it.
  (require('./program.cjs') as typeof import('./program.js')).run();
}
