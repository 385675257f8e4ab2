/** `zoom-s2s token`: its flags and help. What it does is in run.ts, which the token program (src/token-program.ts) uses without commander. */
import { Command, Option } from 'commander';
import type { Context } from '../../context.js';
import { parseMinTtl } from '../../core/auth/token-cache.js';
import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { TOKEN_FORMATS, type TokenFormat } from '../../core/auth/token-format.js';
import { profileFlag } from '../profile-flag.js';
import { runToken, type TokenOptions } from './run.js';

export { runToken, type TokenOptions } from './run.js';

export function tokenCommand(ctx: Context, run: (options: TokenOptions, ctx: Context) => Promise<void> = runToken): Command {
  return new Command('token')
    .description('Print a valid access token (stdout carries the token and nothing else)')
    .option('-c, --copy', 'copy the token to the clipboard instead of printing it (no display: the terminal\'s clipboard, OSC 52)')
    .option('--clear-after <duration>', 'with --copy: clear the clipboard after this long if it still holds the token (also ZOOM_S2S_CLIPBOARD_CLEAR)')
    .addOption(new Option('--format <format>', 'raw (the token), json, env (export lines for eval) or header (Authorization: Bearer …)').choices(TOKEN_FORMATS).default('raw'))
    .addOption(new Option('--json', 'the same as --format json').conflicts('format'))
    .option('--min-ttl <duration>', 'the token must live at least this long, else a new one is minted (e.g. 90s, 10m, 1h)', '5m')
    .option('-f, --force', 'mint a new token whatever the cache holds')
    .addHelpText(
      'after',
      `
Examples:
  $ curl -H "Authorization: Bearer $(zoom-s2s token)" https://api.zoom.us/v2/users/me
  $ zoom-s2s token --format header | curl -H @- https://api.zoom.us/v2/users/me
  $ eval "$(zoom-s2s token --format env)"     # sets ZOOM_ACCESS_TOKEN, ZOOM_API_URL, ZOOM_TOKEN_EXPIRES_AT
  $ zoom-s2s token --copy
  $ zoom-s2s token --copy --clear-after 45s
  $ zoom-s2s token --json
  $ zoom-s2s token --min-ttl 30m     # a token good for at least 30 more minutes
  $ zoom-s2s token --profile prod

Tokens are cached in the keychain and reused while they have at least
--min-ttl left (5 minutes by default); callers arriving at once share one mint.
--copy copies what would be printed (the token, unless --format says otherwise).
Without a display (over SSH) it asks the terminal to copy instead, with the
OSC 52 escape sequence; ZOOM_S2S_OSC52=0 turns that off.`,
    )
    .action(async (flags: { copy?: boolean; clearAfter?: string; format: TokenFormat; json?: boolean; minTtl: string; force?: boolean }, command: Command) => {
      if (flags.clearAfter !== undefined && !flags.copy) throw new UsageError('--clear-after only goes with --copy.');
      await run(
        {
          profile: profileFlag(command),
          copy: flags.copy === true,
          clearAfterMs: flags.copy ? clearAfter(flags.clearAfter, ctx.env) : undefined,
          format: flags.json ? 'json' : flags.format,
          minTtlMs: parseMinTtl(flags.minTtl),
          force: flags.force === true,
        },
        ctx,
      );
    });
}

/** --clear-after, else ZOOM_S2S_CLIPBOARD_CLEAR, else never; "0" or "off" in the variable means never. */
function clearAfter(flag: string | undefined, env: Record<string, string | undefined>): number | undefined {
  if (flag !== undefined) return parseDuration(flag, '--clear-after', MAX_CLEAR_AFTER_MS);
  const fromEnv = env.ZOOM_S2S_CLIPBOARD_CLEAR?.trim();
  if (!fromEnv || /^(0|off|never)$/i.test(fromEnv)) return undefined;
  return parseDuration(fromEnv, 'ZOOM_S2S_CLIPBOARD_CLEAR', MAX_CLEAR_AFTER_MS);
}

const MAX_CLEAR_AFTER_MS = 24 * 3_600_000;
