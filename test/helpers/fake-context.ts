/**
 * A Context made of in-memory parts, for testing run functions: streams that
 * record what was written (with switchable TTY flags), a keychain and
 * settings in memory, a clipboard that remembers, scripted prompt answers.
 */
import { PassThrough, Writable } from 'node:stream';
import type { Context, Env } from '../../src/context.js';
import { createIo } from '../../src/terminal/io.js';
import { givenStreams } from '../../src/terminal/process-streams.js';
import type { Clipboard } from '../../src/terminal/clipboard.js';
import type { HttpClient, HttpOpener } from '../../src/core/net/http.js';
import { KeychainError } from '../../src/core/errors.js';
import type { SecretStore } from '../../src/core/store/keychain.js';
import type { Prompter } from '../../src/terminal/prompt.js';
import { cleanProfile, type ProfileInput, type ProfileSettings, type SettingsStore } from '../../src/core/store/settings.js';
import { Masker } from '../../src/core/masking.js';
import { tempDir } from './temp.js';

export class MemoryKeychain implements SecretStore {
  constructor(readonly description = 'the test keychain') {}
  readonly items = new Map<string, string>();
  unavailable = false;
  private check() {
    if (this.unavailable) throw new KeychainError('Could not reach the test keychain: no Secret Service is running');
  }
  async get(account: string) {
    this.check();
    return this.items.get(account);
  }
  async set(account: string, secret: string) {
    this.check();
    this.items.set(account, secret);
  }
  async delete(account: string) {
    this.check();
    return this.items.delete(account);
  }
}

export class MemorySettings implements SettingsStore {
  readonly path = '/test/config.json';
  readonly profiles = new Map<string, ProfileSettings>();
  defaultProfile: string | undefined;
  getProfile(name: string) {
    return this.profiles.get(name);
  }
  listProfiles(): Array<[string, ProfileSettings]> {
    return [...this.profiles.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
  getDefaultProfile() {
    return this.defaultProfile;
  }
  async setProfile(name: string, settings: ProfileInput, options: { makeDefault?: boolean } = {}) {
    // Defaults filled in as the real store does.
    this.profiles.set(name, cleanProfile(settings));
    if (options.makeDefault) this.defaultProfile = name;
  }
  async setDefaultProfile(name: string) {
    this.defaultProfile = name;
  }
  async deleteProfile(name: string) {
    if (this.defaultProfile === name) this.defaultProfile = undefined;
    return this.profiles.delete(name);
  }
}

export class MemoryClipboard implements Clipboard {
  text: string | undefined;
  async write(text: string) {
    this.text = text;
  }
  async read() {
    return this.text ?? '';
  }
}

/** Answers prompts from a list, in order, and records the questions. */
export class ScriptedPrompter implements Prompter {
  readonly asked: Array<{ kind: 'input' | 'secret'; message: string }> = [];
  constructor(private readonly answers: string[]) {}
  private next(kind: 'input' | 'secret', message: string, validate: (value: string) => string | true) {
    this.asked.push({ kind, message });
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`unexpected prompt: ${message}`);
    const verdict = validate(answer);
    if (verdict !== true) throw new Error(`prompt answer refused: ${verdict}`);
    return Promise.resolve(answer);
  }
  input(message: string, validate: (value: string) => string | true) {
    return this.next('input', message, validate);
  }
  secret(message: string, validate: (value: string) => string | true) {
    return this.next('secret', message, validate);
  }
}

class Recorder extends Writable {
  text = '';
  isTTY: boolean;
  constructor(isTTY: boolean) {
    super();
    this.isTTY = isTTY;
  }
  // What ora asks of a terminal; the fake records text and ignores cursor moves.
  columns = 80;
  cursorTo() {
    return true;
  }
  moveCursor() {
    return true;
  }
  clearLine() {
    return true;
  }
  override _write(chunk: Buffer, _encoding: string, callback: () => void) {
    this.text += chunk.toString();
    callback();
  }
}

export interface FakeOptions {
  env?: Env;
  stdin?: string;
  stdinTTY?: boolean;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  answers?: string[];
  http?: HttpClient;
  openHttp?: HttpOpener;
  now?: number;
}

export function fakeContext(options: FakeOptions = {}) {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = options.stdinTTY ?? false;
  stdin.end(options.stdin ?? '');
  const stdout = new Recorder(options.stdoutTTY ?? false);
  const stderr = new Recorder(options.stderrTTY ?? false);
  const keychain = new MemoryKeychain();
  const secretFile = new MemoryKeychain('the test credentials file');
  const settings = new MemorySettings();
  const clipboard = new MemoryClipboard();
  const prompter = new ScriptedPrompter(options.answers ?? []);
  let now = options.now ?? Date.parse('2026-11-28T12:00:00Z');
  const sleeps: number[] = [];
  const background: string[][] = [];
  // A private HOME: the token lock lives under it.
  const env: Env = { HOME: tempDir('zoom-s2s-fake-home-'), ...(options.env ?? {}) };
  const sensitive = new Masker();
  let prompterOf = async (): Promise<Prompter> => prompter;
  const ctx: Context = {
    io: createIo({ streams: givenStreams(stdin, stdout, stderr), env, sensitive, debugEnabled: () => ctx.debugEnabled, prompter: () => prompterOf() }),
    env,
    platform: 'linux',
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    http: options.http ?? (() => Promise.reject(new Error('no network in this test'))),
    openHttp: options.openHttp ?? (() => Promise.reject(new Error('no network in this test'))),
    debugEnabled: false,
    sensitive,
    caFile: undefined,
    secrets: async (storage) => (storage === 'file' ? secretFile : keychain),
    settings: async () => settings,
    clipboard: async () => clipboard,
    runInBackground: async (args) => void background.push(args),
  };
  return {
    ctx,
    keychain,
    secretFile,
    settings,
    clipboard,
    prompter,
    sleeps,
    /** What runInBackground was asked to start. */
    background,
    stdout: () => stdout.text,
    stderr: () => stderr.text,
    /** Questions are answered by `replacement` from now on. */
    usePrompter: (replacement: Prompter) => {
      prompterOf = async () => replacement;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}
