/**
 * A CommonJS require, for packages and built-in modules. In the bundle
 * (CommonJS) it is the bundle's own; in the ES modules tsc writes for the
 * tests, one made with node:module. Why not always node:module: loading it
 * pulls in the ES module loader's internals, about a millisecond of a cached
 * `token`. Not for relative paths: those would resolve from this file.
 */
export const nodeRequire: NodeJS.Require = typeof require === 'function' ? require : process.getBuiltinModule('node:module').createRequire(import.meta.url);
