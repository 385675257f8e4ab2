#!/usr/bin/env bash
# Runs bench/bench.mjs (or the benchmark script given first, such as
# bench/proxy.mjs) with a private gnome-keyring (the cached token lives in
# the keychain), as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/src/cli.js ] || npm run build
script=bench/bench.mjs
if [[ "${1:-}" == bench/*.mjs ]]; then script=$1; shift; fi
exec dbus-run-session -- bash test/support/keyring-session.sh node "$script" "$@"
