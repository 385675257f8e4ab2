/**
 * One request through `zoom-s2s proxy`: admitted (core/net/loopback.ts: Host,
 * Origin, key), its target and method judged (core/api/proxy-target.ts, the
 * policy), sent through the API session with the app's token in place of any
 * Authorization the client sent, and Zoom's answer streamed back as it came,
 * redirects and 429s included: the client follows or waits as it would with
 * Zoom itself, and a redirect is never followed with the token. A body up to
 * 1 MiB is held, so a request whose token Zoom refuses is sent again with a
 * new one; a larger body is streamed, and sent once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { zoomAnswer, type ApiService } from '../../api-service.js';
import type { Context } from '../../context.js';
import { DEFAULT_API_LIMITS, type ApiCallLimits } from '../../core/api/call.js';
import { API_METHODS, methodAllowed, type ApiPolicy } from '../../core/api/policy.js';
import { loggedTarget, proxyTarget } from '../../core/api/proxy-target.js';
import { CliError } from '../../core/errors.js';
import { flatHeaders, requestHeadersToForward, responseHeadersToForward } from '../../core/net/forwarding.js';
import { discardBody, readHead } from '../../core/net/http.js';
import type { LoopbackServer, Refusal } from '../../core/net/loopback.js';
import { formatBytes } from '../../core/text.js';

/** What the proxy does on its own: a GET that fails on the way is tried once more; redirects and 429s go to the client. */
export const PROXY_LIMITS: ApiCallLimits = { ...DEFAULT_API_LIMITS, transientRetries: 1, redirects: 0, rateLimitWaits: 0, errorBodyBytes: 64 * 1024 };

/** Uploads up to this size are held, to be sent again with a new token if Zoom refuses the first. */
export const HELD_BODY_BYTES = 1024 * 1024;

/** Zoom's answer must begin within this long (retries and a token's replacement included), or the client gets a 504; a body that has begun streams on, under the idle timeout. */
export const ANSWER_WITHIN_MS = 120_000;

/** The API's methods, and HEAD: a GET without the body. */
const METHODS = new Set<string>([...API_METHODS, 'HEAD']);

export interface Forwarding {
  ctx: Context;
  /** Opened with the proxy's policy: it judges each request. */
  service: ApiService;
  /** The same policy, for the Allow header of a refusal. */
  policy: ApiPolicy;
  loopback: LoopbackServer;
  /** One line per request on stderr. */
  log: boolean;
  /** ANSWER_WITHIN_MS unless given (tests). */
  answerWithinMs?: number;
}

/** The request listener of the proxy's server. */
export function forwardRequests(forwarding: Forwarding): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) =>
    void forward(forwarding, req, res).catch((error: unknown) => {
      // Nothing a request does may end the proxy for every other client.
      forwarding.ctx.io.debug(`request failed: ${(error as Error).message}`);
      res.destroy();
    });
}

