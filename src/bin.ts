/**
 * The process entry (the bundle dist/bundle/zoom-s2s.cjs). --help and
 * --version are printed from the build's recording (static-output.ts), a
 * cached `token` is answered by the hot path (hot-path.ts) with the few
 * modules it needs; anything else loads the full program, a second bundle
 * (program.ts), so those never read or compile commander and the commands.
 */
import { fstatSync, writeSync } from 'node:fs';
import { answerFromCache, type Handover } from './hot-path.js';
import { staticOutput } from './static-output.js';
import { openSystemKeychain } from './core/store/keychain.js';
import type { SecretStorage } from './core/store/settings.js';

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

/**
 * What the hot path did not answer: plain `token` arguments go to the token
 * program, anything else to the full program, each with what the hot path
 * read. bin.ts runs only as the CommonJS bundle: both are bundles beside it.
 */
function runProgram(handover: Handover): void {
  if (handover.token) (require('./token-program.cjs') as typeof import('./token-program.js')).run(handover.token, handover);
  else (require('./program.cjs') as typeof import('./program.js')).run(handover);
}

function writeStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // stderr gone: the line was for people, and the answer is on stdout.
  }
}

const argv = process.argv.slice(2);
const recorded = staticOutput(argv, process.env, `${__dirname}/static-output.json`);
if (recorded === undefined || !writeStdout(recorded)) {
  const secrets = async (storage: SecretStorage) => (storage === 'file' ? (await import('./core/store/secret-file.js')).openSecretFile(process.env) : openSystemKeychain(process.platform));
  void answerFromCache({ argv, env: process.env, platform: process.platform, now: Date.now, secrets, writeStdout, stderrMayBeTerminal, writeStderr }).then((handover) => {
    if (handover) runProgram(handover);
  });
}
