/**
 * What the commands that serve this machine (`mcp --http`, `proxy`) share:
 * their address flags, and a server's life on a loopback address
 * (core/net/loopback.ts): the URL, key included, first on stdout, a line for
 * people, then serving until SIGINT or SIGTERM.
 */
import type { Context } from '../context.js';
import { UsageError } from '../core/errors.js';
import type { LoopbackHost, LoopbackOptions, LoopbackServer } from '../core/net/loopback.js';
import { onTermination } from '../terminal/signals.js';

/**
 * The options every serving command listens with: this platform, and a
 * warning the first time another account's connection is closed (who tried
 * is worth knowing; each account is named once, so it cannot fill the log).
 */
export function listenOptions(ctx: Context, command: string): LoopbackOptions {
  return {
    platform: ctx.platform,
    onForeignConnection: (uid) => void ctx.io.warn(`zoom-s2s ${command}: closed a connection from another account (${uid === undefined ? 'not listed in /proc/net/tcp' : `uid ${uid}`}): this server serves only you. Later ones from it are closed without a word.`),
  };
}

/** A --host value: 127.0.0.1, ::1 (or [::1]), or localhost, which stands for 127.0.0.1. */
export function parseLoopbackHost(text: string, flag: string): LoopbackHost {
  const host = text.trim().toLowerCase();
  if (host === '127.0.0.1' || host === 'localhost') return '127.0.0.1';
  if (host === '::1' || host === '[::1]') return '::1';
  throw new UsageError(`${flag} ${text}: only a loopback address is allowed (127.0.0.1 or ::1).`, 'The server answers on this machine only: anyone who can reach it acts with the app\'s credentials.');
}

/** A --port value: 0 (any free port) to 65535. */
export function parsePort(text: string, flag: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`${flag} ${text}: give a port from 1 to 65535, or 0 for any free one.`);
  return port;
}

/** An --http value: a loopback address and a port, "127.0.0.1:8123", "[::1]:0". */
export function parseLoopbackAddress(text: string, flag: string): { host: LoopbackHost; port: number } {
  const match = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(text.trim());
  if (!match || Number(match[2]) > 65535) {
    throw new UsageError(`${flag} ${text}: give a loopback address and a port, such as 127.0.0.1:8123 (port 0: any free one).`, 'The server answers on this machine only: anyone who can reach it acts with the app\'s credentials.');
  }
  return { host: parseLoopbackHost(match[1]!, flag), port: parsePort(match[2]!, flag) };
}

export interface Serving {
  /** The one line of data: the URL clients use (it holds the key: what reads it can use the server). */
  url: string;
  /** A line for people once the URL is out. */
  notice: string;
  /** Requests under way get this long once told to stop (a second signal ends the process at once). */
  graceMs?: number;
}

/** Prints the URL and the notice, and resolves once SIGINT or SIGTERM has stopped `loopback`. */
export async function serveUntilStopped(ctx: Context, loopback: LoopbackServer, serving: Serving): Promise<void> {
  // Listening for the signals before the URL is out: a client that reads it may stop the server at once.
  const stopped = new Promise<void>((resolve) => {
    const stopSignals = onTermination(() => {
      // A second Ctrl-C ends it at once (Node's own handling, back in place).
      stopSignals();
      void loopback.close(serving.graceMs).then(resolve);
    });
  });
  ctx.io.out(`${serving.url}\n`);
  ctx.io.notice(serving.notice);
  await stopped;
}
