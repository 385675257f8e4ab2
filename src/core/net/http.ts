/**
 * HTTP requests through Node's own http/https modules. Not fetch: in Node 20
 * the first fetch() compiles undici's WebAssembly HTTP parser and the process
 * then waits for it, which made one token request cost about 250 ms more than
 * the same request through node:https (measured with hyperfine). Node's own
 * modules ignore HTTPS_PROXY, so when a proxy variable is set the request goes
 * through the undici package's EnvHttpProxyAgent instead (which honours
 * NO_PROXY too). Redirects are never followed here.
 *
 * Two shapes: an opener, whose answer's body the caller reads as it arrives
 * (API calls, downloads of any size), and a client built on it that reads the
 * whole body up to a limit within one deadline (the token request).
 */
import { nodeRequire } from '../node-require.js';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** For the whole exchange, body included. */
  timeoutMs: number;
  /** Larger bodies fail with BodyTooLargeError before they are read whole. */
  maxBodyBytes: number;
  /** See StreamingRequest. */
  closeConnection?: boolean;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: string;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/** A request whose answer's body the caller reads as it arrives. */
export interface StreamingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A stream is sent as it is read (an upload through `proxy`), and can be sent only once. */
  body?: string | Buffer | Readable;
  /** Fails the exchange when nothing arrives for this long: the answer's headers, or the next piece of its body. */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  /**
   * Close the connection after this exchange rather than keep it for the
   * next: for a request that carries the client secret. Node's agent keeps
   * a kept-alive socket's request options, headers included, reachable for
   * as long as the socket lives.
   */
  closeConnection?: boolean;
}

export interface StreamingResponse {
  status: number;
  statusText: string;
  /** Lower-case names; a header sent more than once has its values joined with ", ". */
  headers: Record<string, string | undefined>;
  /** The headers as received, [name, value, name, value…], repeats kept (Set-Cookie), for passing them on unchanged. */
  rawHeaders?: string[];
  /** Read it to the end or destroy it, so the connection is let go. */
  body: Readable;
}

export type HttpOpener = (request: StreamingRequest) => Promise<StreamingResponse>;

export class HttpTimeoutError extends Error {
  override name = 'TimeoutError';
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`body larger than ${limitBytes} bytes`);
  }
}

export interface HttpClientOptions {
  env: Record<string, string | undefined>;
  /** A PEM file of CAs to trust besides Node's own (and NODE_EXTRA_CA_CERTS). */
  caFile?: string | undefined;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function proxyConfigured(env: Record<string, string | undefined>): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}

/**
 * The trusted CAs when --ca-file is given: Node's bundled roots, the file of
 * NODE_EXTRA_CA_CERTS (which an explicit `ca` would otherwise drop), and the
 * file. Undefined without --ca-file: Node's defaults apply.
 */
