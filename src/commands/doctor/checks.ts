/**
 * What `zoom-s2s doctor` checks, one function per line of its report. Each
 * says what it found and, when something is wrong, what to do; none throws.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../../context.js';
import { clipboardUnavailableReason } from '../../terminal/clipboard.js';
import { resolveOAuthOrigin, tokenUrl } from '../../core/auth/endpoint.js';
import { CliError } from '../../core/errors.js';
import { proxyConfigured } from '../../core/net/http.js';
import { cacheDir, configDir } from '../../core/store/paths.js';
import { SECRET_FILE_NAME } from '../../core/store/secret-file.js';
import { SETTINGS_FILE_NAME } from '../../core/store/settings.js';
import { describeRemaining } from '../../terminal/output.js';
import { describeTransportError } from '../../core/net/transport-errors.js';
import { resolveSubject, tokenAndOrigin, type TokenSubject } from '../../session.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do, when the status is not ok. */
  fix?: string;
}

/** What the checks share: whose credentials (if any could be resolved), the facts of this process. */
export interface DoctorState {
  profileFlag: string | undefined;
  nodeVersion: string;
  subject?: TokenSubject;
  subjectError?: unknown;
}

const MIN_NODE = [20, 17];
/** Beyond these, tokens and the cache misbehave: Zoom's token lifetimes are checked against the server's clock. */
const SKEW_WARN_MS = 60_000;
const SKEW_FAIL_MS = 5 * 60_000;

const ok = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: 'ok', detail });
const warn = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, status: 'warn', detail, fix });
const fail = (id: string, title: string, detail: string, fix?: string): CheckResult => ({ id, title, status: 'fail', detail, ...(fix ? { fix } : {}) });
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const hint = (error: unknown) => (error instanceof CliError ? error.hint : undefined);

export function checkNode(state: DoctorState): CheckResult {
  const [major = 0, minor = 0] = state.nodeVersion.split('.').map(Number);
  const good = major > MIN_NODE[0]! || (major === MIN_NODE[0] && minor >= MIN_NODE[1]!);
  const detail = `${state.nodeVersion} (${MIN_NODE.join('.')} or later needed)`;
  return good ? ok('node', 'Node.js', detail) : fail('node', 'Node.js', detail, 'Install Node.js 20.17 or later (https://nodejs.org).');
}

function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service over D-Bus (gnome-keyring, KWallet, KeePassXC)';
}

export async function checkKeychain(ctx: Context, state: DoctorState): Promise<CheckResult> {
  const name = keychainName(ctx.platform);
  // A profile of --insecure-storage keeps its secret in a file: the keychain is not what it uses.
  if ((await storageOf(ctx, state)) === 'file') {
    return ok('keychain', 'Keychain', `not used: profile "${state.subject!.label}" keeps its secret in the credentials file (login --insecure-storage)`);
  }
  const started = ctx.now();
  try {
    const keychain = await ctx.secrets('keychain');
    // Reading an item that does not exist proves the backend answers, and changes nothing.
    await keychain.get('@doctor');
    return ok('keychain', 'Keychain', `${name}: answered in ${ctx.now() - started} ms`);
  } catch (error) {
    // Not needed by credentials that live elsewhere: a warning then, not a failure.
    const needed = state.subject?.source === 'profile' && (await storageOf(ctx, state)) !== 'file';
    const detail = message(error);
    const fix = hint(error) ?? 'See "Without a keychain" in the README.';
    return needed || !state.subject ? fail('keychain', 'Keychain', detail, fix) : warn('keychain', 'Keychain', detail, fix);
  }
}

async function storageOf(ctx: Context, state: DoctorState): Promise<string | undefined> {
  if (state.subject?.source !== 'profile') return undefined;
  const settings = await ctx.settings().catch(() => undefined);
  return settings?.getProfile(state.subject.label)?.storage;
}

