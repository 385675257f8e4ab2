/**
 * The standard streams, as the terminal seam (io.ts) uses them: this
 * process's, made only when a command needs a stream, or a test's.
 *
 * A cached `token` runs in loops, and making process.stdout (node:net behind
 * a pipe, node:tty on a terminal) or asking isatty (node:tty) costs
 * milliseconds of it. So text is written with writeSync until a stream has
 * been made, and whether a descriptor is a terminal is one fstat, with
 * isatty asked only of a character device other than /dev/null.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';

export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}
export interface OutputStream extends NodeJS.WritableStream {
  isTTY?: boolean;
}

export type OutputName = 'stdout' | 'stderr';

export interface StandardStreams {
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  isTTY(name: 'stdin' | OutputName): boolean;
  /** Writes `text` (to the stream if it has been made, else straight to the descriptor). */
  write(name: OutputName, text: string): void;
}

/** Streams already made (a test's in-memory ones): isTTY is the stream's flag. */
export function givenStreams(stdin: InputStream, stdout: OutputStream, stderr: OutputStream): StandardStreams {
  const streams = { stdin, stdout, stderr };
  return {
    ...streams,
    isTTY: (name) => streams[name].isTTY === true,
    write: (name, text) => void streams[name].write(text),
  };
}

/** Whether file descriptor `fd` is a terminal. */
export function isTerminal(fd: 0 | 1 | 2, platform: NodeJS.Platform = process.platform): boolean {
  const isatty = () => (process.getBuiltinModule('node:tty') as typeof import('node:tty')).isatty(fd);
  if (platform === 'win32') return isatty();
  try {
    const stat = fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== statSync('/dev/null').rdev && isatty();
  } catch {
    return false;
  }
}

/**
 * This process's streams. `onStdout` is told when process.stdout is made
 * (to watch it for a reader that goes away). A write before that which
 * meets a reader that went away (EPIPE) ends writing quietly, as the
 * stream's handler does; a full non-blocking pipe (EAGAIN) makes the
 * stream, which waits for room.
 */
export function processStreams(onStdout: (stream: OutputStream) => void = () => undefined): StandardStreams {
  const fds = { stdin: 0, stdout: 1, stderr: 2 } as const;
  const made: { stdout?: OutputStream; stderr?: OutputStream } = {};
  const terminal: Partial<Record<keyof typeof fds, boolean>> = {};
  const closed = new Set<OutputName>();
  const stream = (name: OutputName): OutputStream => {
    if (!made[name]) {
      made[name] = name === 'stdout' ? process.stdout : process.stderr;
      if (name === 'stdout') onStdout(made[name]);
    }
    return made[name];
  };
  return {
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return stream('stdout');
    },
    get stderr() {
      return stream('stderr');
    },
    isTTY: (name) => (terminal[name] ??= isTerminal(fds[name])),
    write(name, text) {
      if (made[name]) return void made[name].write(text);
      if (closed.has(name)) return;
      const bytes = Buffer.from(text);
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(fds[name], bytes, written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') stream(name).write(bytes.subarray(written));
        else if (code === 'EPIPE' || name === 'stderr') closed.add(name);
        else throw error;
      }
    },
  };
}