function trustedCas(options: HttpClientOptions): string[] | undefined {
  if (!options.caFile) return undefined;
  const read = (file: string, source: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read the CA file ${file} (from ${source}): ${(error as Error).message}`);
    }
  };
  const extra = options.env.NODE_EXTRA_CA_CERTS ? [read(options.env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS')] : [];
  // node:tls only here: loading it costs about 8 ms, and only --ca-file needs it before a request.
  const { rootCertificates } = nodeRequire('node:tls') as typeof import('node:tls');
  return [...rootCertificates, ...extra, read(options.caFile, '--ca-file or ZOOM_S2S_CA_FILE')];
}

export function createHttpOpener(options: HttpClientOptions): HttpOpener {
  const ca = trustedCas(options);
  return proxyConfigured(options.env) ? (request) => openViaProxyAgent(request, options.env, ca) : (request) => openViaNode(request, ca);
}

/** The plain opener and client, for tests and callers without proxy or CA settings. */
export const nodeHttpOpener: HttpOpener = (request) => openViaNode(request, undefined);
export const nodeHttpClient: HttpClient = bufferedClient(nodeHttpOpener);

/** Retry-After in ms (never negative): a number of seconds, or an HTTP date. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

/** A client that reads whole bodies (up to a limit) within one deadline, built on `open`. */
export function bufferedClient(open: HttpOpener): HttpClient {
  return async (request) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), request.timeoutMs);
    try {
      const { body, ...response } = await open({ ...request, idleTimeoutMs: request.timeoutMs, signal: controller.signal });
      const bytes = await readBody(body, response.headers, request.maxBodyBytes);
      return { ...response, body: bytes.toString('utf8') };
    } catch (error) {
      if (controller.signal.aborted) throw new HttpTimeoutError(`no answer within ${request.timeoutMs} ms`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Lets go of a body that will not be read. undici's bodies report being
 * destroyed as an 'error', which nobody is listening for any more.
 */
export function discardBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

export interface BodyHead {
  /** The first bytes, at most the limit asked for. */
  head: Buffer;
  /** Whether `head` is the whole body. */
  complete: boolean;
  /** The whole body, `head` first and then the rest as it arrives, to pass on or destroy. */
  whole: Readable;
}

/**
 * Reads the start of a body, up to `limit` bytes, without losing the rest:
 * an error answer's code is found in its first bytes while the whole of it
 * can still be passed on (`proxy`), and a small upload can be kept to be
 * sent again.
 */
export async function readHead(body: Readable, limit: number, options: { brokenOffIsComplete?: boolean } = {}): Promise<BodyHead> {
  const { Readable: ReadableStream } = process.getBuiltinModule('node:stream');
  const chunks: Buffer[] = [];
  let size = 0;
  const source = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const whole = (head: Buffer) => ReadableStream.from([head]);
  try {
    while (size <= limit) {
      const next = await source.next();
      if (next.done) {
        const head = Buffer.concat(chunks);
        return { head, complete: true, whole: whole(head) };
      }
      chunks.push(next.value);
      size += next.value.length;
    }
  } catch (error) {
    // What arrived of an error answer is still worth showing; an upload cut short must not be sent on as if whole.
    if (!options.brokenOffIsComplete) throw error;
    const head = Buffer.concat(chunks);
    return { head, complete: true, whole: whole(head) };
  }
  const read = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    yield read;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield next.value;
    }
  }
  // Destroying `whole` ends the generator, which lets go of the source.
  const stream = ReadableStream.from(rest(), { objectMode: false });
  stream.once('close', () => void source.return?.().catch(() => undefined));
  return { head: read.subarray(0, limit), complete: false, whole: stream };
}

/** All of a body, refusing (and letting go of) one larger than `maxBytes`. */
export async function readBody(body: Readable, headers: Record<string, string | undefined>, maxBytes: number): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discardBody(body);
    throw new BodyTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      discardBody(body);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lowerCaseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

async function openViaNode(request: StreamingRequest, ca: string[] | undefined): Promise<StreamingResponse> {
  const url = new URL(request.url);
  // getBuiltinModule, not import(): a dynamic import starts Node's ES module loader, some 10 ms of a mint.
  const { request: send } = url.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
  return new Promise<StreamingResponse>((resolve, reject) => {
    const options = { method: request.method, headers: request.headers, ...(ca ? { ca } : {}), ...(request.signal ? { signal: request.signal } : {}), ...(request.closeConnection ? { agent: false } : {}) };
    let response: IncomingMessage | undefined;
    const stalled = () => new HttpTimeoutError(`nothing received for ${request.idleTimeoutMs} ms`);
    // Until the answer's headers arrive (connecting included); then the socket's own idle timeout watches the body.
    const headerTimer = setTimeout(() => req.destroy(stalled()), request.idleTimeoutMs);
    const req = send(url, options, (res: IncomingMessage) => {
      clearTimeout(headerTimer);
      response = res;
      resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: lowerCaseHeaders(res.headers), rawHeaders: res.rawHeaders, body: res });
    });
    req.setTimeout(request.idleTimeoutMs, () => {
      const error = stalled();
      response?.destroy(error);
      req.destroy(error);
    });
    req.on('error', (error) => {
      clearTimeout(headerTimer);
      reject(error);
    });
    req.on('close', () => clearTimeout(headerTimer));
    const { body } = request;
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else body.once('error', (error) => req.destroy(error)).pipe(req);
  });
}

async function openViaProxyAgent(request: StreamingRequest, env: Record<string, string | undefined>, ca: string[] | undefined): Promise<StreamingResponse> {
  // require, not import(): undici is CommonJS (see keychain.ts).
  const { EnvHttpProxyAgent, request: send } = nodeRequire('undici') as typeof import('undici');
  const tls = ca ? { connect: { ca }, requestTls: { ca }, proxyTls: { ca } } : {};
  // undici announces EnvHttpProxyAgent as experimental on stderr; that line is for its developers, not our users.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = (rest[0] as { code?: string } | undefined)?.code;
    if (code !== 'UNDICI-EHPA') (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  let dispatcher: InstanceType<typeof EnvHttpProxyAgent>;
  try {
    dispatcher = new EnvHttpProxyAgent({
      httpProxy: env.http_proxy || env.HTTP_PROXY || '',
      httpsProxy: env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY || '',
      noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
      ...tls,
    });
  } finally {
    process.emitWarning = emitWarning;
  }
  const letGo = () => void dispatcher.destroy().catch(() => undefined);
  try {
    const response = await send(request.url, {
      method: request.method as import('undici').Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      dispatcher,
      signal: request.signal,
      maxRedirections: 0,
      headersTimeout: request.idleTimeoutMs,
      bodyTimeout: request.idleTimeoutMs,
    });
    response.body.once('close', letGo);
    const rawHeaders = Object.entries(response.headers).flatMap(([name, value]) => (Array.isArray(value) ? value.flatMap((one) => [name, one]) : value === undefined ? [] : [name, value]));
    return { status: response.statusCode, statusText: '', headers: lowerCaseHeaders(response.headers), rawHeaders, body: response.body };
  } catch (error) {
    letGo();
    if ((error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT') throw new HttpTimeoutError(`nothing received for ${request.idleTimeoutMs} ms`);
    throw error;
  }
}
