import { Command } from 'commander';
import type { Context } from '../context.js';
import { clipboardDigest } from '../terminal/clipboard.js';

/**
 * `zoom-s2s __clear-clipboard <sha256> <delay-ms>`: started in the background
 * by `token --copy --clear-after`. After the delay it empties the clipboard,
 * but only if it still holds the text with that digest: whatever the user
 * copied since is left alone. Hidden; silent whatever happens.
 */
export function clearClipboardCommand(ctx: Context): Command {
  return new Command('__clear-clipboard')
    .argument('<digest>')
    .argument('<delay-ms>')
    .action(async (digest: string, delay: string) => {
      const ms = Number(delay);
      if (!/^[0-9a-f]{64}$/.test(digest) || !Number.isFinite(ms) || ms < 0) return;
      await ctx.sleep(ms);
      try {
        const clipboard = await ctx.clipboard();
        if (clipboardDigest(await clipboard.read()) === digest) await clipboard.write('');
      } catch {
        // No clipboard any more (the session ended): nothing to clear.
      }
    });
}
