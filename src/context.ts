/**
 * Everything a command may touch outside its own code: the terminal seam
 * (ctx.io), environment, clock, network and the stores. Commands receive it
 * as an argument, so tests hand them fakes; the stores and the streams are
 * made on first use, so `--help` never loads the keychain and a cached
 * `token` never makes the stdout stream.
 */
import { ENVIRONMENT_VARIABLES } from './core/auth/credentials.js';
import { debugFromEnv } from './core/debug-switch.js';
import type { Clipboard } from './terminal/clipboard.js';
import type { HttpClient, HttpOpener } from './core/net/http.js';
import type { SecretStore } from './core/store/keychain.js';
import { createIo, type Io } from './terminal/io.js';
import { Masker } from './core/masking.js';
import { processStreams } from './terminal/process-streams.js';
import type { SecretStorage, SettingsStore } from './core/store/settings.js';

export type Env = Record<string, string | undefined>;

export interface Context {
  /** The terminal seam: data on stdout, lines for people, questions, progress (terminal/io.ts). */
  io: Io;
  env: Env;
  platform: NodeJS.Platform;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms`; rejects with the signal's reason (and clears its timer) when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Requests read whole, within one deadline (the token request). */
  http: HttpClient;
  /** Requests whose answers are read as they arrive (API calls, downloads). */
  openHttp: HttpOpener;
  /** Set from --debug or DEBUG=zoom-s2s; debug lines never carry secrets or tokens. */
  debugEnabled: boolean;
  /**
   * Masks the client secret, its Basic form and the access tokens this run
   * has seen wherever they would appear in a message, an error or a debug
   * line (a server may echo them back). session.ts adds them; it keeps
   * hashes, not the values (core/masking.ts).
   */
  sensitive: Masker;
  /** Set from --ca-file or ZOOM_S2S_CA_FILE: a PEM file of extra CAs for this tool's requests. */
  caFile: string | undefined;
  /** The OS keychain, or the credentials file of `login --insecure-storage`. */
  secrets(storage: SecretStorage): Promise<SecretStore>;
  settings(): Promise<SettingsStore>;
  clipboard(): Promise<Clipboard>;
  /** Starts `zoom-s2s <args>` in the background, detached: it outlives this process (the clipboard clearer). */
  runInBackground(args: string[]): Promise<void>;
}

/** Caches a lazy getter so each store is opened at most once per run. */
export function once<T>(open: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= open());
}

/** The context of this process. */
export function createProcessContext(): Context {
  // Commands read the environment from ctx.env. The client secret leaves
  // process.env, which is what every process a library starts inherits (the
  // clipboard tool, which stays alive to hold the selection, among them).
  const env: Env = { ...process.env };
  delete process.env[ENVIRONMENT_VARIABLES.clientSecret];
  const keychain = once(async () => (await import('./core/store/keychain.js')).openSystemKeychain(process.platform));
  const secretFile = once(async () => (await import('./core/store/secret-file.js')).openSecretFile(env));
  // Made on first use, after --ca-file has been read.
  const opener = once(async () => (await import('./core/net/http.js')).createHttpOpener({ env, caFile: ctx.caFile }));
  const sensitive = new Masker();
  // A reader that goes away (`zoom-s2s help | head -1`) ends the run quietly, as cat does.
  const streams = processStreams((stdout) =>
    stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    }),
  );
  const io = createIo({
    streams,
    env,
    sensitive,
    debugEnabled: () => ctx.debugEnabled,
    prompter: once(async () => (await import('./terminal/prompt.js')).inquirerPrompter(streams.stdin, streams.stderr)),
  });
  const ctx: Context = {
    io,
    env,
    platform: process.platform,
    now: () => Date.now(),
    sleep: async (ms, signal) => {
      if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
      const { setTimeout: wait } = process.getBuiltinModule('node:timers/promises');
      await wait(ms, undefined, { signal });
    },
    http: async (request) => (await import('./core/net/http.js')).bufferedClient(await opener())(request),
    openHttp: async (request) => (await opener())(request),
    debugEnabled: debugFromEnv(env),
    sensitive,
    caFile: env.ZOOM_S2S_CA_FILE || undefined,
    secrets: (storage) => (storage === 'file' ? secretFile() : keychain()),
    settings: once(async () => (await import('./core/store/settings.js')).openSettings(env)),
    clipboard: once(async () => (await import('./terminal/clipboard.js')).openSystemClipboard(env, process.platform)),
    runInBackground: async (args) => {
      const { spawn } = process.getBuiltinModule('node:child_process');
      const { withoutSecret } = await import('./core/auth/credentials.js');
      // process.argv[1]: the script this process runs (bin/zoom-s2s.cjs), so the helper is this same version.
      // It may live for hours: it gets no client secret.
      spawn(process.execPath, [process.argv[1]!, ...args], { detached: true, stdio: 'ignore', env: withoutSecret(env) }).unref();
    },
  };
  return ctx;
}
