import { Command } from 'commander';
import type { Context } from '../context.js';
import { KeychainError } from '../core/errors.js';
import type { SecretStore } from '../core/store/keychain.js';
import { chooseProfile } from '../core/auth/profiles.js';
import { DEFAULT_STORAGE, type SecretStorage } from '../core/store/settings.js';
import { ENVIRONMENT_LABEL, tokenCache, withProfileLock } from '../session.js';
import { profileFlag } from './profile-flag.js';

export interface LogoutOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  all: boolean;
}

export function logoutCommand(ctx: Context, run: (options: LogoutOptions, ctx: Context) => Promise<void> = runLogout): Command {
  return new Command('logout')
    .description('Remove the stored credentials and the cached token')
    .option('--all', 'remove every profile, and the token cached for environment credentials')
    .addHelpText(
      'after',
      `
Logging out when nothing is stored is not an error.

Examples:
  $ zoom-s2s logout
  $ zoom-s2s logout --profile prod
  $ zoom-s2s logout --all`,
    )
    .action(async (flags: { all?: boolean }, command: Command) => {
      await run({ profile: profileFlag(command), all: flags.all === true }, ctx);
    });
}

/** What removing one profile removed, for the report. */
interface Removed {
  secret: boolean;
  token: boolean;
  settings: boolean;
  where: string;
}

/**
 * Removes one profile: its secret and cached token first, then its settings,
 * so that a failing keychain leaves the settings for the next try.
 */
async function removeProfile(ctx: Context, profile: string, storage: SecretStorage): Promise<Removed> {
  const settings = await ctx.settings();
  const secrets: SecretStore = await ctx.secrets(storage);
  return withProfileLock(ctx, profile, async () => {
    if (!settings.getProfile(profile)) {
      // No settings: at most a secret an interrupted login left behind. A keychain out of reach
      // (no D-Bus session) means there is nothing to report, not a failure of logout.
      try {
        const secret = await secrets.delete(profile);
        const token = await tokenCache(secrets, ctx).delete(profile);
        return { secret, token, settings: false, where: secrets.description };
      } catch (error) {
        if (!(error instanceof KeychainError)) throw error;
        ctx.io.debug(`profile "${profile}" has no settings and the keychain did not answer: ${error.message}`);
        return { secret: false, token: false, settings: false, where: secrets.description };
      }
    }
    const secret = await secrets.delete(profile);
    const token = await tokenCache(secrets, ctx).delete(profile);
    const removedSettings = await settings.deleteProfile(profile);
    return { secret, token, settings: removedSettings, where: secrets.description };
  });
}

export async function runLogout(options: LogoutOptions, ctx: Context): Promise<void> {
  const settings = await ctx.settings();
  const targets: Array<[string, SecretStorage]> = options.all
    ? settings.listProfiles().map(([name, stored]) => [name, stored.storage])
    : (() => {
        const name = chooseProfile(options.profile, ctx.env, settings).name;
        // A profile that is gone may still have a secret left in the keychain.
        return [[name, settings.getProfile(name)?.storage ?? DEFAULT_STORAGE]];
      })();

  let removedAnything = false;
  for (const [profile, storage] of targets) {
    const removed = await removeProfile(ctx, profile, storage);
    if (removed.secret) await ctx.io.success(`Client secret of "${profile}" removed from ${removed.where}.`);
    if (removed.token) await ctx.io.success(`Cached access token of "${profile}" removed.`);
    if (removed.settings) await ctx.io.success(`Profile "${profile}" removed from ${settings.path}.`);
    removedAnything ||= removed.secret || removed.token || removed.settings;
  }
  if (options.all) {
    // A token cached for environment credentials is not a profile's, but it is a credential we stored.
    const keychain = await ctx.secrets('keychain');
    if (await tokenCache(keychain, ctx).delete(ENVIRONMENT_LABEL).catch(() => false)) {
      await ctx.io.success('Cached access token of the environment credentials removed.');
      removedAnything = true;
    }
  }
  if (!removedAnything) {
    ctx.io.notice(options.all ? 'No profiles stored: nothing to remove.' : `Nothing is stored for profile "${targets[0]![0]}": nothing to remove.`);
  }
}
