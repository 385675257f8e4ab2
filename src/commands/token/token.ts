/** `zoom-s2s token` for commander: its help, with the flags of flags.ts. What it does is run.ts; the entry (src/bin.ts) runs the same without commander. */
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addFlags } from '../commander-options.js';
import { profileFlag } from '../profile-flag.js';
import { TOKEN_FLAGS, tokenOptions } from './flags.js';
import { runToken, type TokenOptions } from './run.js';

export { runToken, type TokenOptions } from './run.js';

export function tokenCommand(ctx: Context, run: (options: TokenOptions, ctx: Context) => Promise<void> = runToken): Command {
  return addFlags(new Command('token').description('Print a valid access token (stdout carries the token and nothing else)'), TOKEN_FLAGS)
    .addHelpText(
      'after',
      `
Examples:
  $ zoom-s2s token --format header | curl -H @- https://api.zoom.us/v2/users/me
  $ TOKEN=$(zoom-s2s token)     # for a program that takes it from a variable, not as an argument
  $ eval "$(zoom-s2s token --format env)"     # sets ZOOM_ACCESS_TOKEN, ZOOM_API_URL, ZOOM_TOKEN_EXPIRES_AT
  $ zoom-s2s token --copy
  $ zoom-s2s token --copy --clear-after 45s
  $ zoom-s2s token --json
  $ zoom-s2s token --min-ttl 30m     # a token good for at least 30 more minutes
  $ zoom-s2s token --profile prod

Tokens are cached in the keychain and reused while they have at least
--min-ttl left (5 minutes by default); callers arriving at once share one mint.
--copy copies what would be printed (the token, unless --format says otherwise).
Without a display (over SSH) it asks the terminal to copy instead, with the
OSC 52 escape sequence; ZOOM_S2S_OSC52=0 turns that off.`,
    )
    .action(async (flags: Record<string, string | true | undefined>, command: Command) => {
      await run(tokenOptions(flags, profileFlag(command), ctx.env), ctx);
    });
}
