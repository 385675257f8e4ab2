/**
 * The tools `zoom-s2s mcp` offers an agent: `zoom_api` (one call, or every
 * page of a list, within the user's policy) and `zoom_scopes`. Everything an
 * agent sends is checked here before anything is sent to Zoom; everything
 * sent back has the secret and the tokens masked. Independent of the MCP
 * SDK: mcp.ts wires these into its server.
 */
import type { ApiFailure, ApiService } from '../../api-service.js';
import type { Context } from '../../context.js';
import { API_METHODS, type ApiMethod } from '../../core/api/policy.js';
import { nonCanonicalPath } from '../../core/api/url.js';
import { discardBody, readBody } from '../../core/net/http.js';
import { UsageError } from '../../core/errors.js';
import { escapeControls, formatBytes } from '../../core/text.js';
import { version } from '../../version.js';

/** The most text one tool result carries; more is cut, with a note on how to ask for less. */
export const RESULT_TEXT_LIMIT = 1024 * 1024;
const PAGINATE_LIMITS = { pages: 100, bytes: 16 * 1024 * 1024, pageBytes: 16 * 1024 * 1024 };
const BODY_LIMIT = 1024 * 1024;

export const TOOLS = [
  {
    name: 'zoom_api',
    title: 'Call the Zoom API',
    description:
      'Calls the Zoom REST API (https://developers.zoom.us/docs/api/) as the Server-to-Server OAuth app the user logged in with; authentication is handled for you. ' +
      'Give a path relative to /v2 such as "/users/me" or "/users/me/meetings", query parameters in `query`, a JSON body in `body` for POST, PATCH and PUT. ' +
      'Set `paginate` to collect every page of a list (GET only). Errors come back with Zoom\'s code and message. The user decides which methods and paths are allowed.',
    inputSchema: {
      type: 'object',
      properties: {
        method: { type: 'string', enum: [...API_METHODS], default: 'GET', description: 'HTTP method; GET unless the user allowed writes.' },
        path: { type: 'string', description: 'API path relative to /v2, e.g. "/users/me"; no full URLs, no query string (use `query`).' },
        query: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'Query parameters, e.g. {"page_size": 300, "type": "upcoming"}.' },
        body: { type: 'object', description: 'JSON body for POST, PATCH and PUT.' },
        paginate: { type: 'boolean', default: false, description: 'GET only: follow next_page_token and return every page merged (lists joined).' },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
  {
    name: 'zoom_scopes',
    title: 'List the app\'s scopes',
    description: 'The OAuth scopes of the app\'s current access token (what the Zoom API will allow) and when that token expires. The token itself is never shown.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  },
] as const;

export interface ToolResult {
  [field: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface ZoomApiInput {
  method: ApiMethod;
  path: string;
  query: Array<[string, string]>;
  body: Buffer | undefined;
  paginate: boolean;
}

/** The agent's arguments to zoom_api, checked: a UsageError says what is wrong with them. */
export function checkZoomApiInput(args: unknown): ZoomApiInput {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) throw new UsageError('The arguments must be an object.');
  const { method = 'GET', path, query, body, paginate = false, ...rest } = args as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new UsageError(`Unknown argument ${unknown.map((name) => JSON.stringify(name)).join(', ')}: use method, path, query, body, paginate.`);
  if (typeof method !== 'string' || !(API_METHODS as readonly string[]).includes(method.toUpperCase())) throw new UsageError(`method must be one of ${API_METHODS.join(', ')}.`);
  if (typeof path !== 'string' || path.length === 0 || path.length > 2048) throw new UsageError('path must be an API path such as "/users/me".');
  // A path only: full URLs and query strings are refused, and so is a path the policy and Zoom could read differently.
  if (/^[a-z][a-z0-9+.-]*:|^\/\/|[?#]/i.test(path)) throw new UsageError('path must be a path relative to /v2 such as "/users/me": no full URL, no query string (use query).');
  const problem = nonCanonicalPath(path);
  if (problem !== undefined) throw new UsageError(`path holds ${problem}: give it as Zoom's reference writes it, such as "/users/me".`);
  if (typeof paginate !== 'boolean') throw new UsageError('paginate must be true or false.');
  const upper = method.toUpperCase() as ApiMethod;
  if (paginate && upper !== 'GET') throw new UsageError('paginate goes with GET only.');
  const pairs: Array<[string, string]> = [];
  if (query !== undefined) {
    if (query === null || typeof query !== 'object' || Array.isArray(query)) throw new UsageError('query must be an object of names and values.');
    for (const [name, value] of Object.entries(query)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) throw new UsageError(`query.${name} must be a string, a number or a boolean.`);
      pairs.push([name, String(value)]);
    }
  }
  let encoded: Buffer | undefined;
  if (body !== undefined) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new UsageError('body must be a JSON object.');
    if (upper === 'GET' || upper === 'DELETE') throw new UsageError(`body goes with POST, PATCH or PUT, not ${upper}.`);
    encoded = Buffer.from(JSON.stringify(body));
    if (encoded.length > BODY_LIMIT) throw new UsageError(`body is larger than ${formatBytes(BODY_LIMIT)}.`);
  }
  return { method: upper, path, query: pairs, body: encoded, paginate };
}

/** Text sent to the agent: the secret and every token of this run masked, whatever the server echoed. */
function safe(ctx: Context, text: string): string {
  return ctx.sensitive.mask(text);
}

/**
 * A result's text as the agent reads it: C1 controls and bidi overrides,
 * which JSON.stringify leaves as they are, written as \uXXXX escapes (the
 * same character to a JSON parser, visible to a model reading the text).
 */
function forAgent(text: string): string {
  return escapeControls(text, { json: true, keepLayout: true });
}

function errorResult(ctx: Context, message: string, extra: Record<string, unknown> = {}): ToolResult {
  return { content: [{ type: 'text', text: ctx.io.forPeople(message) }], structuredContent: { error: ctx.io.forPeople(message), ...extra }, isError: true };
}

/**
 * A body as a JSON value when it is JSON, else as text, with the secret and
 * the tokens masked: after parsing, so one echoed with JSON escapes is
 * masked too.
 */
function maskedBody(ctx: Context, raw: string): unknown {
  try {
    return JSON.parse(safe(ctx, JSON.stringify(JSON.parse(raw))));
  } catch {
    return safe(ctx, raw);
  }
}

/** A success: the body as JSON when it is JSON, else as text; cut past the limit, saying how to ask for less. */
function shape(ctx: Context, status: number, raw: string): ToolResult {
  const text = safe(ctx, raw);
  if (text.length > RESULT_TEXT_LIMIT) {
    const note = `The answer is ${formatBytes(text.length)}, more than the ${formatBytes(RESULT_TEXT_LIMIT)} a result carries; it was cut. Ask for less: a smaller page_size, a narrower date range, or fewer fields, and follow next_page_token rather than paginate.`;
    return { content: [{ type: 'text', text: forAgent(`${note}\n\n${text.slice(0, RESULT_TEXT_LIMIT)}`) }], structuredContent: { status, truncated: true, note, body: text.slice(0, RESULT_TEXT_LIMIT) } };
  }
  const body = raw === '' ? null : maskedBody(ctx, raw);
  return { content: [{ type: 'text', text: forAgent(JSON.stringify({ status, body })) }], structuredContent: { status, body } };
}

/** The longest one zoom_api call may take, every page of a paginated one included. */
export const TOOL_CALL_LIMIT_MS = 120_000;

/** Runs one zoom_api call for the agent: its arguments checked, then the API service (its policy, its token), within `limitMs`. */
export async function callZoomApi(ctx: Context, service: ApiService, args: unknown, limitMs = TOOL_CALL_LIMIT_MS): Promise<ToolResult> {
  let input: ZoomApiInput;
  try {
    input = checkZoomApiInput(args);
  } catch (error) {
    return errorResult(ctx, (error as Error).message);
  }
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': `zoom-s2s/${version} (mcp)` };
  if (input.body) headers['content-type'] = 'application/json';
  const deadline = AbortSignal.timeout(limitMs);
  const tooLong = () => errorResult(ctx, `The call took longer than ${Math.round(limitMs / 1000)} s and was stopped. Ask for less: a smaller page_size, a narrower date range, or follow next_page_token rather than paginate.`);
  try {
    const outcome = await service.request({ method: input.method, target: input.path, query: input.query, headers, body: input.body, signal: deadline, ...(input.paginate ? { paginate: PAGINATE_LIMITS } : {}) });
    if (!outcome.ok) return deadline.aborted ? tooLong() : failureResult(ctx, input.method, outcome.failure);
    if (outcome.pages) return shape(ctx, outcome.response.status, JSON.stringify(outcome.pages.merged));
    const { body } = outcome.response;
    deadline.addEventListener('abort', () => body.destroy(deadline.reason as Error), { once: true });
    return shape(ctx, outcome.response.status, (await readBody(body, outcome.response.headers, 64 * 1024 * 1024)).toString('utf8'));
  } catch (error) {
    if (!deadline.aborted) throw error;
    return tooLong();
  }
}

/** A failure as a tool error: a refusal (by the user's policy: `refused`), Zoom's error answer with its code and what to do, or what went wrong on the way. */
function failureResult(ctx: Context, method: string, failure: ApiFailure): ToolResult {
  if (failure.kind === 'refused') return errorResult(ctx, failure.message, failure.status === 400 ? {} : { refused: true });
  if (failure.kind === 'failed') return errorResult(ctx, [failure.error.message, failure.error.hint].filter(Boolean).join(' '));
  const { response, hint } = failure;
  discardBody(response.body);
  const text = (response.errorBody ?? Buffer.alloc(0)).toString('utf8');
  const message = `Zoom API answered HTTP ${response.status} to ${method} ${response.url.pathname}: ${text || '(no body)'}${hint ? `\n${hint}` : ''}`;
  return { content: [{ type: 'text', text: ctx.io.forPeople(message) }], structuredContent: { status: response.status, body: maskedBody(ctx, text), ...(hint ? { hint } : {}) }, isError: true };
}

/** zoom_scopes: the current token's scopes and expiry, never the token. */
export async function zoomScopes(ctx: Context, service: ApiService): Promise<ToolResult> {
  const token = await service.token();
  const expiresIn = Math.max(0, Math.round((token.expiresAt - ctx.now()) / 1000));
  const result = { scopes: [...token.scopes].sort(), expiresAt: new Date(token.expiresAt).toISOString(), expiresIn };
  return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
}
