/**
 * Shell completion scripts for bash, zsh and fish, written from a model of
 * the command tree (built from the commander program in
 * src/commands/completion.ts, so the scripts never drift from the real
 * flags). Profile names are completed at the moment of use by running
 * `zoom-s2s __complete profiles`, which reads only the settings file.
 */
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import type { CommandSpec } from './spec.js';
import { zshScript } from './zsh.js';

export type { CommandSpec, OptionSpec, ValueKind } from './spec.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(shell: Shell, program: string, root: CommandSpec): string {
  if (shell === 'bash') return bashScript(program, root);
  if (shell === 'zsh') return zshScript(program, root);
  return fishScript(program, root);
}
