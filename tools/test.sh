#!/usr/bin/env bash
# Runs every test: installs what is missing, starts the throwaway radosgw, builds, runs the xunit suite, then
# boots the Raspberry Pi image in a VM and runs the appliance scenarios (tools/vm-test.sh); stops radosgw.
# The Pi image is built once per run, in the background while the xunit tests run: the image tests and the VM
# test share it. Then the soak's CI-sized run (tests/AilasKiosk.Tests/Soak) on its own. Prints "N passed, N failed"
# (xunit tests, the soak and VM scenarios together) as its last line.
#
# tools/test.sh --fast: the inner loop while changing code — build, then the tests that need no server, loop
# device, FUSE mount, chroot or VM (those carry [Trait("Needs", "RealParts")]), in about a minute; then the
# lint (tools/lint.sh). CI runs the full suite, lint included.
set -euo pipefail
cd "$(dirname "$0")/.."

# The TRX counters: <Counters total="113" executed="113" passed="113" failed="0" ...
trx_count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$2"; }
# The names of the failed tests in the TRX files of a results directory, one per line.
trx_failed() { grep -ho '<UnitTestResult [^>]*outcome="Failed"' "$1"/*.trx 2>/dev/null | sed -nE 's/.* testName="([^"]*)".*/  \1/p' || true; }

if [ "${1:-}" = --fast ]; then
  results=$(mktemp -d)
  status=0
  dotnet build AilasKiosk.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
  dotnet test AilasKiosk.sln -c Release --no-build --filter 'Needs!=RealParts' \
    --logger "trx;LogFileName=fast.trx" --results-directory "$results" || status=$?
  counters=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -1 || true)
  rm -rf "$results"
  tools/lint.sh --no-format || status=1
  echo "$(trx_count passed "$counters") passed, $(trx_count failed "$counters") failed"
  exit "$status"
fi

tools/setup.sh
tools/radosgw.sh start
vm_dir=$PWD/.run/vm-test
image_job=
# shellcheck disable=SC2317  # called by the trap
stop_all() {
  [ -z "$image_job" ] || kill -- "-$image_job" 2>/dev/null || true
  AILAS_VM_DIR=$vm_dir tools/vm-test.sh stop 2>/dev/null || true
  tools/radosgw.sh stop >/dev/null 2>&1 || true
}
trap stop_all EXIT

# A fresh image every run: it must hold this checkout's code.
rm -rf "$vm_dir"
mkdir -p .run
set -m   # the build in its own process group, so an early exit can stop all of it
AILAS_VM_DIR=$vm_dir tools/vm-test.sh image > "$PWD/.run/vm-image.log" 2>&1 &
image_job=$!
set +m
export AILAS_TEST_PI_IMAGE_DIR=$vm_dir

# While the image builds (the longest road through this run).
tools/lint.sh || lint_status=$?

results=$(mktemp -d)
status=0
failed_names='' soak_failed_names=''
dotnet test AilasKiosk.sln -c Release --filter 'Soak!=true' --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

counters=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -1 || true)
passed=$(trx_count passed "$counters")
failed=$(trx_count failed "$counters")
failed_names=$(trx_failed "$results")
rm -rf "$results"
if [ -z "$passed" ]; then
  echo "0 passed, 1 failed"   # the build or the runner failed before any test ran
  exit 1
fi

# The soak, CI-sized (tests/AilasKiosk.Tests/Soak, ~4 minutes; tools/soak.sh runs longer ones): alone, since it
# drives the daemon, loop devices and FUSE, and on an empty S3 server (see the VM's restart below for why).
tools/radosgw.sh stop >/dev/null 2>&1 || true
tools/radosgw.sh start || echo "radosgw could not be restarted for the soak"
soak_results=$(mktemp -d)
soak_report=$PWD/.run/soak-report.txt
AILAS_SOAK_REPORT=$soak_report timeout 15m dotnet test tests/AilasKiosk.Tests -c Release --no-build --filter 'Soak=true' \
  --logger "console;verbosity=minimal" --logger "trx;LogFileName=soak.trx" --results-directory "$soak_results" || status=1
cat "$soak_report" 2>/dev/null || true
soak_counters=$(grep -ho '<Counters [^>]*>' "$soak_results"/*.trx 2>/dev/null | head -1 || true)
soak_failed_names=$(trx_failed "$soak_results")
rm -rf "$soak_results"
soak_passed=$(trx_count passed "$soak_counters")
soak_failed=$(trx_count failed "$soak_counters")
if [ -z "$soak_passed" ]; then soak_passed=0 soak_failed=1 soak_failed_names="  the soak (timed out or never ran)"; fi
passed=$((passed + soak_passed)) failed=$((failed + soak_failed))
((soak_failed == 0)) || status=1

# The appliance in a VM: the image the tests above checked, booted (bounded: a VM that does not boot fails).
image_status=0
wait "$image_job" || image_status=$?
image_job=
vm_passed=0 vm_failed=1
if ((image_status == 0)); then
  # The VM gets an empty S3 server. The xunit suite leaves gigabytes in radosgw's in-RAM store, and near its
  # capacity the OSD stops taking writes: PUTs hang rather than fail, and the guest's cards wait forever (seen on
  # a long day's runs on one server). `stop` deletes the store; the same keys come back with `start`.
  # Its HTTPS certificate also names the address the guest reaches it at (tools/vm-test.sh).
  tools/radosgw.sh stop >/dev/null 2>&1 || true
  AILAS_RGW_TLS_NAMES=IP:10.0.2.100 tools/radosgw.sh start || echo "radosgw could not be restarted for the VM scenarios"
  vm_log=$PWD/.run/vm-test.log
  AILAS_VM_DIR=$vm_dir timeout 45m tools/vm-test.sh run 2>&1 | tee "$vm_log" || true
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$vm_log" | tail -1 || true)
  if [ -n "$last" ]; then
    vm_passed=${last%% passed*}; vm_failed=$(sed -E 's/.* ([0-9]+) failed/\1/' <<<"$last")
  fi
else
  echo "The Pi image could not be built: last lines of .run/vm-image.log"; tail -n 30 .run/vm-image.log
fi
((vm_failed == 0)) || status=1
# The lint counts as one test: format, analyzers and shellcheck are enforced, not advised.
if [ "${lint_status:-0}" != 0 ]; then echo "lint failed: see tools/lint.sh above"; failed=$((failed + 1)); status=1; fi

# What failed, last, where a CI log's tail shows it (the VM's output comes after the xunit suite's).
if [ -n "$failed_names$soak_failed_names" ]; then
  echo "failed xunit tests:"; printf '%s\n' "$failed_names" "$soak_failed_names" | sed '/^$/d'
fi
if ((soak_failed > 0)); then echo "the soak's report, last lines:"; tail -n 25 "$soak_report" 2>/dev/null || true; fi
echo "xunit (soak included): ${passed} passed, ${failed} failed; VM scenarios: ${vm_passed} passed, ${vm_failed} failed"
echo "$((passed + vm_passed)) passed, $((failed + vm_failed)) failed"
exit "$status"
