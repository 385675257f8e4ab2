/**
 * Replacing a file atomically: write a temporary file beside it, fsync,
 * rename. Readers see the old file or the new one, never half of one; a
 * failure (or an interruption, which the caller turns into a failure of the
 * source) leaves the old file as it was and no temporary file behind.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

const promises = () => process.getBuiltinModule('node:fs/promises');

function temporaryName(file: string): string {
  // node:crypto and node:fs/promises are loaded here, not at start-up: most runs write no file.
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function writeFileAtomicSync(file: string, content: string, mode: number): void {
  const temporary = temporaryName(file);
  try {
    const fd = openSync(temporary, 'wx', mode);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
    throw error;
  }
}

/** Writes everything `source` yields to `file`; the number of bytes written. */
export async function writeStreamAtomic(file: string, source: AsyncIterable<Buffer | string>, mode: number): Promise<number> {
  const temporary = temporaryName(file);
  let written = 0;
  let created = false;
  try {
    const handle = await promises().open(temporary, 'wx', mode);
    created = true;
    try {
      for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        await handle.write(bytes);
        written += bytes.length;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await promises().rename(temporary, file);
    return written;
  } catch (error) {
    if (created) await promises().unlink(temporary).catch(() => undefined);
    throw error;
  }
}
