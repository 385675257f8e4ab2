/**
 * The commands reference (docs/commands.md) and the man page (zoom-s2s.1),
 * written from the commander program itself: each command's own --help,
 * examples included, so neither can drift from what the CLI says.
 * `npm run docs` writes them; test/unit/reference.test.ts fails when the
 * files in the repository are not what this writes.
 */
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli.js';
import { fakeContext } from '../helpers/fake-context.js';
import { version } from '../../src/version.js';

interface Page {
  /** "zoom-s2s token", "zoom-s2s profiles use". */
  path: string;
  description: string;
  help: string;
}

/** Every visible command's --help text, in the program's order, the root first. */
export function helpPages(): Page[] {
  // Not a terminal, no colour: the help as a pipe would get it.
  const fake = fakeContext();
  const program = buildProgram(fake.ctx);
  const pages: Page[] = [];
  const visit = (command: Command, path: string) => {
    // 80 columns and no colour wherever it runs, so the files do not depend on the terminal `npm run docs` ran in.
    command.configureOutput({ getOutHelpWidth: () => 80, getOutHasColors: () => false });
    const start = fake.stdout().length;
    command.outputHelp();
    pages.push({ path, description: command.description(), help: fake.stdout().slice(start).replace(/\s+$/, '') });
    for (const sub of command.commands) {
      if ((sub as unknown as { _hidden?: boolean })._hidden || sub.name() === 'help') continue;
      visit(sub, `${path} ${sub.name()}`);
    }
  };
  visit(program, 'zoom-s2s');
  return pages;
}

export function commandsMarkdown(pages: Page[]): string {
  const lines = [
    '# Commands',
    '',
    '<!-- Written by `npm run docs` from the program\'s own --help; edit the commands, not this file. -->',
    '',
    ...pages.map((page) => `- [\`${page.path}\`](#${page.path.replace(/ /g, '-')}): ${page.description}`),
  ];
  for (const page of pages) lines.push('', `## ${page.path}`, '', '```', page.help, '```');
  return `${lines.join('\n')}\n`;
}

/** roff text: a backslash doubled, a line that starts with "." or "'" protected. */
const roff = (text: string) =>
  text
    .replace(/\\/g, '\\e')
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');

export function manPage(pages: Page[]): string {
  const [root, ...commands] = pages;
  const out = [
    `.TH ZOOM-S2S 1 "" "zoom-s2s ${version}" "User Commands"`,
    '.\\" Written by `npm run docs` from the program\'s own --help.',
    '.SH NAME',
    `zoom-s2s \\- ${roff(root!.description)}`,
    '.SH SYNOPSIS',
    '.B zoom-s2s',
    '[options] [command]',
    '.SH DESCRIPTION',
    '.nf',
    roff(root!.help),
    '.fi',
    '.SH COMMANDS',
  ];
  for (const page of commands) out.push(`.SS ${roff(page.path)}`, '.nf', roff(page.help), '.fi');
  out.push('.SH SEE ALSO', 'The README and docs/ in the project, and https://developers.zoom.us/docs/internal-apps/s2s-oauth/');
  return `${out.join('\n')}\n`;
}

/** `npm run docs`: writes both files into the repository. */
export async function writeReference(root: string): Promise<void> {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const pages = helpPages();
  mkdirSync(`${root}/docs`, { recursive: true });
  writeFileSync(`${root}/docs/commands.md`, commandsMarkdown(pages));
  writeFileSync(`${root}/zoom-s2s.1`, manPage(pages));
}
