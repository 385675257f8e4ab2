/**
 * Locks shared by every zoom-s2s process of the user: one mint at a time per
 * profile (callers arriving together on an empty cache share it), and one
 * writer at a time for the stored state. proper-lockfile does the hard parts:
 * an atomic mkdir as the lock, an mtime heartbeat while it is held, and
 * taking over a lock whose holder died once the heartbeat is older than
 * `staleMs`.
 */
import { rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from './paths.js';
import { readNoFollow, writeNoFollow } from './private-files.js';

export interface LockOptions {
  /** A holder silent for this long is presumed dead (proper-lockfile's minimum is 2 s). */
  staleMs: number;
  /** Give up waiting after this long and go on without the lock. */
  waitMs: number;
  debug: (message: string) => void;
}

/**
 * The heartbeat only decides for a holder that is alive but silent (a stuck
 * machine): under heavy load (a hundred processes on two cores) a live
 * holder's timer can lag seconds, so it is generous. A holder that died is
 * found at once by its process ID (see ownerIsDead). The wait is longer than
 * a mint can take (30 s, plus bounded keychain calls).
 */
export const DEFAULT_LOCK_OPTIONS = { staleMs: 10_000, waitMs: 45_000 };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the process that wrote `<target>.owner` is gone (the lock is on this machine, in the user's own folder). */
function ownerIsDead(target: string): boolean {
  let pid: number;
  try {
    // Read as our own files are: a FIFO planted here must not hold the wait.
    pid = Number(readNoFollow(`${target}.owner`));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `work` holding the lock `name` in `dir`, unless `ready` finds the work
 * already done: it is asked once the lock is held, and, while waiting, each
 * time the lock is seen free (so that a hundred callers waiting for one mint
 * read its result as soon as it is there, instead of taking the lock in
 * turn). When the lock cannot be had (folder not writable, waited too long)
 * `work` runs anyway: a second mint is harmless, a failed command is not.
 */
export async function singleFlight<T>(
  dir: string,
  name: string,
  options: LockOptions,
  ready: () => Promise<T | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  // Bundled (scripts/bundle.mjs), so this import() costs no ES module loader there.
  const { default: lockfile } = await import('proper-lockfile');
  const target = path.join(dir, name);
  const lockOptions = {
    realpath: false,
    stale: options.staleMs,
    update: Math.max(1000, options.staleMs / 4),
    retries: 0,
    // The default throws from a timer; a lost lock only means another process may do the work too.
    onCompromised: (error: Error) => options.debug(`lock ${name} lost: ${error.message}`),
  };
  const started = Date.now();
  try {
    ensurePrivateDir(dir, true);
  } catch (error) {
    options.debug(`lock ${name} not possible (${(error as Error).message}); going on without it`);
    return work();
  }
  for (;;) {
    let release: (() => Promise<void>) | undefined;
    try {
      release = await lockfile.lock(target, lockOptions);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        options.debug(`lock ${name} not taken (${(error as Error).message}); going on without it`);
        return work();
      }
    }
    if (release) {
      options.debug(`lock ${name} taken after ${Date.now() - started} ms`);
      try {
        writeNoFollow(`${target}.owner`, String(process.pid));
      } catch {
        // Without the owner file a dead holder is found by the heartbeat alone.
      }
      try {
        return (await ready()) ?? (await work());
      } finally {
        try {
          unlinkSync(`${target}.owner`);
        } catch {
          // Already gone.
        }
        await release().catch(() => undefined);
      }
    }
    if (ownerIsDead(target)) {
      options.debug(`lock ${name} was held by a process that is gone; taking it over`);
      rmSync(`${target}.lock`, { recursive: true, force: true });
      rmSync(`${target}.owner`, { force: true });
      continue;
    }
    if (Date.now() - started > options.waitMs) {
      options.debug(`lock ${name} still held after ${options.waitMs} ms; going on without it`);
      return work();
    }
    await pause(20 + Math.floor(Math.random() * 60));
    const held = await lockfile.check(target, { realpath: false, stale: options.staleMs }).catch(() => true);
    if (!held) {
      const done = await ready();
      if (done !== undefined) return done;
    }
  }
}

/** Runs `work` holding the lock `name` in `dir` (see singleFlight). */
export function withLock<T>(dir: string, name: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  return singleFlight(dir, name, options, async () => undefined, work);
}
