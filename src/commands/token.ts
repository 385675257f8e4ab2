import { Command, Option } from 'commander';
import type { Context } from '../context.js';
import { describeRemaining, formatUtc } from '../core/output.js';
import { secondsLeft, tokenJson } from '../core/token.js';
import { acquireToken, DEFAULT_PROFILE, say, stderrStyle } from './shared.js';

export interface TokenOptions {
  profile: string;
  copy: boolean;
  json: boolean;
}

export function tokenCommand(ctx: Context, run: (options: TokenOptions, ctx: Context) => Promise<void> = runToken): Command {
  return new Command('token')
    .description('Print a valid access token (stdout carries the token and nothing else)')
    .addOption(new Option('-c, --copy', 'copy the token to the clipboard instead of printing it').conflicts('json'))
    .option('--json', 'print the token with its type, expiry, scopes and API URL as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ curl -H "Authorization: Bearer $(zoom-s2s token)" https://api.zoom.us/v2/users/me
  $ zoom-s2s token --copy
  $ zoom-s2s token --json`,
    )
    .action(async (flags: { copy?: boolean; json?: boolean }) => {
      await run({ profile: DEFAULT_PROFILE, copy: flags.copy === true, json: flags.json === true }, ctx);
    });
}

export async function runToken(options: TokenOptions, ctx: Context): Promise<void> {
  const token = await acquireToken(ctx, options.profile);
  const now = ctx.now();
  const expiry = `expires ${describeRemaining(secondsLeft(token, now))}, at ${formatUtc(token.expiresAt, now)}`;

  if (options.copy) {
    const clipboard = await ctx.clipboard();
    await clipboard.write(token.accessToken);
    const style = await stderrStyle(ctx);
    say(ctx, `${style.green('✓')} Access token copied to the clipboard (${expiry}).`);
    return;
  }
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(tokenJson(token, now), null, 2)}\n`);
  } else {
    ctx.stdout.write(`${token.accessToken}\n`);
  }
  if (ctx.stderr.isTTY) {
    const style = await stderrStyle(ctx);
    say(ctx, style.dim(`Token ${expiry}.`));
  }
}
