/**
 * The one place where an error becomes what people (or, under --json, scripts)
 * read and an exit code: a CliError's message and hint, anything else as an
 * unexpected failure. Messages may quote a server or a file: credentials
 * masked, control characters escaped. Used by the CLI (cli.ts, after
 * commander's own errors) and the token program (token-program.ts).
 */
import type { Context } from './context.js';
import { CliError, ERROR_CODES, ExitCode, QuietExit } from './core/errors.js';

/**
 * Whether the command line asks for JSON (--json, --format json): errors are
 * then reported as JSON too. Words after -- belong to another program.
 */
export function wantsJson(args: string[]): boolean {
  const own = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  return own.some((arg, i) => arg === '--json' || arg === '--format=json' || (arg === '--format' && own[i + 1] === 'json'));
}

export function reportError(error: unknown, ctx: Context, json: boolean): Promise<number> | number {
  if (error instanceof QuietExit) return error.exitCode;
  return json ? reportJsonError(error, ctx) : reportForPeople(error, ctx);
}

/** {"error":{"code","exitCode","message","hint"}} on stderr, one line; the exit code as usual. */
function reportJsonError(error: unknown, ctx: Context): number {
  const known = error instanceof CliError;
  const exitCode: number = known ? error.exitCode : ExitCode.failure;
  const message = ctx.io.forPeople(error instanceof Error ? error.message : String(error));
  const hint = known && error.hint !== undefined ? ctx.io.forPeople(error.hint) : undefined;
  const code = known ? (ERROR_CODES[exitCode] ?? 'failure') : 'unexpected';
  ctx.io.notice(JSON.stringify({ error: { code, exitCode, message: known ? message : `unexpected failure: ${message}`, ...(hint ? { hint } : {}) } }));
  return exitCode;
}

async function reportForPeople(error: unknown, ctx: Context): Promise<number> {
  const style = await ctx.io.style();
  if (error instanceof CliError) {
    ctx.io.notice(`${style.red('error:')} ${ctx.io.forPeople(error.message)}`);
    if (error.hint) ctx.io.notice(ctx.io.forPeople(error.hint));
    if (ctx.debugEnabled && error.cause instanceof Error) ctx.io.notice(`debug: caused by ${ctx.io.forPeople(error.cause.stack ?? error.cause.message)}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.io.notice(`${style.red('error:')} unexpected failure: ${ctx.io.forPeople(message)}`);
  if (ctx.debugEnabled && error instanceof Error && error.stack) {
    ctx.io.notice(ctx.io.forPeople(error.stack));
  } else {
    ctx.io.notice('Run again with --debug for details, and report it if it persists.');
  }
  return ExitCode.failure;
}
