import { Command } from 'commander';
import type { Context } from '../context.js';
import { CliError, ExitCode, UsageError } from '../core/errors.js';
import { groupScopes, missingScopes, parseRequiredScopes, scopeJson, scopeKind, sortScopes } from '../core/auth/scopes.js';
import { profileFlag } from './profile-flag.js';
import { resolveSubject, tokenAndOrigin, tokenFor } from '../session.js';

export interface ScopesOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  json: boolean;
  /** --require: scopes the app must have (empty: just list). */
  require: string[];
}

export function scopesCommand(ctx: Context, run: (options: ScopesOptions, ctx: Context) => Promise<void> = runScopes): Command {
  return new Command('scopes')
    .description('List the scopes granted to the app, or check that it has some (--require)')
    .option('--json', 'print the scopes as JSON, each with its kind (classic or granular) and product')
    .option('--require <scope...>', 'exit 0 when the app has every one of these scopes, else exit 6 naming the missing ones')
    .addHelpText(
      'after',
      `
On a terminal the scopes are grouped by product; otherwise one scope per line,
sorted. A scope is classic (meeting:read:admin) or granular
(meeting:read:list_meetings:admin).

--require checks a token minted now when the cached one lacks a scope, so a
scope added a minute ago counts. Handy as a preflight in CI.

Examples:
  $ zoom-s2s scopes
  $ zoom-s2s scopes | grep '^meeting:'
  $ zoom-s2s scopes --json | jq -r '.scopes[] | select(.kind == "granular") | .scope'
  $ zoom-s2s scopes --require meeting:write:meeting:admin user:read:user:admin
  $ zoom-s2s scopes --profile prod`,
    )
    .action(async (flags: { json?: boolean; require?: string[] }, command: Command) => {
      await run({ profile: profileFlag(command), json: flags.json === true, require: flags.require ?? [] }, ctx);
    });
}

export async function runScopes(options: ScopesOptions, ctx: Context): Promise<void> {
  if (options.require.length > 0) return requireScopes(options, ctx);
  const subject = await resolveSubject(ctx, options.profile);
  const token = await tokenFor(ctx, subject, {}, ctx.io.progress('Requesting a token from Zoom…'));
  const scopes = sortScopes(token.scopes);
  if (options.json) {
    ctx.io.json({ scopes: scopes.map(scopeJson) });
    return;
  }
  if (!ctx.io.isStdoutTTY()) {
    ctx.io.out(scopes.map((scope) => `${scope}\n`).join(''));
    return;
  }
  const style = await ctx.io.style('stdout');
  const lines = [style.bold(`${scopes.length} ${scopes.length === 1 ? 'scope' : 'scopes'} granted to this app`)];
  for (const group of groupScopes(scopes)) {
    lines.push('', `${style.cyan(style.bold(group.product))} ${style.dim(`(${group.scopes.length})`)}`);
    for (const scope of group.scopes) lines.push(`  ${scope}${scopeKind(scope) === 'granular' ? '' : style.dim('  (classic)')}`);
  }
  if (scopes.length === 0) lines.push('', style.dim('(Zoom returned no scopes: add some on the app\'s "Scopes" page.)'));
  ctx.io.show(`${lines.join('\n')}\n`);
}

/** --require: exit 0 when every scope is granted, else ExitCode.missingScopes naming the missing ones. */
async function requireScopes(options: ScopesOptions, ctx: Context): Promise<void> {
  const { scopes: required, bad } = parseRequiredScopes(options.require);
  if (bad !== undefined) throw new UsageError(`Not a scope: ${JSON.stringify(bad)}`, 'Scopes look like meeting:read:admin or meeting:read:list_meetings:admin.');
  if (required.length === 0) throw new UsageError('--require needs at least one scope.');
  const subject = await resolveSubject(ctx, options.profile);
  const first = await tokenAndOrigin(ctx, subject, {}, ctx.io.progress('Requesting a token from Zoom…'));
  let token = first.token;
  let missing = missingScopes(token.scopes, required);
  if (missing.length > 0 && first.origin === 'cache') {
    // Scopes are fixed when a token is minted: a cached one may predate a scope added since.
    token = await tokenFor(ctx, subject, { force: true }, ctx.io.progress('Checking the scopes with a new token…'));
    missing = missingScopes(token.scopes, required);
  }
  if (options.json) ctx.io.json({ required, missing });
  if (missing.length === 0) {
    if (ctx.io.isStderrTTY()) await ctx.io.success(`The app has ${required.length === 1 ? 'the required scope' : `all ${required.length} required scopes`}.`);
    return;
  }
  const count = missing.length === required.length ? (required.length === 1 ? 'the required scope' : `all ${required.length} required scopes`) : `${missing.length} of ${required.length} required scopes`;
  throw new CliError(`The app lacks ${count}:\n${missing.map((scope) => `  ${scope}`).join('\n')}`, ExitCode.missingScopes, {
    hint: `Add ${missing.length === 1 ? 'it' : 'them'} on the app's "Scopes" page at marketplace.zoom.us (no new login needed).`,
  });
}
