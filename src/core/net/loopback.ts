/**
 * Servers for programs on this machine (`mcp --http`, `proxy`). Whoever can
 * reach one acts with the app's credentials, so each listens on a loopback
 * address only, answers only under a random key in its path, and refuses a
 * Host or Origin that is not its own address: a web page whose own name
 * resolves to 127.0.0.1 (DNS rebinding) sends its name as Host, and a page
 * from anywhere sends its Origin.
 *
 * On Linux a connection from another account on the machine is closed
 * before a byte of it is read (core/net/peer.ts): the key is then a second
 * guard, not the only one. Connections are capped in number and in the time
 * they may stay silent, so that no one can hold every descriptor.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { connectionOwner, listenerOwner, readProcSocketTable, type ReadSocketTable } from './peer.js';

export type LoopbackHost = '127.0.0.1' | '::1';

/** A request refused before it reaches anything: the status and a sentence for the client. */
export interface Refusal {
  status: number;
  message: string;
}

export interface LoopbackServer {
  readonly server: Server;
  /** http://127.0.0.1:PORT or http://[::1]:PORT. */
  readonly origin: string;
  /** The random path segment every request must start with. */
  readonly key: string;
  /**
   * Checks a request's Host, Origin and key, in that order (421, 403, 404);
   * what follows /<key> in its URL (path and query) when it may go on.
   */
  admit(req: IncomingMessage): { ok: true; rest: string } | { ok: false; refusal: Refusal };
  /** Stops listening; open connections are cut after `graceMs` (at once for 0). */
  close(graceMs?: number): Promise<void>;
}

/** Connections open at once; more are closed as they come (every client of the bench's 100 at once fits). */
export const MAX_CONNECTIONS = 256;
/** How long a connection may stay open before the headers of its first request have arrived. */
export const FIRST_REQUEST_MS = 10_000;
/** How long a request's headers and body may take to arrive (uploads to Zoom are small). */
const REQUEST_ARRIVAL_MS = 120_000;

export interface LoopbackOptions {
  /** Linux: only the account running this process is served. Elsewhere the key is the guard (docs/security.md). */
  platform: NodeJS.Platform;
  /** The kernel's socket tables (tests give their own). */
  readTable?: ReadSocketTable;
  /** The account to serve: this process's. */
  uid?: number;
  /** Told the first time each other account (undefined: one the tables did not show) has a connection closed. */
  onForeignConnection?: (uid: number | undefined) => void;
}

/** Listens on `host`:`port` (0: any free port) with a new random key. */
export async function listenOnLoopback(host: LoopbackHost, port: number, options: LoopbackOptions): Promise<LoopbackServer> {
  const http = process.getBuiltinModule('node:http');
  const { randomBytes, timingSafeEqual } = process.getBuiltinModule('node:crypto');
  const key = randomBytes(24).toString('base64url');
  const server = http.createServer({ requestTimeout: REQUEST_ARRIVAL_MS, headersTimeout: FIRST_REQUEST_MS });
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`Cannot listen on ${host === '::1' ? '[::1]' : host}:${port}: ${error.code ?? error.message}.`, 'Choose another port, or 0 for any free one.')));
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as import('node:net').AddressInfo).port;
  if (options.platform === 'linux') {
    try {
      admitSameUserOnly(server, host, bound, options.readTable ?? readProcSocketTable, options.uid ?? process.getuid!(), options.onForeignConnection);
    } catch (error) {
      server.close();
      throw error;
    }
  }
  closeSilentConnections(server);
  const hostPart = host === '::1' ? '[::1]' : host;
  const allowedHosts = new Set([`${hostPart}:${bound}`, ...(host === '::1' ? [] : [`localhost:${bound}`])]);
  const keyBytes = Buffer.from(key);
  // Compared in constant time: how long a refusal takes says nothing of how much of a guess was right.
  const isKey = (candidate: string) => {
    const bytes = Buffer.from(candidate);
    return bytes.length === keyBytes.length && timingSafeEqual(bytes, keyBytes);
  };
  return {
    server,
    origin: `http://${hostPart}:${bound}`,
    key,
    admit(req) {
      if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return { ok: false, refusal: { status: 421, message: 'Misdirected request: the Host header is not this server\'s address.' } };
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts.has(origin.toLowerCase().replace(/^http:\/\//, ''))) return { ok: false, refusal: { status: 403, message: 'Forbidden: requests from this Origin are not served.' } };
      const url = req.url ?? '/';
      const match = /^\/([^/?#]*)(.*)$/s.exec(url);
      if (!match || !isKey(match[1]!)) return { ok: false, refusal: { status: 404, message: 'Not found.' } };
      return { ok: true, rest: match[2]! };
    },
    close: (graceMs = 0) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        if (graceMs > 0) setTimeout(() => server.closeAllConnections(), graceMs).unref();
        else server.closeAllConnections();
      }),
  };
}

/**
 * Closes, before reading from it, every connection whose client socket
 * another account owns, or whose owner cannot be found. Refuses to start
 * when the tables do not list this server's own listening socket as this
 * account's: the check could not tell anyone apart there.
 */
function admitSameUserOnly(server: Server, host: LoopbackHost, port: number, readTable: ReadSocketTable, uid: number, onForeign?: (uid: number | undefined) => void): void {
  if (listenerOwner(host, port, readTable) !== uid) {
    throw new CliError(`Cannot tell which account connects to ${host === '::1' ? '[::1]' : host}:${port}: /proc/net/tcp does not list this server as yours.`, ExitCode.failure, { hint: 'zoom-s2s serves only the account that started it, and cannot check that here.' });
  }
  // Once per account: another account cannot fill the log by connecting again and again.
  const told = new Set<number | undefined>();
  server.on('connection', (socket: Socket) => {
    const ends = { localAddress: socket.localAddress ?? '', localPort: socket.localPort ?? -1, remoteAddress: socket.remoteAddress ?? '', remotePort: socket.remotePort ?? -1 };
    const owner = connectionOwner(ends, readTable);
    if (owner === uid) return;
    socket.destroy();
    if (!told.has(owner)) {
      told.add(owner);
      onForeign?.(owner);
    }
  });
}

/** A connection that has not sent the headers of a first request within FIRST_REQUEST_MS is closed (Node's own timeouts start at its first byte). */
function closeSilentConnections(server: Server): void {
  const waiting = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    if (socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), FIRST_REQUEST_MS).unref();
    waiting.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  server.on('request', (req: IncomingMessage) => clearTimeout(waiting.get(req.socket)));
}
