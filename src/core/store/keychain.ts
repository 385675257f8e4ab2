/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service
 * on Linux) behind a three-method interface, so commands can be tested with an
 * in-memory store and never touch the real one.
 */
import { KeychainError } from '../errors.js';
import { nodeRequire } from '../node-require.js';

/** Every keychain item of this tool has this service name; the account is the profile name. */
export const KEYCHAIN_SERVICE = 'zoom-s2s';

export interface SecretStore {
  /** Where secrets go, for messages: "the system keychain (Secret Service)". */
  readonly description: string;
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves false when there was nothing to delete. */
  delete(account: string): Promise<boolean>;
}

/** A stuck keychain daemon must not hang the CLI. */
export const KEYCHAIN_TIMEOUT_MS = 5_000;

export function keychainDescription(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'the Windows Credential Manager';
  return 'the system keychain (Secret Service)';
}

function unavailableHint(platform: NodeJS.Platform): string {
  const first =
    platform === 'linux'
      ? 'start and unlock a Secret Service keyring (GNOME Keyring, KWallet; see "Without a keychain" in the README)'
      : 'unlock the keychain and allow this program to use it';
  return `Either ${first}, or set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET instead of logging in, or run: zoom-s2s login --insecure-storage`;
}

/**
 * @napi-rs/keyring. require, not import(): the package is CommonJS, and
 * importing it from ESM has Node scan its source for exports first (about
 * 15 ms of a cached call). On Linux with glibc, the binary's own package is
 * required directly: the package's loader works the platform out first
 * (reading /usr/bin/ldd for musl, trying a file that is not there), about
 * 2 ms of a cached `token`. Anywhere else, or if that package is not there
 * or does not load (musl), the loader decides.
 */
function loadKeyring(platform: NodeJS.Platform): typeof import('@napi-rs/keyring') {
  if (platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')) {
    try {
      return nodeRequire(`@napi-rs/keyring-linux-${process.arch}-gnu`) as typeof import('@napi-rs/keyring');
    } catch {
      // the loader below says what is missing
    }
  }
  return nodeRequire('@napi-rs/keyring') as typeof import('@napi-rs/keyring');
}

/** The real keychain, through @napi-rs/keyring (loaded only when a command needs it). */
export async function openSystemKeychain(platform: NodeJS.Platform = process.platform): Promise<SecretStore> {
  const { AsyncEntry } = loadKeyring(platform);
  const description = keychainDescription(platform);

  const fail = (action: string, error: unknown): KeychainError =>
    new KeychainError(`Could not ${action} ${description}: ${reason(error)}`, {
      hint: unavailableHint(platform),
      cause: error,
    });

  /** Runs one keychain call with a deadline; the signal lets the native side give up too. */
  /**
   * One keychain call, tried a second time when D-Bus reports no reply: a
   * busy daemon (a hundred processes asking at once) drops some replies.
   * A frozen one fails both tries, about 4 s in all.
   */
  async function bounded<T>(action: string, call: (entry: InstanceType<typeof AsyncEntry>, signal: AbortSignal) => Promise<T>, account: string): Promise<T> {
    try {
      return await boundedOnce(action, call, account);
    } catch (error) {
      if (!(error instanceof KeychainError) || !/did not receive a reply/i.test(error.message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 400)));
      return boundedOnce(action, call, account);
    }
  }

  async function boundedOnce<T>(action: string, call: (entry: InstanceType<typeof AsyncEntry>, signal: AbortSignal) => Promise<T>, account: string): Promise<T> {
    let entry: InstanceType<typeof AsyncEntry>;
    try {
      // Pinned to the Secret Service: without it a missing service silently
      // falls back to the kernel keyring, which forgets everything at reboot.
      entry = new AsyncEntry(KEYCHAIN_SERVICE, account, { linux: { store: 'secret-service' } });
    } catch (error) {
      throw fail(action, error);
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new KeychainError(`${capitalize(description)} did not answer within ${KEYCHAIN_TIMEOUT_MS / 1000} s (${action}).`, {
            hint: 'The keychain daemon may be frozen or waiting for an unlock prompt; unlock or restart it and try again.',
          }),
        );
      }, KEYCHAIN_TIMEOUT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([call(entry, controller.signal), timeout]);
    } catch (error) {
      throw error instanceof KeychainError ? error : fail(action, error);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    description,
    async get(account) {
      const value = await bounded('read from', (entry, signal) => entry.getPassword(signal), account);
      return value ?? undefined;
    },
    async set(account, secret) {
      await bounded('write to', (entry, signal) => entry.setPassword(secret, signal), account);
    },
    async delete(account) {
      return bounded('delete from', (entry, signal) => entry.deleteCredential(signal), account);
    },
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What went wrong in a few words. For the two failures people meet (no
 * keyring in an SSH session, a locked one) D-Bus's own words are left to the
 * error's cause, which --debug prints; anything else is the library's message
 * on one line.
 */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const text = message.replace(/^Platform failure:\s*/i, '').replace(/\s+/g, ' ').trim();
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch|org\.freedesktop\.secrets|ServiceUnknown|was not provided by any/i.test(text)) {
    return 'no Secret Service is running';
  }
  if (/prompt was dismissed|is locked/i.test(text)) return 'the keyring is locked and no unlock prompt could be shown';
  return text;
}
