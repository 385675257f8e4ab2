/**
 * zoom-s2s's folders and files are its own: a folder that another user owns
 * or could write into is refused (as ssh refuses a loose ~/.ssh), and files
 * are opened without following a symbolic link that someone planted there.
 */
import { chmodSync, closeSync, constants, lstatSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { ConfigError } from '../errors.js';

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Checks that `dir` (when it exists) belongs to this user and that nobody
 * else can write into it. A folder of our own name that is merely too open
 * is tightened to 0700; a folder the user chose (ZOOM_S2S_CONFIG_DIR) is
 * left to them, with the command that fixes it.
 */
export function checkPrivateDir(dir: string, ownFolder: boolean): void {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    return; // Not there yet: made 0700 when first written.
  }
  if (stat.uid !== process.getuid()) {
    throw new ConfigError(`The folder ${dir} belongs to another user (uid ${stat.uid}): zoom-s2s keeps its files only in a folder of your own.`, {
      hint: 'Remove it (or have its owner remove it), or set ZOOM_S2S_CONFIG_DIR to a folder of yours.',
    });
  }
  if ((stat.mode & 0o022) !== 0) {
    if (!ownFolder) {
      throw new ConfigError(`The folder ${dir} can be written by others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}): a file could be planted in it.`, {
        hint: `Run: chmod go-w ${dir}`,
      });
    }
    chmodSync(dir, 0o700);
  } else if (ownFolder && (stat.mode & 0o077) !== 0) {
    chmodSync(dir, 0o700);
  }
}

/** The text of `file`, or undefined when there is none; a symbolic link in its place is an error (ELOOP). */
export function readNoFollow(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw linkExplained(error);
  }
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Writes `content` to `file` (created 0600, or emptied), never through a symbolic link. */
export function writeNoFollow(file: string, content: string): void {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW, 0o600);
  } catch (error) {
    throw linkExplained(error);
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

/** ELOOP from O_NOFOLLOW says "too many symbolic links"; the reason here is one link where a file should be. */
function linkExplained(error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'ELOOP') return error;
  return Object.assign(new Error('it is a symbolic link, and zoom-s2s reads and writes its own files only directly (ELOOP)'), { code: 'ELOOP' });
}

/** Whether `file` is a symbolic link (false when there is nothing there). */
export function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
