/**
 * Preloaded (node -r) by the start-up guard test: appends every module the
 * process loads, by require() or by import(), to $ZOOM_S2S_MODULE_LOG, and
 * at exit every built-in module Node loaded ("builtin <name>"), however it
 * was loaded (process.getBuiltinModule too).
 */
const fs = require('node:fs');
const Module = require('node:module');

const log = process.env.ZOOM_S2S_MODULE_LOG;
if (log) {
  const load = Module._load;
  Module._load = function recordRequire(request, ...rest) {
    fs.appendFileSync(log, `require ${request}\n`);
    return load.call(this, request, ...rest);
  };
  const hooks = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  appendFileSync(${JSON.stringify(log)}, 'import ' + specifier + '\\n');
  return next(specifier, context);
}`;
  Module.register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  process.on('exit', () => {
    const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => `builtin ${entry.slice('NativeModule '.length)}`);
    fs.appendFileSync(log, `${builtins.join('\n')}\n`);
  });
}
