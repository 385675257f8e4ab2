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
import { openApiService, type ApiService } from '../../api-service.js';
import type { Context } from '../../context.js';
import { describePolicy, type ApiPolicy } from '../../core/api/policy.js';
import { nodeRequire } from '../../core/node-require.js';
import { listenOnLoopback, type LoopbackHost } from '../../core/net/loopback.js';
import { listenOptions, parseLoopbackAddress, serveUntilStopped } from '../serve.js';
import { resolveSubject } from '../../session.js';
import { keepInspectorShut, onTermination } from '../../terminal/signals.js';
import { version } from '../../version.js';
import { addPolicyOptions, policyFromFlags, type PolicyFlags } from '../policy-flags.js';
import { profileFlag } from '../profile-flag.js';
import { callZoomApi, TOOLS, zoomScopes, type ToolResult } from './tools.js';

export interface McpOptions {
  /** The --profile flag, if given. */
  profile: string | undefined;
  policy: ApiPolicy;
  /** --http: Streamable HTTP on this address instead of stdio. */
  http?: { host: LoopbackHost; port: number } | undefined;
}

export function mcpCommand(ctx: Context, run: (options: McpOptions, ctx: Context) => Promise<void> = runMcp): Command {
  return addPolicyOptions(new Command('mcp').description('Serve the Zoom API to an AI agent over MCP (stdio, or HTTP with --http), without showing it the secret or the token'))
    .option('--http <host:port>', 'serve Streamable HTTP on this loopback address instead of stdio (port 0: any free one); prints the URL first')
    .addHelpText(
      'after',
      `
The agent gets two tools: zoom_api (a call, or every page of a list) and
zoom_scopes (the app's scopes). It never sees the client secret or the
access token; a token Zoom refuses is replaced without the agent noticing.
On stdio, stdout carries the protocol alone and the server ends when stdin
closes.

Examples:
  $ claude mcp add zoom -- zoom-s2s mcp
  $ zoom-s2s mcp --profile prod --allow "GET /users/*" --allow "GET /report/**"
  $ zoom-s2s mcp --allow-write --allow "POST /users/*/meetings"

Set-up for Claude Desktop, Cursor and VS Code: docs/mcp.md.`,
    )
    .action(async (flags: PolicyFlags & { http?: string }, command: Command) => {
      await run({ profile: profileFlag(command), policy: policyFromFlags(flags), ...(flags.http === undefined ? {} : { http: parseLoopbackAddress(flags.http, '--http') }) }, ctx);
    });
}

type Sdk = {
  Server: typeof import('@modelcontextprotocol/sdk/server/index.js').Server;
  StdioServerTransport: typeof import('@modelcontextprotocol/sdk/server/stdio.js').StdioServerTransport;
  StreamableHTTPServerTransport: typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js').StreamableHTTPServerTransport;
  types: typeof import('@modelcontextprotocol/sdk/types.js');
};
type McpServer = InstanceType<Sdk['Server']>;

