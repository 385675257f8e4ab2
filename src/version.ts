import { createRequire } from 'node:module';

/** This package's version, from package.json (two folders up from dist/src and from dist/bundle alike). */
export const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
