/**
 * The command tree; commander's errors become usage errors here, every other
 * error in report.ts. Commands only throw; nothing below calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { apiCommand } from './commands/api/api.js';
import { clearClipboardCommand } from './commands/clear-clipboard.js';
import { completeHelperCommand, completionCommand } from './commands/completion.js';
import { doctorCommand } from './commands/doctor/doctor.js';
import { execCommand } from './commands/exec.js';
import { loginCommand } from './commands/login.js';
import { mcpCommand } from './commands/mcp/mcp.js';
import { proxyCommand } from './commands/proxy/proxy.js';
import { logoutCommand } from './commands/logout.js';
import { scopesCommand } from './commands/scopes.js';
import { profilesCommand } from './commands/profiles.js';
import { statusCommand } from './commands/status.js';
import { tokenCommand } from './commands/token/token.js';
import { TAKES_A_COMMAND } from './commands/child.js';
import { addFlags } from './commands/commander-options.js';
import { applyGlobalFlags, GLOBAL_FLAGS } from './commands/global-flags.js';
import type { Context } from './context.js';
import { ERROR_CODES, ExitCode, UsageError } from './core/errors.js';
import { reportError, wantsJson } from './report.js';
import { version } from './version.js';

const HELP_WIDTH = 80;

/** "Exit codes: 0 ok, 1 failure, …" from the one table of codes, wrapped at 80 columns. */
function exitCodeSummary(): string {
  const words = `Exit codes: 0 ok, ${Object.entries(ERROR_CODES).map(([code, name]) => `${code} ${name.replace(/_/g, ' ')}`).join(', ')}.`.split(' ');
  const lines = [''];
  for (const word of words) {
    if (lines.at(-1)!.length + word.length + 1 > HELP_WIDTH) lines.push('');
    lines[lines.length - 1] += `${lines.at(-1) ? ' ' : ''}${word}`;
  }
  return lines.join('\n');
}


/**
 * `errors`: where commander's own messages (unknown flag…) go. By default
 * stderr; under --json they are kept, to be reported as JSON.
 */
export function buildProgram(ctx: Context, errors: (text: string) => void = (text) => ctx.io.err(text)): Command {
  const program = new Command('zoom-s2s')
    .description('A valid Zoom Server-to-Server OAuth access token in one short command.')
    .version(version, '-V, --version');
  addFlags(program, GLOBAL_FLAGS)
    .addHelpText(
      'after',
      `
Examples:
  $ zoom-s2s login
  $ zoom-s2s token --copy
  $ zoom-s2s token --format header | curl -H @- https://api.zoom.us/v2/users/me
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
  program.addCommand(mcpCommand(ctx));
  program.addCommand(proxyCommand(ctx));
  program.addCommand(completionCommand(ctx, () => program));
  program.addCommand(completeHelperCommand(ctx), { hidden: true });
  program.addCommand(clearClipboardCommand(ctx), { hidden: true });
  program.addCommand(logoutCommand(ctx));

  program.hook('preAction', (root) => applyGlobalFlags(ctx, root.opts()));

  const configure = (command: Command) => {
    command
      // The global options (-p, --ca-file, --debug) are listed once, in the root help.
      .configureHelp({ showGlobalOptions: false })
      .exitOverride()
      .showHelpAfterError('(add --help for usage)')
      .configureOutput({
        // Help is laid out for 80 columns without colour wherever it goes, a terminal
        // or a pipe, so the build's recording of it (static-output.ts) answers both.
        getOutHelpWidth: () => HELP_WIDTH,
        getErrHelpWidth: () => HELP_WIDTH,
        getOutHasColors: () => false,
        getErrHasColors: () => false,
        writeOut: (text) => ctx.io.out(text),
        writeErr: TAKES_A_COMMAND.includes(command.name()) ? (text) => errors(withCommandHint(text, command.name())) : errors,
      });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** `exec ls -la`: the command's own options look like exec's (or proxy's, TAKES_A_COMMAND); say where -- goes. */
function withCommandHint(text: string, name: string): string {
  return text.replace(/^(error: unknown option .*)$/m, `$1\nPut -- before the command to run: zoom-s2s ${name} [options] -- <command> [args…]`);
}

/** Runs the CLI with `args` (without node and the script) and returns the exit code. */
export async function main(args: string[], ctx: Context): Promise<number> {
  const json = wantsJson(args);
  const program = json ? buildProgram(ctx, () => undefined) : buildProgram(ctx);
  try {
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return reportCommandLineError(error, ctx, json);
  }
}

/**
 * Commander's own errors (unknown flag, missing argument) are usage errors;
 * it has printed its message already, or the help or the version (exit 0).
 * Every other error is reported by report.ts.
 */
function reportCommandLineError(error: unknown, ctx: Context, json: boolean): Promise<number> | number {
  if (!(error instanceof CommanderError)) return reportError(error, ctx, json);
  if (error.exitCode === 0) return ExitCode.ok;
  // For people, commander has said it; under --json, report.ts says it as any usage error.
  return json ? reportError(new UsageError(error.message.replace(/^error: /, '')), ctx, true) : ExitCode.usage;
}
