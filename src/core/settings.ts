/**
 * Non-secret settings (account ID, client ID per profile) in a JSON file
 * managed by conf: atomic writes, mode 0600, in a 0700 folder. The client
 * secret is never stored here.
 *
 * Reads do not go through conf: importing it costs about 70 ms (it loads
 * ajv), more than the rest of a cached `token` call. They parse the same
 * file directly, which is all conf does to read it; conf is imported only
 * to write. test/unit/settings.test.ts proves both see the same values.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.js';
import { configDir, ensurePrivateDir } from './paths.js';

export interface ProfileSettings {
  accountId: string;
  clientId: string;
  /** Random, new at each login: ties cached tokens to the secret stored by that login. */
  loginId?: string;
}

export interface SettingsStore {
  /** The settings file, for messages. */
  readonly path: string;
  getProfile(name: string): ProfileSettings | undefined;
  setProfile(name: string, settings: ProfileSettings): Promise<void>;
  /** Resolves false when there was no such profile. */
  deleteProfile(name: string): Promise<boolean>;
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

  /** The whole file, as conf would read it: missing means empty. */
  const readFile = (): SettingsFile => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw broken(error);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw broken(error);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw broken(new Error('not a JSON object'));
    return value as SettingsFile;
  };

  const profiles = (): Record<string, ProfileSettings> => {
    const value: unknown = readFile().profiles;
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw broken(new Error('"profiles" is not an object'));
    return value as Record<string, ProfileSettings>;
  };

  let writer: { set(key: 'profiles', value: Record<string, ProfileSettings>): void } | undefined;
  const write = async (next: Record<string, ProfileSettings>) => {
    try {
      if (!writer) {
        const { default: Conf } = await import('conf');
        ensurePrivateDir(dir, !env.ZOOM_S2S_CONFIG_DIR);
        writer = new Conf<SettingsFile>({ cwd: dir, configName: 'config', configFileMode: 0o600, accessPropertiesByDotNotation: false });
      }
      writer.set('profiles', next);
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
      return { accountId: entry.accountId, clientId: entry.clientId, ...(typeof entry.loginId === 'string' ? { loginId: entry.loginId } : {}) };
    },
    async setProfile(name, settings) {
      const { accountId, clientId, loginId } = settings;
      await write({ ...profiles(), [name]: { accountId, clientId, ...(loginId ? { loginId } : {}) } });
    },
    async deleteProfile(name) {
      const all = profiles();
      if (!(name in all)) return false;
      const { [name]: _removed, ...rest } = all;
      await write(rest);
      return true;
    },
  };
}
