/**
 * The floor for a cached `token`: a bare script that loads the keychain
 * library, reads the one keychain item the cache keeps (the profile's
 * "<profile>:token") and prints the token in it, nothing else: no settings,
 * no checks. `npm run bench` shows the cached `token` against it.
 * Usage: node bench/floor-cached.cjs <profile>
 */
const { AsyncEntry } = require('@napi-rs/keyring');

new AsyncEntry('zoom-s2s', `${process.argv[2]}:token`, { linux: { store: 'secret-service' } }).getPassword().then((item) => {
  require('node:fs').writeSync(1, `${JSON.parse(item).accessToken}\n`);
});
