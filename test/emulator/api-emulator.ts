/**
 * A stand-in for the Zoom REST API (https://api.zoom.us/v2) on loopback,
 * accepting the tokens a ZoomEmulator issued until they expire on its clock
 * (401, code 124, after), for the endpoints their scopes allow (400, code
 * 4711, naming the scope, otherwise), with Zoom's answer and error shapes: the current user, a user list paginated with next_page_token, a
 * report endpoint that refuses the first token it sees (as Zoom does with a
 * revoked one), meetings that are created by echoing the body, recordings
 * whose download URL redirects to a separate file host (a "CDN" that must not
 * receive the token), a list whose pages never end (/v2/endless), an echo
 * of the token it was sent in every form (/v2/echo; ?status=, ?pad= for an
 * error or a long answer); HEAD as GET. Tests queue other answers per path
 * (delayed, or a large body streamed) and read every request it served.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo, Socket } from 'node:net';
import { echoedForms } from './echo.js';
import type { Grant } from './zoom-emulator.js';

export type ApiScripted =
  /** delayMs: the answer comes that long after the request (a slow report). */
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** A body of this many bytes (streamedContent), written as the client reads it: a download larger than memory would hold. */
  | { status: number; streamBytes: number; headers?: Record<string, string> }
  | { reset: true }
  | { hang: true };

export interface ApiRequestRecord {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  /** The bearer token, if any. */
  token: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** "api" or "cdn". */
  host: 'api' | 'cdn';
}

export interface ApiEmulator {
  /** For ZOOM_S2S_API_URL: http://127.0.0.1:<port>/v2. */
  readonly base: string;
  readonly origin: string;
  readonly cdnOrigin: string;
  readonly requests: ApiRequestRecord[];
  readonly users: Array<Record<string, unknown>>;
  /** The bytes of every recording download. */
  readonly recording: Buffer;
  /** Answers the next requests to `path` (e.g. "/v2/users/me") with these, in order. */
  script(path: string, ...steps: ApiScripted[]): void;
  /** Tokens that are refused from now on (as Zoom refuses a revoked one). */
  revoke(token: string): void;
  /** Refuse every token, old and new (a misconfigured or hostile API), until called with false. */
  refuseEveryToken(on: boolean): void;
  close(): Promise<void>;
}

export const USER_COUNT = 7;

/** What issued the tokens the API accepts: a ZoomEmulator (its grants and its clock). */
export interface TokenIssuer {
  grant(token: string): Grant | undefined;
  now(): number;
}

/**
 * The scopes an endpoint needs ("METHOD /path", paths with :id for a
 * segment): any one of them, granular or classic, as Zoom's reference lists
 * them. Endpoints not listed need no scope (the recording download).
 */
const ENDPOINT_SCOPES: Array<[RegExp, string[]]> = [
  [/^GET \/v2\/users\/[^/]+$/, ['user:read:user:admin', 'user:read:admin']],
  [/^GET \/v2\/users$/, ['user:read:list_users:admin', 'user:read:admin']],
  [/^GET \/v2\/report\/daily$/, ['report:read:daily_usage:admin', 'report:read:admin']],
  [/^GET \/v2\/accounts$/, ['account:read:list_sub_accounts:master']],
  [/^POST \/v2\/users\/[^/]+\/meetings$/, ['meeting:write:meeting:admin', 'meeting:write:admin']],
  [/^GET \/v2\/users\/[^/]+\/recordings$/, ['recording:read:list_user_recordings:admin', 'recording:read:admin']],
];

