#!/usr/bin/env bash
# The whole test suite in one `node --test` run. When they are installed, it
# runs inside a private D-Bus session with an unlocked gnome-keyring (for the
# real-keychain tests) and under Xvfb (for the clipboard tests); without them
# those tests report themselves as skipped with the apt-get line to install.
set -euo pipefail
cd "$(dirname "$0")/.."

# Test files run one at a time: the end-to-end ones share one keyring.
tests=(node --test --test-concurrency=1 dist/test/unit/*.test.js dist/test/e2e/*.test.js dist/test/hardening/*.test.js)

if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  tests=(dbus-run-session -- bash test/support/keyring-session.sh "${tests[@]}")
else
  echo "test/run.sh: no dbus-run-session or gnome-keyring-daemon: the real-keychain tests will be skipped" >&2
fi
if command -v xvfb-run >/dev/null; then
  tests=(xvfb-run -a "${tests[@]}")
else
  echo "test/run.sh: no xvfb-run: the clipboard tests will be skipped" >&2
fi
exec "${tests[@]}"
