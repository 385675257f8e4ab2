import { Command } from 'commander';
import type { Context } from '../context.js';
import { QuietExit } from '../core/errors.js';
import type { CachedToken } from '../core/auth/token-cache.js';
import { parseMinTtl } from './duration.js';
import { apiBase } from '../core/api/url.js';
import { withoutSecret } from '../core/auth/credentials.js';
import type { ZoomDomain } from '../core/zoom.js';
import { runChild } from './child.js';
import { profileFlag } from './profile-flag.js';
import { resolveSubject, tokenFor } from '../session.js';

export interface ExecOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  minTtlMs: number;
  command: string;
  args: string[];
}

export function execCommand(ctx: Context, run: (options: ExecOptions, ctx: Context) => Promise<number> = runExec): Command {
  return new Command('exec')
    .description('Run a command with a valid token in its environment (ZOOM_ACCESS_TOKEN, ZOOM_API_URL, ZOOM_TOKEN_EXPIRES_AT)')
    .argument('<command>', 'the command to run (after --)')
    .argument('[args...]', 'its arguments')
    .option('--min-ttl <duration>', 'the token must live at least this long (e.g. 10m)', '5m')
    .addHelpText(
      'after',
      `
Put -- before the command. Its exit code becomes zoom-s2s's (128 + the signal
number when a signal ends it); SIGINT, SIGTERM, SIGHUP and SIGQUIT are passed on to it.
ZOOM_CLIENT_SECRET is removed from its environment.

Examples:
  $ zoom-s2s exec -- sh -c 'printf "url = \\"%s/users/me\\"\\nheader = \\"Authorization: Bearer %s\\"\\n" "$ZOOM_API_URL" "$ZOOM_ACCESS_TOKEN" | curl -fsS -K-'
  $ zoom-s2s exec --profile prod --min-ttl 30m -- python3 report.py`,
    )
    .action(async (command: string, args: string[], flags: { minTtl: string }, self: Command) => {
      const code = await run({ profile: profileFlag(self), minTtlMs: parseMinTtl(flags.minTtl), command, args }, ctx);
      // Not an error: the child's own exit code, passed on through the one exit point.
      if (code !== 0) throw new QuietExit(code);
    });
}

/** The environment the command runs with. */
export function childEnvironment(env: Record<string, string | undefined>, token: CachedToken, domain: ZoomDomain): Record<string, string> {
  const out = withoutSecret(env);
  out.ZOOM_ACCESS_TOKEN = token.accessToken;
  out.ZOOM_API_URL = apiBase(env, token.apiUrl, domain);
  out.ZOOM_TOKEN_EXPIRES_AT = new Date(token.expiresAt).toISOString();
  return out;
}

export async function runExec(options: ExecOptions, ctx: Context): Promise<number> {
  const subject = await resolveSubject(ctx, options.profile);
  const token = await tokenFor(ctx, subject, { minTtlMs: options.minTtlMs }, ctx.io.progress('Requesting a token from Zoom…'));
  return runChild(options.command, options.args, childEnvironment(ctx.env, token, subject.domain));
}
