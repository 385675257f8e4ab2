/**
 * Checking credential values, and reading them back: from a profile (the
 * settings file holds the IDs, the keychain or credentials file the secret)
 * or from the environment.
 */
import { ConfigError, NotLoggedInError, UsageError } from '../errors.js';
import type { SecretStore } from '../store/keychain.js';
import type { SettingsStore } from '../store/settings.js';
import type { ClientCredentials } from './token.js';

export const MAX_CREDENTIAL_LENGTH = 1024;

export type CredentialField = 'accountId' | 'clientId' | 'clientSecret';

export const FIELD_LABELS: Record<CredentialField, string> = {
  accountId: 'account ID',
  clientId: 'client ID',
  clientSecret: 'client secret',
};

/**
 * Why `value` (already trimmed) cannot be a credential, or undefined when it can.
 * Never quotes the value: it may be a secret.
 */
export function credentialProblem(field: CredentialField, value: string): string | undefined {
  const label = FIELD_LABELS[field];
  if (value === '') return `The ${label} is empty.`;
  if (value.length > MAX_CREDENTIAL_LENGTH) return `The ${label} is ${value.length} characters long; Zoom's are far shorter (at most ${MAX_CREDENTIAL_LENGTH} accepted).`;
  if (/[\u0000-\u001f\u007f]/.test(value)) return `The ${label} contains control characters (a stray newline or tab from a paste?).`;
  if (/\s/.test(value)) return `The ${label} contains spaces; copy it again from the app's "App Credentials" page.`;
  if (/[^\x21-\x7e]/.test(value)) return `The ${label} contains characters other than printable ASCII.`;
  if (value.startsWith('-')) return `The ${label} starts with "-": a misplaced option? Zoom's never do.`;
  if (field === 'clientId' && value.includes(':')) return 'The client ID contains ":", which would break the Basic authorization header; Zoom client IDs never do.';
  return undefined;
}

/** Trims and checks a value, throwing a usage error that names where it came from. */
export function checkCredential(field: CredentialField, raw: string, source: string): string {
  const value = raw.trim();
  const problem = credentialProblem(field, value);
  if (problem) throw new UsageError(`${problem} (from ${source})`);
  return value;
}

/** The stored credentials of `profile`, or NotLoggedInError when either half is missing. */
export async function loadStoredCredentials(profile: string, settings: SettingsStore, secrets: SecretStore): Promise<ClientCredentials> {
  const stored = settings.getProfile(profile);
  if (!stored) throw new NotLoggedInError(profile);
  const clientSecret = await secrets.get(profile);
  if (clientSecret === undefined) {
    throw new NotLoggedInError(profile, `The client secret of profile "${profile}" is missing from ${secrets.description}.`);
  }
  for (const field of ['accountId', 'clientId'] as const) {
    if (credentialProblem(field, stored[field])) {
      throw new ConfigError(`The stored ${FIELD_LABELS[field]} of profile "${profile}" in ${settings.path} is not valid.`, {
        hint: `Run: zoom-s2s login --profile ${profile}`,
      });
    }
  }
  return { accountId: stored.accountId, clientId: stored.clientId, clientSecret };
}

/** The environment variables that carry credentials, as Zoom's example script names them. */
export const ENVIRONMENT_VARIABLES: Record<CredentialField, string> = {
  accountId: 'ZOOM_ACCOUNT_ID',
  clientId: 'ZOOM_CLIENT_ID',
  clientSecret: 'ZOOM_CLIENT_SECRET',
};

/** `env` for a process zoom-s2s starts: the same, without the client secret (and without unset names). */
export function withoutSecret(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && name !== ENVIRONMENT_VARIABLES.clientSecret) out[name] = value;
  return out;
}

/**
 * Credentials from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET:
 * undefined when none is set, a usage error naming the missing ones when
 * only some are (never a mix of sources).
 */
export function environmentCredentials(env: Record<string, string | undefined>): ClientCredentials | undefined {
  const fields = Object.keys(ENVIRONMENT_VARIABLES) as CredentialField[];
  const missing = fields.filter((field) => !env[ENVIRONMENT_VARIABLES[field]]);
  if (missing.length === fields.length) return undefined;
  if (missing.length > 0) {
    throw new UsageError(
      `Credentials in the environment are incomplete: ${missing.map((field) => ENVIRONMENT_VARIABLES[field]).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
      'Set all three of ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET, or none (and use a stored profile).',
    );
  }
  return {
    accountId: checkCredential('accountId', env.ZOOM_ACCOUNT_ID!, 'ZOOM_ACCOUNT_ID'),
    clientId: checkCredential('clientId', env.ZOOM_CLIENT_ID!, 'ZOOM_CLIENT_ID'),
    clientSecret: checkCredential('clientSecret', env.ZOOM_CLIENT_SECRET!, 'ZOOM_CLIENT_SECRET'),
  };
}
