/**
 * After every command in every mode (keychain, insecure file, environment),
 * the client secret appears nowhere but the keychain and the 0600
 * credentials file, and access tokens only where they were asked for:
 * checked over every file under HOME, every captured output, the --debug
 * output, and the command lines of all processes seen during the run.
 * Run under umask 000: files must still be 0600 in 0700 folders.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { ensureKeyringAnswers } from '../helpers/keyring.js';
import { startApiEmulator, type ApiEmulator } from '../emulator/api-emulator.js';
import { clearKeychainItem, noKeyring, runCli, sandbox, type CliResult } from '../helpers/run-cli.js';

const SECRET = SAMPLE_APP.clientSecret;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...filesUnder(full)] : [full];
  });
}

/** Command lines of every process on the machine, sampled while the run goes on. */
function sampleCommandLines(into: Set<string>): NodeJS.Timeout {
  return setInterval(() => {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        into.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
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
    api = await startApiEmulator({ validTokens: () => zoom.issued });
    umask = process.umask(0o000);
  });
  after(async () => {
    process.umask(umask);
    await api?.close();
    await zoom?.close();
  });

  test('every command, every mode: the secret and tokens stay where they belong', async () => {
    const modes: Array<{ name: string; env: Record<string, string>; loginArgs: string[] | undefined; secretFile: boolean }> = [
      { name: 'environment', env: { ZOOM_ACCOUNT_ID: SAMPLE_APP.accountId, ZOOM_CLIENT_ID: SAMPLE_APP.clientId, ZOOM_CLIENT_SECRET: SECRET, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }, loginArgs: undefined, secretFile: false },
      { name: 'insecure file', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }, loginArgs: ['--insecure-storage'], secretFile: true },
    ];
    if (!noKeyring) modes.push({ name: 'keychain', env: {}, loginArgs: [], secretFile: false });

    const commandLines = new Set<string>();
    const sampler = sampleCommandLines(commandLines);
    const outputs: Array<{ mode: string; args: string[]; result: CliResult; tokenOutput: boolean }> = [];
    const homes: Array<{ home: string; secretFile: boolean; name: string }> = [];
    try {
      for (const mode of modes) {
        clearKeychainItem('default');
        clearKeychainItem('default:token');
        const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_API_URL: api.base, ...mode.env });
        homes.push({ home: box.home, secretFile: mode.secretFile, name: mode.name });
        const run = async (args: string[], tokenOutput = false, input = '') => {
          const result = await runCli(args, { env: box.env, input });
          outputs.push({ mode: mode.name, args, result, tokenOutput });
          return result;
        };
        if (mode.loginArgs) {
          const login = await run(['--debug', 'login', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin', ...mode.loginArgs], false, `${SECRET}\n`);
          assert.equal(login.code, 0, `${mode.name}: ${login.stderr}`);
        }
        for (const args of [['token'], ['token', '--json'], ['--debug', 'token', '--force'], ['--debug', 'token'], ['token', '--format', 'env'], ['token', '--format', 'header']]) {
          const result = await run(args, true);
          assert.equal(result.code, 0, `${mode.name} ${args.join(' ')}: ${result.stderr}`);
        }
        for (const args of [['scopes'], ['scopes', '--json'], ['status'], ['status', '--json'], ['--debug', 'status', '--check'], ['profiles'], ['profiles', '--json']]) {
          const result = await run(args);
          assert.equal(result.code, 0, `${mode.name} ${args.join(' ')}: ${result.stderr}`);
        }
        // The API: a call, a refused token replaced (debug on), an error answer, a command run with the token.
        for (const [args, code] of [[['--debug', 'api', '/users/me'], 0], [['--debug', 'api', '/report/daily'], 0], [['--debug', 'api', '/users/nobody'], 1], [['--debug', 'exec', '--', 'true'], 0]] as const) {
          const result = await run([...args]);
          assert.equal(result.code, code, `${mode.name} ${args.join(' ')}: ${result.stderr}`);
        }
        // doctor reads everything there is to read; its exit code depends on the mode (no keychain: a warning or a failure).
        await run(['--debug', 'doctor']);
        await run(['doctor', '--json']);
        if (mode.loginArgs) await run(['--debug', 'logout']);
      }
    } finally {
      clearInterval(sampler);
    }

    const tokens = zoom.issued;
    assert.ok(tokens.length > 0);
    for (const { mode, args, result, tokenOutput } of outputs) {
      const where = `${mode}: zoom-s2s ${args.join(' ')}`;
      for (const [stream, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
        assert.ok(!text.includes(SECRET), `${where}: the secret on ${stream}`);
        if (stream === 'stderr' || !tokenOutput) {
          for (const token of tokens) assert.ok(!text.includes(token), `${where}: an access token on ${stream}`);
        }
      }
    }
    for (const line of commandLines) assert.ok(!line.includes(SECRET), `the secret in a command line: ${line}`);

    for (const { home, secretFile, name } of homes) {
      for (const file of filesUnder(home)) {
        const stat = statSync(file);
        if (stat.isDirectory()) {
          if (file.includes('zoom-s2s')) assert.equal(stat.mode & 0o777, 0o700, `${name}: folder ${file}`);
          continue;
        }
        assert.equal(stat.mode & 0o077, 0, `${name}: ${file} is readable by others (${(stat.mode & 0o777).toString(8)})`);
        const text = readFileSync(file, 'latin1');
        const allowed = secretFile && path.basename(file) === 'credentials.json';
        if (!allowed) {
          assert.ok(!text.includes(SECRET), `${name}: the secret in ${file}`);
          for (const token of tokens) assert.ok(!text.includes(token), `${name}: an access token in ${file}`);
        }
      }
    }
    console.log(`# secret hygiene: ${outputs.length} commands in ${modes.length} modes, ${commandLines.size} command lines sampled, ${homes.length} homes scanned`);
  });
});
