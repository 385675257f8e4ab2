/**
 * Bundles the program into CommonJS files that bin/zoom-s2s.cjs loads:
 *   dist/bundle/zoom-s2s.cjs   src/bin.ts: the recorded --help and --version,
 *                              and `token`, from the cache;
 *   dist/bundle/mint.cjs       what `token` needs only for a mint (the lock,
 *                              the token request, HTTP: DEFERRED below),
 *                              loaded by the entry when the cache cannot answer;
 *   dist/bundle/program.cjs    src/program.ts: the whole CLI, on its own.
 * Node compiles every byte of a bundle it loads (a 60 KB entry cost a cached
 * `token` about 2 ms more than a 30 KB one), so each path loads only what
 * it needs. mint.cjs takes every module the entry has from the entry itself
 * (the entry exports them as `shared`), so one process holds one copy of
 * each: a CliError thrown by a mint is the class report.ts knows. Why CommonJS: an ES module
 * entry makes Node start its whole ESM loader (some 80 internal modules,
 * about 20 ms) before our first line; a CommonJS entry does not, and the
 * libraries only some paths need (conf, ora, chalk, clipboardy, inquirer: ES
 * modules) are still loaded on demand with import(). The native keyring
 * module and the libraries that find files next to themselves (clipboardy's
 * xsel) stay in node_modules.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * commander requires child_process when it loads (about 5 ms), for
 * subcommands that are separate executables, which zoom-s2s has none of.
 * Its require gets a stand-in that loads child_process on first use.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'zoom-s2s' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zoom-s2s' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, name) => (real ??= require('node:child_process'))[name] });",
      loader: 'js',
    }));
  },
};

/**
 * proper-lockfile is bundled, with node:fs in place of graceful-fs: loading
 * graceful-fs (which patches fs for the whole process) took 6 of the 12 ms
 * that loading proper-lockfile cost each mint, and what it guards against
 * (EMFILE with thousands of open files) cannot happen in a lock's few calls.
 */
const fsForGracefulFs = {
  name: 'node-fs-for-graceful-fs',
  setup(build) {
    build.onResolve({ filter: /^graceful-fs$/ }, () => ({ path: 'graceful-fs', namespace: 'node-fs' }));
    build.onLoad({ filter: /.*/, namespace: 'node-fs' }, () => ({ contents: "module.exports = require('node:fs');", loader: 'js' }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // BUNDLE_NO_MINIFY=1: readable bundles, for a CPU profile with real names.
  minify: !process.env.BUNDLE_NO_MINIFY,
  sourcemap: false,
  external: ['@napi-rs/keyring', 'clipboardy', 'conf', 'ora', '@inquirer/prompts', 'chalk', 'undici', '@modelcontextprotocol/sdk', './program.cjs'],
  // Our modules use import.meta.url (to find package.json); in CommonJS it is
  // this file's URL, worked out on first use (a cached token needs none).
  define: { 'import.meta.url': '__zoomS2s.fileUrl' },
  banner: { js: "const __zoomS2s = { get fileUrl() { return require('node:url').pathToFileURL(__filename).href; } };" },
  plugins: [lazyChildProcessForCommander, fsForGracefulFs],
  logLevel: 'warning',
};

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ts = (file) => (file.endsWith('.js') ? `${file.slice(0, -3)}.ts` : file);

/**
 * The modules the entry loads from mint.cjs, by the name mint.cjs exports
 * them under; the entry imports each only with import(). What a cached
 * `token` does not run: a mint (the lock, the token request, HTTP), an
 * error's report, --copy, a spinner, a prompt, the credentials file.
 */
const DEFERRED = {
  lock: 'src/core/store/lock.ts',
  oauth: 'src/core/auth/oauth.ts',
  http: 'src/core/net/http.ts',
  report: 'src/report.ts',
  copy: 'src/commands/token/copy.ts',
  clipboard: 'src/terminal/clipboard.ts',
  spinner: 'src/terminal/spinner.ts',
  prompt: 'src/terminal/prompt.ts',
  secretFile: 'src/core/store/secret-file.ts',
};
const deferredName = (file) => Object.keys(DEFERRED).find((name) => path.join(root, DEFERRED[name]) === file);

/** In the entry, import() of a deferred module becomes a require of mint.cjs. */
const deferToMintBundle = {
  name: 'defer-to-mint-bundle',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const name = deferredName(path.resolve(args.resolveDir, ts(args.path)));
      if (!name) return undefined;
      if (args.kind !== 'dynamic-import') throw new Error(`${args.importer} imports ${args.path} statically: the entry loads it from mint.cjs, with import() only`);
      return { path: name, namespace: 'deferred' };
    });
    build.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({ contents: `module.exports = require('./mint.cjs').${args.path};`, loader: 'js' }));
  },
};

