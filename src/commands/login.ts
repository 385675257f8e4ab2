import { Command, Option } from 'commander';
import type { Context } from '../context.js';
import { checkCredential, credentialProblem, ENVIRONMENT_VARIABLES, FIELD_LABELS, MAX_CREDENTIAL_LENGTH, type CredentialField } from '../core/auth/credentials.js';
import { endpointName, resolveOAuthOrigin } from '../core/auth/endpoint.js';
import { UsageError } from '../core/errors.js';
import { chooseProfile } from '../core/auth/profiles.js';
import { checkDomain, DEFAULT_DOMAIN, type ZoomDomain } from '../core/zoom.js';
import { secretFilePath } from '../core/store/secret-file.js';
import type { SecretStorage } from '../core/store/settings.js';
import type { ClientCredentials } from '../core/auth/token.js';
import { profileFlag } from './profile-flag.js';
import { readAll } from '../terminal/input.js';
import { subjectFor, tokenCache, tokenFor, withProfileLock } from '../session.js';

export interface LoginOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  accountId?: string;
  clientId?: string;
  clientSecretStdin: boolean;
  verify: boolean;
  domain: ZoomDomain;
  insecureStorage: boolean;
}

interface LoginFlags {
  accountId?: string;
  clientId?: string;
  clientSecretStdin?: boolean;
  /** Refused: see the action. */
  clientSecret?: string;
  verify: boolean;
  domain: string;
  insecureStorage?: boolean;
}

export function loginCommand(ctx: Context, run: (options: LoginOptions, ctx: Context) => Promise<void> = runLogin): Command {
  return new Command('login')
    .description('Store the credentials of a Server-to-Server OAuth app (the secret goes into the OS keychain)')
    .option('--account-id <id>', 'the account ID (else ZOOM_ACCOUNT_ID, else a prompt)')
    .option('--client-id <id>', 'the client ID (else ZOOM_CLIENT_ID, else a prompt)')
    .option('--client-secret-stdin', 'read the client secret from standard input (else ZOOM_CLIENT_SECRET, else a masked prompt)')
    .option('--domain <domain>', 'zoom.us, or zoomgov.com for Zoom for Government', DEFAULT_DOMAIN)
    .option('--insecure-storage', 'keep the secret and cached tokens in a 0600 file instead of the keychain (machines without one)')
    .option('--no-verify', 'store without asking Zoom for a token first')
    .addOption(new Option('--client-secret <secret>').hideHelp())
    .addHelpText(
      'after',
      `
The client secret is never taken as an argument: it would end up in your shell
history and in the process list.

Examples:
  $ zoom-s2s login
  $ zoom-s2s login --profile prod --account-id AbC123 --client-id XyZ789 --client-secret-stdin < secret.txt
  $ zoom-s2s login --profile gov --domain zoomgov.com
  $ ZOOM_ACCOUNT_ID=… ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=… zoom-s2s login`,
    )
    .action(async (flags: LoginFlags, command: Command) => {
      if (flags.clientSecret !== undefined) {
        throw new UsageError(
          'The client secret is never taken on the command line: it would stay in your shell history and in the process list.',
          'Leave it out to be asked for it (without echo), pipe it in with --client-secret-stdin, or set ZOOM_CLIENT_SECRET.',
        );
      }
      await run(
        {
          profile: profileFlag(command),
          accountId: flags.accountId,
          clientId: flags.clientId,
          clientSecretStdin: flags.clientSecretStdin === true,
          verify: flags.verify,
          domain: checkDomain(flags.domain),
          insecureStorage: flags.insecureStorage === true,
        },
        ctx,
      );
    });
}

const FLAGS: Record<CredentialField, string> = {
  accountId: '--account-id',
  clientId: '--client-id',
  clientSecret: '--client-secret-stdin',
};

/** A value from the flag, else the environment, else a prompt on a terminal, else a usage error. */
async function resolveField(
  ctx: Context,
  field: CredentialField,
  fromFlag: string | undefined,
  flagSource: string,
  beforePrompt: () => void,
): Promise<string> {
  const flag = FLAGS[field];
  const variable = ENVIRONMENT_VARIABLES[field];
  if (fromFlag !== undefined) return checkCredential(field, fromFlag, flagSource);
  const fromEnv = ctx.env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return checkCredential(field, fromEnv, variable);
  if (!ctx.io.canPrompt()) {
    throw new UsageError(
      `The ${FIELD_LABELS[field]} is missing and there is no terminal to ask for it.`,
      `Pass ${flag} or set ${variable}.`,
    );
  }
  const prompter = await ctx.io.prompter();
  beforePrompt();
  const validate = (value: string) => credentialProblem(field, value.trim()) ?? true;
  const label = FIELD_LABELS[field].replace(/^./, (c) => c.toUpperCase());
  const answer = field === 'clientSecret' ? await prompter.secret(`${label}:`, validate) : await prompter.input(`${label}:`, validate);
  return answer.trim();
}

export async function runLogin(options: LoginOptions, ctx: Context): Promise<void> {
  await reportLogin(ctx, await logIn(options, ctx));
}

/** What a login did, for reportLogin to say. */
export interface LoginResult {
  profile: string;
  domain: ZoomDomain;
  /** Who verified the credentials ("Zoom", or the stand-in of ZOOM_S2S_OAUTH_URL) and how many scopes the app has; undefined with --no-verify. */
  verified: { by: string; scopeCount: number } | undefined;
  storage: SecretStorage;
  /** The keychain's name, or the credentials file's path. */
  storedIn: string;
  settingsPath: string;
  /** A first login, made the default. */
  madeDefault: boolean;
  /** The command to run next. */
  next: string;
}

