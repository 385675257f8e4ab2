/** What `zoom-s2s token` does, once its flags are read (token.ts with commander, or src/token-program.ts without). */
import type { Context } from '../../context.js';
import { apiBase } from '../../core/api/url.js';
import { describeRemaining, formatUtc } from '../../terminal/output.js';
import { secondsLeft } from '../../core/auth/token.js';
import { formatToken, type TokenFormat } from '../../core/auth/token-format.js';
import { resolveSubject, tokenFor } from '../../session.js';

export interface TokenOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  copy: boolean;
  /** --copy: clear the clipboard after this long, if it still holds the token. */
  clearAfterMs?: number | undefined;
  format: TokenFormat;
  minTtlMs: number;
  force: boolean;
}

export async function runToken(options: TokenOptions, ctx: Context): Promise<void> {
  const subject = await resolveSubject(ctx, options.profile);
  const token = await tokenFor(ctx, subject, { minTtlMs: options.minTtlMs, force: options.force }, ctx.io.progress('Requesting a token from Zoom…'));
  const now = ctx.now();
  const expiry = `expires ${describeRemaining(secondsLeft(token, now))}, at ${formatUtc(token.expiresAt, now)}`;
  const text = formatToken(token, options.format, options.format === 'env' ? apiBase(ctx.env, token.apiUrl, subject.domain) : '', now);

  // Loaded with --copy only: a plain `token` runs in loops.
  if (options.copy) return (await import('./copy.js')).copyToken(ctx, text, options, expiry);
  ctx.io.out(text);
  if (ctx.io.isStderrTTY()) ctx.io.notice(`Token ${expiry}.`);
}
