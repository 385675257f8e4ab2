#!/usr/bin/env bash
# Run inside `dbus-run-session`: starts gnome-keyring's Secret Service with a
# fresh, unlocked login keyring in a throw-away HOME, waits until it owns its
# D-Bus name, then runs the command given.
set -euo pipefail
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export HOME="$keyring_home"
printf %s "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null

# Without this wait D-Bus may start a second daemon that prints onto stdout.
for _ in $(seq 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    export ZOOM_S2S_TEST_KEYRING=1
    break
  fi
  sleep 0.1
done
[ "${ZOOM_S2S_TEST_KEYRING:-}" = 1 ] || echo "keyring-session.sh: the Secret Service did not start; keychain tests will be skipped" >&2
"$@"
