/**
 * The hot path: `zoom-s2s token` answered from the cache without the CLI
 * (commander, the context, the commands), because it runs in loops and in
 * every `$(zoom-s2s token)`. It takes the plain cases only: a stored profile
 * (-p/--profile, ZOOM_S2S_PROFILE or the default), a fresh cached token,
 * --format, --json and --min-ttl. For anything else it answers "not here"
 * before printing a byte, and the full program runs as if it had not been
 * tried; what it read from the keychain is handed over, so a miss or a
 * keychain failure costs no second read. Every message, error and mint is
 * the full program's.
 *
 * The same rules as the full path, from the same functions: chooseProfile,
 * credentialFingerprint, usableCachedToken, formatToken.
 */
import { resolveOAuthOrigin } from './core/auth/endpoint.js';
import { chooseProfile } from './core/auth/profiles.js';
import { ENVIRONMENT_VARIABLES } from './core/auth/credentials.js';
import { secondsLeft } from './core/auth/token.js';
import { credentialFingerprint, maxItemChars, parseMinTtl, TokenCache } from './core/auth/token-cache.js';
import { formatToken, TOKEN_FORMATS, type TokenFormat } from './core/auth/token-format.js';
import { usableCachedToken } from './core/auth/token-source.js';
import { apiBase } from './core/api/url.js';
import { debugFromEnv } from './core/debug-switch.js';
import type { SecretStore } from './core/store/keychain.js';
import { openSettings, type SecretStorage } from './core/store/settings.js';
import { recordingFirstRead, type StoreRead } from './core/store/store-read.js';
import { describeRemaining, formatUtc } from './terminal/output.js';

/** What `token` was asked for, in the plain cases the hot path (or else the token program) answers. */
export interface HotTokenArgs {
  profile: string | undefined;
  format: TokenFormat;
  minTtlMs: number;
  force: boolean;
}

/**
 * `argv` (after the program name) as the hot path understands it, or
 * undefined for anything it leaves to the full program: another command, any
 * other flag, a value that looks like a flag, --json with --format (a usage
 * error there). The profile flag may come before `token`, as a global option.
 */
export function hotTokenArgs(argv: readonly string[]): HotTokenArgs | undefined {
  let command = false;
  let profile: string | undefined;
  let format: string | undefined;
  let json = false;
  let minTtl = '5m';
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === 'token' && !command) {
      command = true;
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (equals < 0 && command && (name === '--json' || name === '--force' || name === '-f')) {
      if (name === '--json') json = true;
      else force = true;
      continue;
    }
    const known = name === '-p' || name === '--profile' || (command && (name === '--format' || name === '--min-ttl'));
    const value = equals > 0 ? arg.slice(equals + 1) : argv[++i];
    if (!known || value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (name === '--format') format = value;
    else if (name === '--min-ttl') minTtl = value;
    else profile = value;
  }
  if (!command || (json && format !== undefined)) return undefined;
  const chosen = json ? 'json' : (format ?? 'raw');
  if (!(TOKEN_FORMATS as readonly string[]).includes(chosen)) return undefined;
  let minTtlMs: number;
  try {
    minTtlMs = parseMinTtl(minTtl);
  } catch {
    return undefined;
  }
  return { profile, format: chosen as TokenFormat, minTtlMs, force };
}

/** What the hot path hands on when it did not answer. */
export interface Handover {
  /** The arguments, when they are the plain `token` ones: the token program can answer them. */
  token?: HotTokenArgs;
  /** The cached-token read it made, if any. */
  cacheRead?: StoreRead;
}

export interface HotPathIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  now(): number;
  secrets(storage: SecretStorage): Promise<SecretStore>;
  /** Writes the answer on stdout; false when it could not (the full program then answers instead). */
  writeStdout(text: string): boolean;
  /** Whether stderr may be a terminal, where the full program would say when the token expires. */
  stderrMayBeTerminal(): boolean;
  writeStderr(text: string): void;
}

/** Answers a cached `token` and resolves undefined, or resolves what the full program needs to answer it instead. */
export async function answerFromCache(io: HotPathIo): Promise<Handover | undefined> {
  const args = hotTokenArgs(io.argv);
  const handover: Handover = args ? { token: args } : {};
  if (!args || args.force || debugFromEnv(io.env)) return handover;
  try {
    const settings = await openSettings(io.env);
    const choice = chooseProfile(args.profile, io.env, settings);
    // Without an explicit profile, credentials in the environment (or some of them: an error) come first.
    if (!choice.explicit && Object.values(ENVIRONMENT_VARIABLES).some((name) => io.env[name])) return handover;
    const stored = settings.getProfile(choice.name);
    // Unknown, interrupted (repaired by the full program) or stored before logins had an ID.
    if (!stored || stored.pending || !stored.loginId) return handover;
    const { accountId, clientId, loginId } = stored;
    const domain = stored.domain ?? 'zoom.us';
    const fingerprint = credentialFingerprint({ origin: resolveOAuthOrigin(io.env, stored.domain), accountId, clientId, loginId });
    const storage = stored.storage ?? 'keychain';
    const store = recordingFirstRead(await io.secrets(storage), storage, (read) => (handover.cacheRead = read));
    const cache = new TokenCache(store, maxItemChars(io.platform));
    const now = io.now();
    const token = await usableCachedToken(cache, { profile: choice.name, fingerprint, minTtlMs: args.minTtlMs }, now, () => undefined);
    if (!token) return handover;
    const text = formatToken(token, args.format, args.format === 'env' ? apiBase(io.env, token.apiUrl, domain) : '', now);
    if (!io.writeStdout(text)) return handover;
    if (io.stderrMayBeTerminal()) io.writeStderr(`Token expires ${describeRemaining(secondsLeft(token, now))}, at ${formatUtc(token.expiresAt, now)}.\n`);
    return undefined;
  } catch {
    // Whatever went wrong, the full program meets it again and explains it.
    return handover;
  }
}
