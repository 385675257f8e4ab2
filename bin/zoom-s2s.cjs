#!/usr/bin/env node
// The program is the bundle that `npm install` (its prepare step) builds.
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'zoom-s2s.cjs');
if (!require('node:fs').existsSync(bundle)) {
  process.stderr.write(`zoom-s2s is not built yet (${path.relative(process.cwd(), bundle) || bundle} is missing): run npm install in ${path.dirname(__dirname)}\n`);
  process.exit(1);
}
require(bundle);
