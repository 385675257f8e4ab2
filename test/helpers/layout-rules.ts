/**
 * The import rules that keep src/'s layout honest (README, "Architecture"),
 * checked on the import statements of the sources: static and type-only
 * imports, re-exports, import() and require(), as TypeScript's own
 * pre-processor reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Source files by path relative to the repository ("src/core/errors.ts"), and their text. */
export type SourceTree = Map<string, string>;

export function readSourceTree(root: string): SourceTree {
  const tree: SourceTree = new Map();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.ts')) tree.set(relative, readFileSync(path.join(root, relative), 'utf8'));
    }
  };
  walk('src');
  return tree;
}

/** What a file imports: our own files (resolved to "src/….ts") and packages (by name, "node:" builtins included). */
export function importsOf(file: string, text: string): { files: string[]; packages: string[] } {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const files: string[] = [];
  const packages: string[] = [];
  for (const { fileName } of importedFiles) {
    // A .cjs beside a file is a bundle built from the .ts of that name (bin.ts loads program.cjs).
    if (fileName.startsWith('.')) files.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName)).replace(/\.c?js$/, '.ts'));
    else packages.push(fileName.startsWith('@') ? fileName.split('/').slice(0, 2).join('/') : fileName.split('/')[0]!);
  }
  return { files, packages };
}

const TERMINAL_PACKAGES = ['chalk', 'ora', '@inquirer/prompts', 'clipboardy', 'commander'];
const FRONT_ENDS = ['src/commands/', 'src/cli.ts', 'src/bin.ts', 'src/program.ts', 'src/on-this-process.ts', 'src/report.ts', 'src/static-output.ts'];

/** The files of src/commands/ that the entry (src/bin.ts) runs `token` with. */
const ENTRY_COMMAND_FILES = ['src/commands/flags.ts', 'src/commands/global-flags.ts', 'src/commands/duration.ts', 'src/commands/token/flags.ts', 'src/commands/token/run.ts', 'src/commands/token/copy.ts'];

const under = (prefixes: string[]) => (file: string) => prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));

/** Which part of core a file belongs to: the root (errors, duration) or its folder. */
function coreLayer(file: string): string | undefined {
  const match = /^src\/core\/(?:([^/]+)\/)?[^/]+\.ts$/.exec(file);
  return match ? (match[1] ?? 'root') : undefined;
}

/** The parts of core each part may import (besides itself): storage and transport know nothing of OAuth, OAuth nothing of the API. */
const CORE_LAYERS: Record<string, string[]> = {
  root: [],
  store: ['root'],
  net: ['root'],
  auth: ['root', 'store', 'net'],
  api: ['root', 'store', 'net', 'auth'],
};

interface Rule {
  /** Says what the rule is, as a violation reports it. */
  name: string;
  applies: (file: string) => boolean;
  forbidsFile: (target: string, file: string) => boolean;
  forbidsPackage: (name: string) => boolean;
}

const RULES: Rule[] = [
  {
    name: 'src/core knows nothing of the terminal, the commands, the session or the context',
    applies: under(['src/core/']),
    forbidsFile: under(['src/terminal/', 'src/context.ts', 'src/session.ts', ...FRONT_ENDS]),
    forbidsPackage: (name) => TERMINAL_PACKAGES.includes(name),
  },
  {
    name: 'a part of src/core imports only the parts below it (root < store, net < auth < api)',
    applies: (file) => coreLayer(file) !== undefined,
    forbidsFile: (target, file) => {
      const from = coreLayer(file)!;
      const to = coreLayer(target);
      return to !== undefined && to !== from && !CORE_LAYERS[from]!.includes(to);
    },
    forbidsPackage: () => false,
  },
  {
    name: 'src/terminal draws and reads a terminal for the commands: no command, no session, no context',
    applies: under(['src/terminal/']),
    forbidsFile: under(['src/session.ts', 'src/context.ts', ...FRONT_ENDS]),
    forbidsPackage: (name) => name === 'commander',
  },
  {
    name: 'src/session.ts and src/api-session.ts serve front ends without a terminal: no terminal, no commands',
    applies: under(['src/session.ts', 'src/api-session.ts']),
    forbidsFile: under(['src/terminal/', ...FRONT_ENDS]),
    forbidsPackage: (name) => TERMINAL_PACKAGES.includes(name),
  },
  {
    name: 'src/bin.ts runs `token` without commander: the flag tables, token\'s run function, the recording; no cli.ts, no other command',
    applies: under(['src/bin.ts']),
    forbidsFile: (target) => target === 'src/cli.ts' || (target.startsWith('src/commands/') && !ENTRY_COMMAND_FILES.includes(target)),
    forbidsPackage: (name) => !name.startsWith('node:'),
  },
  {
    name: 'src/static-output.ts prints a recording: no module of ours, no package',
    applies: under(['src/static-output.ts']),
    forbidsFile: () => true,
    forbidsPackage: (name) => !name.startsWith('node:'),
  },
  {
    name: 'src/context.ts is wired from core and the terminal, below the session and the commands',
    applies: under(['src/context.ts']),
    forbidsFile: under(['src/session.ts', ...FRONT_ENDS]),
    forbidsPackage: () => false,
  },
];

/** Every broken rule and every import cycle in `tree`, one line each; empty when the layout holds. */
export function layoutViolations(tree: SourceTree): string[] {
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  for (const [file, text] of tree) {
    const { files, packages } = importsOf(file, text);
    graph.set(file, files);
    for (const target of files) if (!tree.has(target)) problems.push(`${file} imports ${target}, which does not exist`);
    for (const rule of RULES.filter((r) => r.applies(file))) {
      for (const target of files.filter((t) => rule.forbidsFile(t, file))) problems.push(`${file} imports ${target}: ${rule.name}`);
      for (const name of packages.filter(rule.forbidsPackage)) problems.push(`${file} imports ${name}: ${rule.name}`);
    }
  }
  for (const cycle of importCycles(graph)) problems.push(`import cycle: ${cycle.join(' -> ')}`);
  problems.push(...entryViolations(tree, graph));
  return problems;
}

/**
 * What the entry reaches (src/bin.ts and every file it imports, on and on,
 * import() included; the full program, src/program.ts, is a bundle of its
 * own) stays without commander and the other commands: `token` starts
 * without them.
 */
function entryViolations(tree: SourceTree, graph: Map<string, string[]>): string[] {
  if (!tree.has('src/bin.ts')) return [];
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file) || file === 'src/program.ts' || !graph.has(file)) return;
    reached.add(file);
    graph.get(file)!.forEach(visit);
  };
  visit('src/bin.ts');
  const problems: string[] = [];
  for (const file of [...reached].sort()) {
    if (file === 'src/cli.ts' || (file.startsWith('src/commands/') && !ENTRY_COMMAND_FILES.includes(file))) problems.push(`src/bin.ts reaches ${file}: the entry runs \`token\` without the full program`);
    if (importsOf(file, tree.get(file)!).packages.includes('commander')) problems.push(`src/bin.ts reaches ${file}, which imports commander: the entry runs \`token\` without it`);
  }
  return problems;
}

/** The cycles a depth-first search meets (at least one wherever files import each other in a circle), each a path that ends where it starts. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}
