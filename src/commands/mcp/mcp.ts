/**
 * `zoom-s2s mcp`: a Model Context Protocol server on stdio, so an AI agent
 * can call the Zoom API with the stored credentials without ever seeing the
 * secret or the token, within a policy its user sets (read-only unless
 * --allow-write; --allow narrows it to the calls listed). The protocol alone
 * goes to stdout; what zoom-s2s has to say goes to stderr. The MCP SDK is
 * loaded only here (and kept out of the bundle), so no other command pays
 * for it.
 */
import { Command } from 'commander';
import { openApiSession } from '../../api-session.js';
import { debug, say, type Context } from '../../context.js';
import { describePolicy, parseAllowRule, type ApiPolicy } from '../../core/api/policy.js';
import { nodeRequire } from '../../core/node-require.js';
import { resolveSubject } from '../../session.js';
import { onTermination } from '../../terminal/signals.js';
import { version } from '../../version.js';
import { profileFlag } from '../profile-flag.js';
import { callZoomApi, TOOLS, zoomScopes, type ToolResult } from './tools.js';

export interface McpOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  policy: ApiPolicy;
}

export function mcpCommand(ctx: Context, run: (options: McpOptions, ctx: Context) => Promise<void> = runMcp): Command {
  return new Command('mcp')
    .description('Serve the Zoom API to an AI agent over MCP (stdio), without showing it the secret or the token')
    .option('--allow-write', 'allow POST, PATCH, PUT and DELETE (read-only, GET only, by default)')
    .option('--allow <rule>', 'allow only calls like this one, "<METHOD> <path pattern>" (* one segment, ** the rest); repeatable', (rule: string, rules: string[] = []) => [...rules, rule])
    .addHelpText(
      'after',
      `
The agent gets two tools: zoom_api (a call, or every page of a list) and
zoom_scopes (the app's scopes). It never sees the client secret or the
access token; a token Zoom refuses is replaced without the agent noticing.
stdout carries the protocol alone; the server ends when stdin closes.

Examples:
  $ claude mcp add zoom -- zoom-s2s mcp
  $ zoom-s2s mcp --profile prod --allow "GET /users/*" --allow "GET /report/**"
  $ zoom-s2s mcp --allow-write --allow "POST /users/*/meetings"

Set-up for Claude Desktop, Cursor and VS Code: docs/mcp.md.`,
    )
    .action(async (flags: { allowWrite?: boolean; allow?: string[] }, command: Command) => {
      const policy: ApiPolicy = { allowWrite: flags.allowWrite === true, rules: (flags.allow ?? []).map(parseAllowRule) };
      await run({ profile: profileFlag(command), policy }, ctx);
    });
}

type Sdk = {
  Server: typeof import('@modelcontextprotocol/sdk/server/index.js').Server;
  StdioServerTransport: typeof import('@modelcontextprotocol/sdk/server/stdio.js').StdioServerTransport;
  types: typeof import('@modelcontextprotocol/sdk/types.js');
};

function loadSdk(): Sdk {
  return {
    Server: (nodeRequire('@modelcontextprotocol/sdk/server/index.js') as typeof import('@modelcontextprotocol/sdk/server/index.js')).Server,
    StdioServerTransport: (nodeRequire('@modelcontextprotocol/sdk/server/stdio.js') as typeof import('@modelcontextprotocol/sdk/server/stdio.js')).StdioServerTransport,
    types: nodeRequire('@modelcontextprotocol/sdk/types.js') as typeof import('@modelcontextprotocol/sdk/types.js'),
  };
}

export async function runMcp(options: McpOptions, ctx: Context): Promise<void> {
  const subject = await resolveSubject(ctx, options.profile);
  // The first token now: bad credentials end the server before an agent connects.
  const session = await openApiSession(ctx, subject);
  const sdk = loadSdk();
  const policyText = describePolicy(options.policy);
  const server = new sdk.Server(
    { name: 'zoom-s2s', version },
    {
      capabilities: { tools: {} },
      instructions: `Calls the Zoom API (${session.base}) as the Server-to-Server OAuth app of ${subject.source === 'profile' ? `profile "${subject.label}"` : 'the credentials in the environment'}. ${policyText} Use zoom_scopes to see what the app may do; paths are relative to /v2, such as /users/me.`,
    },
  );
  server.setRequestHandler(sdk.types.ListToolsRequestSchema, () => ({ tools: TOOLS.map((tool) => ({ ...tool })) }));
  server.setRequestHandler(sdk.types.CallToolRequestSchema, async (request): Promise<ToolResult> => {
    const { name, arguments: args } = request.params;
    debug(ctx, `tool ${name}`);
    if (name === 'zoom_api') return callZoomApi(ctx, session, options.policy, args ?? {});
    if (name === 'zoom_scopes') return zoomScopes(ctx, session);
    return { content: [{ type: 'text', text: `Unknown tool ${JSON.stringify(name).slice(0, 100)}: use zoom_api or zoom_scopes.` }], isError: true };
  });

  const transport = new sdk.StdioServerTransport(ctx.stdin as NodeJS.ReadStream, ctx.stdout as NodeJS.WriteStream);
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      stopSignals();
      server.close().then(resolve, reject);
    };
    // The stdio transport does not end when its input does: a client that goes away ends the server.
    ctx.stdin.once('end', stop);
    const stopSignals = onTermination(stop);
    server.connect(transport).then(() => say(ctx, `zoom-s2s mcp: serving ${session.base} over stdio. ${policyText}`), reject);
  });
}
