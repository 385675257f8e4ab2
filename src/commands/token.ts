import { Command, Option } from 'commander';
import type { Context } from '../context.js';
import { parseMinTtl } from '../core/token-cache.js';
import { describeRemaining, formatUtc } from '../core/output.js';
import { secondsLeft, tokenJson } from '../core/token.js';
import { acquireToken, profileFlag, say, stderrStyle } from './shared.js';

export interface TokenOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  copy: boolean;
  json: boolean;
  minTtlMs: number;
  force: boolean;
}


export function tokenCommand(ctx: Context, run: (options: TokenOptions, ctx: Context) => Promise<void> = runToken): Command {
  return new Command('token')
    .description('Print a valid access token (stdout carries the token and nothing else)')
    .addOption(new Option('-c, --copy', 'copy the token to the clipboard instead of printing it').conflicts('json'))
    .option('--json', 'print the token with its type, expiry, scopes and API URL as JSON')
    .option('--min-ttl <duration>', 'the token must live at least this long, else a new one is minted (e.g. 90s, 10m, 1h)', '5m')
    .option('-f, --force', 'mint a new token whatever the cache holds')
    .addHelpText(
      'after',
      `
Examples:
  $ curl -H "Authorization: Bearer $(zoom-s2s token)" https://api.zoom.us/v2/users/me
  $ zoom-s2s token --copy
  $ zoom-s2s token --json
  $ zoom-s2s token --min-ttl 30m     # a token good for at least 30 more minutes
  $ zoom-s2s token --profile prod

Tokens are cached in the keychain and reused while they have at least
--min-ttl left (5 minutes by default); callers arriving at once share one mint.`,
    )
    .action(async (flags: { copy?: boolean; json?: boolean; minTtl: string; force?: boolean }, command: Command) => {
      await run(
        {
          profile: profileFlag(command),
          copy: flags.copy === true,
          json: flags.json === true,
          minTtlMs: parseMinTtl(flags.minTtl),
          force: flags.force === true,
        },
        ctx,
      );
    });
}

export async function runToken(options: TokenOptions, ctx: Context): Promise<void> {
  const token = await acquireToken(ctx, options.profile, { minTtlMs: options.minTtlMs, force: options.force });
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
