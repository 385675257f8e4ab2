/**
 * One HTTP request, through Node's own http/https modules. Not fetch: in
 * Node 20 the first fetch() compiles undici's WebAssembly HTTP parser and the
 * process then waits for it, which made one token request cost about 250 ms
 * more than the same request through node:https (measured with hyperfine).
 * Redirects are never followed; the body is read up to a limit.
 */
import type { IncomingMessage } from 'node:http';

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

export const nodeHttpClient: HttpClient = async (request) => {
  const url = new URL(request.url);
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<HttpResponse>((resolve, reject) => {
    const req = send(url, { method: request.method, headers: request.headers }, (res: IncomingMessage) => {
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
};
