/**
 * Non-secret settings in a JSON file managed by conf: atomic writes, mode
 * 0600, in a 0700 folder. The client secret is never stored here.
 *
 *   { "defaultProfile": "prod",
 *     "profiles": { "prod": { "accountId", "clientId", "loginId", "domain", "storage" } } }
 *
 * Reads do not go through conf: importing it costs about 70 ms (it loads
 * ajv), more than the rest of a cached `token` call. They parse the same
 * file directly, which is all conf does to read it; conf is imported only
 * to write. test/unit/settings.test.ts proves both see the same values.
 */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { escapeControls } from '../text.js';
import { DEFAULT_DOMAIN, zoomDomain, type ZoomDomain } from '../zoom.js';
import { readJsonObject } from './json-file.js';
import { cacheDir, configDir, ensurePrivateDir } from './paths.js';
import { checkPrivateDir, isSymbolicLink } from './private-files.js';

export type SecretStorage = 'keychain' | 'file';

/** Where a profile keeps its secret when it says nothing else (and where environment credentials cache tokens). */
export const DEFAULT_STORAGE: SecretStorage = 'keychain';

/** A profile as stored (setProfile): what is left out takes its default (cleanProfile). */
export interface ProfileInput {
  accountId: string;
  clientId: string;
  /** Random, new at each login: ties cached tokens to the secret stored by that login. */
  loginId?: string;
  /** Absent means zoom.us. */
  domain?: ZoomDomain;
  /** Where the secret and cached tokens are; absent means the keychain. */
  storage?: SecretStorage;
  /** Set while a login stores the secret: found on a later run, the login was interrupted. */
  pending?: boolean;
}

/** A profile as read: its defaults filled in. */
export interface ProfileSettings extends ProfileInput {
  domain: ZoomDomain;
  storage: SecretStorage;
}

export interface SettingsStore {
  /** The settings file, for messages. */
  readonly path: string;
  getProfile(name: string): ProfileSettings | undefined;
  /** All profiles, by name, sorted. */
  listProfiles(): Array<[string, ProfileSettings]>;
  /** The profile `profiles use` chose, if any. */
  getDefaultProfile(): string | undefined;
  setProfile(name: string, settings: ProfileInput, options?: { makeDefault?: boolean }): Promise<void>;
  setDefaultProfile(name: string): Promise<void>;
  /** Resolves false when there was no such profile. A default pointing at it is cleared. */
  deleteProfile(name: string): Promise<boolean>;
}

interface SettingsFile {
  defaultProfile?: string;
  profiles?: Record<string, ProfileInput>;
}

export const SETTINGS_FILE_NAME = 'config.json';

/**
 * Names end up in keychain items ("<name>:token") and file names (locks),
 * hence the narrow alphabet: letters, digits, "-", "_", "." (not only dots),
 * 1-64. The same rule for a name typed on the command line and one read
 * back from the file: a planted "../../x" steers no path.
 */
export function isProfileName(name: string): boolean {
  return /^[A-Za-z0-9._-]{1,64}$/.test(name) && !/^\.+$/.test(name);
}

/** A profile as written to the file: the fields we know, a default left out (a file written before a field existed reads the same). */
function fileForm(entry: ProfileInput): ProfileInput {
  const { domain, storage, ...rest } = cleanProfile(entry);
  return { ...rest, ...(domain !== DEFAULT_DOMAIN ? { domain } : {}), ...(storage !== DEFAULT_STORAGE ? { storage } : {}) };
}

/**
 * A profile with only the fields we know (so nothing else is carried into
 * the file) and its defaults filled in: zoom.us, the keychain. The one place
 * they are filled in, for what is read and what is stored.
 */
export function cleanProfile(entry: ProfileInput): ProfileSettings {
  const { accountId, clientId, loginId, domain, storage, pending } = entry;
  return {
    accountId,
    clientId,
    ...(typeof loginId === 'string' ? { loginId } : {}),
    domain: zoomDomain(domain) ?? DEFAULT_DOMAIN,
    storage: storage === 'file' ? 'file' : DEFAULT_STORAGE,
    ...(pending === true ? { pending } : {}),
  };
}

