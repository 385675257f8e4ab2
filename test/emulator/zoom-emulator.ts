/**
 * A stand-in for Zoom's token endpoint (POST /oauth/token) on loopback, strict
 * about the request the way Zoom is, answering with Zoom's success and error
 * shapes. Tests queue failures (a status, a non-JSON body, a hang, a dropped
 * connection) and read how many requests it served. Every request is checked
 * first, scripted or not: a malformed one gets Zoom's error, never the
 * scripted answer, so a test of a failure cannot pass on a broken request.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { echoedForms } from './echo.js';

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
  | { delayMs: number }
  /** A refusal (401) whose reason sends back the secret and the Authorization header it got, in every form (echo.ts). */
  | { echoCredentials: true };

export interface TokenRequestRecord {
  method: string;
  path: string;
  /** The query string, "" when there is none. */
  query: string;
  contentType: string | undefined;
  /** The Authorization header exactly as sent. */
  authorization: string | undefined;
  body: string;
  clientId: string | undefined;
  /** What was wrong with the request (Zoom's reason), or undefined for a well-formed one. */
  problem: string | undefined;
  issued: boolean;
}

/** What Zoom knows of a token it issued: when it expires (on the emulator's clock) and what it may do. */
export interface Grant {
  expiresAt: number;
  scopes: readonly string[];
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
  /** The grant of a token this emulator issued, or undefined. */
  grant(token: string): Grant | undefined;
  /**
   * How far Zoom's clock is ahead of this machine's, in ms (negative: behind):
   * the Date header, when tokens expire, and so what the API emulator accepts.
   */
  clockOffsetMs: number;
  /** Zoom's time: Date.now() + clockOffsetMs. */
  now(): number;
  /** Answers the next requests with these, in order, before going back to normal. */
  script(...steps: Scripted[]): void;
  /** Forgets the scripted answers not used yet. */
  unscript(): void;
  close(): Promise<void>;
}

export const SAMPLE_APP: EmulatedApp = {
  accountId: 'demoAccount01',
  clientId: 'demoClient01',
  clientSecret: 'demoSecret0123456789abcdef',
  scopes: ['meeting:read:admin', 'meeting:write:admin', 'user:read:user:admin', 'user:read:list_users:admin', 'user:read:email', 'recording:read:list_user_recordings:admin', 'report:read:admin'],
};

export const TOKEN_LIFETIME_SECONDS = 3599;

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fakeJwt(clientId: string, accountId: string, lifetime: number, nowMs: number): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(nowMs / 1000);
  return [
    part({ alg: 'HS512', v: '2.0', kid: randomBytes(8).toString('hex') }),
    part({ aud: 'https://oauth.zoom.us', uid: randomBytes(8).toString('base64url'), ver: 10, auid: accountId, nbf: now, code: randomBytes(12).toString('base64url'), iss: 'zm:cid:' + clientId, gno: 0, exp: now + lifetime, type: 3, iat: now, aid: accountId }),
    randomBytes(64).toString('base64url'),
  ].join('.');
}

/**
 * The client ID and secret of "Basic base64(id:secret)", or undefined when the
 * header is missing or not exactly that: strict base64 (padding, no
 * base64url alphabet) that encodes back to the same text, valid UTF-8.
 */
export function decodeBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header ?? '');
  if (!match || match[1]!.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(match[1]!, 'base64');
  if (bytes.toString('base64') !== match[1]) return undefined;
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(bytes) !== 0) return undefined;
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { clientId: text.slice(0, colon), secret: text.slice(colon + 1) };
}

const FORM_FIELDS = ['grant_type', 'account_id'];

/**
 * grant_type and account_id from the form body or, as Zoom's documentation
 * also shows them, the query string; a field Zoom does not know, or one given
 * twice, is refused (Zoom's reason as a string).
 */
