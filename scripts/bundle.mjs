/**
 * Bundles the program into two CommonJS files loaded by bin/zoom-s2s.cjs:
 * dist/bundle/zoom-s2s.cjs (src/bin.ts: the hot path of a cached `token`,
 * about 30 KB) and dist/bundle/program.cjs (src/program.ts: the whole CLI
 * with commander), which the first loads only when the hot path does not
 * answer; a cached `token` never reads or compiles it. Why CommonJS: an ES
 * module entry makes Node start its whole ESM loader (some 80 internal
 * modules, about 20 ms) before our first line; a CommonJS entry does not, and
 * the libraries only some commands need (conf, ora, chalk, clipboardy,
 * inquirer: ES modules) are still loaded on demand with import(). The native
 * keyring module and the libraries that find files next to themselves
 * (clipboardy's xsel) stay in node_modules.
 */
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

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  external: ['@napi-rs/keyring', 'clipboardy', 'conf', 'ora', '@inquirer/prompts', 'chalk', 'proper-lockfile', 'undici', './program.cjs'],
  // Our modules use import.meta.url (to find package.json); in CommonJS it is
  // this file's URL, worked out on first use (the hot path has none).
  define: { 'import.meta.url': '__zoomS2s.fileUrl' },
  banner: { js: "const __zoomS2s = { get fileUrl() { return require('node:url').pathToFileURL(__filename).href; } };" },
  plugins: [lazyChildProcessForCommander],
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['src/bin.ts'], outfile: 'dist/bundle/zoom-s2s.cjs' }),
  build({ ...common, entryPoints: ['src/program.ts'], outfile: 'dist/bundle/program.cjs' }),
]);

// What --help and --version print, recorded from the bundles just built.
await import('./record-static-output.mjs');
