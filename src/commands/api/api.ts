import { Command } from 'commander';
import type { Context } from '../../context.js';
import { openApiService, type ApiFailure, type ApiRequest, type PageLimits } from '../../api-service.js';
import { planApiRequest, type FieldArgument } from './request.js';
import { apiBase, resolveApiUrl } from '../../core/api/url.js';
import { parseDuration } from '../duration.js';
import { CliError, NetworkError, UsageError } from '../../core/errors.js';
import { version } from '../../version.js';
import { printBody, printHead, reportHttpError } from './output.js';
import { describeDuration } from '../../terminal/output.js';
import { profileFlag } from '../profile-flag.js';
import { readAll } from '../../terminal/input.js';
import { resolveSubject } from '../../session.js';

export interface ApiOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  /** A path such as /users/me, or a full URL. */
  target: string;
  method: string | undefined;
  fields: FieldArgument[];
  headers: string[];
  /** --input: a file, or - for stdin. */
  input: string | undefined;
  include: boolean;
  paginate: boolean;
  /** --output: a file, or - for stdout. */
  output: string | undefined;
  /** --max-time: the API calls end after this long. */
  maxTimeMs?: number | undefined;
}

/** The largest --input body, and the largest page --paginate holds in memory. */
const INPUT_LIMIT_BYTES = 16 * 1024 * 1024;
const PAGE_LIMIT_BYTES = 64 * 1024 * 1024;
/** What --paginate collects before it gives up: a server that never stops sending pages must not fill the memory. */
export const PAGINATE_LIMITS: PageLimits = { pages: 1000, bytes: 256 * 1024 * 1024, pageBytes: PAGE_LIMIT_BYTES };
const MAX_TIME_LIMIT_MS = 24 * 3_600_000;

export function apiCommand(ctx: Context, run: (options: ApiOptions, ctx: Context) => Promise<void> = runApi): Command {
  // -F and -f add to one list, so fields keep the order they were given in.
  const fields: FieldArgument[] = [];
  const field = (typed: boolean) => (text: string) => {
    fields.push({ text, typed });
    return fields;
  };
  // No default list: commander would print "(default: [])" in the help.
  const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
  return new Command('api')
    .description('Call the Zoom API with a valid token, replaced by a new one when Zoom refuses it')
    .argument('<path>', 'an API path such as /users/me (/v2 is added), or a full URL on the API host')
    .option('-X, --method <method>', 'the HTTP method (default: GET; POST when fields or --input give a body)')
    .option('-F, --field <key=value>', 'a field, repeatable: the JSON body of a POST, PUT or PATCH, else a query parameter; true, false, null and numbers become JSON values, settings[key]=value nests, key[]=value lists', field(true))
    .option('-f, --raw-field <key=value>', 'like -F, but the value stays a string', field(false))
    .option('-H, --header <header>', 'an extra request header "Name: value", repeatable (not Authorization)', collect)
    .option('--input <file>', 'the request body (JSON) from a file, or - for stdin; fields then go into the query')
    .option('-i, --include', 'print the status line and response headers before the body')
    .option('--paginate', 'follow next_page_token to the last page and print the pages merged (lists joined)')
    .option('-o, --output <file>', 'write the response body to this file (replaced atomically, mode 0600; a device or FIFO is written into; - is stdout)')
    .option('--max-time <duration>', 'give up the API calls after this long, waits and retries included (e.g. 30s, 5m); exit 5')
    .addHelpText(
      'after',
      `
Examples:
  $ zoom-s2s api /users/me
  $ zoom-s2s api /users/me/meetings -X GET -F type=upcoming -F page_size=300
  $ zoom-s2s api /users --paginate > users.json
  $ zoom-s2s api /users/me/meetings -F topic="Weekly sync" -F type=2 \\
      -F start_time=2026-12-01T15:00:00Z -F duration=30 -F 'settings[join_before_host]=true'
  $ zoom-s2s api /meetings/85746065432 -X PATCH --input changes.json
  $ zoom-s2s api /users/me/recordings -X GET -F from=2026-11-01
  $ zoom-s2s api "$DOWNLOAD_URL" --output standup.mp4     # a recording's download_url

The body goes to stdout: as it came on a pipe, indented and coloured on a
terminal. An error answer's body goes to stderr and the exit code is 1. A
refused token (HTTP 401, Zoom code 124) is replaced and the call made once
more; a 429 is waited out when Zoom says how long (60 s at most in all); GET
and HEAD are tried again after a network failure or a 5xx, other methods
never are. The token is sent only to the API host and, on Zoom's domains,
other zoom.us (zoomgov.com) hosts; ZOOM_S2S_API_URL points at another API.`,
    )
    .action(async (target: string, flags: { method?: string; header?: string[]; input?: string; include?: boolean; paginate?: boolean; output?: string; maxTime?: string }, self: Command) => {
      await run(
        {
          profile: profileFlag(self),
          target,
          method: flags.method,
          fields,
          headers: flags.header ?? [],
          input: flags.input,
          include: flags.include === true,
          paginate: flags.paginate === true,
          output: flags.output === '-' ? undefined : flags.output,
          maxTimeMs: flags.maxTime === undefined ? undefined : parseDuration(flags.maxTime, '--max-time', MAX_TIME_LIMIT_MS),
        },
        ctx,
      );
    });
}

