/**
 * A lock shared by every zoom-s2s process of the user, so that callers
 * arriving together on an empty cache wait for one mint instead of each
 * minting. proper-lockfile does the hard parts: an atomic mkdir as the lock,
 * an mtime heartbeat while it is held, and taking over a lock whose holder
 * died once the heartbeat is older than `staleMs`.
 */
import path from 'node:path';
import { ensurePrivateDir } from './paths.js';

export interface LockOptions {
  /** A holder silent for this long is presumed dead (proper-lockfile's minimum is 2 s). */
  staleMs: number;
  /** Give up waiting after this long. */
  waitMs: number;
  debug: (message: string) => void;
}

export const DEFAULT_LOCK_OPTIONS = { staleMs: 4_000, waitMs: 20_000 };

/**
 * Runs `work` holding the lock named `name` in `dir`. When the lock cannot be
 * had (folder not writable, waited too long) `work` still runs, unlocked: a
 * second mint is harmless, a failed command is not.
 */
export async function withLock<T>(dir: string, name: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const { default: lockfile } = await import('proper-lockfile');
  const target = path.join(dir, name);
  let release: (() => Promise<void>) | undefined;
  try {
    ensurePrivateDir(dir, true);
    const started = Date.now();
    release = await lockfile.lock(target, {
      realpath: false,
      stale: options.staleMs,
      update: Math.max(1000, options.staleMs / 4),
      retries: { retries: Math.ceil(options.waitMs / 25), factor: 1.2, minTimeout: 10, maxTimeout: 100, randomize: true },
      // The default throws from a timer; a lost lock only means another process may mint too.
      onCompromised: (error) => options.debug(`token lock lost: ${error.message}`),
    });
    options.debug(`token lock taken in ${Date.now() - started} ms (${target}.lock)`);
  } catch (error) {
    options.debug(`token lock not taken (${(error as Error).message}); going on without it`);
  }
  try {
    return await work();
  } finally {
    await release?.().catch(() => undefined);
  }
}
