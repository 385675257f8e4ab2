/**
 * The command tree, and the one place where errors become messages and exit
 * codes. Commands only throw; nothing below this file calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { apiCommand } from './commands/api/api.js';
import { clearClipboardCommand } from './commands/clear-clipboard.js';
import { completeHelperCommand, completionCommand } from './commands/completion.js';
import { doctorCommand } from './commands/doctor/doctor.js';
import { execCommand } from './commands/exec.js';
import { loginCommand } from './commands/login.js';
import { logoutCommand } from './commands/logout.js';
import { scopesCommand } from './commands/scopes.js';
import { profilesCommand } from './commands/profiles.js';
import { statusCommand } from './commands/status.js';
import { tokenCommand } from './commands/token.js';
import { forPeople, type Context } from './context.js';
import { CliError, ERROR_CODES, ExitCode, QuietExit } from './core/errors.js';
import { colorEnabled, loadStyle } from './terminal/output.js';
import { version } from './version.js';

/** "Exit codes: 0 ok, 1 failure, …" from the one table of codes, wrapped at 80 columns. */
function exitCodeSummary(): string {
  const words = `Exit codes: 0 ok, ${Object.entries(ERROR_CODES).map(([code, name]) => `${code} ${name.replace(/_/g, ' ')}`).join(', ')}.`.split(' ');
  const lines = [''];
  for (const word of words) {
    if (lines.at(-1)!.length + word.length + 1 > 80) lines.push('');
    lines[lines.length - 1] += `${lines.at(-1) ? ' ' : ''}${word}`;
  }
  return lines.join('\n');
}

/**
 * Whether the command line asks for JSON (--json, --format json): errors are
 * then reported as JSON too. Words after -- belong to another program.
 */
export function wantsJson(args: string[]): boolean {
  const own = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  return own.some((arg, i) => arg === '--json' || arg === '--format=json' || (arg === '--format' && own[i + 1] === 'json'));
}

/**
 * `errors`: where commander's own messages (unknown flag…) go. By default
 * stderr; under --json they are kept, to be reported as JSON.
 */
export function buildProgram(ctx: Context, errors: (text: string) => void = (text) => void ctx.stderr.write(text)): Command {
  const program = new Command('zoom-s2s')
    .description('A valid Zoom Server-to-Server OAuth access token in one short command.')
    .version(version, '-V, --version')
    .option('-p, --profile <name>', 'the profile to use (also ZOOM_S2S_PROFILE; else the default profile)')
    .option('--ca-file <pem>', 'trust the CAs in this PEM file for Zoom requests (also ZOOM_S2S_CA_FILE)')
    .option('--debug', 'explain what happens on stderr (also DEBUG=zoom-s2s); never prints secrets')
    .addHelpText(
      'after',
      `
Examples:
  $ zoom-s2s login
  $ zoom-s2s token --copy
  $ curl -H "Authorization: Bearer $(zoom-s2s token)" https://api.zoom.us/v2/users/me
  $ zoom-s2s api /users/me
  $ zoom-s2s scopes
  $ zoom-s2s status
  $ zoom-s2s doctor
  $ zoom-s2s --profile prod token
  $ zoom-s2s logout

Commands that print data take --json (their errors are then JSON too).
${exitCodeSummary()}
Shell completion: zoom-s2s completion --help`,
    );

  program.addCommand(loginCommand(ctx));
  program.addCommand(tokenCommand(ctx));
  program.addCommand(scopesCommand(ctx));
  program.addCommand(statusCommand(ctx));
  program.addCommand(profilesCommand(ctx));
  program.addCommand(execCommand(ctx));
  program.addCommand(apiCommand(ctx));
  program.addCommand(doctorCommand(ctx));
  program.addCommand(completionCommand(ctx, () => program));
  program.addCommand(completeHelperCommand(ctx), { hidden: true });
  program.addCommand(clearClipboardCommand(ctx), { hidden: true });
  program.addCommand(logoutCommand(ctx));

  program.hook('preAction', (root) => {
    const globals = root.opts() as { debug?: boolean; caFile?: string };
    if (globals.debug) ctx.debugEnabled = true;
    if (globals.caFile) ctx.caFile = globals.caFile;
  });

  const configure = (command: Command) => {
    command
      // The global options (-p, --ca-file, --debug) are listed once, in the root help.
      .configureHelp({ showGlobalOptions: false })
      .exitOverride()
      .showHelpAfterError('(add --help for usage)')
      .configureOutput({
        writeOut: (text) => ctx.stdout.write(text),
        writeErr: command.name() === 'exec' ? (text) => errors(withExecHint(text)) : errors,
      });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** `exec ls -la`: the command's own options look like exec's; say where -- goes. */
function withExecHint(text: string): string {
  return text.replace(/^(error: unknown option .*)$/m, '$1\nPut -- before the command to run: zoom-s2s exec [options] -- <command> [args…]');
}

/** Runs the CLI with `args` (without node and the script) and returns the exit code. */
export async function main(args: string[], ctx: Context): Promise<number> {
  const json = wantsJson(args);
  const program = json ? buildProgram(ctx, () => undefined) : buildProgram(ctx);
  try {
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return json ? reportJsonError(error, ctx) : reportError(error, ctx);
  }
}

/** Under --json: {"error":{"code","exitCode","message","hint"}} on stderr, one line; the exit code as usual. */
function reportJsonError(error: unknown, ctx: Context): number {
  if (error instanceof QuietExit || (error instanceof CommanderError && error.exitCode === 0)) return error.exitCode;
  let exitCode: number = ExitCode.failure;
  let message = error instanceof Error ? error.message : String(error);
  let hint: string | undefined;
  if (error instanceof CommanderError) {
    exitCode = ExitCode.usage;
    message = message.replace(/^error: /, '');
  } else if (error instanceof CliError) {
    exitCode = error.exitCode;
    hint = error.hint;
  } else {
    message = `unexpected failure: ${message}`;
  }
  const code = error instanceof CliError || error instanceof CommanderError ? (ERROR_CODES[exitCode] ?? 'failure') : 'unexpected';
  message = forPeople(ctx, message);
  hint = hint === undefined ? undefined : forPeople(ctx, hint);
  ctx.stderr.write(`${JSON.stringify({ error: { code, exitCode, message, ...(hint ? { hint } : {}) } })}\n`);
  return exitCode;
}

async function reportError(error: unknown, ctx: Context): Promise<number> {
  if (error instanceof CommanderError) {
    // Commander has already written its message, the help or the version;
    // exit code 0 means help or version was asked for.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof QuietExit) return error.exitCode;
  const style = await loadStyle(colorEnabled(ctx.stderr, ctx.env));
  // Messages may quote a server or a file: credentials masked, control characters escaped.
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