/** Whether `command` is an executable file in one of PATH's folders. */
function onPath(command: string, env: Record<string, string | undefined>): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function checkClipboard(ctx: Context): CheckResult {
  const title = 'Clipboard';
  const why = clipboardUnavailableReason(ctx.env, ctx.platform);
  const osc52 = 'token --copy will write to the terminal\'s clipboard (OSC 52) when it can; or use a session with a display (ssh -X).';
  if (why) return warn('clipboard', title, `none: ${why}`, osc52);
  if (ctx.platform === 'darwin') return ok('clipboard', title, 'pbcopy');
  if (ctx.platform === 'win32') return ok('clipboard', title, 'the Windows clipboard');
  if (ctx.env.WSL_DISTRO_NAME) return ok('clipboard', title, 'the Windows clipboard (WSL)');
  if (ctx.env.WAYLAND_DISPLAY) {
    return onPath('wl-copy', ctx.env)
      ? ok('clipboard', title, `wl-copy (Wayland, WAYLAND_DISPLAY=${ctx.env.WAYLAND_DISPLAY})`)
      : warn('clipboard', title, 'Wayland without wl-copy', 'Install wl-clipboard (sudo apt install wl-clipboard).');
  }
  // clipboardy brings its own xsel for X11 when the system has none.
  return ok('clipboard', title, `${onPath('xsel', ctx.env) ? 'xsel' : 'the xsel bundled with clipboardy'} (X11, DISPLAY=${ctx.env.DISPLAY})`);
}

export function checkFiles(ctx: Context): CheckResult {
  const title = 'Files';
  if (ctx.platform === 'win32') return ok('files', title, 'permissions are not checked on Windows');
  const config = configDir(ctx.env, ctx.platform);
  const ownConfig = !ctx.env.ZOOM_S2S_CONFIG_DIR;
  const entries: Array<{ file: string; folder: boolean; mustBePrivate: boolean }> = [
    { file: config, folder: true, mustBePrivate: ownConfig },
    { file: path.join(config, SETTINGS_FILE_NAME), folder: false, mustBePrivate: true },
    { file: path.join(config, SECRET_FILE_NAME), folder: false, mustBePrivate: true },
    { file: cacheDir(ctx.env, ctx.platform), folder: true, mustBePrivate: true },
  ];
  const problems: string[] = [];
  const fixes: string[] = [];
  const seen: string[] = [];
  for (const { file, folder, mustBePrivate } of entries) {
    let mode: number;
    try {
      mode = statSync(file).mode & 0o777;
    } catch {
      continue; // Not created yet.
    }
    seen.push(`${file} ${mode.toString(8).padStart(4, '0')}`);
    if (mustBePrivate && (mode & 0o077) !== 0) {
      problems.push(`${file} is mode ${mode.toString(8).padStart(4, '0')} (others can read it)`);
      fixes.push(`chmod ${folder ? 700 : 600} ${file}`);
    }
  }
  if (problems.length > 0) return fail('files', title, problems.join('; '), fixes.join(' && '));
  if (seen.length === 0) return ok('files', title, `nothing stored yet (${config})`);
  return ok('files', title, `private (folders 0700, files 0600): ${config}`);
}

/**
 * A proxy variable for display, without the password, whether or not it
 * parses as a URL ("user:pw@host:3128", a space in the password): what
 * lies between the first ":" after the scheme and the last "@" is shown as
 * ****. A value with a "/" before its "@" may lose more than its password;
 * never less.
 */
export function withoutPassword(value: string): string {
  const at = value.lastIndexOf('@');
  if (at === -1) return value;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0].length ?? 0;
  const colon = value.indexOf(':', scheme);
  if (colon === -1 || colon > at) return value;
  return `${value.slice(0, colon + 1)}****${value.slice(at)}`;
}

export function checkProxy(ctx: Context): CheckResult {
  const title = 'Proxy';
  if (!proxyConfigured(ctx.env)) return ok('proxy', title, 'none (direct connections)');
  const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].filter((name) => ctx.env[name]);
  const bad = names.find((name) => {
    try {
      new URL(ctx.env[name]!);
      return false;
    } catch {
      return true;
    }
  });
  const shown = names.map((name) => `${name}=${withoutPassword(ctx.env[name]!)}`);
  const noProxy = ctx.env.NO_PROXY ?? ctx.env.no_proxy;
  if (noProxy) shown.push(`NO_PROXY=${noProxy}`);
  if (bad) return fail('proxy', title, `${bad} is not a URL: ${withoutPassword(ctx.env[bad]!)}`, `Set it to a URL such as http://proxy.example.com:3128, or unset it.`);
  return ok('proxy', title, `in use: ${shown.join(', ')}`);
}

