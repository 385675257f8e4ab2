import { mkdirSync, chmodSync, statSync } from 'node:fs';
import envPaths from 'env-paths';

/**
 * The folder for settings: ZOOM_S2S_CONFIG_DIR when set, else the platform's
 * config folder (~/.config/zoom-s2s on Linux, honouring XDG_CONFIG_HOME).
 */
export function configDir(env: Record<string, string | undefined>): string {
  return env.ZOOM_S2S_CONFIG_DIR || envPaths('zoom-s2s', { suffix: '' }).config;
}

/**
 * Creates `dir` as 0700 when missing. A folder of our own name that exists with
 * looser permissions is tightened; a folder the user chose is left as it is.
 */
export function ensurePrivateDir(dir: string, ownFolder: boolean): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ownFolder && process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) {
    chmodSync(dir, 0o700);
  }
}
