/** `token --copy`: the token on the clipboard (or the terminal's, with OSC 52) instead of stdout. Loaded only with --copy. */
import type { Context } from '../../context.js';
import { clipboardDigest, clipboardUnavailableReason, osc52, osc52Allowed } from '../../terminal/clipboard.js';
import { describeDuration } from '../../terminal/output.js';
import type { TokenFormat } from '../../core/auth/token-format.js';

/** Copies `text` (what would be printed) and says where it went; `expiry` says when the token expires. */
export async function copyToken(ctx: Context, text: string, options: { format: TokenFormat; clearAfterMs?: number | undefined }, expiry: string): Promise<void> {
  const copied = text.replace(/\n$/, '');
  const what = options.format === 'raw' ? 'Access token' : `Access token (${options.format})`;
  const noDisplay = clipboardUnavailableReason(ctx.env, ctx.platform);
  if (noDisplay && ctx.io.isStderrTTY() && osc52Allowed(ctx.env)) {
    ctx.io.err(osc52(copied));
    await ctx.io.success(`${what} sent to your terminal's clipboard with OSC 52 (${noDisplay.replace(/ \(.*/, '')} here; ${expiry}).`);
    ctx.io.notice(`If nothing arrives, the terminal does not allow it; print the token instead. ZOOM_S2S_OSC52=0 turns this off.${options.clearAfterMs ? ' --clear-after cannot apply: the terminal\'s clipboard cannot be read back.' : ''}`);
    return;
  }
  const clipboard = await ctx.clipboard();
  await clipboard.write(copied);
  let clearing = '';
  if (options.clearAfterMs) {
    await ctx.runInBackground(['__clear-clipboard', clipboardDigest(copied), String(options.clearAfterMs)]);
    clearing = `; cleared in ${describeDuration(options.clearAfterMs)} unless you copy something else`;
  }
  await ctx.io.success(`${what} copied to the clipboard (${expiry}${clearing}).`);
}
