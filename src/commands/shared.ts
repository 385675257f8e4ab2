/** Pieces several commands use: the profile, getting a token, styled stderr. */
import { debug, type Context } from '../context.js';
import { loadStoredCredentials } from '../core/credentials.js';
import { resolveOAuthOrigin } from '../core/endpoint.js';
import { mintToken, type MintDeps } from '../core/oauth.js';
import { colorEnabled, loadStyle, type Style } from '../core/output.js';
import { withSpinner } from '../core/spinner.js';
import type { AccessToken, ClientCredentials } from '../core/token.js';

export const DEFAULT_PROFILE = 'default';

export function mintDeps(ctx: Context): MintDeps {
  return { fetch: ctx.fetch, now: ctx.now, sleep: ctx.sleep, debug: (message) => debug(ctx, message) };
}

/** Mints a token, with a spinner on a terminal. */
export async function mintWithSpinner(ctx: Context, credentials: ClientCredentials, text: string): Promise<AccessToken> {
  const origin = resolveOAuthOrigin(ctx.env);
  return withSpinner(ctx.stderr, ctx.env, text, () => mintToken(credentials, origin, mintDeps(ctx)));
}

/** A valid token for the stored credentials of `profile`. */
export async function acquireToken(ctx: Context, profile: string): Promise<AccessToken> {
  const settings = await ctx.settings();
  const credentials = await loadStoredCredentials(profile, settings, ctx.keychain);
  return mintWithSpinner(ctx, credentials, 'Requesting a token from Zoom…');
}

export function stderrStyle(ctx: Context): Promise<Style> {
  return loadStyle(colorEnabled(ctx.stderr, ctx.env));
}

export function stdoutStyle(ctx: Context): Promise<Style> {
  return loadStyle(colorEnabled(ctx.stdout, ctx.env));
}

/** A line for people, on stderr. */
export function say(ctx: Context, line: string): void {
  ctx.stderr.write(`${line}\n`);
}

/** Reads all of `stream` as UTF-8, refusing more than `maxBytes`. */
export async function readAll(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
