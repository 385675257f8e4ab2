/**
 * The one place where an error becomes what people (or, under --json, scripts)
 * read and an exit code: a CliError's message and hint, anything else as an
 * unexpected failure. Messages may quote a server or a file: credentials
 * masked, control characters escaped. Used by the CLI (cli.ts, after
 * commander's own errors) and the token program (token-program.ts).
 */
import { forPeople, type Context } from './context.js';
import { CliError, ERROR_CODES, ExitCode, QuietExit } from './core/errors.js';
import { colorEnabled, loadStyle } from './terminal/output.js';

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
  const message = forPeople(ctx, error instanceof Error ? error.message : String(error));
  const hint = known && error.hint !== undefined ? forPeople(ctx, error.hint) : undefined;
  const code = known ? (ERROR_CODES[exitCode] ?? 'failure') : 'unexpected';
  ctx.stderr.write(`${JSON.stringify({ error: { code, exitCode, message: known ? message : `unexpected failure: ${message}`, ...(hint ? { hint } : {}) } })}\n`);
  return exitCode;
}

async function reportForPeople(error: unknown, ctx: Context): Promise<number> {
  const style = await loadStyle(colorEnabled(ctx.stderr, ctx.env));
  if (error instanceof CliError) {
    ctx.stderr.write(`${style.red('error:')} ${forPeople(ctx, error.message)}\n`);
    if (error.hint) ctx.stderr.write(`${forPeople(ctx, error.hint)}\n`);
    if (ctx.debugEnabled && error.cause instanceof Error) ctx.stderr.write(`debug: caused by ${forPeople(ctx, error.cause.stack ?? error.cause.message)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`${style.red('error:')} unexpected failure: ${forPeople(ctx, message)}\n`);
  if (ctx.debugEnabled && error instanceof Error && error.stack) {
    ctx.stderr.write(`${forPeople(ctx, error.stack)}\n`);
  } else {
    ctx.stderr.write('Run again with --debug for details, and report it if it persists.\n');
  }
  return ExitCode.failure;
}
