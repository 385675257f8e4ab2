/**
 * After every command in every mode (keychain, insecure file, environment),
 * the client secret appears nowhere but the keychain and the 0600
 * credentials file, and access tokens only where they were asked for:
 * checked over every file under HOME, every captured output, the --debug
 * output, the environments `exec` and `proxy` give their commands (dumped by `env`), and
 * the command lines and environments of all processes seen during the run
 * (the clipboard tool and the --clear-after helper, which outlive the
 * command, among them). Run under umask 000: files must still be 0600 in
 * 0700 folders.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { ensureKeyringAnswers } from '../helpers/keyring.js';
import { startApiEmulator, type ApiEmulator } from '../emulator/api-emulator.js';
import { clearKeychainItem, noDisplay, noKeyring, runCli, sandbox, type CliResult } from '../helpers/run-cli.js';

const SECRET = SAMPLE_APP.clientSecret;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...filesUnder(full)] : [full];
  });
}

interface ProcessSeen {
  pid: string;
  cmdline: string;
  environ: string[];
}

/** Command lines and environments of every process on the machine, sampled while the run goes on. */
function sampleProcesses(into: Map<string, ProcessSeen>): NodeJS.Timeout {
  return setInterval(() => {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
        into.set(`${pid} ${cmdline} ${environ.length}`, { pid, cmdline, environ });
      } catch {
        // Gone already.
      }
    }
  }, 15);
}

