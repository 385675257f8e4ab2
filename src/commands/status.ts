import { Command } from 'commander';
import type { Context } from '../context.js';
import { KeychainError } from '../core/errors.js';
import { isOverriddenOrigin, tokenUrl } from '../core/auth/endpoint.js';
import { describeRemaining, formatUtc, type Style } from '../terminal/output.js';
import { secondsLeft } from '../core/auth/token.js';
import type { CachedToken } from '../core/auth/token-cache.js';
import { profileFlag } from './profile-flag.js';
import { resolveSubject, tokenAndOrigin, tokenCache } from '../session.js';

export interface StatusOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  json: boolean;
  check: boolean;
}

export function statusCommand(ctx: Context, run: (options: StatusOptions, ctx: Context) => Promise<void> = runStatus): Command {
  return new Command('status')
    .description('Show where the credentials come from (never the secret) and the cached token')
    .option('--json', 'print the status as JSON')
    .option('--check', 'prove the credentials work: use the cached token or mint one')
    .addHelpText(
      'after',
      `
Without --check no request is sent. Exits 3 when not logged in.

Examples:
  $ zoom-s2s status
  $ zoom-s2s status --check --profile prod
  $ zoom-s2s status --json | jq .cachedToken.expiresAt`,
    )
    .action(async (flags: { json?: boolean; check?: boolean }, command: Command) => {
      await run({ profile: profileFlag(command), json: flags.json === true, check: flags.check === true }, ctx);
    });
}

/** The object `status --json` prints; documented in docs/guide.md. */
export interface StatusReport {
  /** "profile", or "environment" for ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET. */
  source: 'profile' | 'environment';
  profile: string | null;
  accountId: string;
  clientId: string;
  secretStorage: string;
  /** False when the keychain could not be reached: the rest is what the settings file says. */
  secretReachable: boolean;
  tokenEndpoint: string;
  cachedToken: { expiresAt: string; expiresIn: number; scopeCount: number; apiUrl: string | null } | null;
  check?: { ok: true; tokenSource: 'cache' | 'minted' };
}

/** ": it did not answer within 5 s", ": no Secret Service is running", ": the keyring is locked", or nothing. */
function keychainCause(message: string): string {
  const timeout = /did not answer within (\d+ s)/.exec(message);
  if (timeout) return `: it did not answer within ${timeout[1]}`;
  if (/Did not receive a reply/i.test(message)) return ': it did not answer';
  if (/no Secret Service is running/.test(message)) return ': no Secret Service is running';
  if (/the keyring is locked/.test(message)) return ': the keyring is locked';
  return '';
}

export async function runStatus(options: StatusOptions, ctx: Context): Promise<void> {
  const status = await collectStatus(options, ctx);
  if (options.json) ctx.io.json(status.report);
  else ctx.io.show(renderStatus(status, await ctx.io.style('stdout'), ctx.now()));
  // What could be shown is out; a keychain out of reach is still an error (exit 1).
  if (status.unreachable) throw status.unreachable;
}

/** What `status` knows, and the keychain's failure to report once it is shown. */
export interface Status {
  report: StatusReport;
  /** The token endpoint is ZOOM_S2S_OAUTH_URL's, not Zoom's. */
  endpointOverridden: boolean;
  unreachable: KeychainError | undefined;
}

export async function collectStatus(options: StatusOptions, ctx: Context): Promise<Status> {
  const subject = await resolveSubject(ctx, options.profile);
  const store = await subject.store();
  // Reading the credentials proves the secret is there (else: exit 3). A
  // keychain that cannot be reached (an SSH session without a keyring, a
  // locked collection) still leaves what the settings file knows to show.
  let credentials: { accountId: string; clientId: string };
  let unreachable: KeychainError | undefined;
  try {
    credentials = await subject.credentials();
  } catch (error) {
    const stored = subject.source === 'profile' ? (await ctx.settings()).getProfile(subject.label) : undefined;
    if (!(error instanceof KeychainError) || !stored) throw error;
    unreachable = error;
    credentials = stored;
  }

  // A token minted for other credentials will never be served: report none.
  // Without a keychain (environment credentials in CI) there is simply no cache.
  let cached: CachedToken | undefined = unreachable
    ? undefined
    : await tokenCache(store, ctx)
        .read(subject.label)
        .catch(() => undefined);
  if (cached && (cached.credentials !== subject.fingerprint || cached.expiresAt <= ctx.now())) cached = undefined;

  let check: StatusReport['check'];
  if (options.check && !unreachable) {
    const { token, origin } = await tokenAndOrigin(ctx, subject, {}, ctx.io.progress('Checking the credentials with Zoom…'));
    check = { ok: true, tokenSource: origin === 'cache' ? 'cache' : 'minted' };
    cached = token;
  }

  const now = ctx.now();
  const environment = subject.source === 'environment';
  const report: StatusReport = {
    source: subject.source,
    profile: environment ? null : subject.label,
    accountId: credentials.accountId,
    clientId: credentials.clientId,
    secretStorage: environment ? 'the environment variable ZOOM_CLIENT_SECRET' : store.description,
    secretReachable: !unreachable,
    tokenEndpoint: tokenUrl(subject.origin),
    cachedToken: cached
      ? {
          expiresAt: new Date(cached.expiresAt).toISOString(),
          expiresIn: secondsLeft(cached, now),
          scopeCount: cached.scopes.length,
          apiUrl: cached.apiUrl ?? null,
        }
      : null,
    ...(check ? { check } : {}),
  };
  if (unreachable) ctx.io.debug(unreachable.message);
  return {
    report,
    endpointOverridden: isOverriddenOrigin(subject.origin, subject.domain),
    // The cause in a few words; D-Bus's own words only under --debug.
    unreachable: unreachable && new KeychainError(`Could not reach ${store.description} to read the secret of profile "${subject.label}"${keychainCause(unreachable.message)}.`, { hint: unreachable.hint, cause: unreachable.cause }),
  };
}

/** The status as lines of "Label: value" for people. */
export function renderStatus({ report, endpointOverridden, unreachable }: Status, style: Style, now: number): string {
  const cached = report.cachedToken;
  const rows: Array<[string, string]> = [
    ['Credentials', report.source === 'environment' ? 'from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET' : `profile "${report.profile}"`],
    ['Account ID', report.accountId],
    ['Client ID', report.clientId],
    ['Client secret', `in ${report.secretStorage}${unreachable ? style.yellow(' (could not be reached)') : ''}`],
    ['Token endpoint', endpointOverridden ? `${report.tokenEndpoint} (ZOOM_S2S_OAUTH_URL)` : report.tokenEndpoint],
    [
      'Cached token',
      cached
        ? `expires ${describeRemaining(cached.expiresIn)} (${formatUtc(Date.parse(cached.expiresAt), now)}), ${cached.scopeCount} ${cached.scopeCount === 1 ? 'scope' : 'scopes'}`
        : unreachable
          ? 'unknown'
          : 'none',
    ],
  ];
  if (report.check) rows.push(['Check', style.green(`ok: the credentials work (token ${report.check.tokenSource === 'cache' ? 'from the cache' : 'minted'})`)]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${style.bold(`${label}:`.padEnd(width))}${value}\n`).join('');
}
