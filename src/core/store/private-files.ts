/**
 * zoom-s2s's folders and files are its own: a folder that another user owns
 * or could write into is refused (as ssh refuses a loose ~/.ssh), and files
 * are opened without following a symbolic link that someone planted there,
 * without waiting on a FIFO, and refused unless they are regular files with
 * one name.
 */
import { chmodSync, closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
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

/**
 * Opened without waiting: opening a FIFO for reading blocks until someone
 * writes to it, and for writing until someone reads; with O_NONBLOCK the
 * open returns at once (or fails, ENXIO), and checkOpened refuses it.
 */
const NO_WAIT = constants.O_NONBLOCK ?? 0;

/**
 * Refuses what is not one regular file: a FIFO, a device or a socket
 * (reading one may never end) and a file with more than one name (a hard
 * link: writing it changes the file it shares its content with).
 */
function checkOpened(fd: number): void {
  const stat = fstatSync(fd);
  const refuse = (reason: string) => Object.assign(new Error(`${reason}, and zoom-s2s reads and writes only regular files of its own`), { code: 'EPLANTED' });
  if (!stat.isFile()) throw refuse('it is not a regular file (a FIFO, a device or a socket)');
  if (stat.nlink > 1) throw refuse(`it has ${stat.nlink} names (a hard link)`);
}

/** The text of `file`, or undefined when there is none; a symbolic link (ELOOP), a FIFO, a device, a socket or a hard link in its place is an error, at once. */
export function readNoFollow(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | NO_FOLLOW | NO_WAIT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw openExplained(error);
  }
  try {
    checkOpened(fd);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Writes `content` to `file` (created 0600, or emptied once it is known to be a file of its own), never through a symbolic link, into a FIFO or a device, or into a hard link. */
export function writeNoFollow(file: string, content: string): void {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | NO_FOLLOW | NO_WAIT, 0o600);
  } catch (error) {
    throw openExplained(error);
  }
  try {
    checkOpened(fd);
    ftruncateSync(fd, 0);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

/**
 * What an open refused, in words about the file: ELOOP (O_NOFOLLOW's "too
 * many symbolic links") is one link where a file should be; ENXIO and
 * EOPNOTSUPP are a socket, or a FIFO that no one reads.
 */
function openExplained(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return Object.assign(new Error('it is a symbolic link, and zoom-s2s reads and writes its own files only directly (ELOOP)'), { code });
  if (code === 'ENXIO' || code === 'EOPNOTSUPP') return Object.assign(new Error(`it is not a regular file (a FIFO, a device or a socket), and zoom-s2s reads and writes only regular files of its own (${code})`), { code });
  return error;
}

/** Whether `file` is a symbolic link (false when there is nothing there). */
export function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
