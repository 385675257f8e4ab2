import type { Command } from 'commander';

/** The value of the global -p/--profile option, as every command's action sees it. */
export function profileFlag(command: Command): string | undefined {
  return (command.optsWithGlobals() as { profile?: string }).profile;
}
