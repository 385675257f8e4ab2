/**
 * Non-secret settings (account ID, client ID per profile) in a JSON file
 * managed by conf: atomic writes, mode 0600, in a 0700 folder. The client
 * secret is never stored here.
 */
import path from 'node:path';
import { ConfigError } from './errors.js';
import { configDir, ensurePrivateDir } from './paths.js';

export interface ProfileSettings {
  accountId: string;
  clientId: string;
}

export interface SettingsStore {
  /** The settings file, for messages. */
  readonly path: string;
  getProfile(name: string): ProfileSettings | undefined;
  setProfile(name: string, settings: ProfileSettings): void;
  /** Returns false when there was no such profile. */
  deleteProfile(name: string): boolean;
}

interface SettingsFile {
  profiles?: Record<string, ProfileSettings>;
}

export const SETTINGS_FILE_NAME = 'config.json';

export async function openSettings(env: Record<string, string | undefined>): Promise<SettingsStore> {
  const dir = configDir(env);
  const file = path.join(dir, SETTINGS_FILE_NAME);
  const broken = (error: unknown) =>
    new ConfigError(`The settings file ${file} cannot be used: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Repair it by hand, or move it aside and run: zoom-s2s login',
      cause: error,
    });

  // Import inside the function: commands that never read settings do not pay for conf.
  const { default: Conf } = await import('conf');
  let conf: InstanceType<typeof Conf<SettingsFile>>;
  try {
    ensurePrivateDir(dir, !env.ZOOM_S2S_CONFIG_DIR);
    conf = new Conf<SettingsFile>({
      cwd: dir,
      configName: 'config',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
    });
  } catch (error) {
    throw broken(error);
  }

  const profiles = (): Record<string, ProfileSettings> => {
    let value: unknown;
    try {
      value = conf.get('profiles');
    } catch (error) {
      throw broken(error);
    }
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw broken(new Error('"profiles" is not an object'));
    }
    return value as Record<string, ProfileSettings>;
  };
  const write = (next: Record<string, ProfileSettings>) => {
    try {
      conf.set('profiles', next);
    } catch (error) {
      throw broken(error);
    }
  };

  return {
    path: file,
    getProfile(name) {
      const entry = profiles()[name];
      if (entry === undefined) return undefined;
      if (typeof entry?.accountId !== 'string' || typeof entry.clientId !== 'string') {
        throw broken(new Error(`profile "${name}" lacks accountId or clientId`));
      }
      return { accountId: entry.accountId, clientId: entry.clientId };
    },
    setProfile(name, settings) {
      write({ ...profiles(), [name]: { accountId: settings.accountId, clientId: settings.clientId } });
    },
    deleteProfile(name) {
      const all = profiles();
      if (!(name in all)) return false;
      const { [name]: _removed, ...rest } = all;
      write(rest);
      return true;
    },
  };
}
