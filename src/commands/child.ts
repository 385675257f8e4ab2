/**
 * Running the command a user gave after -- (`exec`, `proxy`): its exit code
 * handed back (128 + the signal number when a signal ends it), the signals a
 * shell would pass on passed on, and a command that cannot run reported as
 * such.
 */
import { CliError, ExitCode } from '../core/errors.js';
import { onTermination } from '../terminal/signals.js';

/** The commands that run a command given after --: the one list (their usage errors say where -- goes; completion completes a command there). */
export const TAKES_A_COMMAND: readonly string[] = ['exec', 'proxy'];

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

export function runChild(command: string, args: string[], env: Record<string, string>): Promise<number> {
  const { spawn } = process.getBuiltinModule('node:child_process');
  const { constants } = process.getBuiltinModule('node:os');
  return new Promise<number>((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    // Passed on, as a shell would: the terminal closing (HUP) and Ctrl-\ (QUIT) too.
    const done = onTermination((signal) => child.kill(signal), FORWARDED_SIGNALS);
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      if (error.code === 'ENOENT') reject(new CliError(`Command not found: ${command}`, ExitCode.commandNotFound, { hint: 'Check the name and your PATH; put -- before the command.' }));
      else reject(new CliError(`Could not run ${command}: ${error.message}`, ExitCode.commandNotRunnable));
    });
    child.on('exit', (code, signal) => {
      done();
      resolve(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
    });
  });
}
