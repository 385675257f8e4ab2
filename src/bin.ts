/**
 * The process entry (the bundle dist/bundle/zoom-s2s.cjs). A cached `token`
 * is answered by the hot path (hot-path.ts) with the few modules it needs;
 * anything else loads the full program, a second bundle (program.ts), so the
 * hot path never reads or compiles commander and the commands.
 */
import { fstatSync, writeSync } from 'node:fs';
import { answerFromCache, type Handover } from './hot-path.js';
import { openSystemKeychain } from './core/store/keychain.js';

/**
 * Writes `text` on file descriptor 1 without making process.stdout (a
 * stream, and node:net behind a pipe). False when nothing could be written,
 * so the full program answers instead.
 */
function writeStdout(text: string): boolean {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The reader went away (`zoom-s2s token | head -c 10`): not a failure, as in the full program.
    if (code === 'EPIPE') return true;
    // A non-blocking pipe that is full: the stream waits for room.
    if (code === 'EAGAIN') process.stdout.write(bytes.subarray(written));
    else if (written === 0) return false;
    else throw error;
  }
  return true;
}

/**
 * Whether stderr is a character device: a terminal, or /dev/null, where the
 * line about the expiry goes unseen. Cheaper than isatty, whose node:tty
 * loads node:net and the streams (about 3 ms).
 */
function stderrMayBeTerminal(): boolean {
  try {
    return fstatSync(2).isCharacterDevice();
  } catch {
    return false;
  }
}

void answerFromCache({
  argv: process.argv.slice(2),
  env: process.env,
  platform: process.platform,
  now: Date.now,
  secrets: async (storage) => (storage === 'file' ? (await import('./core/store/secret-file.js')).openSecretFile(process.env) : openSystemKeychain(process.platform)),
  writeStdout,
  stderrMayBeTerminal,
  writeStderr: (text) => {
    try {
      writeSync(2, text);
    } catch {
      // stderr gone: the line was for people, and the answer is on stdout.
    }
  },
}).then((handover: Handover | undefined) => {
  // bin.ts runs only as the CommonJS bundle: program.cjs is the file beside it.
  if (handover) (require('./program.cjs') as typeof import('./program.js')).run(handover);
});