/** --input: a file (a FIFO or device too) or stdin, read as it comes and refused past the limit, whatever its size claims. */
async function readInput(ctx: Context, source: string): Promise<Buffer> {
  const what = source === '-' ? 'The body on stdin' : `The --input file ${source}`;
  let text: string | undefined;
  try {
    const stream = source === '-' ? ctx.io.stdin : process.getBuiltinModule('node:fs').createReadStream(source);
    text = await readAll(stream, INPUT_LIMIT_BYTES);
    if (source !== '-') (stream as import('node:fs').ReadStream).destroy();
  } catch (error) {
    throw new UsageError(`Cannot read the --input file ${source}: ${(error as Error).message}`);
  }
  if (text === undefined) throw new UsageError(`${what} is larger than ${INPUT_LIMIT_BYTES / 1024 / 1024} MiB.`);
  return Buffer.from(text);
}

export async function runApi(options: ApiOptions, ctx: Context): Promise<void> {
  const input = options.input === undefined ? undefined : await readInput(ctx, options.input);
  const plan = planApiRequest(
    { method: options.method, fields: options.fields, headers: options.headers, input, paginate: options.paginate },
    `zoom-s2s/${version}`,
  );
  const subject = await resolveSubject(ctx, options.profile);
  // A URL for a host that may not see the token is refused before one is fetched.
  resolveApiUrl(options.target, apiBase(ctx.env, undefined, subject.domain));
  const service = await openApiService(ctx, subject, {
    first: ctx.io.progress('Requesting a token from Zoom…'),
    replace: ctx.io.progress('Zoom refused the token; requesting a new one…'),
  });
  const signal = options.maxTimeMs === undefined ? undefined : AbortSignal.timeout(options.maxTimeMs);
  const request: ApiRequest = { method: plan.method, target: options.target, query: plan.query, headers: plan.headers, body: plan.body, signal };
  if (options.paginate) {
    request.paginate = {
      ...PAGINATE_LIMITS,
      onPage: async (response, next, count) => {
        if (options.include) await printHead(ctx, response);
        ctx.io.debug(`page ${count}${next ? '; next_page_token follows' : '; the last'}`);
      },
    };
  }
  try {
    const outcome = await service.request(request);
    if (!outcome.ok) throw await failure(ctx, plan.method, outcome.failure, options);
    if (!outcome.pages) {
      if (options.include) await printHead(ctx, outcome.response);
      return await printBody(ctx, outcome.response, options.output);
    }
    // --paginate: one answer with the lists joined.
    const body = process.getBuiltinModule('node:stream').Readable.from([Buffer.from(`${JSON.stringify(outcome.pages.merged)}\n`)]);
    await printBody(ctx, { ...outcome.response, headers: { 'content-type': 'application/json' }, body }, options.output);
  } catch (error) {
    if (signal?.aborted && !(error instanceof CliError)) {
      throw new NetworkError(`The API call did not finish within ${describeDuration(options.maxTimeMs!)} (--max-time).`, { hint: 'Allow more time with a larger --max-time, or ask for less (a narrower query, fewer pages).', cause: error });
    }
    throw error;
  }
}

/** The error to exit with: a refused target is a usage error; Zoom's error answer is shown (its head too with -i) and becomes an ApiError. */
async function failure(ctx: Context, method: string, failure: ApiFailure, options: ApiOptions): Promise<CliError> {
  if (failure.kind === 'refused') return new UsageError(failure.message, failure.hint);
  if (failure.kind === 'failed') return failure.error;
  if (options.include) await printHead(ctx, failure.response);
  return reportHttpError(ctx, method, failure.response, failure.hint);
}
