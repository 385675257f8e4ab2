/** docs/commands.md and the man page are what the program's own --help says (npm run docs writes them). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { commandsMarkdown, helpPages, manPage } from '../support/reference.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the commands reference and the man page', () => {
  const pages = helpPages();

  test('cover every visible command, with its examples', () => {
    const paths = pages.map((p) => p.path);
    for (const command of ['zoom-s2s', 'zoom-s2s login', 'zoom-s2s token', 'zoom-s2s api', 'zoom-s2s profiles use', 'zoom-s2s completion']) assert.ok(paths.includes(command), command);
    assert.ok(!paths.some((p) => p.includes('__')), 'no hidden helper');
    assert.match(pages.find((p) => p.path === 'zoom-s2s token')!.help, /Examples:/);
  });

  test('the files in the repository are up to date (else: npm run docs)', () => {
    assert.equal(readFileSync(`${ROOT}docs/commands.md`, 'utf8'), commandsMarkdown(pages), 'docs/commands.md is stale: run npm run docs');
    assert.equal(readFileSync(`${ROOT}zoom-s2s.1`, 'utf8'), manPage(pages), 'zoom-s2s.1 is stale: run npm run docs');
  });

  test('the man page is roff that man can render', () => {
    const page = manPage(pages);
    assert.match(page, /^\.TH ZOOM-S2S 1 /);
    assert.ok(!page.split('\n').some((line) => /^[.'](?!TH |SH |SS |nf$|fi$|B |\\" )/.test(line)), 'no line that roff would read as a request by mistake');
  });
});
