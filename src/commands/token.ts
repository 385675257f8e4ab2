import { Command, Option } from 'commander';
import { say, type Context } from '../context.js';
import { apiBase } from '../core/api/url.js';
import { parseMinTtl } from '../core/auth/token-cache.js';
import { clipboardDigest, clipboardUnavailableReason, osc52, osc52Allowed } from '../terminal/clipboard.js';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { describeDuration, describeRemaining, formatUtc } from '../terminal/output.js';
import { secondsLeft } from '../core/auth/token.js';
import { formatToken, TOKEN_FORMATS, type TokenFormat } from '../core/auth/token-format.js';
import { profileFlag } from './profile-flag.js';
import { resolveSubject, tokenFor } from '../session.js';
import { stderrStyle } from '../terminal/output.js';
import { spinner } from '../terminal/spinner.js';

export interface TokenOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  copy: boolean;
  /** --copy: clear the clipboard after this long, if it still holds the token. */
  clearAfterMs?: number | undefined;
  format: TokenFormat;
  minTtlMs: number;
  force: boolean;
}

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

export async function runToken(options: TokenOptions, ctx: Context): Promise<void> {
  const subject = await resolveSubject(ctx, options.profile);
  const token = await tokenFor(ctx, subject, { minTtlMs: options.minTtlMs, force: options.force }, spinner(ctx, 'Requesting a token from Zoom…'));
  const now = ctx.now();
  const expiry = `expires ${describeRemaining(secondsLeft(token, now))}, at ${formatUtc(token.expiresAt, now)}`;
  const text = formatToken(token, options.format, options.format === 'env' ? apiBase(ctx.env, token.apiUrl, subject.domain) : '', now);

  if (options.copy) {
    const copied = text.replace(/\n$/, '');
    const style = await stderrStyle(ctx);
    const what = options.format === 'raw' ? 'Access token' : `Access token (${options.format})`;
    const noDisplay = clipboardUnavailableReason(ctx.env, ctx.platform);
    if (noDisplay && ctx.stderr.isTTY && osc52Allowed(ctx.env)) {
      ctx.stderr.write(osc52(copied));
      say(ctx, `${style.green('✓')} ${what} sent to your terminal's clipboard with OSC 52 (${noDisplay.replace(/ \(.*/, '')} here; ${expiry}).`);
      say(ctx, `If nothing arrives, the terminal does not allow it; print the token instead. ZOOM_S2S_OSC52=0 turns this off.${options.clearAfterMs ? ' --clear-after cannot apply: the terminal\'s clipboard cannot be read back.' : ''}`);
      return;
    }
    const clipboard = await ctx.clipboard();
    await clipboard.write(copied);
    let clearing = '';
    if (options.clearAfterMs) {
      await ctx.runInBackground(['__clear-clipboard', clipboardDigest(copied), String(options.clearAfterMs)]);
      clearing = `; cleared in ${describeDuration(options.clearAfterMs)} unless you copy something else`;
    }
    say(ctx, `${style.green('✓')} ${what} copied to the clipboard (${expiry}${clearing}).`);
    return;
  }
  ctx.stdout.write(text);
  if (ctx.stderr.isTTY) say(ctx, `Token ${expiry}.`);
}
