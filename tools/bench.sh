#!/usr/bin/env bash
# Benchmark: ailas-kiosk against `rclone copy --checksum` on the same realistic GoPro card (a real FAT32 image
# mounted through FUSE) into the same local S3 server (Ceph radosgw), with wall time, peak RSS and CPU of each.
#
# Usage: tools/bench.sh [--photos N | --gb G] [--min-mb A --max-mb B] [--seed K] [--logs DIR]
#        tools/bench.sh --compare-photos N1,N2,... [--min-mb A --max-mb B] [--seed K] [--logs DIR]
#
#   default            one card of 200 photos of 1-15 MB (~1.6 GB): rclone, then the kiosk, and a table
#   --gb G             about G GB of photos instead of a photo count
#   --compare-photos   the kiosk alone on one card per count (photos of 1-3 MB unless --min-mb/--max-mb),
#                      to show whether peak memory stays flat as cards grow
#   --logs DIR         keep every run's output, logs and timings in DIR (the work dir is deleted)
#
# Environment: BENCH_RGW_DIR, BENCH_RGW_PORT, BENCH_RGW_MON_PORT (the benchmark's own S3 server:
# /tmp/ailas-bench-rgw, 7580, 3320), BENCH_RUN_TIMEOUT (seconds per measured run, 600).
# MB = 10^6 bytes, MiB = 2^20 bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

# ------------------------------------------------------------------ arguments --

usage() {
  sed -n '5,17s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

photos="" gb="" min_mb="" max_mb="" compare="" seed=42 logs=""
while (($#)); do
  case $1 in
    --photos) photos=${2:?}; shift 2 ;;
    --gb) gb=${2:?}; shift 2 ;;
    --min-mb) min_mb=${2:?}; shift 2 ;;
    --max-mb) max_mb=${2:?}; shift 2 ;;
    --compare-photos) compare=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    --logs) logs=${2:?}; shift 2 ;;
    -h | --help) usage ;;
    *) echo "bench: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ -n $photos && -n $gb ]] && { echo "bench: --photos and --gb exclude each other" >&2; usage; }
[[ -n $compare && -n $photos$gb ]] && { echo "bench: --compare-photos takes its counts from its list" >&2; usage; }

