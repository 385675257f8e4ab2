/**
 * Running the built CLI as a user would: `node bin/zoom-s2s.cjs …` in a child
 * process, with a private HOME and config folder and only the environment
 * the test gives it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp.js';

export const CLI = fileURLToPath(new URL('../../../bin/zoom-s2s.cjs', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stdout as bytes, for binary output. */
  stdoutBytes: Buffer;
  stderr: string;
  ms: number;
}

export interface Sandbox {
  home: string;
  configFile: string;
  env: Record<string, string>;
}

/** A fresh HOME with its own config folder; the session's D-Bus and display pass through. */
export function sandbox(extra: Record<string, string> = {}): Sandbox {
  const home = tempDir('zoom-s2s-e2e-');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    LANG: 'C.UTF-8',
  };
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'XAUTHORITY']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return { home, configFile: path.join(home, '.config', 'zoom-s2s', 'config.json'), env: { ...env, ...extra } };
}

export function runCli(args: string[], options: { env: Record<string, string>; input?: string; timeoutMs?: number }): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(stdout);
      resolve({ code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Whether `command` is installed. */
export function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the real-keychain tests cannot run here, or false when they can. */
export const noKeyring: string | false =
  process.env.ZOOM_S2S_TEST_KEYRING === '1' && has('secret-tool')
    ? false
    : 'needs a Secret Service session: apt-get install -y --no-install-recommends dbus gnome-keyring libsecret-tools, then npm test';

/** Why the clipboard tests cannot run here, or false when they can. */
export const noDisplay: string | false =
  process.env.DISPLAY && has('xsel') ? false : 'needs an X server and xsel: apt-get install -y --no-install-recommends xvfb xauth xsel, then npm test';

/** The keychain item as `secret-tool` sees it, or undefined. */
export function keychainItem(account: string): string | undefined {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', 'zoom-s2s', 'username', account], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}

export function clearKeychainItem(account: string): void {
  try {
    execFileSync('secret-tool', ['clear', 'service', 'zoom-s2s', 'username', account], { stdio: 'ignore' });
  } catch {
    // Nothing to clear.
  }
}

export interface AppCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

/** A D-Bus address nothing answers at: no keychain, so no token cache either. */
export const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };

/** ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET for `app`. */
export function credentialVariables(app: AppCredentials): Record<string, string> {
  return { ZOOM_ACCOUNT_ID: app.accountId, ZOOM_CLIENT_ID: app.clientId, ZOOM_CLIENT_SECRET: app.clientSecret };
}

/**
 * A sandbox whose `profile` (default: "default") is logged in to `app` at the
 * token endpoint `origin`; the profile's keychain items are cleared first.
 */
export async function loggedInSandbox(origin: string, app: AppCredentials, options: { profile?: string; verify?: boolean } = {}): Promise<Sandbox> {
  const profile = options.profile ?? 'default';
  clearKeychainItem(profile);
  clearKeychainItem(`${profile}:token`);
  const box = sandbox({ ZOOM_S2S_OAUTH_URL: origin });
  const args = ['login', '-p', profile, '--account-id', app.accountId, '--client-id', app.clientId, '--client-secret-stdin', ...(options.verify === false ? ['--no-verify'] : [])];
  const result = await runCli(args, { env: box.env, input: app.clientSecret });
  if (result.code !== 0) throw new Error(`login failed (${result.code}): ${result.stderr}`);
  return box;
}

/**
 * Starts `zoom-s2s token` in `box` and resolves once it holds the token lock
 * and its request has reached the emulator (which the caller told to hang).
 */
export async function startHangingMint(box: Sandbox, requestCount: () => number): Promise<{ child: ChildProcess; lock: string }> {
  const before = requestCount();
  const child = spawn(process.execPath, [CLI, 'token'], { env: box.env, stdio: 'ignore' });
  const lock = path.join(box.home, '.cache', 'zoom-s2s', 'default.token.lock');
  const deadline = Date.now() + 10_000;
  while (!existsSync(lock) || requestCount() === before) {
    if (Date.now() > deadline) throw new Error('the mint never started');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, lock };
}
