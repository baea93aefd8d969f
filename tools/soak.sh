#!/usr/bin/env bash
# The soak: months of unattended service in minutes. The daemon runs while FAT32 and exFAT cards (some with
# hostile contents) go in and out of two readers and are pulled at random moments, the storage is cut and restored
# at random, and the daemon is SIGKILLed and restarted at random; cards are reused, generation after generation.
# It fails on a photo gone from a card without its proof in the bucket, a photo stored twice or altered, a card
# that fsck does not pass, or growth of descriptors, threads, memory, mounts, FUSE daemons or loop devices.
# Prints the figures at the end.
#
#   tools/soak.sh [--cards N] [--minutes M] [--seed S]     defaults: 6 cards, 20 minutes, a new seed (printed)
#
# The same seed replays the same choices (cards, pulls, outages, kills; timings differ). The test itself is
# tests/AilasKiosk.Tests/Soak; tools/test.sh runs a CI-sized one (4 cards, 3 minutes, seed 20261130).
set -euo pipefail
cd "$(dirname "$0")/.."

cards=6 minutes=20 seed=$(( (RANDOM << 15 | RANDOM) % 999999 + 1 ))
while (($#)); do
  case $1 in
    --cards) cards=${2:?}; shift 2 ;;
    --minutes) minutes=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $cards =~ ^[1-9][0-9]*$ && $minutes =~ ^[0-9]+(\.[0-9]+)?$ && $seed =~ ^[0-9]+$ ]] \
  || { echo "soak.sh: --cards, --minutes and --seed take numbers" >&2; exit 2; }

tools/setup.sh
tools/radosgw.sh start
dotnet build AilasKiosk.sln -c Release -nologo -clp:ErrorsOnly

report=$(mktemp)
trap 'rm -f "$report"' EXIT
export AILAS_SOAK_CARDS=$cards AILAS_SOAK_MINUTES=$minutes AILAS_SOAK_SEED=$seed AILAS_SOAK_REPORT=$report
echo "soak: $cards cards, $minutes minutes, seed $seed"
status=0
# Bounded: the run itself, then at most 15 minutes to finish the last cards and check the bucket.
timeout "$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 + 900 }')" \
  dotnet test tests/AilasKiosk.Tests -c Release --no-build --filter "FullyQualifiedName~AilasKiosk.Tests.Soak." \
  --logger "console;verbosity=minimal" || status=$?
echo
cat "$report"
if ((status == 0)); then echo "soak passed"; else echo "soak FAILED (exit $status); replay: tools/soak.sh --cards $cards --minutes $minutes --seed $seed"; fi
exit "$status"
