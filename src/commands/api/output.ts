/**
 * How `zoom-s2s api` shows an answer: the body as it came on a pipe or in a
 * file, indented and coloured JSON on a terminal, never binary on a terminal;
 * error bodies on stderr, followed by one line saying what failed.
 */
import { formatBytes } from '../../core/text.js';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Context } from '../../context.js';
import type { OutputStream } from '../../terminal/process-streams.js';
import type { ApiResponse } from '../../core/api/call.js';
import { writeStreamAtomic } from '../../core/store/atomic-file.js';
import { ApiError, CliError, ExitCode, InterruptedError } from '../../core/errors.js';
import { discardBody, readBody } from '../../core/net/http.js';
import { escapeControls } from '../../core/text.js';
import { mayLosePrecision, renderJson } from '../../terminal/json-render.js';
import { onTermination } from '../../terminal/signals.js';

/** The largest body held in memory to be indented for a terminal. */
const DISPLAY_LIMIT_BYTES = 64 * 1024 * 1024;

export function isJson(contentType: string | undefined): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? '');
}

function isText(contentType: string | undefined): boolean {
  return contentType === undefined || isJson(contentType) || /^text\/|xml|javascript|x-www-form-urlencoded/i.test(contentType);
}

/** The reason phrase (the server's, escaped; else the standard one). */
export async function statusText(response: { status: number; statusText: string }): Promise<string> {
  if (response.statusText) return escapeControls(response.statusText);
  const { STATUS_CODES } = process.getBuiltinModule('node:http');
  return STATUS_CODES[response.status] ?? '';
}

/** -i: the status line and headers, then a blank line, on stdout before the body. */
export async function printHead(ctx: Context, response: ApiResponse): Promise<void> {
  const lines = [`HTTP/1.1 ${response.status} ${await statusText(response)}`.trimEnd()];
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) lines.push(`${name}: ${escapeControls(String(value))}`);
  ctx.io.out(`${lines.join('\n')}\n\n`);
}

/**
 * Copies `source` to `out`, waiting when it is full. A reader that goes away
 * (`| head`) ends the copy quietly, as it would for cat.
 */
export async function copyTo(source: Readable, out: OutputStream): Promise<void> {
  let gone = false;
  const onError = () => {
    gone = true;
    discardBody(source);
  };
  out.on('error', onError);
  try {
    for await (const chunk of source) {
      if (gone) break;
      if (!out.write(chunk as Buffer)) await once(out, 'drain').catch(() => undefined);
    }
  } catch (error) {
    if (!gone) throw error;
  } finally {
    // A write that fails later must not become an uncaught error.
    if (!gone) out.off('error', onError);
  }
}

/** JSON text for people: indented (coloured when the style has colour); the text as it was (escaped) when re-printing could alter it. */
export function displayJson(text: string, style: Parameters<typeof renderJson>[1]): string {
  if (mayLosePrecision(text)) return displayText(text);
  try {
    return renderJson(JSON.parse(text), style);
  } catch {
    return displayText(text);
  }
}

/** Text for people on a terminal: lines kept, control characters escaped, a final newline. */
function displayText(text: string): string {
  const shown = escapeControls(text, { keepLayout: true });
  return shown.endsWith('\n') || shown === '' ? shown : `${shown}\n`;
}

/** A successful answer's body: to the --output file, to a terminal for people, or to a pipe unchanged. */
export async function printBody(ctx: Context, response: ApiResponse, output: string | undefined): Promise<void> {
  const contentType = response.headers['content-type'];
  if (output !== undefined) {
    const bytes = await saveBody(response.body, output);
    if (ctx.io.isStderrTTY()) await ctx.io.success(`Saved ${formatBytes(bytes)} to ${output}.`);
    return;
  }
  if (!ctx.io.isStdoutTTY()) return copyTo(response.body, ctx.io.stdout);
  if (!isText(contentType)) {
    discardBody(response.body);
    const size = response.headers['content-length'] ? `, ${formatBytes(Number(response.headers['content-length']))}` : '';
    throw new CliError(`The answer is binary (${contentType}${size}); not printing it on a terminal.`, ExitCode.failure, {
      hint: 'Save it with --output FILE, or redirect: > FILE',
    });
  }
  const text = (await readBody(response.body, response.headers, DISPLAY_LIMIT_BYTES)).toString('utf8');
  if (text === '') return;
  ctx.io.out(isJson(contentType) ? displayJson(text, await ctx.io.style('stdout')) : displayText(text));
}

/**
 * Writes the body to `file` atomically; Ctrl-C or a kill while it arrives
 * leaves no partial file. Something that is not a file (/dev/null,
 * /dev/stdout, a FIFO) is written into, as curl does: replacing it would
 * turn a device into a file.
 */
async function saveBody(body: Readable, file: string): Promise<number> {
  const stop = onTermination(() => body.destroy(new InterruptedError()));
  try {
    if (isSpecialFile(file)) return await writeInto(file, body);
    return await writeStreamAtomic(file, body, 0o600);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code && code.startsWith('E') && (error as NodeJS.ErrnoException).syscall) {
      throw new CliError(`Cannot write ${file}: ${(error as Error).message}`, ExitCode.failure, { hint: 'Check that its folder exists and is writable.' });
    }
    throw error;
  } finally {
    stop();
  }
}

/** Whether `file` exists and is neither a regular file nor a folder (a device, a FIFO, a socket), links followed. */
function isSpecialFile(file: string): boolean {
  try {
    const stat = statSync(file);
    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}

async function writeInto(file: string, body: Readable): Promise<number> {
  const { pipeline } = process.getBuiltinModule('node:stream/promises');
  const out = createWriteStream(file, { flags: 'w' });
  let written = 0;
  body.on('data', (chunk: Buffer) => (written += chunk.length));
  await pipeline(body, out);
  return written;
}

/** An error answer (from callApi, its body read): Zoom's body on stderr as it came (indented on a terminal), then the error to report. */
export async function reportHttpError(ctx: Context, method: string, response: ApiResponse, hint: string | undefined): Promise<ApiError> {
  // Its start, read already, is all that is shown.
  discardBody(response.body);
  const body = response.errorBody ?? Buffer.alloc(0);
  const text = body.toString('utf8');
  if (text !== '') {
    // For people, wherever stderr goes: an echoed credential masked, control characters escaped.
    const shown = ctx.sensitive.mask(text);
    const pretty = ctx.io.isStderrTTY() && isJson(response.headers['content-type']);
    ctx.io.err(pretty ? displayJson(shown, await ctx.io.style()) : displayText(shown));
  }
  const where = `${method} ${response.url.pathname}`;
  const message = `Zoom API answered HTTP ${response.status} ${await statusText(response)}`.trimEnd() + ` to ${where}.`;
  return new ApiError(message, hint);
}

