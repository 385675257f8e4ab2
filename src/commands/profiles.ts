import { Command } from 'commander';
import type { Context } from '../context.js';
import { describeRemaining, type Style } from '../terminal/output.js';
import { checkProfileName, unknownProfile } from '../core/auth/profiles.js';
import { secondsLeft } from '../core/auth/token.js';
import { tokenCache } from '../session.js';

export interface ProfilesOptions {
  json: boolean;
}

export function profilesCommand(
  ctx: Context,
  run: (options: ProfilesOptions, ctx: Context) => Promise<void> = runProfiles,
  use: (name: string, ctx: Context) => Promise<void> = runProfilesUse,
): Command {
  const profiles = new Command('profiles')
    .description('List the stored profiles; `profiles use <name>` picks the default')
    .option('--json', 'print the profiles as JSON')
    .addHelpText(
      'after',
      `
The default profile is used when neither --profile nor ZOOM_S2S_PROFILE names
one (and the environment holds no credentials).

Examples:
  $ zoom-s2s profiles
  $ zoom-s2s profiles use prod
  $ zoom-s2s profiles --json`,
    )
    .action(async (flags: { json?: boolean }) => {
      await run({ json: flags.json === true }, ctx);
    });
  profiles
    .command('use')
    .description('Make a stored profile the default')
    .argument('<name>', 'a stored profile')
    .addHelpText('after', '\nExample:\n  $ zoom-s2s profiles use prod')
    .action(async (name: string) => {
      await use(name, ctx);
    });
  return profiles;
}

/** One entry of `profiles --json`; documented in docs/guide.md. */
export interface ProfileListing {
  name: string;
  default: boolean;
  accountId: string;
  clientId: string;
  domain: string;
  storage: 'keychain' | 'file';
  cachedToken: { expiresAt: string; expiresIn: number } | null;
  /** False when the store of the cached token could not be read (a keychain out of reach): cachedToken is then unknown. */
  cacheReadable: boolean;
}

export async function runProfiles(options: ProfilesOptions, ctx: Context): Promise<void> {
  const listings = await collectProfiles(ctx);
  if (options.json) return ctx.io.json(listings);
  if (listings.length === 0) return ctx.io.notice('No profiles stored. Run: zoom-s2s login');
  ctx.io.show(renderProfiles(listings, await ctx.io.style('stdout')));
}

/** Every stored profile, and whether a token is cached for it (the keychain read, never shown). */
export async function collectProfiles(ctx: Context): Promise<ProfileListing[]> {
  const settings = await ctx.settings();
  const defaultName = settings.getDefaultProfile() ?? 'default';
  const now = ctx.now();
  const listings: ProfileListing[] = [];
  for (const [name, stored] of settings.listProfiles()) {
    const storage = stored.storage;
    let readable = true;
    const cached = await tokenCache(await ctx.secrets(storage), ctx)
      .read(name)
      .catch(() => {
        readable = false;
        return undefined;
      });
    const live = cached && cached.expiresAt > now ? cached : undefined;
    listings.push({
      name,
      default: name === defaultName,
      accountId: stored.accountId,
      clientId: stored.clientId,
      domain: stored.domain,
      storage,
      cachedToken: live ? { expiresAt: new Date(live.expiresAt).toISOString(), expiresIn: secondsLeft(live, now) } : null,
      cacheReadable: readable,
    });
  }
  return listings;
}

/** The profiles as a table for people, the default marked "*". */
export function renderProfiles(listings: ProfileListing[], style: Style): string {
  const header = ['', 'PROFILE', 'ACCOUNT ID', 'CLIENT ID', 'DOMAIN', 'STORAGE', 'CACHED TOKEN'];
  const rows = listings.map((l) => [
    l.default ? '*' : '',
    l.name,
    l.accountId,
    l.clientId,
    l.domain,
    l.storage,
    l.cachedToken ? `expires ${describeRemaining(l.cachedToken.expiresIn)}` : l.cacheReadable ? 'none' : 'unknown',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return `${style.dim(line(header))}\n${rows.map((row) => `${line(row)}\n`).join('')}`;
}

export async function runProfilesUse(name: string, ctx: Context): Promise<void> {
  checkProfileName(name, 'profiles use');
  const settings = await ctx.settings();
  if (!settings.getProfile(name)) throw unknownProfile(name, settings);
  await settings.setDefaultProfile(name);
  await ctx.io.success(`"${name}" is now the default profile.`);
}