/** Asks for what is missing, verifies with Zoom (unless --no-verify), stores the secret and the settings together. */
export async function logIn(options: LoginOptions, ctx: Context): Promise<LoginResult> {
  // Read from a terminal, the secret would be echoed as it is typed, with no prompt saying what is awaited.
  if (options.clientSecretStdin && ctx.io.isStdinTTY()) {
    throw new UsageError('--client-secret-stdin reads the secret from a pipe, but standard input is a terminal.', 'Pipe it in (zoom-s2s login --client-secret-stdin < secret.txt), or leave the flag out to be asked for it without echo.');
  }
  // Opening both stores first: a broken config file or a missing keychain is
  // reported before anything is asked or sent.
  const settings = await ctx.settings();
  const profile = chooseProfile(options.profile, ctx.env, settings).name;
  const previous = settings.getProfile(profile);
  const storage: SecretStorage = options.insecureStorage ? 'file' : 'keychain';
  const secrets = await ctx.secrets(storage);
  // A first call to the keychain: a missing or locked one is reported before anything is asked.
  await secrets.get(profile);
  const origin = resolveOAuthOrigin(ctx.env, options.domain);

  let secretFromStdin: string | undefined;
  if (options.clientSecretStdin) {
    const text = await readAll(ctx.io.stdin, MAX_CREDENTIAL_LENGTH * 4);
    if (text === undefined) throw new UsageError('Standard input is too long to be a client secret.');
    secretFromStdin = text.replace(/\r?\n$/, '');
  }

  let introduced = false;
  const introduce = () => {
    if (!introduced) ctx.io.notice('Copy these from the "App Credentials" page of your Server-to-Server OAuth app at https://marketplace.zoom.us');
    introduced = true;
  };
  const credentials: ClientCredentials = {
    accountId: await resolveField(ctx, 'accountId', options.accountId, '--account-id', introduce),
    clientId: await resolveField(ctx, 'clientId', options.clientId, '--client-id', introduce),
    clientSecret: await resolveField(ctx, 'clientSecret', secretFromStdin, 'standard input', introduce),
  };

  // A new loginId at every login: tokens cached under an earlier one are never served.
  const loginId = process.getBuiltinModule('node:crypto').randomBytes(12).toString('base64url');
  let scopeCount: number | undefined;
  if (options.verify) {
    // The token minted to check the credentials is cached: the next `token` is instant.
    const subject = subjectFor(ctx, profile, credentials, loginId, { origin, domain: options.domain }, secrets);
    const token = await tokenFor(ctx, subject, { force: true }, ctx.io.progress('Checking the credentials with Zoom…'));
    scopeCount = token.scopes.length;
  } else {
    await tokenCache(secrets, ctx).delete(profile);
  }

  // Secret and settings change together under the profile's lock, in three
  // steps: the settings marked pending, the secret, the settings unmarked. A
  // login killed in between leaves a pending profile, which the next command
  // removes with its secret (see session.ts): never a secret without settings.
  let makeDefault = false;
  await withProfileLock(ctx, profile, async () => {
    makeDefault = settings.getDefaultProfile() === undefined && settings.listProfiles().length === 0;
    const entry = { accountId: credentials.accountId, clientId: credentials.clientId, loginId, domain: options.domain, storage };
    await settings.setProfile(profile, { ...entry, pending: true }, { makeDefault });
    try {
      await secrets.set(profile, credentials.clientSecret);
    } catch (error) {
      // Put the settings back as they were.
      await (previous ? settings.setProfile(profile, previous) : settings.deleteProfile(profile)).catch(() => undefined);
      throw error;
    }
    await settings.setProfile(profile, entry);
    // Moved between the keychain and the file: nothing stays behind in the other.
    const previousStorage = previous?.storage;
    if (previousStorage && previousStorage !== storage) {
      const old = await ctx.secrets(previousStorage);
      await old.delete(profile).catch(() => undefined);
      await tokenCache(old, ctx).delete(profile).catch(() => undefined);
    }
  });

  const next = profile === (settings.getDefaultProfile() ?? 'default') ? 'zoom-s2s token --copy' : `zoom-s2s token --copy --profile ${profile}`;
  return {
    profile,
    domain: options.domain,
    verified: scopeCount === undefined ? undefined : { by: endpointName(origin, options.domain), scopeCount },
    storage,
    storedIn: storage === 'file' ? secretFilePath(ctx.env) : secrets.description,
    settingsPath: settings.path,
    madeDefault: makeDefault,
    next,
  };
}

/** Says what a login did, on stderr. */
export async function reportLogin(ctx: Context, result: LoginResult): Promise<void> {
  const { profile, verified } = result;
  const style = await ctx.io.style();
  if (verified) await ctx.io.success(`Credentials verified with ${verified.by}: ${verified.scopeCount} ${verified.scopeCount === 1 ? 'scope' : 'scopes'} granted.`);
  else ctx.io.notice(`${style.yellow('!')} Not verified with Zoom (--no-verify).`);
  if (result.storage === 'file') {
    ctx.io.notice(`${style.yellow('!')} Client secret stored unencrypted in ${result.storedIn} (mode 0600): anyone who can read your files, or root, can read it.`);
  } else {
    await ctx.io.success(`Client secret stored in ${result.storedIn}: service "zoom-s2s", account "${profile}".`);
  }
  await ctx.io.success(`Account ID and client ID saved to ${result.settingsPath} (profile "${profile}"${result.domain === 'zoomgov.com' ? ', Zoom for Government' : ''}).`);
  if (result.madeDefault && profile !== 'default') await ctx.io.success(`"${profile}" is now the default profile.`);
  // Hints in the terminal's own colour: dim text is unreadable on some light and dark themes.
  ctx.io.notice(`Next: ${result.next}`);
}
