/**
 * Bundles src/bin.ts (and commander) into dist/bundle/, so that starting the
 * CLI reads one file instead of resolving some thirty modules. Libraries that
 * only some commands need stay separate files loaded on demand (dynamic
 * import, code splitting); the native keyring module and the libraries that
 * find files next to themselves (clipboardy's xsel) stay in node_modules.
 */
import { build } from 'esbuild';

await build({
  entryPoints: { 'zoom-s2s': 'src/bin.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  external: ['@napi-rs/keyring', 'clipboardy', 'conf', 'ora', '@inquirer/prompts', 'chalk', 'proper-lockfile', 'undici'],
  // commander is CommonJS: give its require() calls a real require.
  banner: { js: "import { createRequire as __zoomS2sCreateRequire } from 'node:module'; const require = __zoomS2sCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
