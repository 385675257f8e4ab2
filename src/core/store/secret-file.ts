/**
 * The opt-in alternative to the keychain (`login --insecure-storage`), for
 * machines without one: secrets and cached tokens in a JSON file, mode 0600
 * in the 0700 config folder, replaced atomically (write a temporary file,
 * fsync, rename) so a crash never leaves half a file.
 */
import path from 'node:path';
import { writeFileAtomicSync } from './atomic-file.js';
import { ConfigError } from '../errors.js';
import { readJsonObject } from './json-file.js';
import type { SecretStore } from './keychain.js';
import { configDir, ensurePrivateDir } from './paths.js';
import { checkPrivateDir } from './private-files.js';

export const SECRET_FILE_NAME = 'credentials.json';

export function secretFilePath(env: Record<string, string | undefined>): string {
  return path.join(configDir(env), SECRET_FILE_NAME);
}

export function openSecretFile(env: Record<string, string | undefined>): SecretStore {
  const file = secretFilePath(env);
  const broken = (error: unknown) =>
    new ConfigError(`The credentials file ${file} cannot be used: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Repair it by hand, or move it aside and run: zoom-s2s login --insecure-storage',
      cause: error,
    });

  const ownFolder = !env.ZOOM_S2S_CONFIG_DIR;
  const read = () => {
    checkPrivateDir(path.dirname(file), ownFolder);
    return readJsonObject(file, broken) as Record<string, string>;
  };

  const write = (items: Record<string, string>) => {
    try {
      ensurePrivateDir(path.dirname(file), ownFolder);
      writeFileAtomicSync(file, `${JSON.stringify(items, null, 2)}\n`, 0o600);
    } catch (error) {
      throw broken(error);
    }
  };

  return {
    description: `the credentials file ${file} (not encrypted)`,
    async get(account) {
      const items = read();
      return Object.hasOwn(items, account) && typeof items[account] === 'string' ? items[account] : undefined;
    },
    async set(account, secret) {
      write({ ...read(), [account]: secret });
    },
    async delete(account) {
      const items = read();
      if (!Object.hasOwn(items, account)) return false;
      const { [account]: _removed, ...rest } = items;
      write(rest);
      return true;
    },
  };
}
