/**
 * The terminal seam (as GitHub CLI's iostreams): everything a command tells
 * people, prints as data or asks goes through the Io on its context.
 * - data on stdout: out(), json(); the raw streams for piping;
 * - people: notice(), success(), warn(), debug() on stderr, show() on
 *   stdout, each masked (the run's credentials) and escaped on the way out,
 *   whatever the caller passed (forPeople does the same for a text that
 *   goes elsewhere: an MCP result, a proxy's answer);
 * - questions: canPrompt(), prompter(), only when both ends are terminals;
 * - progress: a spinner while something slow runs, only on a terminal.
 * Nothing else in src/ writes to a terminal; core/ and session.ts never do.
 */
import type { Masker } from '../core/masking.js';
import { escapeControls } from '../core/text.js';
import { colorEnabled, loadStyle, type Style } from './output.js';
import type { InputStream, OutputStream, StandardStreams } from './process-streams.js';
import type { Prompter } from './prompt.js';

export type Env = Record<string, string | undefined>;

/** Shows that something slow is under way while `work` runs; without a terminal, the work just runs. */
export type Progress = <T>(work: () => Promise<T>) => Promise<T>;

export interface Io {
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  isStdinTTY(): boolean;
  isStdoutTTY(): boolean;
  isStderrTTY(): boolean;
  /** Whether questions can be asked: both the keyboard and the screen (stderr) must be a terminal. */
  canPrompt(): boolean;
  prompter(): Promise<Prompter>;

  /** Data on stdout, as it is. */
  out(text: string): void;
  /** A value as JSON on stdout, indented. */
  json(value: unknown): void;
  /** Text on stderr as it is: already made safe (commander's messages, an escape sequence of ours). */
  err(text: string): void;

  /** Text for people that may hold words from outside: credentials masked, control characters escaped (line breaks kept). */
  forPeople(text: string): string;
  /** A report for people on stdout (a table, a list): masked and escaped as notice() is. */
  show(text: string): void;
  /** A line for people on stderr: credentials masked, every control character escaped but our own colours (so a word from outside cannot steer the terminal, whatever the caller did). */
  notice(line: string): void;
  /** "✓ line", green where there is colour. */
  success(line: string): Promise<void>;
  /** "warning: line", yellow where there is colour. */
  warn(line: string): Promise<void>;
  /** "debug: message" when --debug or DEBUG=zoom-s2s is on; escaped and masked. */
  debug(message: string): void;
  /** Colour for stderr (or stdout), as the stream and NO_COLOR allow. */
  style(stream?: 'stderr' | 'stdout'): Promise<Style>;
  /** A spinner with `text` on stderr while work runs (a terminal only). */
  progress(text: string): Progress;
}

export interface IoParts {
  streams: StandardStreams;
  env: Env;
  /** Masks the credentials this run has seen; read at each write, so ones added later are masked too. */
  sensitive: Pick<Masker, 'mask'>;
  debugEnabled(): boolean;
  prompter(): Promise<Prompter>;
}

export function createIo(parts: IoParts): Io {
  const { streams, env, sensitive } = parts;
  const masked = (text: string) => sensitive.mask(text);
  const forPeople = (text: string) => escapeControls(masked(text), { keepLayout: true });
  // The one way text for people reaches a stream: masked, then escaped, our own colours kept where colour is on.
  const toPeople = (stream: 'stdout' | 'stderr', text: string) => streams.write(stream, escapeControls(masked(text), { keepLayout: true, keepStyle: colorEnabled(streams.isTTY(stream), env) }));
  const notice = (line: string) => toPeople('stderr', `${line}\n`);
  const style = (stream: 'stderr' | 'stdout' = 'stderr') => loadStyle(colorEnabled(streams.isTTY(stream), env));
  return {
    get stdin() {
      return streams.stdin;
    },
    get stdout() {
      return streams.stdout;
    },
    get stderr() {
      return streams.stderr;
    },
    isStdinTTY: () => streams.isTTY('stdin'),
    isStdoutTTY: () => streams.isTTY('stdout'),
    isStderrTTY: () => streams.isTTY('stderr'),
    canPrompt: () => streams.isTTY('stdin') && streams.isTTY('stderr'),
    prompter: parts.prompter,
    out: (text) => streams.write('stdout', text),
    err: (text) => streams.write('stderr', text),
    json: (value) => streams.write('stdout', `${JSON.stringify(value, null, 2)}\n`),
    forPeople,
    show: (text) => toPeople('stdout', text),
    notice,
    success: async (line) => notice(`${(await style()).green('✓')} ${line}`),
    warn: async (line) => notice(`${(await style()).yellow('warning:')} ${line}`),
    debug: (message) => {
      if (parts.debugEnabled()) streams.write('stderr', `debug: ${forPeople(message)}\n`);
    },
    style,
    // The spinner's code is loaded only for a terminal.
    progress: (text) => async (work) => (streams.isTTY('stderr') ? (await import('./spinner.js')).withSpinner(streams.stderr, env, text, work) : work()),
  };
}