async function forward({ ctx, service, policy, loopback, log, answerWithinMs = ANSWER_WITHIN_MS }: Forwarding, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = ctx.now();
  const method = req.method ?? 'GET';
  let shown = '-';
  // Never the key (what follows it only once the request is admitted), never a query value.
  const done = (status: number | string, detail: string) => {
    if (log) ctx.io.notice(ctx.io.forPeople(`zoom-s2s proxy: ${method} ${shown} ${status} ${detail} ${ctx.now() - started} ms`));
  };
  const refuse = (refusal: Refusal, headers: Record<string, string> = {}) => {
    // The body is not wanted; reading it lets the connection serve the client's next request.
    req.resume();
    answerJson(ctx, res, refusal.status, refusal.message, headers);
    ctx.io.debug(`refused: ${refusal.message}`);
    done(refusal.status, 'refused');
  };

  const admitted = loopback.admit(req);
  if (!admitted.ok) return refuse(admitted.refusal);
  const target = proxyTarget(admitted.rest, service.base);
  if (!target.ok) return refuse(target.refusal);
  shown = loggedTarget(target.url, service.base);
  if (!METHODS.has(method)) return refuse({ status: 405, message: `${method} is not a method of the Zoom API.` }, { allow: allowedMethods(policy) });

  // A client that goes away ends the call, wherever it is; so does an answer that has not begun within answerWithinMs.
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  let late = false;
  const lateTimer = setTimeout(() => {
    late = true;
    gone.abort();
  }, answerWithinMs);
  try {
    const headers = requestHeadersToForward(req.headers);
    // Read once the service has admitted the request: a refused body is never read.
    const body = async () => {
      const read = await requestBody(req);
      if (Buffer.isBuffer(read)) headers['content-length'] = String(read.length);
      else if (read && req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
      return read;
    };
    const outcome = await service.request({ method, target: target.url, headers, body, signal: gone.signal, limits: PROXY_LIMITS });
    clearTimeout(lateTimer);
    if (late) throw new Error('late');
    const failure = outcome.ok ? undefined : outcome.failure;
    if (failure?.kind === 'refused') return refuse({ status: failure.status, message: failure.message }, failure.status === 405 ? { allow: allowedMethods(policy) } : {});
    if (failure?.kind === 'failed') throw failure.error;
    // Zoom's answer, an error as well as a success, goes to the client as it came.
    const response = zoomAnswer(outcome)!;
    res.writeHead(response.status, response.statusText || undefined, responseHeadersToForward(response.rawHeaders ?? flatHeaders(response.headers)));
    const bytes = await passOn(response.body, res);
    done(response.status, formatBytes(bytes));
  } catch (error) {
    clearTimeout(lateTimer);
    if (late && !res.headersSent) {
      answerJson(ctx, res, 504, `Zoom did not answer within ${answerWithinMs / 1000} s; the request was stopped.`);
      return done(504, '(no answer in time)');
    }
    if (gone.signal.aborted) return done('-', '(the client went away)');
    if (res.headersSent) {
      // Cut short: the client sees a body that ends early, never one that looks whole.
      res.destroy();
      return done(res.statusCode, `cut short (${(error as Error).message})`);
    }
    const message = error instanceof CliError ? [error.message, error.hint].filter(Boolean).join(' ') : `zoom-s2s proxy could not forward the request: ${(error as Error).message}`;
    answerJson(ctx, res, 502, message);
    done(502, `(${message})`);
  }
}

/**
 * Pipes Zoom's answer to the client; resolves the bytes passed on once the
 * client has them all. pipe() rather than stream.pipeline, which makes and
 * aborts an AbortController (and its DOMException) per call: with pipeline,
 * 100 requests at once took 29.3 ms in `npm run bench:proxy`, with pipe()
 * 24.4 ms.
 */
function passOn(body: Readable, res: ServerResponse): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    body.on('data', (chunk: Buffer) => (bytes += chunk.length));
    body.once('error', reject);
    res.once('close', () => {
      if (res.writableFinished) return resolve(bytes);
      // The client went away: let go of Zoom's answer too.
      discardBody(body);
      reject(new Error('the client went away'));
    });
    body.pipe(res);
  });
}

/** The client's body: none, held whole (up to HELD_BODY_BYTES, so it can be sent again), or streamed as it arrives. */
async function requestBody(req: IncomingMessage): Promise<Buffer | Readable | undefined> {
  if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) return undefined;
  const held = await readHead(req, HELD_BODY_BYTES);
  return held.complete ? held.head : held.whole;
}

/** The proxy's own answers (a refusal, a failure) in the shape of Zoom's errors, {code, message}: the message masked and escaped as all text for people is. */
function answerJson(ctx: Context, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = `${JSON.stringify({ code: status, message: ctx.io.forPeople(message) })}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers }).end(body);
}

/** For an Allow header: what the policy's read-only rule lets through, HEAD with GET. */
function allowedMethods(policy: ApiPolicy): string {
  return API_METHODS.filter((method) => methodAllowed(policy, method))
    .flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]))
    .join(', ');
}
