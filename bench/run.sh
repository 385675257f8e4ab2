#!/usr/bin/env bash
# Runs bench/bench.mjs with a private gnome-keyring (the cached token lives in
# the keychain), as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/src/cli.js ] || npm run build
exec dbus-run-session -- bash test/support/keyring-session.sh node bench/bench.mjs "$@"
