/**
 * What a failed HTTP exchange (no answer, a dropped connection, DNS, TLS)
 * means for the user, and whether trying again may help. Shared by the token
 * request and API calls.
 */
import { NetworkError } from '../errors.js';
import { BodyTooLargeError } from './http.js';

/** Failures known to be passing: the same request may well work a moment later. */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Failures that happen before the request is sent: retrying cannot repeat its effect. */
const BEFORE_SENDING_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'UND_ERR_CONNECT_TIMEOUT']);

export interface TransportFailure {
  error: NetworkError;
  /** Trying again may help. */
  retryable: boolean;
  /** The request certainly never reached the server. */
  neverSent: boolean;
}

/** The wait before retry number `attempt` (0 for the first): 0.5 s, 1 s, 2 s…, plus up to a quarter second of jitter. */
export function backoffMs(attempt: number, random: () => number): number {
  return 500 * 2 ** attempt + Math.floor(random() * 250);
}

/** The first string `code` along the error's cause chain (undici wraps Node's errors). */
export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * `host` is the host asked; `addressVariable` the setting that points the
 * request elsewhere (ZOOM_S2S_OAUTH_URL, ZOOM_S2S_API_URL), named in hints.
 */
export function describeTransportError(error: unknown, host: string, timeoutMs: number, addressVariable: string): TransportFailure {
  const failure = (message: string, retryable: boolean, hint?: string, neverSent = false): TransportFailure => ({
    error: new NetworkError(message, { hint, cause: error }),
    retryable,
    neverSent,
  });
  if (error instanceof BodyTooLargeError) {
    return failure(`Unexpected response from ${host}: the body is larger than ${error.limitBytes / 1024 / 1024} MiB.`, false);
  }
  const code = errorCode(error);
  if ((error as { name?: unknown }).name === 'TimeoutError') {
    return failure(`${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`, true, 'Check your network connection and proxy settings, then try again.');
  }
  const cause = (error as { cause?: { message?: string } }).cause;
  const detail = cause?.message ?? (error as Error).message;
  const neverSent = code !== undefined && BEFORE_SENDING_CODES.has(code);
  if (code === 'ECONNREFUSED') {
    return failure(`Could not connect to ${host}: connection refused.`, false, `Check the address (${addressVariable}, if set) and your network.`, true);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return failure(`Could not resolve ${host.replace(/:\d+$/, '')} (DNS lookup failed).`, code === 'EAI_AGAIN', 'Check your network connection, DNS and proxy settings.', true);
  }
  if (code && (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code) || code === 'ERR_TLS_CERT_ALTNAME_INVALID')) {
    return failure(`TLS connection to ${host} failed: ${detail} (${code}).`, false, 'Behind a proxy that inspects TLS? Point NODE_EXTRA_CA_CERTS at its CA certificate (PEM).');
  }
  return failure(
    `Request to ${host} failed: ${detail}${code ? ` (${code})` : ''}.`,
    // Only failures known to be passing; anything else would fail the same way again.
    code !== undefined && RETRYABLE_CODES.has(code),
    'Check your network connection and proxy settings, then try again.',
    neverSent,
  );
}
