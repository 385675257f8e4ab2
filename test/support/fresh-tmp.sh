#!/usr/bin/env bash
# Runs the command given with TMPDIR set to a new, empty folder, then fails
# if the command left anything in it: every test removes the temporary
# folders it made (test/helpers/temp.ts), some of which hold the sample
# secret in a credentials file.
set -uo pipefail
run_tmp=$(mktemp -d)
trap 'rm -rf "$run_tmp"' EXIT
TMPDIR="$run_tmp" "$@"
status=$?
left=$(find "$run_tmp" -mindepth 1 -maxdepth 1 | sed "s|^$run_tmp/||" | sort)
if [ -n "$left" ]; then
  echo "fresh-tmp.sh: the tests left $(printf '%s\n' "$left" | wc -l) item(s) in the temporary folder:" >&2
  printf '  %s\n' $left | head -20 >&2
  exit 1
fi
exit "$status"
