import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { checkPrivateDir } from './private-files.js';

type Env = Record<string, string | undefined>;

/** HOME, else the account's home folder (node:os is loaded only then: a cached `token` does without it). */
function homeDir(env: Env): string {
  return env.HOME || process.getBuiltinModule('node:os').homedir();
}

/**
 * The folder for settings: ZOOM_S2S_CONFIG_DIR when set, else the platform's
 * config folder, the same one conf would pick (~/.config/zoom-s2s on Linux,
 * honouring XDG_CONFIG_HOME). Read from `env`, not process.env, so tests and
 * callers can point it elsewhere.
 */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.ZOOM_S2S_CONFIG_DIR) return env.ZOOM_S2S_CONFIG_DIR;
  const home = homeDir(env);
  if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', 'zoom-s2s');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'zoom-s2s', 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'zoom-s2s');
}

/**
 * The folder for the token lock: the platform's cache folder
 * (~/.cache/zoom-s2s on Linux, honouring XDG_CACHE_HOME).
 */
export function cacheDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  const home = homeDir(env);
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'zoom-s2s');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'zoom-s2s', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'zoom-s2s');
}

/**
 * Creates `dir` as 0700 when missing, then checks it is ours alone
 * (checkPrivateDir: a folder of our own name that is too open is
 * tightened; another user's, or a chosen folder others can write, refused).
 */
export function ensurePrivateDir(dir: string, ownFolder: boolean): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkPrivateDir(dir, ownFolder);
}
