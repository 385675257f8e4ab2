import { readFileSync } from 'node:fs';

/**
 * This package's version, from package.json (two folders up from dist/src and
 * from dist/bundle alike). Read as a file rather than required: a require
 * from here needs node:module, which loads parts of the ES module loader.
 */
export const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
