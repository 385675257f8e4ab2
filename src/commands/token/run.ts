/** What `zoom-s2s token` does, once its flags are read (token.ts with commander, or src/token-program.ts without). */
import { say, type Context } from '../../context.js';
import { apiBase } from '../../core/api/url.js';
import { clipboardDigest, clipboardUnavailableReason, osc52, osc52Allowed } from '../../terminal/clipboard.js';
import { describeDuration, describeRemaining, formatUtc, stderrStyle } from '../../terminal/output.js';
import { secondsLeft } from '../../core/auth/token.js';
import { formatToken, type TokenFormat } from '../../core/auth/token-format.js';
import { resolveSubject, tokenFor } from '../../session.js';
import { spinner } from '../../terminal/spinner.js';

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