export async function openSettings(env: Record<string, string | undefined>): Promise<SettingsStore> {
  const dir = configDir(env);
  const file = path.join(dir, SETTINGS_FILE_NAME);
  const broken = (error: unknown) =>
    new ConfigError(`The settings file ${file} cannot be used: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Repair it by hand, or move it aside and run: zoom-s2s login',
      cause: error,
    });

  const ownFolder = !env.ZOOM_S2S_CONFIG_DIR;
  /** The whole file, as conf would read it: missing means empty. */
  const readFile = (): SettingsFile => {
    checkPrivateDir(dir, ownFolder);
    const settings = readJsonObject(file, broken) as SettingsFile;
    const profiles: unknown = settings.profiles;
    if (profiles !== undefined && (profiles === null || typeof profiles !== 'object' || Array.isArray(profiles))) {
      throw broken(new Error('"profiles" is not an object'));
    }
    for (const [name, entry] of Object.entries(settings.profiles ?? {})) {
      if (!isProfileName(name)) throw broken(new Error(`"${escapeControls(name.slice(0, 70))}" is not a valid profile name`));
      if (typeof entry?.accountId !== 'string' || typeof entry.clientId !== 'string') {
        throw broken(new Error(`profile "${name}" lacks accountId or clientId`));
      }
    }
    const chosen: unknown = settings.defaultProfile;
    if (chosen !== undefined && (typeof chosen !== 'string' || (chosen !== '' && !isProfileName(chosen)))) {
      throw broken(new Error('"defaultProfile" is not a valid profile name'));
    }
    return settings;
  };

  let writer: { set(key: string, value: unknown): void; delete(key: string): void } | undefined;
  /**
   * Applies `change` to the current file and writes it through conf, holding
   * the settings lock: two processes changing different profiles at once must
   * not write over each other's change.
   */
  const update = async (change: (current: SettingsFile) => SettingsFile) => {
    // Loaded to write only: reading the settings (a cached token) takes no lock.
    const { DEFAULT_LOCK_OPTIONS, withLock } = await import('./lock.js');
    await withLock(cacheDir(env), 'settings', { ...DEFAULT_LOCK_OPTIONS, debug: () => undefined }, async () => {
      await writeThroughConf(change(readFile()));
    });
  };
  const writeThroughConf = async (next: SettingsFile) => {
    try {
      if (!writer) {
        const { default: Conf } = await import('conf');
        ensurePrivateDir(dir, ownFolder);
        writer = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'config', configFileMode: 0o600, accessPropertiesByDotNotation: false });
      }
      // conf replaces the file by a rename (a link in its place would be replaced, not followed); refused all the same, as on reading.
      if (isSymbolicLink(file)) throw Object.assign(new Error('it is a symbolic link, and zoom-s2s reads and writes its own files only directly'), { code: 'ELOOP' });
      writer.set('profiles', next.profiles ?? {});
      if (next.defaultProfile) writer.set('defaultProfile', next.defaultProfile);
      else writer.delete('defaultProfile');
    } catch (error) {
      throw broken(error);
    }
  };

  return {
    path: file,
    getProfile(name) {
      const profiles = readFile().profiles ?? {};
      return Object.hasOwn(profiles, name) ? cleanProfile(profiles[name]!) : undefined;
    },
    listProfiles() {
      return Object.entries(readFile().profiles ?? {})
        .map(([name, entry]): [string, ProfileSettings] => [name, cleanProfile(entry)])
        .sort(([a], [b]) => a.localeCompare(b, 'en'));
    },
    getDefaultProfile() {
      const value = readFile().defaultProfile;
      return typeof value === 'string' && value ? value : undefined;
    },
    async setProfile(name, settings, options = {}) {
      await update((current) => ({
        profiles: { ...current.profiles, [name]: fileForm(settings) },
        defaultProfile: options.makeDefault ? name : current.defaultProfile,
      }));
    },
    async setDefaultProfile(name) {
      await update((current) => ({ ...current, defaultProfile: name }));
    },
    async deleteProfile(name) {
      if (!Object.hasOwn(readFile().profiles ?? {}, name)) return false;
      let removed = false;
      await update(({ profiles = {}, defaultProfile }) => {
        removed = Object.hasOwn(profiles, name);
        const { [name]: _removed, ...rest } = profiles;
        return { profiles: rest, defaultProfile: defaultProfile === name ? undefined : defaultProfile };
      });
      return removed;
    },
  };
}