# The comparison holds the largest card in RAM (memstore), so its photos are small by default.
if [[ -n $compare ]]; then
  min_mb=${min_mb:-1} max_mb=${max_mb:-3}
  [[ $compare =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "bench: --compare-photos wants counts like 100,2000" >&2; usage; }
  IFS=, read -ra counts <<<"$compare"
else
  min_mb=${min_mb:-1} max_mb=${max_mb:-15}
  if [[ -n $gb ]]; then # make-card draws sizes uniformly in [min, max]: the mean is their middle
    photos=$(awk -v g="$gb" -v a="$min_mb" -v b="$max_mb" 'BEGIN { n = int(g * 1000 / ((a + b) / 2) + 0.5); print (n < 1 ? 1 : n) }')
  fi
  photos=${photos:-200}
  [[ $photos =~ ^[0-9]+$ && $photos -gt 0 ]] || { echo "bench: --photos wants a positive count" >&2; usage; }
fi

# ------------------------------------------------------------------- settings --

# The benchmark runs its own radosgw: the default instance (7480, /tmp/ailas-radosgw) is shared with test
# runs, which fill it, quota it and stop it while we measure; and we restart ours with a bigger memstore.
# AILAS_RGW_* are set from BENCH_RGW_* only, so a caller's own dev instance is never stopped by us.
export AILAS_RGW_DIR=${BENCH_RGW_DIR:-/tmp/ailas-bench-rgw}
export AILAS_RGW_PORT=${BENCH_RGW_PORT:-7580}
export AILAS_RGW_MON_PORT=${BENCH_RGW_MON_PORT:-3320}
run_timeout=${BENCH_RUN_TIMEOUT:-600}

serial=C3471325208909 # the camera of the card; registered with the kiosk as $label
label=AILAS-07
rclone_prefix=rclone-bench
kiosk=(dotnet src/AilasKiosk/bin/Release/net10.0/ailas-kiosk.dll)
make_card=(dotnet tests/AilasKiosk.CardFactory/bin/Release/net10.0/make-card.dll)
py=/usr/bin/python3 # Debian's, present wherever radosgw.sh works
ticks_per_s=$(getconf CLK_TCK)

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
note() { echo "bench: $*"; }
die() { echo "bench: error: $*" >&2; exit 1; }

# -------------------------------------------------------------------- cleanup --

work=$(mktemp -d /tmp/ailas-bench.XXXXXX)
card=$work/card # mount point of the current card
image=""        # its image file

unmount_card() {
  [[ -n $image ]] || return 0
  if mountpoint -q "$card" 2>/dev/null; then fusermount -u "$card" || fusermount -uz "$card" || true; fi
  # fusefat flushes and exits after the unmount; the image must not be deleted under it.
  for _ in $(seq 100); do pgrep -f "fusefat.*$image" >/dev/null || break; sleep 0.1; done
  rm -f "$image"
  image=""
}

# A measured run still going when we are stopped: it is GNU time, whose child `timeout` leads the process
# group of the measured command; ending that group stops the tool before its card is unmounted.
running=""
stop_running() {
  [[ -n $running ]] || return 0
  local group
  group=$(pgrep -P "$running" | head -1)
  [[ -n $group ]] && kill -TERM -- "-$group" 2>/dev/null
  wait "$running" 2>/dev/null
  running=""
}

cleanup() {
  local rc=$?
  set +e
  stop_running
  unmount_card
  if [[ -n $logs ]]; then
    mkdir -p "$logs" && cp -r "$work"/runs "$logs"/ 2>/dev/null && echo "bench: logs kept in $logs/runs"
  fi
  rm -rf "$work"
  # Stopping radosgw discards the memstore, i.e. every object uploaded by the benchmark.
  tools/radosgw.sh stop >/dev/null 2>&1
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # the EXIT trap then cleans up

# ---------------------------------------------------------------------- setup --

setup() {
  step "Setting up (packages, build)"
  tools/setup.sh
  dotnet build AilasKiosk.sln -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null || die "the Release build failed"
  mkdir -p "$work/runs"
  note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Cold caches before each measured run, so each tool reads the card from the disk as a card reader would
# (otherwise the second tool would read the card image from the page cache). Root-only; where it is refused
# (not root, some containers) the script says so and goes on, and later runs may read a warm image.
drop_caches_status=""
drop_caches() {
  sync
  if { echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null; then
    drop_caches_status=${drop_caches_status:-dropped}
  else
    [[ $drop_caches_status == failed ]] || note "cannot drop the page cache here (not root, or a container): runs may read a cached card image"
    drop_caches_status=failed
  fi
}

# ------------------------------------------------------------------ S3 server --

# (Re)starts our radosgw empty, with a memstore able to hold $1 bytes of objects. Memstore keeps every
# object in the OSD's RAM; measured here, the OSD's RSS grows by ~1.8x the bytes stored, so RAM is checked
# first: a store that fills up makes the OSD drop writes, and uploads then hang until they time out.
check_ram() {
  local bytes=$1 ram_needed ram_available
  ram_needed=$((bytes * 2 + 1024 * 1024 * 1024))
  ram_available=$(($(awk '/MemAvailable/ { print $2 }' /proc/meminfo) * 1024))
  if ((ram_needed > ram_available)); then
    die "the S3 server keeps objects in RAM: this run stores $((bytes / 1000000)) MB, needing ~$((ram_needed / 1000000000)) GB of RAM, but only $((ram_available / 1000000000)) GB is available; use fewer photos or a smaller --max-mb"
  fi
}

# The bytes $1 photos are expected to hold: make-card draws sizes uniformly in [min, max].
expected_bytes() { awk -v n="$1" -v a="$min_mb" -v b="$max_mb" 'BEGIN { printf "%.0f", n * (a + b) / 2 * 1e6 }'; }

start_server() {
  local bytes=$1 memstore
  memstore=$((bytes + bytes / 5 + 1024 * 1024 * 1024)) # room for manifests, index and the 97% failsafe
  check_ram "$bytes"
  tools/radosgw.sh stop >/dev/null 2>&1 || true
  AILAS_RGW_MEMSTORE_BYTES=$memstore tools/radosgw.sh start >/dev/null || die "radosgw did not start (logs: $AILAS_RGW_DIR/log)"
  eval "$(tools/radosgw.sh env)"
  note "S3 server $AILAS_TEST_S3_ENDPOINT (own instance in $AILAS_RGW_DIR), memstore $((memstore / 1048576)) MiB for $((bytes / 1000000)) MB of objects"
}

# CPU ticks used so far by the ceph daemons (mon, osd, radosgw): the server's share of a run.
server_ticks() {
  local t=0 f pid
  for f in "$AILAS_RGW_DIR"/run/*.pid; do
    pid=$(cat "$f" 2>/dev/null) || continue
    [[ -r /proc/$pid/stat ]] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$t"
}

# CPU ticks of the fusefat daemon serving the current card: the card reader's share of a run.
fuse_ticks() {
  local pid
  pid=$(pgrep -f "fusefat.*$image" | head -1) || true
  [[ -n $pid && -r /proc/$pid/stat ]] && awk '{ print $14 + $15 }' "/proc/$pid/stat" || echo 0
}

# radosgw logs one "beast:" line per S3 request (debug level 1): counting the lines a run added shows how
# many requests it made, and how many multipart uploads it started ("?uploads" POSTs).
rgw_log() { echo "$AILAS_RGW_DIR/log/client.rgw.ailas.log"; }
rgw_lines() { wc -l <"$(rgw_log)" 2>/dev/null || echo 0; }

# Busy CPU ticks of the whole machine, to see how much of each run's time other processes took.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# ----------------------------------------------------------------------- card --

# Builds a card of $1 photos as a FAT32 image and mounts it through FUSE on $card; sets card_files and
# card_bytes to the images under DCIM (JPG/GPR: what the kiosk takes, and what rclone is told to copy).
make_card_of() {
  local n=$1 needed avail
  unmount_card
  needed=$(awk -v n="$n" -v b="$max_mb" 'BEGIN { printf "%d", n * b * 1.1 + 1024 }') # MB, worst case
  avail=$(df -m --output=avail "$work" | tail -1)
  ((avail > needed)) || die "$n photos of up to $max_mb MB need up to $needed MB in $work; $avail MB free"
  image=$work/card-$n.img
  "${make_card[@]}" --out "$image" --image --photos "$n" --camera hero10 --serial "$serial" --seed "$seed" \
    --min-mb "$min_mb" --max-mb "$max_mb" --mount "$card" | sed 's/^/  /'
  read -r card_files card_bytes < <(find "$card/DCIM" -type f \( -iname '*.jpg' -o -iname '*.gpr' \) -printf '%s\n' |
    awk '{ n++; s += $1 } END { printf "%d %.0f\n", n, s }')
  ((card_files == n)) || die "expected $n photos on the card, found $card_files"
}

# ---------------------------------------------------------------- measurement --

# measure NAME CMD...: runs CMD with cold caches under GNU time (bounded by $run_timeout), keeps its
# stdout/stderr in runs/NAME.{out,err}, and sets: wall rss_kb cpu server_cpu fuse_cpu other_cpu load
# requests multiparts.
measure() {
  local name=$1 rc=0 s0 f0 m0 s1 f1 m1 user sys r0
  shift
  drop_caches
  load=$(cut -d' ' -f1 /proc/loadavg)
  s0=$(server_ticks) f0=$(fuse_ticks) m0=$(machine_ticks) r0=$(rgw_lines)
  # In the background, so that a signal to this script is handled at once rather than after the run.
  /usr/bin/time -o "$work/runs/$name.time" -f '%e %M %U %S' \
    timeout --kill-after=10 "$run_timeout" "$@" >"$work/runs/$name.out" 2>"$work/runs/$name.err" &
  running=$!
  wait "$running" || rc=$?
  running=""
  s1=$(server_ticks) f1=$(fuse_ticks) m1=$(machine_ticks)
  if ((rc != 0)); then
    tail -n 15 "$work/runs/$name.err" | sed 's/^/  | /' >&2
    ((rc == 124)) && die "$name did not finish within ${run_timeout}s (BENCH_RUN_TIMEOUT)"
    die "$name failed (exit $rc)"
  fi
  read -r wall rss_kb user sys < <(tail -1 "$work/runs/$name.time")
  read -r requests multiparts < <(tail -n +$((r0 + 1)) "$(rgw_log)" 2>/dev/null |
    awk '/ beast: / { n++; if ($0 ~ /"POST [^ ]*[?]uploads[= ]/) m++ } END { print n + 0, m + 0 }')
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
  server_cpu=$(awk -v t=$((s1 - s0)) -v h="$ticks_per_s" 'BEGIN { printf "%.1f", t / h }')
  fuse_cpu=$(awk -v t=$((f1 - f0)) -v h="$ticks_per_s" 'BEGIN { printf "%.1f", t / h }')
  # Everything else busy on the machine meanwhile (other users' builds and tests; kernel threads).
  other_cpu=$(awk -v m=$((m1 - m0)) -v h="$ticks_per_s" -v a="$cpu" -v b="$server_cpu" -v c="$fuse_cpu" \
    'BEGIN { o = m / h - a - b - c; printf "%.1f", o < 0 ? 0 : o }')
}

# One row per run in runs/results:
#   tool files bytes wall rss_kb cpu server_cpu fuse_cpu other_cpu load requests multiparts
record() {
  echo "$1 $2 $3 $wall $rss_kb $cpu $server_cpu $fuse_cpu $other_cpu $load $requests $multiparts" >>"$work/runs/results"
}

run_rclone() {
  local remote
  # On-the-fly remote; values holding ':' or ',' must be quoted inside rclone's connection string.
  remote=":s3,provider=Ceph,endpoint='$AILAS_TEST_S3_ENDPOINT',access_key_id=$AILAS_TEST_S3_ACCESS_KEY"
  remote+=",secret_access_key=$AILAS_TEST_S3_SECRET_KEY:$AILAS_TEST_S3_BUCKET"
  step "rclone copy --checksum --transfers 3 of the card's images to $rclone_prefix/"
  # --transfers 3: as many files in flight as the kiosk's default Offload:Concurrency of 3.
  # The filter copies exactly the kiosk's files (JPG, GPR), not the LRV/THM video sidecars in DCIM.
  # env -u AWS_CA_BUNDLE: with it set, rclone 1.60 refuses to start ("LoadCustomCABundleError: ...
  # unsupported transport"). --retries 1: a failed copy fails the benchmark rather than being redone.
  measure rclone env -u AWS_CA_BUNDLE rclone copy --checksum --transfers 3 --ignore-case --include '*.{jpg,gpr}' \
    --retries 1 "$card/DCIM" "$remote/$rclone_prefix"
  local got
  got=$(env -u AWS_CA_BUNDLE rclone size --json "$remote/$rclone_prefix" 2>/dev/null)
  read -r count bytes < <("$py" -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["count"], d["bytes"])' "$got")
  ((count == card_files && bytes == card_bytes)) ||
    die "rclone stored $count objects, $bytes bytes; the card has $card_files images, $card_bytes bytes"
  note "rclone: ${wall}s, $count objects, $bytes bytes in the bucket"
  record rclone "$card_files" "$card_bytes"
}

# run_kiosk NAME: offloads the mounted card; fails unless every image was uploaded, verified and wiped.
run_kiosk() {
  local name=$1 json
  step "ailas-kiosk offload $card  (upload, verify, re-read from the card, wipe)"
  measure "$name" env AILAS_Storage__Endpoint="$AILAS_TEST_S3_ENDPOINT" AILAS_Storage__Bucket="$AILAS_TEST_S3_BUCKET" \
    AILAS_Storage__AccessKey="$AILAS_TEST_S3_ACCESS_KEY" AILAS_Storage__SecretKey="$AILAS_TEST_S3_SECRET_KEY" \
    AILAS_State__Directory="$work/state-$name" "AILAS_Cameras__$serial=$label" AILAS_KioskId=bench \
    "${kiosk[@]}" offload "$card" --json
  json=$(tail -1 "$work/runs/$name.out")
  read -r outcome planned uploaded wiped bytes engine_s < <("$py" -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["Outcome"], d["Planned"], d["Uploaded"], d["Wiped"], d["Bytes"], d["Seconds"])' "$json")
  [[ $outcome == Completed && $planned == "$card_files" && $uploaded == "$card_files" && $wiped == "$card_files" && $bytes == "$card_bytes" ]] ||
    die "the kiosk did not offload the whole card: $json"
  note "kiosk: ${wall}s wall, ${engine_s}s inside its engine (the rest is .NET start-up and host), $uploaded uploaded and wiped"
  record "$name" "$card_files" "$card_bytes"
}

# ---------------------------------------------------------------------- report --

print_table() {
  echo
  printf '%-14s %7s %9s %9s %7s %9s %7s\n' tool files MB seconds MB/s "RSS MiB" "CPU s"
  awk '{ printf "%-14s %7d %9.1f %9.1f %7.1f %9.1f %7.1f\n", $1, $2, $3 / 1e6, $4, $3 / 1e6 / $4, $5 / 1024, $6 }' "$work/runs/results"
  echo
  echo "Where the machine's CPU went during each run (CPU seconds; $(nproc) cores give $(nproc) per second of wall time),"
  echo "and the S3 requests each run made (multipart: uploads started with POST ?uploads):"
  printf '%-14s %9s %10s %10s %8s %9s %10s %10s\n' tool "tool CPU" "S3 server" "FUSE card" others "load avg" requests multipart
  awk '{ printf "%-14s %9.1f %10.1f %10.1f %8.1f %9s %10d %10d\n", $1, $6, $7, $8, $9, $10, $11, $12 }' "$work/runs/results"
}

# The kiosk against rclone, as factors (default mode: row 1 is rclone, row 2 the kiosk). The CPU a run
# costs (tool + S3 server + FUSE) hardly depends on what else runs; wall time does, on a busy machine.
print_ratios() {
  awk 'function x(n, d) { return d > 0 ? sprintf("x%.1f", n / d) : "n/a" }
       NR == 1 { t = $4; r = $5; c = $6; s = $7; a = $6 + $7 + $8; q = $11 }
       NR == 2 {
         printf "\nkiosk / rclone: %s wall time, %s peak RSS, %s own CPU, %s S3 server CPU,\n", x($4, t), x($5, r), x($6, c), x($7, s)
         printf "                %s CPU of tool + S3 server + FUSE (%.1f vs %.1f s), %s S3 requests\n", x($6 + $7 + $8, a), $6 + $7 + $8, a, x($11, q)
       }' "$work/runs/results"
}

notes() {
  echo
  echo "Notes:"
  echo "  - seconds: wall clock of the whole command (GNU time), including start-up; MB/s = card MB / seconds."
  echo "  - RSS MiB: peak resident set (GNU time %M); CPU s: user + system time of the tool itself."
  if [[ -z $compare ]]; then
    cat <<'EOF'
  - Both keep 3 files in flight (rclone --transfers 3, kiosk Offload:Concurrency default 3), both read the
    card through the same FUSE driver (fusefat, single-threaded), and both write to the same radosgw.
  - The kiosk does more than copy: it stats each object to prove its size, ETag and SHA-256 metadata, then
    re-reads every file from the card with its cached pages dropped (source verification), writes and
    verifies a manifest, deletes the files from the card and syncs it. rclone only copies and checks hashes.
EOF
  else
    cat <<'EOF'
  - Each count runs on a fresh card and an empty S3 server, with the same photo size distribution (and seed).
  - The kiosk uploads, verifies, re-reads every file from the card (source verification) and wipes the card.
EOF
  fi
  echo "  - Page cache dropped before each run: ${drop_caches_status:-not attempted}."
  echo "  - The S3 server keeps objects in RAM (memstore): its speed is radosgw's CPU cost, not a disk's."
  echo "  - Other processes on this machine share its CPUs (see 'others'): busy neighbours slow both tools."
}

# ----------------------------------------------------------------------- main --

default_run() {
  check_ram $(($(expected_bytes "$photos") * 2)) # before spending minutes on a card that cannot be stored
  setup
  step "Card: $photos HERO10 photos of $min_mb-$max_mb MB (seed $seed), FAT32 image mounted through fusefat"
  make_card_of "$photos"
  note "card: $card_files images, $((card_bytes / 1000000)) MB"
  start_server $((card_bytes * 2)) # both copies (rclone's and the kiosk's) stay in the bucket
  run_rclone
  run_kiosk kiosk
  step "Results: $card_files photos, $((card_bytes / 1000000)) MB"
  print_table
  print_ratios
  notes
}

compare_run() {
  local n largest=0
  for n in "${counts[@]}"; do ((n > largest)) && largest=$n; done
  check_ram "$(expected_bytes "$largest")"
  setup
  for n in "${counts[@]}"; do
    step "Card: $n HERO10 photos of $min_mb-$max_mb MB (seed $seed)"
    make_card_of "$n"
    note "card: $card_files images, $((card_bytes / 1000000)) MB"
    start_server "$card_bytes" # an empty server per card: only one card is ever held in RAM
    run_kiosk "kiosk-$n"
  done
  step "Results: the kiosk's peak memory as the card grows (photos of $min_mb-$max_mb MB)"
  print_table
  awk 'NR == 1 { f = $2; r = $5 } END {
         printf "\nPeak RSS: %.0f MiB for %d photos, %.0f MiB for %d photos: x%.2f for x%.1f the photos", r / 1024, f, $5 / 1024, $2, $5 / r, $2 / f
         print ($5 / r <= 1.25 ? " (flat: within 25%)" : " (grew by more than 25%)") }' "$work/runs/results"
  notes
}

started=$SECONDS
if [[ -n $compare ]]; then compare_run; else default_run; fi
echo
note "done in $((SECONDS - started)) s"
