/**
 * A stand-in for Zoom's token endpoint (POST /oauth/token) on loopback, strict
 * about the request the way Zoom is, answering with Zoom's success and error
 * shapes. Tests queue failures (a status, a non-JSON body, a hang, a dropped
 * connection) and read how many requests it served.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface EmulatedApp {
  accountId: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** Apps of other kinds get `unsupported grant type`, as on Zoom. */
  kind?: 'server-to-server' | 'general';
  /** A deactivated app is refused. */
  active?: boolean;
  /** Token lifetime in seconds (Zoom's is about an hour). */
  expiresIn?: number;
}

/** What to do with one upcoming request instead of the normal answer. */
export type Scripted =
  | { status: number; body?: string; headers?: Record<string, string> }
  | { hang: true }
  | { reset: true }
  | { delayMs: number };

export interface TokenRequestRecord {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
  clientId: string | undefined;
  issued: boolean;
}

export interface ZoomEmulator {
  /** The origin to put in ZOOM_S2S_OAUTH_URL. */
  readonly origin: string;
  readonly apps: EmulatedApp[];
  /** Every request that reached /oauth/token. */
  readonly requests: TokenRequestRecord[];
  /** Tokens issued so far, oldest first. */
  readonly issued: string[];
  issuedCount(): number;
  /** Answers the next requests with these, in order, before going back to normal. */
  script(...steps: Scripted[]): void;
  close(): Promise<void>;
}

export const SAMPLE_APP: EmulatedApp = {
  accountId: 'demoAccount01',
  clientId: 'demoClient01',
  clientSecret: 'demoSecret0123456789abcdef',
  scopes: ['meeting:read:admin', 'meeting:write:admin', 'user:read:user:admin', 'user:read:email', 'recording:read:list_user_recordings:admin', 'report:read:admin'],
};

export const TOKEN_LIFETIME_SECONDS = 3599;

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fakeJwt(clientId: string, accountId: string, lifetime: number): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ alg: 'HS512', v: '2.0', kid: randomBytes(8).toString('hex') }),
    part({ aud: 'https://oauth.zoom.us', uid: randomBytes(8).toString('base64url'), ver: 10, auid: accountId, nbf: now, code: randomBytes(12).toString('base64url'), iss: 'zm:cid:' + clientId, gno: 0, exp: now + lifetime, type: 3, iat: now, aid: accountId }),
    randomBytes(64).toString('base64url'),
  ].join('.');
}

export async function startZoomEmulator(options: { apps?: EmulatedApp[]; tls?: { key: string | Buffer; cert: string | Buffer } } = {}): Promise<ZoomEmulator> {
  const apps = options.apps ?? [SAMPLE_APP];
  const requests: TokenRequestRecord[] = [];
  const queue: Scripted[] = [];
  const sockets = new Set<Socket>();
  const issued: string[] = [];

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void answer(req, res, Buffer.concat(chunks).toString('utf8')));
  };

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname !== '/oauth/token') return json(res, 404, { code: 404, message: 'Not found' });
    const auth = req.headers.authorization ?? '';
    const basic = /^Basic\s+(.+)$/i.exec(auth);
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : undefined;
    const colon = decoded?.indexOf(':') ?? -1;
    const clientId = decoded && colon > 0 ? decoded.slice(0, colon) : undefined;
    const secret = decoded && colon > 0 ? decoded.slice(colon + 1) : undefined;
    const record: TokenRequestRecord = { method: req.method ?? '', path: url.pathname, contentType: req.headers['content-type'], body, clientId, issued: false };
    requests.push(record);

    const step = queue.shift();
    if (step && 'hang' in step) return; // never answers; the socket stays open until close()
    if (step && 'reset' in step) return void req.socket.destroy();
    if (step && 'status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json;charset=UTF-8', ...step.headers });
      return void res.end(step.body ?? '');
    }
    if (step && 'delayMs' in step) await new Promise((resolve) => setTimeout(resolve, step.delayMs));

    if (req.method !== 'POST') return json(res, 405, { reason: 'Method Not Allowed', error: 'invalid_request' });
    if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return json(res, 400, { reason: 'Unsupported content type', error: 'invalid_request' });
    }
    const form = new URLSearchParams(body);
    if (!clientId || secret === undefined) return json(res, 400, { reason: 'Missing client credentials', error: 'invalid_request' });
    const app = apps.find((candidate) => candidate.clientId === clientId);
    if (!app || app.clientSecret !== secret) return json(res, 400, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
    if (form.get('grant_type') !== 'account_credentials' || (app.kind ?? 'server-to-server') !== 'server-to-server') {
      return json(res, 400, { reason: 'unsupported grant type', error: 'unsupported_grant_type' });
    }
    if (app.active === false) return json(res, 400, { reason: 'The app has been disabled by the account admin.', error: 'invalid_client' });
    if (form.get('account_id') !== app.accountId) return json(res, 400, { reason: 'Invalid account_id', error: 'invalid_request' });

    const accessToken = fakeJwt(app.clientId, app.accountId, app.expiresIn ?? TOKEN_LIFETIME_SECONDS);
    issued.push(accessToken);
    record.issued = true;
    json(res, 200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: app.expiresIn ?? TOKEN_LIFETIME_SECONDS,
      scope: app.scopes.join(' '),
      api_url: 'https://api.zoom.us',
    });
  }

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    apps,
    requests,
    issued,
    issuedCount: () => issued.length,
    script: (...steps) => void queue.push(...steps),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
