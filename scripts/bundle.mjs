/**
 * Bundles the program into CommonJS files that bin/zoom-s2s.cjs loads:
 *   dist/bundle/zoom-s2s.cjs       src/bin.ts: the recorded --help and
 *                                  --version, and the hot path of a cached
 *                                  `token` (about 20 KB);
 *   dist/bundle/token-program.cjs  src/token-program.ts: `token` without
 *                                  commander, when the cache cannot answer;
 *   dist/bundle/program.cjs        src/program.ts: the whole CLI.
 * The first loads one of the others only when it cannot answer itself, so a
 * cached `token` never reads or compiles them. Why CommonJS: an ES module
 * entry makes Node start its whole ESM loader (some 80 internal modules,
 * about 20 ms) before our first line; a CommonJS entry does not, and the
 * libraries only some paths need (conf, ora, chalk, clipboardy, inquirer: ES
 * modules) are still loaded on demand with import(). The native keyring
 * module and the libraries that find files next to themselves (clipboardy's
 * xsel) stay in node_modules.
 */
import { rmSync } from 'node:fs';
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
  minify: true,
  sourcemap: false,
  external: ['@napi-rs/keyring', 'clipboardy', 'conf', 'ora', '@inquirer/prompts', 'chalk', 'undici', '@modelcontextprotocol/sdk', './program.cjs', './token-program.cjs'],
  // Our modules use import.meta.url (to find package.json); in CommonJS it is
  // this file's URL, worked out on first use (the hot path has none).
  define: { 'import.meta.url': '__zoomS2s.fileUrl' },
  banner: { js: "const __zoomS2s = { get fileUrl() { return require('node:url').pathToFileURL(__filename).href; } };" },
  plugins: [lazyChildProcessForCommander, fsForGracefulFs],
  logLevel: 'warning',
};

// Nothing left from an earlier layout of the bundles: the folder is packed whole.
rmSync('dist/bundle', { recursive: true, force: true });

await Promise.all([
  // The hot path never takes a lock (settings.ts does to write): proper-lockfile stays out of it.
  build({ ...common, entryPoints: ['src/bin.ts'], outfile: 'dist/bundle/zoom-s2s.cjs', external: [...common.external, 'proper-lockfile'] }),
  build({ ...common, entryPoints: ['src/program.ts'], outfile: 'dist/bundle/program.cjs' }),
  build({ ...common, entryPoints: ['src/token-program.ts'], outfile: 'dist/bundle/token-program.cjs' }),
]);

// What --help and --version print, recorded from the bundles just built.
await import('./record-static-output.mjs');