/**
 * In mint.cjs, a module the entry has is the entry's (its `shared` export),
 * not a second copy. `used` collects, per module, the names mint.cjs imports
 * from it (read from the import statements of the files it bundles): the
 * entry shares just those, so tree shaking still drops the rest.
 */
const takeFromEntry = (entryModules, used) => ({
  name: 'take-from-entry',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const file = path.relative(root, path.resolve(args.resolveDir, ts(args.path)));
      if (!entryModules.includes(file)) return undefined;
      if (!used.has(file)) used.set(file, new Set());
      const source = readFileSync(args.importer, 'utf8');
      for (const [, names, from] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
        if (from !== args.path) continue;
        for (const name of names.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '))) used.get(file).add(name.split(/\s+as\s+/)[0]);
      }
      const quoted = `'${args.path}'`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(import\\s*\\*[^;]*|import\\s+\\w+[^;]*|export\\s*\\*[^;]*)from\\s*${quoted}|import\\(${quoted}\\)`).test(source)) {
        throw new Error(`${args.importer} imports ${args.path} other than by name: the entry cannot tell what to share of it`);
      }
      return { path: file, namespace: 'from-entry' };
    });
    build.onLoad({ filter: /.*/, namespace: 'from-entry' }, (args) => ({ contents: `module.exports = require('./zoom-s2s.cjs').shared[${JSON.stringify(args.path)}];`, loader: 'js' }));
  },
});

/** The entry: src/bin.ts, exporting as `shared` what mint.cjs takes from it (`used`: module → names). */
const entry = (used) => ({
  ...common,
  stdin: {
    contents: [
      `export * from './src/bin.ts';`,
      ...[...used].map(([file, names], i) => `import { ${[...names].map((name) => `${name} as m${i}_${name}`).join(', ')} } from './${file}';`),
      `export const shared = { ${[...used].map(([file, names], i) => `${JSON.stringify(file)}: { ${[...names].map((name) => `${name}: m${i}_${name}`).join(', ')} }`).join(', ')} };`,
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'entry.js',
    loader: 'js',
  },
  external: [...common.external, './mint.cjs'],
  plugins: [...common.plugins, deferToMintBundle],
});

// Nothing left from an earlier layout of the bundles: the folder is packed whole.
rmSync('dist/bundle', { recursive: true, force: true });

// Which of our modules the entry holds; then which of them mint.cjs uses (built
// with them taken from the entry); then the entry, sharing those (shared
// names only: tree shaking drops the rest).
const { metafile } = await build({ ...entry(new Map()), write: false, metafile: true });
const entryModules = Object.keys(metafile.inputs).filter((file) => file.startsWith('src/'));
const used = new Map();
await build({
  ...common,
  stdin: { contents: Object.entries(DEFERRED).map(([name, file]) => `export * as ${name} from './${file}';`).join('\n'), resolveDir: root, sourcefile: 'mint.js', loader: 'js' },
  outfile: 'dist/bundle/mint.cjs',
  external: [...common.external, './zoom-s2s.cjs'],
  plugins: [...common.plugins, takeFromEntry(entryModules, used)],
});
await Promise.all([
  build({ ...entry(used), outfile: 'dist/bundle/zoom-s2s.cjs' }),
  build({ ...common, entryPoints: ['src/program.ts'], outfile: 'dist/bundle/program.cjs' }),
]);

// What --help and --version print, recorded from the bundles just built.
await import('./record-static-output.mjs');