describe('secret hygiene', { skip: process.platform !== 'linux' ? 'reads /proc' : false }, () => {
  let zoom: ZoomEmulator;
  let api: ApiEmulator;
  let umask: number;
  before(async () => {
    ensureKeyringAnswers('secret hygiene');
    zoom = await startZoomEmulator();
    api = await startApiEmulator({ issuer: zoom });
    umask = process.umask(0o000);
  });
  after(async () => {
    process.umask(umask);
    await api?.close();
    await zoom?.close();
  });

  interface Mode {
    name: string;
    env: Record<string, string>;
    loginArgs: string[] | undefined;
    secretFile: boolean;
  }
  const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
  const modes: Array<[Mode, string | false]> = [
    [{ name: 'environment', env: { ZOOM_ACCOUNT_ID: SAMPLE_APP.accountId, ZOOM_CLIENT_ID: SAMPLE_APP.clientId, ZOOM_CLIENT_SECRET: SECRET, ...NO_BUS }, loginArgs: undefined, secretFile: false }, noDisplay],
    [{ name: 'insecure file', env: NO_BUS, loginArgs: ['--insecure-storage'], secretFile: true }, noDisplay],
    [{ name: 'keychain', env: {}, loginArgs: [], secretFile: false }, noKeyring || noDisplay],
  ];

  for (const [mode, skip] of modes) {
    test(`${mode.name}: every command, and the secret and tokens stay where they belong`, { skip }, () => scan(mode));
  }

  async function scan(mode: Mode): Promise<void> {
    const processes = new Map<string, ProcessSeen>();
    const sampler = sampleProcesses(processes);
    const outputs: Array<{ args: string[]; result: CliResult; tokenOutput: boolean }> = [];
    clearKeychainItem('default');
    clearKeychainItem('default:token');
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...mode.env });
    const run = async (args: string[], tokenOutput = false, input = '') => {
      const result = await runCli(args, { env: box.env, input });
      outputs.push({ args, result, tokenOutput });
      return result;
    };
    try {
      if (mode.loginArgs) {
        const login = await run(['--debug', 'login', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin', ...mode.loginArgs], false, `${SECRET}\n`);
        assert.equal(login.code, 0, login.stderr);
      }
      for (const args of [['token'], ['token', '--json'], ['--debug', 'token', '--force'], ['--debug', 'token'], ['token', '--format', 'env'], ['token', '--format', 'header']]) {
        const result = await run(args, true);
        assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      }
      // The clipboard holds the token (asked for); stdout and stderr must not.
      for (const args of [['--debug', 'token', '--copy'], ['token', '--copy', '--clear-after', '1m']]) {
        const result = await run(args);
        assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      }
      for (const args of [['scopes'], ['scopes', '--json'], ['status'], ['status', '--json'], ['--debug', 'status', '--check'], ['profiles'], ['profiles', '--json']]) {
        const result = await run(args);
        assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      }
      // The API: a call, a refused token replaced (debug on), an error answer.
      for (const [args, code] of [[['--debug', 'api', '/users/me'], 0], [['--debug', 'api', '/report/daily'], 0], [['--debug', 'api', '/users/nobody'], 1]] as const) {
        const result = await run([...args]);
        assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      }
      // An agent's session with the MCP server: every message it gets back is scanned like any output.
      const rpc = (id: number, method: string, params: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
      const tool = (id: number, name: string, args: Record<string, unknown>) => rpc(id, 'tools/call', { name, arguments: args });
      const agent = [
        rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'scan', version: '1' } }),
        JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
        rpc(2, 'tools/list', {}),
        tool(3, 'zoom_api', { path: '/users/me' }),
        tool(4, 'zoom_api', { path: '/report/daily' }),
        tool(5, 'zoom_api', { path: '/users/nobody' }),
        tool(6, 'zoom_scopes', {}),
        tool(7, 'zoom_api', { method: 'POST', path: '/users/me/meetings', body: { topic: 'x' } }),
      ];
      const mcp = await run(['--debug', 'mcp'], false, `${agent.join('\n')}\n`);
      assert.equal(mcp.code, 0, mcp.stderr);
      const answered = mcp.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id?: number }).id);
      assert.deepEqual(answered.sort(), [1, 2, 3, 4, 5, 6, 7], 'the MCP server answered every request');
      // A program using the proxy: its answers, the proxy's log (--debug) and the environment it gave the command are scanned; none may hold a token.
      const viaProxy = await run(['--debug', 'proxy', '--allow-write', '--', 'sh', '-c', 'for p in users/me report/daily users/nobody; do curl -s "$ZOOM_API_URL/$p"; done; curl -s -X POST -d "{}" "$ZOOM_API_URL/users/me/meetings"; env']);
      assert.equal(viaProxy.code, 0, viaProxy.stderr);
      assert.match(viaProxy.stdout, /"email":"jchill@example.com"/);
      assert.match(viaProxy.stdout, /^ZOOM_API_URL=http:\/\/127\.0\.0\.1:\d+\//m, 'the scan saw the environment the proxy gave its command');
      assert.match(viaProxy.stderr, /zoom-s2s proxy: POST \/v2\/users\/me\/meetings 201/);
      // A command run with the token prints the environment it was given (the token is asked for there).
      const child = await run(['--debug', 'exec', '--', 'env'], true);
      assert.equal(child.code, 0, child.stderr);
      assert.match(child.stdout, /^ZOOM_ACCESS_TOKEN=eyJ/m, 'the scan saw the child\'s environment');
      // doctor reads everything there is to read; its exit code depends on the mode (no keychain: a warning or a failure).
      await run(['--debug', 'doctor']);
      await run(['doctor', '--json']);
      if (mode.loginArgs) await run(['--debug', 'logout']);
      // The --clear-after helper is still running: wait until the sampler has seen it.
      const deadline = Date.now() + 5000;
      while (![...processes.values()].some((seen) => seen.cmdline.includes('__clear-clipboard') && seen.environ.includes(`HOME=${box.home}`))) {
        assert.ok(Date.now() < deadline, 'the sampler never saw the --clear-after helper');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      clearInterval(sampler);
      for (const seen of processes.values()) {
        if (seen.cmdline.includes('__clear-clipboard') && seen.environ.includes(`HOME=${box.home}`)) {
          try {
            process.kill(Number(seen.pid), 'SIGTERM');
          } catch {
            // Gone already.
          }
        }
      }
    }

    const tokens = zoom.issued;
    assert.ok(tokens.length > 0);
    for (const { args, result, tokenOutput } of outputs) {
      const where = `zoom-s2s ${args.join(' ')}`;
      for (const [stream, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
        assert.ok(!text.includes(SECRET), `${where}: the secret on ${stream}`);
        if (stream === 'stderr' || !tokenOutput) {
          for (const token of tokens) assert.ok(!text.includes(token), `${where}: an access token on ${stream}`);
        }
      }
    }

    const ours = [...processes.values()].filter((seen) => seen.environ.includes(`HOME=${box.home}`));
    for (const seen of processes.values()) {
      assert.ok(!seen.cmdline.includes(SECRET), `the secret in a command line: ${seen.cmdline}`);
      for (const token of tokens) assert.ok(!seen.cmdline.includes(token), `an access token in a command line: ${seen.cmdline}`);
    }
    for (const seen of ours) {
      // Only zoom-s2s itself, run by this test with the variable, may hold the secret in its environment.
      const launchedByTest = /bin\/zoom-s2s\.cjs /.test(seen.cmdline) && !seen.cmdline.includes('__clear-clipboard');
      if (!launchedByTest) assert.ok(!seen.environ.some((entry) => entry.includes(SECRET)), `the secret in the environment of: ${seen.cmdline}`);
      // A token only as the ZOOM_ACCESS_TOKEN that exec gives its command.
      for (const entry of seen.environ.filter((e) => !e.startsWith('ZOOM_ACCESS_TOKEN='))) {
        for (const token of tokens) assert.ok(!entry.includes(token), `an access token in the environment of: ${seen.cmdline}`);
      }
    }

    for (const file of filesUnder(box.home)) {
      const stat = statSync(file);
      if (stat.isDirectory()) {
        if (file.includes('zoom-s2s')) assert.equal(stat.mode & 0o777, 0o700, `folder ${file}`);
        continue;
      }
      assert.equal(stat.mode & 0o077, 0, `${file} is readable by others (${(stat.mode & 0o777).toString(8)})`);
      const text = readFileSync(file, 'latin1');
      const allowed = mode.secretFile && path.basename(file) === 'credentials.json';
      if (!allowed) {
        assert.ok(!text.includes(SECRET), `the secret in ${file}`);
        for (const token of tokens) assert.ok(!text.includes(token), `an access token in ${file}`);
      }
    }
    console.log(`# secret hygiene, ${mode.name}: ${outputs.length} commands, ${processes.size} processes sampled (${ours.length} of this run), ${filesUnder(box.home).length} files scanned`);
  }
});
