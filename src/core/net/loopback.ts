/**
 * Servers for programs on this machine (`mcp --http`, `proxy`). Whoever can
 * reach one acts with the app's credentials, so each listens on a loopback
 * address only, answers only under a random key in its path, and refuses a
 * Host or Origin that is not its own address: a web page whose own name
 * resolves to 127.0.0.1 (DNS rebinding) sends its name as Host, and a page
 * from anywhere sends its Origin.
 */
import type { IncomingMessage, Server } from 'node:http';
import { UsageError } from '../errors.js';

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

/** Listens on `host`:`port` (0: any free port) with a new random key. */
export async function listenOnLoopback(host: LoopbackHost, port: number): Promise<LoopbackServer> {
  const http = process.getBuiltinModule('node:http');
  const { randomBytes, timingSafeEqual } = process.getBuiltinModule('node:crypto');
  const key = randomBytes(24).toString('base64url');
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`Cannot listen on ${host === '::1' ? '[::1]' : host}:${port}: ${error.code ?? error.message}.`, 'Choose another port, or 0 for any free one.')));
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as import('node:net').AddressInfo).port;
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
