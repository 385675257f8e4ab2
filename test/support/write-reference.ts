/** `npm run docs`: docs/commands.md and zoom-s2s.1 from the program's own --help (see reference.ts). */
import { fileURLToPath } from 'node:url';
import { writeReference } from './reference.js';

await writeReference(fileURLToPath(new URL('../../..', import.meta.url)));