function loadSdk(): Sdk {
  return {
    Server: (nodeRequire('@modelcontextprotocol/sdk/server/index.js') as typeof import('@modelcontextprotocol/sdk/server/index.js')).Server,
    StdioServerTransport: (nodeRequire('@modelcontextprotocol/sdk/server/stdio.js') as typeof import('@modelcontextprotocol/sdk/server/stdio.js')).StdioServerTransport,
    StreamableHTTPServerTransport: (nodeRequire('@modelcontextprotocol/sdk/server/streamableHttp.js') as typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js')).StreamableHTTPServerTransport,
    types: nodeRequire('@modelcontextprotocol/sdk/types.js') as typeof import('@modelcontextprotocol/sdk/types.js'),
  };
}

export async function runMcp(options: McpOptions, ctx: Context): Promise<void> {
  keepInspectorShut(ctx.platform);
  const subject = await resolveSubject(ctx, options.profile);
  // The first token now: bad credentials end the server before an agent connects.
  const service = await openApiService(ctx, subject, { policy: options.policy });
  const sdk = loadSdk();
  const policyText = describePolicy(options.policy);
  const instructions = `Calls the Zoom API (${service.base}) as the Server-to-Server OAuth app of ${subject.source === 'profile' ? `profile "${subject.label}"` : 'the credentials in the environment'}. ${policyText} Use zoom_scopes to see what the app may do; paths are relative to /v2, such as /users/me.`;
  const newServer = (inFlight?: Set<Promise<unknown>>) => buildServer(sdk, ctx, service, instructions, inFlight);
  if (options.http) return serveHttp(sdk, ctx, newServer, options.http, policyText);

  const inFlight = new Set<Promise<unknown>>();
  const server = newServer(inFlight);
  const transport = new sdk.StdioServerTransport(ctx.io.stdin as NodeJS.ReadStream, ctx.io.stdout as NodeJS.WriteStream);
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      stopSignals();
      // The calls already begun are answered (their answers may still be read), then the server closes.
      void Promise.allSettled([...inFlight])
        .then(() => new Promise((done) => setImmediate(done)))
        .then(() => server.close())
        .then(resolve, reject);
    };
    // The stdio transport does not end when its input does: a client that goes away ends the server.
    ctx.io.stdin.once('end', stop);
    const stopSignals = onTermination(stop);
    server.connect(transport).then(() => ctx.io.notice(`zoom-s2s mcp: serving ${service.base} over stdio. ${policyText}`), reject);
  });
}

/** One MCP server (per stdio run, or per HTTP request): its instructions state the policy; its tools are tools.ts's. */
function buildServer(sdk: Sdk, ctx: Context, service: ApiService, instructions: string, inFlight: Set<Promise<unknown>> = new Set()): McpServer {
  const server = new sdk.Server({ name: 'zoom-s2s', version }, { capabilities: { tools: {} }, instructions });
  server.setRequestHandler(sdk.types.ListToolsRequestSchema, () => ({ tools: TOOLS.map((tool) => ({ ...tool })) }));
  const callTool = async (name: string, args: unknown): Promise<ToolResult> => {
    ctx.io.debug(`tool ${name}`);
    if (name === 'zoom_api') return callZoomApi(ctx, service, args ?? {});
    if (name === 'zoom_scopes') return zoomScopes(ctx, service);
    return { content: [{ type: 'text', text: `Unknown tool ${JSON.stringify(name).slice(0, 100)}: use zoom_api or zoom_scopes.` }], isError: true };
  };
  server.setRequestHandler(sdk.types.CallToolRequestSchema, (request) => {
    // Noted while it runs: a server told to stop first answers the calls it has begun.
    const call = callTool(request.params.name, request.params.arguments);
    inFlight.add(call);
    return call.finally(() => inFlight.delete(call));
  });
  return server;
}

/**
 * Streamable HTTP on a loopback address (core/net/loopback.ts: the key, the
 * Host and Origin checks), stateless: every request its own server, so each
 * client sends its own initialize.
 */
async function serveHttp(sdk: Sdk, ctx: Context, newServer: () => McpServer, address: { host: LoopbackHost; port: number }, policyText: string): Promise<void> {
  const loopback = await listenOnLoopback(address.host, address.port, listenOptions(ctx, 'mcp'));
  const refuse = (res: import('node:http').ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null })}\n`);
  };
  loopback.server.on('request', (req, res) => {
    const admitted = loopback.admit(req);
    if (!admitted.ok) return refuse(res, admitted.refusal.status, admitted.refusal.message);
    if (new URL(admitted.rest, 'http://x').pathname !== '/mcp') return refuse(res, 404, 'Not found.');
    const server = newServer();
    const transport = new sdk.StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((error: unknown) => {
        ctx.io.debug(`request failed: ${(error as Error).message}`);
        if (!res.headersSent) refuse(res, 500, 'Internal error.');
      });
  });
  await serveUntilStopped(ctx, loopback, {
    url: `${loopback.origin}/${loopback.key}/mcp`,
    notice: `zoom-s2s mcp: serving over Streamable HTTP on ${loopback.origin.replace('http://', '')} (the URL above). ${policyText}`,
  });
}
