/**
 * The opt-in alternative to the keychain (`login --insecure-storage`), for
 * machines without one: secrets and cached tokens in a JSON file, mode 0600
 * in the 0700 config folder, replaced atomically (write a temporary file,
 * fsync, rename) so a crash never leaves half a file.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.js';
import { readJsonObject } from './json-file.js';
import type { SecretStore } from './keychain.js';
import { configDir, ensurePrivateDir } from './paths.js';

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

  const read = () => readJsonObject(file, broken) as Record<string, string>;

  const write = (items: Record<string, string>) => {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      ensurePrivateDir(path.dirname(file), !env.ZOOM_S2S_CONFIG_DIR);
      const fd = openSync(temporary, 'w', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(items, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, file);
    } catch (error) {
      try {
        unlinkSync(temporary);
      } catch {
        // Never created.
      }
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