/** The scope a token lacks for `method path`, or undefined when it may call it. */
export function missingScope(method: string, path: string, scopes: readonly string[]): string | undefined {
  const needed = ENDPOINT_SCOPES.find(([pattern]) => pattern.test(`${method} ${path}`))?.[1];
  if (!needed || needed.some((scope) => scopes.includes(scope))) return undefined;
  return needed[0];
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Deterministic bytes that are clearly not text (NULs, high bytes). */
function fakeVideo(size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = Buffer.alloc(0);
  for (let offset = 0, i = 0; offset < size; offset += block.length, i++) {
    block = createHash('sha256').update(`recording-${i}`).digest();
    block.copy(out, offset);
  }
  out[0] = 0;
  return out;
}

/** The bytes of a streamed answer: 64 KiB blocks, each numbered, so a lost, repeated or reordered block changes the whole's hash. */
export function* streamedContent(size: number): Generator<Buffer> {
  const block = 64 * 1024;
  for (let offset = 0, i = 0; offset < size; offset += block, i++) {
    const chunk = Buffer.alloc(Math.min(block, size - offset), i % 251);
    if (chunk.length >= 4) chunk.writeUInt32BE(i, 0);
    yield chunk;
  }
}

async function listen(server: http.Server, sockets: Set<Socket>): Promise<string> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startApiEmulator(options: { issuer: TokenIssuer }): Promise<ApiEmulator> {
  const requests: ApiRequestRecord[] = [];
  const queues = new Map<string, ApiScripted[]>();
  const revoked = new Set<string>();
  const sockets = new Set<Socket>();
  const recording = fakeVideo(3 * 1024 * 1024 + 17);
  const pageTokens = new Map<string, number>();
  let reportFirstToken: string | undefined;
  let refuseAll = false;
  let meetingId = 85746065432;

  const users = Array.from({ length: USER_COUNT }, (_, i) => ({
    id: `user${i + 1}Id`,
    first_name: `User${i + 1}`,
    last_name: 'Example',
    display_name: `User${i + 1} Example`,
    email: `user${i + 1}@example.com`,
    type: 1,
    status: 'active',
  }));
  const me = { id: 'KDcuGIm1QgePTO8WbOqwIQ', first_name: 'Jill', last_name: 'Chill', display_name: 'Jill Chill', email: 'jchill@example.com', type: 2, role_name: 'Owner', account_id: 'demoAccount01', timezone: 'America/New_York', status: 'active' };

  const record = (req: http.IncomingMessage, body: string, host: 'api' | 'cdn') => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    requests.push({ method: req.method ?? '', url: req.url ?? '/', path: url.pathname, query: url.searchParams, token: bearer?.[1], headers: req.headers, body, host });
    return { url, token: bearer?.[1] };
  };

  let cdnOrigin = '';
  const api = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { url, token } = record(req, body, 'api');
      const step = queues.get(url.pathname)?.shift();
      if (step && 'reset' in step) return void req.socket.destroy();
      if (step && 'hang' in step) return;
      if (step && 'streamBytes' in step) {
        res.writeHead(step.status, { 'content-type': 'application/octet-stream', 'content-length': String(step.streamBytes), ...step.headers });
        return void Readable.from(streamedContent(step.streamBytes)).pipe(res);
      }
      if (step) {
        const send = () => {
          res.writeHead(step.status, { 'content-type': 'application/json;charset=UTF-8', ...step.headers });
          res.end(step.body ?? '');
        };
        return void ('delayMs' in step && step.delayMs ? setTimeout(send, step.delayMs) : send());
      }
      const grant = token === undefined || revoked.has(token) || refuseAll ? undefined : options.issuer.grant(token);
      if (!token || !grant || grant.expiresAt <= options.issuer.now()) return json(res, 401, { code: 124, message: 'Invalid access token.' });
      // HEAD is answered as GET is (node:http leaves the body out).
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      const lacking = missingScope(method, url.pathname, grant.scopes);
      if (lacking) return json(res, 400, { code: 4711, message: `Invalid access token, does not contain scopes:[${lacking}].` });
      answer(method, url, token, body, res);
    });
  });

  function answer(method: string, url: URL, token: string, body: string, res: http.ServerResponse): void {
    const path = url.pathname;
    if (method === 'GET' && path === '/v2/users/me') return json(res, 200, me);
    if (method === 'GET' && path === '/v2/users') {
      const pageSize = Number(url.searchParams.get('page_size') ?? 3);
      const next = url.searchParams.get('next_page_token');
      const start = next ? pageTokens.get(next) : 0;
      if (start === undefined) return json(res, 400, { code: 300, message: 'Invalid next_page_token.' });
      const end = Math.min(start + pageSize, users.length);
      let nextToken = '';
      if (end < users.length) {
        nextToken = randomBytes(12).toString('base64url');
        pageTokens.set(nextToken, end);
      }
      return json(res, 200, { page_count: Math.ceil(users.length / pageSize), page_number: Math.floor(start / pageSize) + 1, page_size: pageSize, total_records: users.length, next_page_token: nextToken, users: users.slice(start, end) });
    }
    if (path.startsWith('/v2/users/') && path.split('/').length === 4) {
      return json(res, 404, { code: 1001, message: `User does not exist: ${decodeURIComponent(path.split('/')[3]!)}.` });
    }
    if (method === 'GET' && path === '/v2/report/daily') {
      // Refuses the first token it ever sees, as Zoom refuses a token revoked after it was cached.
      reportFirstToken ??= token;
      if (token === reportFirstToken) return json(res, 401, { code: 124, message: 'Invalid access token.' });
      return json(res, 200, { dates: [{ date: '2026-11-27', new_users: 0, meetings: 12, participants: 40, meeting_minutes: 610 }] });
    }
    if (method === 'POST' && path === '/v2/users/me/meetings') {
      let meeting: Record<string, unknown>;
      try {
        meeting = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return json(res, 400, { code: 300, message: 'Request Body should be a valid JSON object.' });
      }
      const id = meetingId++;
      return json(res, 201, { id, host_id: me.id, join_url: `https://us06web.zoom.us/j/${id}`, created_at: '2026-11-28T12:00:00Z', ...meeting });
    }
    if (method === 'GET' && path === '/v2/users/me/recordings') {
      return json(res, 200, {
        from: url.searchParams.get('from') ?? '2026-11-27',
        to: '2026-11-28',
        page_size: 30,
        next_page_token: '',
        total_records: 1,
        meetings: [{ uuid: 'jQ3lW1yXQ5Oh0aTbA3u4rQ==', id: 85746065432, topic: 'Standup', recording_files: [{ id: 'f1', file_type: 'MP4', file_size: recording.length, download_url: `${originOf(api)}/rec/download/standup` }] }],
      });
    }
    if (method === 'GET' && path === '/v2/echo') {
      // A hostile or debugging API that sends back the token it was given, in every form an encoder may write it.
      const status = Number(url.searchParams.get('status') ?? 200);
      const pad = 'x'.repeat(Number(url.searchParams.get('pad') ?? 0));
      // Written as text, so the JSON-escaped form appears as an encoder that escapes "/" writes it.
      const text = `{"code":${status === 200 ? 0 : 300},"message":"echo ${echoedForms(token).join(' ')}","pad":"${pad}"}`;
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
      return void res.end(text);
    }
    if (method === 'GET' && path === '/v2/endless') {
      // A list that never ends: every page names a next one.
      return json(res, 200, { page_size: 1, next_page_token: randomBytes(12).toString('base64url'), items: [{ id: randomBytes(4).toString('hex') }] });
    }
    if (method === 'GET' && path === '/rec/download/standup') {
      res.writeHead(302, { location: `${cdnOrigin}/replay/standup.mp4?Signature=${randomBytes(8).toString('hex')}` });
      return void res.end();
    }
    if (method === 'GET' && path === '/rec/download/stalls') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(recording.length) });
      // Half the file, then nothing: for interrupting a download.
      return void res.write(recording.subarray(0, Math.floor(recording.length / 2)));
    }
    json(res, 404, { code: 404, message: 'Not Found' });
  }

  const cdn = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { url } = record(req, '', 'cdn');
      // A file host must never be handed the API token.
      if (req.headers.authorization) return json(res, 400, { message: 'Authorization not expected here' });
      if (url.pathname !== '/replay/standup.mp4' || !url.searchParams.get('Signature')) return json(res, 403, { message: 'Forbidden' });
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(recording.length) });
      res.end(recording);
    });
  });

  const origin = await listen(api, sockets);
  cdnOrigin = await listen(cdn, sockets);

  return {
    base: `${origin}/v2`,
    origin,
    cdnOrigin,
    requests,
    users,
    recording,
    script: (path, ...steps) => void queues.set(path, [...(queues.get(path) ?? []), ...steps]),
    revoke: (token) => void revoked.add(token),
    refuseEveryToken: (on) => void (refuseAll = on),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([api, cdn].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}

function originOf(server: http.Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