export function checkCertificates(ctx: Context): CheckResult {
  const title = 'Extra CAs';
  const files = [
    ['NODE_EXTRA_CA_CERTS', ctx.env.NODE_EXTRA_CA_CERTS],
    [ctx.env.ZOOM_S2S_CA_FILE && ctx.caFile === ctx.env.ZOOM_S2S_CA_FILE ? 'ZOOM_S2S_CA_FILE' : '--ca-file', ctx.caFile],
  ].filter((entry): entry is [string, string] => Boolean(entry[1]));
  if (files.length === 0) return ok('ca', title, 'none (Node\'s bundled CAs)');
  const found: string[] = [];
  for (const [source, file] of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return fail('ca', title, `${source}: cannot read ${file}: ${message(error)}`, `Point ${source} at a readable PEM file.`);
    }
    const count = text.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
    if (count === 0) return fail('ca', title, `${source}: ${file} holds no PEM certificate`, 'Use a PEM file (-----BEGIN CERTIFICATE-----), not DER.');
    found.push(`${source}=${file} (${count} ${count === 1 ? 'certificate' : 'certificates'})`);
  }
  return ok('ca', title, found.join(', '));
}

/** The token endpoint reached, and the clock compared with the Date of its answer: two lines from one request. */
export async function checkEndpointAndClock(ctx: Context, state: DoctorState): Promise<CheckResult[]> {
  let url: string;
  try {
    url = tokenUrl(state.subject?.origin ?? resolveOAuthOrigin(ctx.env));
  } catch (error) {
    return [fail('endpoint', 'Token endpoint', message(error), hint(error)), warn('clock', 'Clock', 'not checked: no token endpoint', 'Fix the token endpoint first.')];
  }
  const sentAt = ctx.now();
  try {
    const response = await ctx.http({ method: 'GET', url, headers: { accept: 'application/json' }, timeoutMs: 10_000, maxBodyBytes: 64 * 1024 });
    const receivedAt = ctx.now();
    const secure = url.startsWith('https:') ? 'over TLS' : 'plain http (loopback)';
    ctx.io.debug(`doctor: GET ${url} answered HTTP ${response.status}`);
    const endpoint = ok('endpoint', 'Token endpoint', `${url} answered in ${receivedAt - sentAt} ms, ${secure}`);
    return [endpoint, clockCheck(response.headers.date, (sentAt + receivedAt) / 2)];
  } catch (error) {
    const failure = describeTransportError(error, new URL(url).host, 10_000, 'ZOOM_S2S_OAUTH_URL');
    return [fail('endpoint', 'Token endpoint', failure.error.message, failure.error.hint), warn('clock', 'Clock', 'not checked: the token endpoint did not answer', 'Fix the connection first.')];
  }
}

function clockCheck(date: string | undefined, localMidpoint: number): CheckResult {
  const server = date ? Date.parse(date) : Number.NaN;
  if (!Number.isFinite(server)) return warn('clock', 'Clock', 'not checked: the answer had no Date header', 'Make sure the system clock is synchronised (NTP).');
  // The Date header has whole seconds: half a second either way is no skew.
  const skew = localMidpoint - server;
  const size = Math.abs(skew) < 1500 ? 'within a second of' : `${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'ahead of' : 'behind'}`;
  const detail = `${size} the token endpoint's clock`;
  const fix = 'Synchronise the system clock (e.g. sudo timedatectl set-ntp true): tokens and the cache rely on it.';
  if (Math.abs(skew) >= SKEW_FAIL_MS) return fail('clock', 'Clock', detail, fix);
  if (Math.abs(skew) >= SKEW_WARN_MS) return warn('clock', 'Clock', detail, fix);
  return ok('clock', 'Clock', detail);
}

export async function checkCredentials(ctx: Context, state: DoctorState): Promise<CheckResult> {
  const title = 'Credentials';
  const subject = state.subject;
  if (!subject) return fail('credentials', title, message(state.subjectError), hint(state.subjectError));
  const whose = subject.source === 'environment' ? 'ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET' : `profile "${subject.label}"`;
  const started = ctx.now();
  try {
    const { token, origin } = await tokenAndOrigin(ctx, subject, {}, ctx.io.progress('Checking the credentials with Zoom…'));
    const how = origin === 'cache' ? 'the cached token' : `a token minted in ${ctx.now() - started} ms`;
    const left = describeRemaining(Math.floor((token.expiresAt - ctx.now()) / 1000));
    return ok('credentials', title, `${whose} work: ${how}, expires ${left}, ${token.scopes.length} scopes`);
  } catch (error) {
    return fail('credentials', title, `${whose}: ${message(error)}`, hint(error));
  }
}

/** Whose credentials doctor checks: resolved once, failures kept for the credentials line. */
export async function doctorState(ctx: Context, profileFlag: string | undefined, nodeVersion: string): Promise<DoctorState> {
  const state: DoctorState = { profileFlag, nodeVersion };
  try {
    state.subject = await resolveSubject(ctx, profileFlag);
  } catch (error) {
    state.subjectError = error;
  }
  return state;
}
