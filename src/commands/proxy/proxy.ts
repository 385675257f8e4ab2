/**
 * `zoom-s2s proxy`: the Zoom API on a local URL that adds the token, for any
 * program that takes a base URL (curl, Postman, a script, another
 * language's SDK) and should hold neither the secret nor the token. It
 * prints the URL (with its random key) first on stdout; or, given a command
 * after --, runs it with ZOOM_API_URL set to that URL and ends with it, as
 * `exec` does. The same session as `api` and `mcp` (one token for every
 * client, replaced once when Zoom refuses it) and the same policy flags as
 * `mcp`.
 */
import { Command } from 'commander';
import { openApiService } from '../../api-service.js';
import type { Context } from '../../context.js';
import { withoutSecret } from '../../core/auth/credentials.js';
import { describePolicy, type ApiPolicy } from '../../core/api/policy.js';
import { QuietExit } from '../../core/errors.js';
import { listenOnLoopback, type LoopbackHost } from '../../core/net/loopback.js';
import { listenOptions, parseLoopbackHost, parsePort, serveUntilStopped } from '../serve.js';
import { resolveSubject } from '../../session.js';
import { runChild } from '../child.js';
import { addPolicyOptions, policyFromFlags, type PolicyFlags } from '../policy-flags.js';
import { profileFlag } from '../profile-flag.js';
import { keepInspectorShut } from '../../terminal/signals.js';
import { forwardRequests } from './forward.js';

export interface ProxyOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  host: LoopbackHost;
  port: number;
  policy: ApiPolicy;
  /** No line per request on stderr. */
  quiet: boolean;
  /** The command to run after --, if any. */
  command: string | undefined;
  args: string[];
}

/** How long requests under way may take to finish once the proxy is told to stop. */
const STOP_GRACE_MS = 5000;

export function proxyCommand(ctx: Context, run: (options: ProxyOptions, ctx: Context) => Promise<number> = runProxy): Command {
  return addPolicyOptions(
    new Command('proxy')
      .description('Serve the Zoom API on a local URL that adds the token, for programs that should not hold it (curl, Postman, scripts)')
      .argument('[command]', 'a command to run with ZOOM_API_URL set to the proxy (after --)')
      .argument('[args...]', 'its arguments')
      .usage('[options] [-- <command> [args...]]'),
  )
    .option('--port <port>', 'the port to listen on (0: any free one)', '0')
    .option('--host <address>', 'the loopback address to listen on: 127.0.0.1 or ::1', '127.0.0.1')
    .option('-q, --quiet', 'no line on stderr for each request')
    .addHelpText(
      'after',
      `
Prints its URL, http://127.0.0.1:PORT/<key>/v2, first on stdout; a request
must carry the random key, and is sent to Zoom with the app's token (any
Authorization header of the client's is dropped). Answers come back as Zoom
sent them, redirects and 429s included. GET and HEAD only, unless
--allow-write; --allow narrows it to the calls listed. One line per request
on stderr (method, path, query names without values, status, size, time).
Ctrl-C or SIGTERM stops it.

With a command after --, the URL goes to the command as ZOOM_API_URL
(ZOOM_CLIENT_SECRET removed), the proxy stops when it ends, and its exit code
becomes zoom-s2s's.

Examples:
  $ zoom-s2s proxy --port 8123
  $ echo 'url = "http://127.0.0.1:8123/<key>/v2/users/me"' | curl -s -K-
  $ zoom-s2s proxy -- sh -c 'echo "url = \\"$ZOOM_API_URL/users/me\\"" | curl -s -K-'
  $ zoom-s2s proxy --profile prod --allow-write --allow "POST /users/*/meetings" -- python3 schedule.py`,
    )
    .action(async (command: string | undefined, args: string[], flags: PolicyFlags & { port: string; host: string; quiet?: boolean }, self: Command) => {
      const options: ProxyOptions = {
        profile: profileFlag(self),
        host: parseLoopbackHost(flags.host, '--host'),
        port: parsePort(flags.port, '--port'),
        policy: policyFromFlags(flags),
        quiet: flags.quiet === true,
        command,
        args,
      };
      const code = await run(options, ctx);
      // The command's own exit code, passed on through the one exit point.
      if (code !== 0) throw new QuietExit(code);
    });
}

export async function runProxy(options: ProxyOptions, ctx: Context): Promise<number> {
  keepInspectorShut(ctx.platform);
  const subject = await resolveSubject(ctx, options.profile);
  // The first token now: bad credentials end the proxy before a client connects.
  const service = await openApiService(ctx, subject, { policy: options.policy, first: ctx.io.progress('Requesting a token from Zoom…') });
  const loopback = await listenOnLoopback(options.host, options.port, listenOptions(ctx, 'proxy'));
  const url = `${loopback.origin}/${loopback.key}/v2`;
  loopback.server.on('request', forwardRequests({ ctx, service, policy: options.policy, loopback, log: !options.quiet }));

  if (options.command !== undefined) {
    // stdout belongs to the command: the URL reaches it through its environment only.
    try {
      return await runChild(options.command, options.args, { ...withoutSecret(ctx.env), ZOOM_API_URL: url });
    } finally {
      await loopback.close();
    }
  }

  await serveUntilStopped(ctx, loopback, {
    url,
    notice: `zoom-s2s proxy: forwarding the URL above to ${service.base}. ${describePolicy(options.policy)} Ctrl-C stops it.`,
    graceMs: STOP_GRACE_MS,
  });
  return 0;
}
