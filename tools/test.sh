#!/usr/bin/env bash
# Runs every test: installs what is missing, starts the throwaway radosgw, builds, runs the xunit suite,
# stops radosgw. Prints "N passed, N failed" as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup.sh
tools/radosgw.sh start
trap 'tools/radosgw.sh stop >/dev/null 2>&1 || true' EXIT

results=$(mktemp -d)
status=0
dotnet test AilasKiosk.sln -c Release --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

# The TRX counters: <Counters total="113" executed="113" passed="113" failed="0" ...
counters=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -1 || true)
passed=$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$counters")
failed=$(sed -nE 's/.* failed="([0-9]+)".*/\1/p' <<<"$counters")
rm -rf "$results"
if [ -z "$passed" ]; then
  echo "0 passed, 1 failed"   # the build or the runner failed before any test ran
  exit 1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
