#!/usr/bin/env bash
# The whole test suite in one `node --test` run (or the test files given, as
# paths under dist/). When they are installed, it runs inside a private D-Bus
# session with an unlocked gnome-keyring (for the real-keychain tests) and
# under Xvfb (for the clipboard tests); without them those tests report
# themselves as skipped with the apt-get line to install. In CI (CI=true) a
# skipped test fails the run: every test there must have run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Test files run one at a time: the end-to-end ones share one keyring.
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(dist/test/unit/*.test.js dist/test/e2e/*.test.js dist/test/hardening/*.test.js)
tests=(bash test/support/fresh-tmp.sh node --test --test-concurrency=1 "${files[@]}")

if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  tests=(dbus-run-session -- bash test/support/keyring-session.sh "${tests[@]}")
else
  echo "test/run.sh: no dbus-run-session or gnome-keyring-daemon: the real-keychain tests will be skipped" >&2
fi
if command -v xvfb-run >/dev/null; then
  # -noreset: by default Xvfb resets when its last client leaves, and a client
  # connecting meanwhile fails ("xsel: Can't open display"): 2 to 6 of 300
  # one-at-a-time xsel calls on a busy machine, 0 of 900 with -noreset.
  tests=(xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" "${tests[@]}")
else
  echo "test/run.sh: no xvfb-run: the clipboard tests will be skipped" >&2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"${tests[@]}" | tee "$log"
# The summary line of the tap ("# skipped N") or spec ("ℹ skipped N") reporter.
skipped=$(sed -n -E 's/^(# |ℹ )skipped ([0-9]+)$/\2/p' "$log" | tail -1)
if [ "${CI:-}" = true ] && [ "${skipped:-0}" != 0 ]; then
  echo "test/run.sh: $skipped test(s) skipped; in CI every test must run (see the SKIP lines above)" >&2
  exit 1
fi