export function formFields(body: string, query: URLSearchParams): Record<string, string> | string {
  const fields: Record<string, string> = {};
  for (const [name, value] of [...new URLSearchParams(body), ...query]) {
    if (!FORM_FIELDS.includes(name)) return `Invalid request : unknown parameter ${name}`;
    if (name in fields) return `Invalid request : duplicate parameter ${name}`;
    fields[name] = value;
  }
  return fields;
}

/**
 * `latencyMs`: every token it issues takes this long to answer, as a token
 * endpoint across the internet does (and so a mint has a window in which
 * other processes find the cache empty).
 */
export async function startZoomEmulator(options: { apps?: EmulatedApp[]; tls?: { key: string | Buffer; cert: string | Buffer }; latencyMs?: number } = {}): Promise<ZoomEmulator> {
  const apps = options.apps ?? [SAMPLE_APP];
  const requests: TokenRequestRecord[] = [];
  const queue: Scripted[] = [];
  const sockets = new Set<Socket>();
  const issued: string[] = [];
  const grants = new Map<string, Grant>();

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (emulator.clockOffsetMs) res.setHeader('date', new Date(emulator.now()).toUTCString());
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void answer(req, res, Buffer.concat(chunks).toString('utf8')));
  };

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname !== '/oauth/token') return json(res, 404, { code: 404, message: 'Not found' });
    const basic = decodeBasic(req.headers.authorization);
    const record: TokenRequestRecord = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      body,
      clientId: basic?.clientId,
      problem: undefined,
      issued: false,
    };
    requests.push(record);
    const refuse = (status: number, reason: string, error: string) => {
      record.problem = reason;
      json(res, status, { reason, error });
    };

    if (req.method !== 'POST') return refuse(405, 'Method Not Allowed', 'invalid_request');
    if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return refuse(400, 'Unsupported content type', 'invalid_request');
    if (!basic) return refuse(400, 'Invalid client_id or client_secret', 'invalid_client');
    const form = formFields(body, url.searchParams);
    if (typeof form === 'string') return refuse(400, form, 'invalid_request');

    const step = queue.shift();
    if (step && 'hang' in step) return; // never answers; the socket stays open until close()
    if (step && 'reset' in step) return void req.socket.destroy();
    if (step && 'status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json;charset=UTF-8', ...step.headers });
      return void res.end(step.body ?? '');
    }
    if (step && 'echoCredentials' in step) {
      const header = req.headers.authorization!.slice('Basic '.length);
      return refuse(401, `Invalid client: ${[...echoedForms(basic.secret), ...echoedForms(header)].join(' ')}`, 'invalid_client');
    }
    if (step && 'delayMs' in step) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));

    const app = apps.find((candidate) => candidate.clientId === basic.clientId);
    if (!app || app.clientSecret !== basic.secret) return json(res, 400, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
    if (form.grant_type !== 'account_credentials' || (app.kind ?? 'server-to-server') !== 'server-to-server') {
      return json(res, 400, { reason: 'unsupported grant type', error: 'unsupported_grant_type' });
    }
    if (app.active === false) return json(res, 400, { reason: 'The app has been disabled by the account admin.', error: 'invalid_client' });
    if (form.account_id !== app.accountId) return json(res, 400, { reason: 'Invalid account_id', error: 'invalid_request' });

    const lifetime = app.expiresIn ?? TOKEN_LIFETIME_SECONDS;
    const accessToken = fakeJwt(app.clientId, app.accountId, lifetime, emulator.now());
    issued.push(accessToken);
    grants.set(accessToken, { expiresAt: emulator.now() + lifetime * 1000, scopes: [...app.scopes] });
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

  const emulator: ZoomEmulator = {
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    apps,
    requests,
    issued,
    issuedCount: () => issued.length,
    grant: (token) => grants.get(token),
    clockOffsetMs: 0,
    now: () => Date.now() + emulator.clockOffsetMs,
    script: (...steps) => void queue.push(...steps),
    unscript: () => void queue.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return emulator;
}
