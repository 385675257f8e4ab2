import { Command } from 'commander';
import type { Context } from '../context.js';
import { groupScopes, sortScopes } from '../core/scopes.js';
import { acquireToken, profileFlag, stdoutStyle } from './shared.js';

export interface ScopesOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  json: boolean;
}

export function scopesCommand(ctx: Context, run: (options: ScopesOptions, ctx: Context) => Promise<void> = runScopes): Command {
  return new Command('scopes')
    .description('List the scopes granted to the app')
    .option('--json', 'print the scopes as a JSON array of strings')
    .addHelpText(
      'after',
      `
On a terminal the scopes are grouped by product; otherwise one scope per line, sorted.

Examples:
  $ zoom-s2s scopes
  $ zoom-s2s scopes | grep '^meeting:'
  $ zoom-s2s scopes --json
  $ zoom-s2s scopes --profile prod`,
    )
    .action(async (flags: { json?: boolean }, command: Command) => {
      await run({ profile: profileFlag(command), json: flags.json === true }, ctx);
    });
}

export async function runScopes(options: ScopesOptions, ctx: Context): Promise<void> {
  const token = await acquireToken(ctx, options.profile);
  const scopes = sortScopes(token.scopes);
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(scopes)}\n`);
    return;
  }
  if (!ctx.stdout.isTTY) {
    ctx.stdout.write(scopes.map((scope) => `${scope}\n`).join(''));
    return;
  }
  const style = await stdoutStyle(ctx);
  const lines = [style.bold(`${scopes.length} ${scopes.length === 1 ? 'scope' : 'scopes'} granted to this app`)];
  for (const group of groupScopes(scopes)) {
    lines.push('', `${style.cyan(style.bold(group.product))} ${style.dim(`(${group.scopes.length})`)}`);
    for (const scope of group.scopes) lines.push(`  ${scope}`);
  }
  if (scopes.length === 0) lines.push('', style.dim('(Zoom returned no scopes: add some on the app\'s "Scopes" page.)'));
  ctx.stdout.write(`${lines.join('\n')}\n`);
}
