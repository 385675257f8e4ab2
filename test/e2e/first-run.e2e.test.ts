/** What a new user meets first: a clone before npm install, the packed package, and the classic mistakes. */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, loggedInSandbox, NO_KEYCHAIN, noKeyring, runCli, sandbox } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';
import { noTmux, Terminal } from '../helpers/terminal.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('before npm install', () => {
  test('bin/zoom-s2s.cjs without the bundle: one line saying to run npm install, exit 1', () => {
    const clone = tempDir('zoom-s2s-clone-');
    cpSync(path.join(ROOT, 'bin'), path.join(clone, 'bin'), { recursive: true });
    const run = spawnSync(process.execPath, [path.join(clone, 'bin', 'zoom-s2s.cjs'), 'token'], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^zoom-s2s is not built yet \(.*dist\/bundle\/zoom-s2s\.cjs is missing\): run npm install in .*\n$/);
  });

  test('npm run demo without node_modules: one line saying to run npm install', () => {
    const clone = tempDir('zoom-s2s-clone-');
    mkdirSync(path.join(clone, 'scripts'));
    cpSync(path.join(ROOT, 'scripts', 'demo.mjs'), path.join(clone, 'scripts', 'demo.mjs'));
    const run = spawnSync(process.execPath, [path.join(clone, 'scripts', 'demo.mjs')], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^The dependencies are not installed: run npm install in .* first\.\n$/);
  });
});

describe('npm run demo', () => {
  test('prints what to paste, and what it prints works', async () => {
    // PATH without a zoom-s2s on it: the demo says to run npm link.
    const demo = spawn(process.execPath, [path.join(ROOT, 'dist', 'test', 'emulator', 'demo.js')], { env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let printed = '';
      demo.stdout.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        demo.stdout.on('data', (chunk: string) => {
          printed += chunk;
          if (printed.includes('Press Ctrl-C')) resolve();
        });
        demo.once('exit', () => reject(new Error(`the demo ended: ${printed}`)));
      });
      assert.match(printed, /zoom-s2s is not on your PATH yet: run npm link in .* once\./);
      const exported = /export (ZOOM_S2S_OAUTH_URL=\S+) (ZOOM_S2S_API_URL=\S+)/.exec(printed);
      assert.ok(exported, printed);
      const env = Object.fromEntries(exported.slice(1).map((pair) => pair.split('=', 2) as [string, string]));
      const box = sandbox({ ...env, ...NO_KEYCHAIN });
      const login = /zoom-s2s (login --account-id \S+ --client-id \S+)/.exec(printed)!;
      const secret = /client secret (\S+)/.exec(printed)![1]!;
      const loggedIn = await runCli([...login[1]!.split(' '), '--client-secret-stdin', '--insecure-storage'], { env: box.env, input: secret });
      assert.equal(loggedIn.code, 0, loggedIn.stderr);
      const me = await runCli(['api', '/users/me'], { env: box.env });
      assert.equal(me.code, 0, me.stderr);
      assert.equal((JSON.parse(me.stdout) as { email: string }).email, 'jchill@example.com');
    } finally {
      demo.kill();
    }
  });
});

describe('the packed package', () => {
  test('npm pack holds the bundle, bin, README, LICENSE and the man page; installed into a fresh prefix it runs', () => {
    const work = tempDir('zoom-s2s-pack-');
    // npm on Node 22+ keeps a compile cache in the temporary folder: this test's own, removed with it.
    const npmEnv = { ...process.env, TMPDIR: work };
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', env: npmEnv })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path).sort();
    for (const needed of ['LICENSE', 'README.md', 'bin/zoom-s2s.cjs', 'dist/bundle/zoom-s2s.cjs', 'dist/bundle/program.cjs', 'dist/bundle/mint.cjs', 'dist/bundle/static-output.json', 'package.json', 'zoom-s2s.1']) assert.ok(files.includes(needed), `${needed} in ${files.join(', ')}`);
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('dist/test/')), 'no sources or tests');
    assert.equal(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8').split('\n')[0], 'MIT License');
    const prefix = path.join(work, 'prefix');
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed[0]!.filename)], { stdio: 'ignore', env: npmEnv });
    const bin = path.join(prefix, 'bin', 'zoom-s2s');
    assert.match(execFileSync(bin, ['--version'], { encoding: 'utf8' }), /^\d+\.\d+\.\d+\n$/);
    assert.match(execFileSync(bin, ['--help'], { encoding: 'utf8' }), /^Usage: zoom-s2s /);
    assert.match(readFileSync(path.join(prefix, 'share', 'man', 'man1', 'zoom-s2s.1'), 'utf8'), /^\.TH ZOOM-S2S 1 /, 'the man page, installed');
  });
});

