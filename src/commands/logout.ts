import { Command } from 'commander';
import type { Context } from '../context.js';
import { DEFAULT_PROFILE, say, stderrStyle, tokenCache } from './shared.js';

export interface LogoutOptions {
  profile: string;
}

export function logoutCommand(ctx: Context, run: (options: LogoutOptions, ctx: Context) => Promise<void> = runLogout): Command {
  return new Command('logout')
    .description('Remove the stored credentials and the cached token')
    .addHelpText(
      'after',
      `
Logging out when nothing is stored is not an error.

Example:
  $ zoom-s2s logout`,
    )
    .action(async () => {
      await run({ profile: DEFAULT_PROFILE }, ctx);
    });
}

export async function runLogout(options: LogoutOptions, ctx: Context): Promise<void> {
  const { profile } = options;
  const settings = await ctx.settings();
  const keychain = await ctx.keychain();
  // The secret first: if the keychain fails, the settings stay, so the next
  // logout can still find what to remove.
  const removedSecret = await keychain.delete(profile);
  const removedToken = await (await tokenCache(ctx)).delete(profile);
  const removedSettings = await settings.deleteProfile(profile);

  const style = await stderrStyle(ctx);
  if (!removedSecret && !removedToken && !removedSettings) {
    say(ctx, `Not logged in (profile "${profile}"): nothing to remove.`);
    return;
  }
  const ok = style.green('✓');
  if (removedSecret) say(ctx, `${ok} Client secret removed from ${keychain.description}.`);
  if (removedToken) say(ctx, `${ok} Cached access token removed.`);
  if (removedSettings) say(ctx, `${ok} Profile "${profile}" removed from ${settings.path}.`);
}
