/**
 * Faults on the machine: a corrupt settings file, a settings folder that
 * cannot be written, a full disk, a locked keyring. Each ends with exit 1,
 * a message naming the file or the cause, and the old state intact.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_APP, startZoomEmulator, type ZoomEmulator } from '../emulator/zoom-emulator.js';
import { CLI, clearKeychainItem, keychainItem, noKeyring, runCli, sandbox } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const loginArgs = (profile: string) => ['login', '-p', profile, '--no-verify', '--account-id', SAMPLE_APP.accountId, '--client-id', SAMPLE_APP.clientId, '--client-secret-stdin'];

describe('faults on the machine', () => {
  let zoom: ZoomEmulator;
  before(async () => {
    zoom = await startZoomEmulator();
  });
  after(() => zoom?.close());

  for (const [name, content] of [
    ['truncated JSON', '{"profiles": {"default": {"accountId": "a"'],
    ['a JSON array', '[{"profiles": {}}]'],
    ['binary garbage', '\u0000\u00ff\u00fe\u0013\u0000garbage'],
    ['profiles that are a string', '{"profiles": "default"}'],
  ] as const) {
    test(`a settings file with ${name}: exit 1 naming the file and the way out; the file kept`, async () => {
      const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
      mkdirSync(path.dirname(box.configFile), { recursive: true });
      writeFileSync(box.configFile, content);
      for (const args of [['token'], ['status'], ['profiles'], ['logout']]) {
        const result = await runCli(args, { env: box.env });
        assert.equal(result.code, 1, `${args[0]}: ${result.stderr}`);
        assert.ok(result.stderr.includes(box.configFile), result.stderr);
        assert.match(result.stderr, /move it aside and run: zoom-s2s login/);
      }
      assert.equal(readFileSync(box.configFile, 'utf8'), content, 'never wiped');
    });
  }

  test('a settings folder that cannot be created: exit 1 naming it, nothing stored', { skip: noKeyring }, async () => {
    clearKeychainItem('nowhere');
    const blocker = path.join(tempDir('zoom-s2s-blocker-'), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_CONFIG_DIR: path.join(blocker, 'zoom-s2s') });
    const result = await runCli(loginArgs('nowhere'), { env: box.env, input: SAMPLE_APP.clientSecret });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /cannot be used: .*ENOTDIR/);
    assert.equal(keychainItem('nowhere'), undefined);
  });

  test('a full disk: exit 1, the old settings intact, no secret stored', { skip: noKeyring }, async (t) => {
    const dir = tempDir('zoom-s2s-full-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      t.skip('mounting a small tmpfs needs root and mount: not available here');
      return;
    }
    try {
      for (const account of ['first', 'second']) clearKeychainItem(account);
      const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_CONFIG_DIR: dir });
      assert.equal((await runCli(loginArgs('first'), { env: box.env, input: SAMPLE_APP.clientSecret })).code, 0);
      const before = readFileSync(path.join(dir, 'config.json'), 'utf8');
      // Fill what is left of the 64 KB.
      try {
        writeFileSync(path.join(dir, 'filler'), Buffer.alloc(128 * 1024));
      } catch {
        // ENOSPC: the disk is full now.
      }
      const result = await runCli(loginArgs('second'), { env: box.env, input: SAMPLE_APP.clientSecret });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /config\.json cannot be used: .*ENOSPC/);
      assert.equal(readFileSync(path.join(dir, 'config.json'), 'utf8'), before);
      assert.equal(keychainItem('second'), undefined);
      assert.equal(keychainItem('first'), SAMPLE_APP.clientSecret);
    } finally {
      execFileSync('umount', [dir], { stdio: 'ignore' });
    }
  });

  test('a settings folder that has become read-only: exit 1 naming the file, the old settings intact, no secret stored', { skip: noKeyring }, async (t) => {
    const dir = tempDir('zoom-s2s-readonly-');
    for (const account of ['first', 'second']) clearKeychainItem(account);
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin, ZOOM_S2S_CONFIG_DIR: dir });
    assert.equal((await runCli(loginArgs('first'), { env: box.env, input: SAMPLE_APP.clientSecret })).code, 0);
    const before = readFileSync(path.join(dir, 'config.json'), 'utf8');
    // As root, permissions do not stop a write; a read-only bind mount does.
    try {
      execFileSync('mount', ['--bind', '-o', 'ro', dir, dir], { stdio: 'ignore' });
      execFileSync('mount', ['-o', 'remount,ro,bind', dir], { stdio: 'ignore' });
    } catch {
      t.skip('a read-only bind mount needs root and mount: not available here');
      return;
    }
    try {
      const result = await runCli(loginArgs('second'), { env: box.env, input: SAMPLE_APP.clientSecret });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /config\.json cannot be used: .*EROFS/);
      assert.equal(readFileSync(path.join(dir, 'config.json'), 'utf8'), before);
      assert.equal(keychainItem('second'), undefined);
      assert.equal(keychainItem('first'), SAMPLE_APP.clientSecret);
    } finally {
      execFileSync('umount', [dir], { stdio: 'ignore' });
    }
  });

  test('a locked keyring that cannot prompt: exit 1 within seconds, saying it is locked', { skip: noKeyring }, async () => {
    // In a D-Bus session of its own: locking the test session's keyring could
    // not be undone without a prompt.
    const box = sandbox({ ZOOM_S2S_OAUTH_URL: zoom.origin });
    // No display: on a desktop the keyring would show an unlock dialog instead.
    delete box.env.DISPLAY;
    delete box.env.XAUTHORITY;
    const script = `
      set -e
      export HOME="$KEYRING_HOME"
      printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      for _ in $(seq 100); do
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
        sleep 0.1
      done
      export HOME="$CLI_HOME"
      printf %s "$SECRET" | node "$CLI" login --no-verify --account-id a1 --client-id c1 --client-secret-stdin >/dev/null 2>&1
      dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
      started=$(date +%s%N)
      set +e
      node "$CLI" token --force 2>"$CLI_HOME/stderr.txt" >/dev/null
      echo "$? $(( ($(date +%s%N) - started) / 1000000 ))"
    `;
    const out = execFileSync('dbus-run-session', ['--', 'sh', '-c', script], {
      env: { ...box.env, CLI_HOME: box.home, KEYRING_HOME: tempDir('zoom-s2s-keyring-'), CLI, SECRET: SAMPLE_APP.clientSecret },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    });
    const [code, ms] = out.trim().split('\n').at(-1)!.split(' ').map(Number);
    const stderr = readFileSync(path.join(box.home, 'stderr.txt'), 'utf8');
    assert.equal(code, 1, stderr);
    assert.match(stderr, /keyring is locked and no unlock prompt could be shown/);
    assert.ok(ms! < 10_000, `took ${ms} ms`);
  });
});