describe('classic mistakes', () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());
  const env = () => sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN }).env;

  test('login --client-secret <x>: not "unknown option", but where the secret may come from', async () => {
    const result = await runCli(['login', '--client-secret', 'hunter2hunter2'], { env: env() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: The client secret is never taken on the command line/);
    assert.match(result.stderr, /--client-secret-stdin, or set ZOOM_CLIENT_SECRET/);
    assert.ok(!result.stderr.includes('hunter2'));
  });

  test('an unknown profile: where the name came from, the closest known one, then how to create it', async () => {
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ...NO_KEYCHAIN });
    for (const profile of ['prod', 'dev']) {
      const login = await runCli(['login', '-p', profile, '--insecure-storage', '--no-verify', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'], { env: box.env, input: SAMPLE_APP.clientSecret });
      assert.equal(login.code, 0, login.stderr);
    }
    const typo = await runCli(['token', '-p', 'prdo'], { env: box.env });
    assert.equal(typo.code, 3);
    assert.equal(typo.stderr, 'error: No profile "prdo" (from --profile). Did you mean "prod"? Known profiles: dev, prod.\nRun: zoom-s2s login --profile prdo\n');
    const fromEnv = await runCli(['token'], { env: { ...box.env, ZOOM_S2S_PROFILE: 'staging' } });
    assert.equal(fromEnv.stderr, 'error: No profile "staging" (from ZOOM_S2S_PROFILE). Known profiles: dev, prod.\nRun: zoom-s2s login --profile staging\n');
  });

  test('logout with nothing stored and no keychain to reach: exit 0, nothing to remove, no advice to log in', async () => {
    for (const bus of [undefined, NO_KEYCHAIN.DBUS_SESSION_BUS_ADDRESS]) {
      const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin });
      delete box.env.DBUS_SESSION_BUS_ADDRESS;
      if (bus) box.env.DBUS_SESSION_BUS_ADDRESS = bus;
      const result = await runCli(['logout'], { env: box.env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, 'Nothing is stored for profile "default": nothing to remove.\n');
    }
  });

  test('exec ls -la, without --: the message says to put -- before the command', async () => {
    const result = await runCli(['exec', 'ls', '-la'], { env: env() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: unknown option '-la'\nPut -- before the command to run: zoom-s2s exec \[options\] -- <command> \[args…\]\n/);
  });

  test('api --help shows no "(default: [])"', async () => {
    const help = await runCli(['api', '--help'], { env: env() });
    assert.ok(!help.stdout.includes('(default: [])'), help.stdout);
  });

  test('--client-secret-stdin with a terminal for stdin: refused at once, saying to pipe it or use the prompt', { skip: noTmux }, async () => {
    const terminal = Terminal.start([process.execPath, CLI, 'login', '--no-verify', '--account-id', 'a1', '--client-id', 'c1', '--client-secret-stdin'], { ...env(), NO_COLOR: '1' });
    try {
      const screen = await terminal.waitFor(/EXIT=\d+/);
      assert.match(screen, /EXIT=2/);
      assert.match(screen, /--client-secret-stdin reads the secret from a pipe, but standard input is a terminal/);
    } finally {
      terminal.close();
    }
  });
});

describe('a keychain out of reach', { skip: noKeyring }, () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());

  test('status shows what the settings file knows, then two lines on the keychain; profiles says "unknown"', async () => {
    const box = await loggedInSandbox(zoom.origin, SAMPLE_APP);
    const away = { ...box.env, ...NO_KEYCHAIN };
    const status = await runCli(['status'], { env: away });
    assert.equal(status.code, 1);
    assert.match(status.stdout, new RegExp(`^Account ID: +${SAMPLE_APP.accountId}$`, 'm'));
    assert.match(status.stdout, new RegExp(`^Client ID: +${SAMPLE_APP.clientId}$`, 'm'));
    assert.match(status.stdout, /^Client secret: +in the system keychain \(Secret Service\) \(could not be reached\)$/m);
    assert.match(status.stdout, /^Cached token: +unknown$/m);
    const lines = status.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, status.stderr);
    assert.match(lines[0]!, /^error: Could not reach the system keychain \(Secret Service\) to read the secret of profile "default"\.$/);
    assert.match(lines[1]!, /start and unlock a Secret Service keyring/);
    assert.ok(!/dbus/i.test(status.stderr), 'the D-Bus detail only with --debug');
    assert.match((await runCli(['--debug', 'status'], { env: away })).stderr, /DBus error/);
    const json = JSON.parse((await runCli(['status', '--json'], { env: away })).stdout) as { secretReachable: boolean; cachedToken: unknown };
    assert.deepEqual([json.secretReachable, json.cachedToken], [false, null]);

    const profiles = await runCli(['profiles'], { env: away });
    assert.match(profiles.stdout, /^\* +default .* unknown$/m);
    assert.equal((JSON.parse((await runCli(['profiles', '--json'], { env: away })).stdout) as Array<{ cacheReadable: boolean }>)[0]!.cacheReadable, false);
    await runCli(['logout'], { env: box.env });
  });
});
