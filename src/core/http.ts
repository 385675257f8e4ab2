/**
 * One HTTP request, through Node's own http/https modules. Not fetch: in
 * Node 20 the first fetch() compiles undici's WebAssembly HTTP parser and the
 * process then waits for it, which made one token request cost about 250 ms
 * more than the same request through node:https (measured with hyperfine).
 * Node's own modules ignore HTTPS_PROXY, so when a proxy variable is set the
 * request goes through the undici package's EnvHttpProxyAgent instead (which
 * honours NO_PROXY too). Redirects are never followed; the body is read up to
 * a limit.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import { UsageError } from './errors.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** For the whole exchange, body included. */
  timeoutMs: number;
  /** Larger bodies fail with BodyTooLargeError before they are read whole. */
  maxBodyBytes: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: string;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

export class HttpTimeoutError extends Error {
  override name = 'TimeoutError';
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
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
  const { rootCertificates } = createRequire(import.meta.url)('node:tls') as typeof import('node:tls');
  return [...rootCertificates, ...extra, read(options.caFile, '--ca-file or ZOOM_S2S_CA_FILE')];
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const ca = trustedCas(options);
  return proxyConfigured(options.env) ? (request) => viaProxyAgent(request, options.env, ca) : (request) => viaNode(request, ca);
}

/** The plain client, for tests and callers without proxy or CA settings. */
export const nodeHttpClient: HttpClient = (request) => viaNode(request, undefined);

async function viaNode(request: HttpRequest, ca: string[] | undefined): Promise<HttpResponse> {
  const url = new URL(request.url);
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<HttpResponse>((resolve, reject) => {
    const req = send(url, { method: request.method, headers: request.headers, ...(ca ? { ca } : {}) }, (res: IncomingMessage) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > request.maxBodyBytes) {
        req.destroy(new BodyTooLargeError(`body of ${declared} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxBodyBytes) req.destroy(new BodyTooLargeError(`body over ${request.maxBodyBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(res.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const timer = setTimeout(() => req.destroy(new HttpTimeoutError(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('close', () => clearTimeout(timer));
    req.end(request.body);
  });
}

async function viaProxyAgent(request: HttpRequest, env: Record<string, string | undefined>, ca: string[] | undefined): Promise<HttpResponse> {
  // require, not import(): undici is CommonJS (see keychain.ts).
  const { EnvHttpProxyAgent, request: send } = createRequire(import.meta.url)('undici') as typeof import('undici');
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
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const response = await send(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      dispatcher,
      signal,
      maxRedirections: 0,
    });
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > request.maxBodyBytes) throw new BodyTooLargeError(`body of ${declared} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > request.maxBodyBytes) throw new BodyTooLargeError(`body over ${request.maxBodyBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.statusCode, statusText: '', headers, body: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (signal.aborted) throw new HttpTimeoutError(`no answer within ${request.timeoutMs} ms`);
    throw error;
  } finally {
    await dispatcher.destroy().catch(() => undefined);
  }
}
