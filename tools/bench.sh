#!/usr/bin/env bash
# Benchmark (issue 12): ailas-kiosk against `rclone copy --checksum` on the same realistic GoPro card into the
# same local S3 server (Ceph radosgw), in the same run, alternating, with the physical limit of the setup.
#
# Usage: tools/bench.sh [--photos N | --gb G] [--min-mb A --max-mb B] [--seed K] [--pairs P]
#                       [--setup dir|fat|both] [--transfers LIST] [--best-transfers T] [--markdown FILE] [--logs DIR]
#        tools/bench.sh --compare-photos [N1,N2,...] [--min-mb A --max-mb B] [--pairs P] [--setup dir|fat] ...
#        tools/bench.sh --compare-tls [--photos N | --gb G] [--pairs P] [--setup dir|fat] ...
#
#   default            a card of ~1 GB (--gb 1: 125 photos of 1-15 MB, seed 42), in two setups: the card as a
#                      plain directory on disk (server-bound), and as a FAT32 image on a loop device read through
#                      fusefat (card-bound). Per setup: rclone's best --transfers on the card, then P rounds (3)
#                      of the card's raw read, then in rotating order kiosk / rclone --transfers 4 / rclone best /
#                      the server's ingest (rclone from tmpfs with each of --transfers) / the kiosk finishing a
#                      card it was killed on at 90 % (SIGKILL after the 90 %-th verified file, remount, resume:
#                      only the resume is timed). Medians, the physical limit, ratios, the kiosk's tail (last
#                      verified file to "Session ended", from its log) beside the card's unmount, and a
#                      Markdown table to paste into the README.
#   --setup S          dir, fat or both (default both; --compare-photos: dir)
#   --transfers LIST   rclone --transfers tried for the server's ingest and for rclone's best (4,8,16)
#   --best-transfers T rclone's best --transfers given, not searched on the card
#   --compare-photos   the kiosk alone, P rounds (1) per card of each count (default 500,15000 photos of
#                      0.1-0.3 MB unless --min-mb/--max-mb): whether peak RSS stays flat as cards grow
#   --compare-tls      HTTP against HTTPS, P rounds (3) on the card as a directory unless --setup: the kiosk over
#                      http, over https (this CPU's cipher choice), over https as on a CPU without AES
#                      instructions (DOTNET_EnableAES=0: ChaCha20 first), and with AES instructions also hidden
#                      from OpenSSL (OPENSSL_ia32cap: its encryption in software, as on a Pi 4) asking for either
#                      cipher; rclone over http and over https (--ca-cert), rotated; the cipher each kiosk
#                      variant negotiates (from `doctor`)
#   --markdown FILE    also write the Markdown table to FILE
#   --logs DIR         keep every run's output, logs and timings in DIR (the work dir is deleted)
#
# Environment: BENCH_RGW_DIR, BENCH_RGW_PORT, BENCH_RGW_TLS_PORT, BENCH_RGW_MON_PORT (the benchmark's own S3
# server: /tmp/ailas-bench-rgw, 7580, 7543, 3320), BENCH_RUN_TIMEOUT (seconds per measured run, 900), BENCH_VERIFY_SOURCE
# (the kiosk's Offload:VerifySource, true: it re-reads every file, so the card delivers every byte twice).
# MB = 10^6 bytes, MiB = 2^20 bytes, GB = 10^9 bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

# ------------------------------------------------------------------ arguments --

usage() {
  sed -n '5,31s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

photos="" gb="" min_mb="" max_mb="" compare="" tls="" seed=42 logs="" pairs="" setups="" markdown=""
transfers=4,8,16 best_transfers=""
while (($#)); do
  case $1 in
    --photos) photos=${2:?}; shift 2 ;;
    --gb) gb=${2:?}; shift 2 ;;
    --min-mb) min_mb=${2:?}; shift 2 ;;
    --max-mb) max_mb=${2:?}; shift 2 ;;
    --compare-photos)
      if [[ ${2:-} =~ ^[0-9,]+$ ]]; then compare=$2; shift 2; else compare=500,15000; shift; fi ;;
    --compare-tls) tls=1; shift ;;
    --seed) seed=${2:?}; shift 2 ;;
    --pairs) pairs=${2:?}; shift 2 ;;
    --setup) setups=${2:?}; shift 2 ;;
    --transfers) transfers=${2:?}; shift 2 ;;
    --best-transfers) best_transfers=${2:?}; shift 2 ;;
    --markdown) markdown=${2:?}; shift 2 ;;
    --logs) logs=${2:?}; shift 2 ;;
    -h | --help) usage ;;
    *) echo "bench: unknown argument '$1'" >&2; usage ;;
  esac
done
bad() { echo "bench: $*" >&2; usage; }
[[ -n $photos && -n $gb ]] && bad "--photos and --gb exclude each other"
[[ -n $compare && -n $photos$gb ]] && bad "--compare-photos takes its counts from its list"
[[ -n $compare && -n $tls ]] && bad "--compare-photos and --compare-tls are separate runs"
[[ -n $tls && ${setups:-dir} == both ]] && bad "--compare-tls measures one setup: dir or fat"
[[ $transfers =~ ^[0-9]+(,[0-9]+)*$ ]] || bad "--transfers wants counts like 4,8,16"
IFS=, read -ra transfer_list <<<"$transfers"
[[ -z $best_transfers || $best_transfers =~ ^[1-9][0-9]*$ ]] || bad "--best-transfers wants a count"

if [[ -n $compare ]]; then
  # 15,000 photos must fit the in-RAM S3 store and the disk twice (pristine card and its copy): small photos.
  min_mb=${min_mb:-0.1} max_mb=${max_mb:-0.3} pairs=${pairs:-1} setups=${setups:-dir}
  [[ $compare =~ ^[0-9]+(,[0-9]+)*$ ]] || bad "--compare-photos wants counts like 500,15000"
  IFS=, read -ra counts <<<"$compare"
else
  min_mb=${min_mb:-1} max_mb=${max_mb:-15} pairs=${pairs:-3}
  if [[ -n $tls ]]; then setups=${setups:-dir}; else setups=${setups:-both}; fi
  [[ -z $photos ]] && gb=${gb:-1}
  if [[ -n $gb ]]; then # make-card draws sizes uniformly in [min, max]: the mean is their middle
    photos=$(awk -v g="$gb" -v a="$min_mb" -v b="$max_mb" 'BEGIN { n = int(g * 1000 / ((a + b) / 2) + 0.5); print (n < 1 ? 1 : n) }')
  fi
  [[ $photos =~ ^[0-9]+$ && $photos -gt 0 ]] || bad "--photos wants a positive count"
fi
[[ $pairs =~ ^[1-9][0-9]*$ ]] || bad "--pairs wants a positive count"
case $setups in
  dir | fat) setup_list=("$setups") ;;
  both) setup_list=(dir fat) ;;
  *) bad "--setup wants dir, fat or both" ;;
esac

# ------------------------------------------------------------------- settings --

# The benchmark runs its own radosgw: the default instance (7480, /tmp/ailas-radosgw) is shared with test
# runs, which fill it, quota it and stop it while we measure; and we restart ours empty before every run.
# AILAS_RGW_* are set from BENCH_RGW_* only, so a caller's own dev instance is never stopped by us.
export AILAS_RGW_DIR=${BENCH_RGW_DIR:-/tmp/ailas-bench-rgw}
export AILAS_RGW_PORT=${BENCH_RGW_PORT:-7580}
export AILAS_RGW_TLS_PORT=${BENCH_RGW_TLS_PORT:-7543}
# No quotas here: sync user stats every second rather than spin a quarter of a core on it (tools/radosgw.sh).
export AILAS_RGW_QUOTA_SYNC_SECONDS=1
export AILAS_RGW_MON_PORT=${BENCH_RGW_MON_PORT:-3320}
run_timeout=${BENCH_RUN_TIMEOUT:-900}
verify_source=${BENCH_VERIFY_SOURCE:-true}
[[ $verify_source == true || $verify_source == false ]] || bad "BENCH_VERIFY_SOURCE is true or false"

serial=C3471325208909 # the camera of the card; registered with the kiosk under a label of its own per run
kiosk=() # the appliance's build, published by setup()
make_card=(dotnet tests/AilasKiosk.CardFactory/bin/Release/net10.0/make-card.dll)
py=/usr/bin/python3 # Debian's, present wherever radosgw.sh works
ticks_per_s=$(getconf CLK_TCK)

# Wall-clock microseconds (EPOCHREALTIME's separator follows the locale), and seconds between two of them.
now_us() { echo "${EPOCHREALTIME/[.,]/}"; }
seconds_since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
note() { echo "bench: $*"; }
die() { echo "bench: error: $*" >&2; exit 1; }

# -------------------------------------------------------------------- cleanup --

work=$(mktemp -d /tmp/ailas-bench.XXXXXX)
shm=""         # tmpfs copy of the card's images, the source of the server-ingest runs
card=$work/card # mount point of a FAT32 card copy
copy=""        # the current card copy (a directory, or an image file)
loop=""        # its loop device (FAT32)
card_root=""   # where the tools find DCIM/: $copy (dir) or $card (FAT32)
card_uuid=""   # the card's file-system serial, given to the kiosk as udev gives it to the daemon

# The fusefat daemon serving $card, if any (it daemonizes: we find it by its command line).
fuse_pid() { pgrep -f "^fusefat .* $card\$" | head -1 || true; }

# Unmounts the FAT32 card, if mounted, and waits (bounded) until fusefat has exited: it flushes its writes to
# the loop device after the unmount, so only then is the card what a card reader would leave behind. Sets
# umount_s (fusermount -u alone) and gone_s (until fusefat exited), the seconds a run's card takes to be
# safe to remove.
umount_s="" gone_s=""
unmount_card() {
  local end=$((SECONDS + 60)) t0 t1
  t0=$(now_us) t1=$t0
  if mountpoint -q "$card" 2>/dev/null; then
    timeout 60 fusermount -u "$card" || fusermount -uz "$card" || true
    t1=$(now_us)
  fi
  while [[ -n $(fuse_pid) ]] && ((SECONDS < end)); do sleep 0.01; done
  [[ -z $(fuse_pid) ]] || { note "fusefat did not exit within 60 s; killing it"; kill -KILL "$(fuse_pid)" 2>/dev/null || true; }
  umount_s=$(seconds_since "$t0" "$t1") gone_s=$(seconds_since "$t0" "$(now_us)")
}

# Unmounts and deletes the current card copy. The loop device must not be detached (nor the image deleted)
# under fusefat: each step waits, bounded.
release_card() {
  local i
  unmount_card
  if [[ -n $loop ]]; then
    for ((i = 0; i < 50; i++)); do losetup -d "$loop" 2>/dev/null && break; sleep 0.2; done
    loop=""
  fi
  [[ -n $copy ]] && rm -rf "$copy"
  copy="" card_root=""
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
  release_card
  if [[ -n $logs ]]; then
    mkdir -p "$logs" && cp -r "$work"/runs "$logs"/ 2>/dev/null && echo "bench: logs kept in $logs/runs"
  fi
  [[ -n $shm ]] && rm -rf "$shm"
  rm -rf "$work"
  # Stopping radosgw discards the memstore, i.e. every object uploaded by the benchmark.
  tools/radosgw.sh stop >/dev/null 2>&1
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # the EXIT trap then cleans up

# ---------------------------------------------------------------------- setup --

machine=""
setup() {
  step "Setting up (packages, build)"
  tools/setup.sh
  dotnet build AilasKiosk.sln -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null || die "the Release build failed"
  # The kiosk measured is the one the package ships (image-build/build-deb.sh): self-contained, ReadyToRun,
  # tiered compilation off. The plain build's JIT took 30 % of an offload's CPU on a 340 MB card.
  step "Publishing the kiosk as the package does (self-contained, ReadyToRun)"
  dotnet publish src/AilasKiosk/AilasKiosk.csproj -c Release -r linux-x64 --self-contained --artifacts-path "$work/publish-obj" \
    -p:PublishTrimmed=false -p:PublishReadyToRun=true -p:DebugType=none -p:GenerateDocumentationFile=false \
    -o "$work/kiosk" --nologo -v quiet -clp:ErrorsOnly >/dev/null || die "publishing the kiosk failed"
  kiosk=("$work/kiosk/ailas-kiosk")
  mkdir -p "$work/runs"
  : >"$work/runs/results"
  : >"$work/runs/extra"
  machine="$(nproc) cores ($(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
  note "machine: $machine, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Cold caches before each measured run, so each tool reads the card from the disk as a card reader would
# (otherwise a run would read the card copy just written, or the previous run's pages, from RAM). Root-only;
# where it is refused (not root, some containers) the script says so and goes on.
drop_caches_status=""
drop_caches() {
  sync
  if { echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null; then
    drop_caches_status=${drop_caches_status:-dropped}
  else
    [[ $drop_caches_status == failed ]] || note "cannot drop the page cache here (not root, or a container): runs may read a cached card"
    drop_caches_status=failed
  fi
}

# ------------------------------------------------------------------ S3 server --

# Memstore keeps every object in the OSD's RAM; measured here, the OSD's RSS grows by ~1.8x the bytes
# stored, so RAM is checked first: a store that fills up makes the OSD drop writes, and PUTs then hang.
check_ram() {
  local bytes=$1 ram_needed ram_available
  ram_needed=$((bytes * 2 + 1024 * 1024 * 1024))
  ram_available=$(($(awk '/MemAvailable/ { print $2 }' /proc/meminfo) * 1024))
  if ((ram_needed > ram_available)); then
    die "the S3 server keeps objects in RAM: a run stores $((bytes / 1000000)) MB, needing ~$((ram_needed / 1000000000)) GB of RAM, but only $((ram_available / 1000000000)) GB is available; use fewer photos or a smaller --max-mb"
  fi
}

# The bytes $1 photos are expected to hold: make-card draws sizes uniformly in [min, max].
expected_bytes() { awk -v n="$1" -v a="$min_mb" -v b="$max_mb" 'BEGIN { printf "%.0f", n * (a + b) / 2 * 1e6 }'; }

# (Re)starts our radosgw empty, its memstore sized for one card ($1 bytes). Every measured upload gets an
# empty server: no run pays for (or profits from) what an earlier one stored, and the store never fills up.
fresh_server() {
  local bytes=$1 memstore
  memstore=$((bytes + bytes / 5 + 1024 * 1024 * 1024)) # room for manifests, index and the 97% failsafe
  check_ram "$bytes"
  tools/radosgw.sh stop >/dev/null 2>&1 || true
  AILAS_RGW_MEMSTORE_BYTES=$memstore tools/radosgw.sh start >/dev/null || die "radosgw did not start (logs: $AILAS_RGW_DIR/log)"
  eval "$(tools/radosgw.sh env)"
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
  pid=$(fuse_pid)
  [[ -n $pid && -r /proc/$pid/stat ]] && awk '{ print $14 + $15 }' "/proc/$pid/stat" || echo 0
}

# radosgw logs one "beast:" line per S3 request (debug level 1): counting the lines a run added shows how
# many requests it made, and how many multipart uploads it started ("?uploads" POSTs).
rgw_log() { echo "$AILAS_RGW_DIR/log/client.rgw.ailas.log"; }
rgw_lines() { wc -l <"$(rgw_log)" 2>/dev/null || echo 0; }

# Busy CPU ticks of the whole machine, to see how much of each run's time other processes took.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# ----------------------------------------------------------------------- card --

# Builds the pristine card of $2 photos for setup $1 (a directory tree, or a FAT32 image), once: every run
# then works on a fresh copy of it, since the kiosk wipes the card it offloads.
pristine=""
make_pristine() {
  local setup=$1 n=$2 needed avail
  needed=$(awk -v n="$n" -v b="$max_mb" 'BEGIN { printf "%d", n * b * 2.2 + 2048 }') # MB: pristine + copy, worst case
  avail=$(df -m --output=avail "$work" | tail -1)
  ((avail > needed)) || die "$n photos of up to $max_mb MB need up to $needed MB in $work; $avail MB free"
  pristine=$work/pristine-$setup-$n
  local args=(--out "$pristine" --photos "$n" --camera hero10 --serial "$serial" --seed "$seed" --min-mb "$min_mb" --max-mb "$max_mb")
  [[ $setup == fat ]] && { pristine+=.img; args[1]=$pristine; args+=(--image); }
  timeout 3600 "${make_card[@]}" "${args[@]}" | sed 's/^/  /'
}

# Mounts the loop device of the FAT32 card copy through fusefat (again, after a power cut), bounded.
mount_card() {
  local i
  mkdir -p "$card"
  # rw+ is fusefat's (experimental) write mode; -s: one thread, as make-card mounts (not known thread-safe).
  timeout 30 fusefat -s -o rw+ "$loop" "$card" >"$work/runs/fusefat.log" 2>&1 || die "fusefat could not mount $loop"
  for ((i = 0; i < 100; i++)); do mountpoint -q "$card" && break; sleep 0.1; done
  mountpoint -q "$card" || die "fusefat did not mount $loop on $card within 10 s"
  card_root=$card
}

# Copies the pristine card (outside any measured time) and, for FAT32, attaches the copy to a loop device and
# mounts that through fusefat, as a card reader's block device would be; sets card_root, card_files and
# card_bytes (the images under DCIM: JPG/GPR, what the kiosk takes and what rclone is told to copy).
prepare_card() {
  local setup=$1 n=$2
  release_card
  if [[ $setup == dir ]]; then
    copy=$work/card-copy
    timeout 900 cp -a "$pristine" "$copy" || die "could not copy the pristine card"
    card_root=$copy
    card_uuid=BE7C-0001 # a card's file-system serial, which a directory lacks: the same card on every run
  else
    copy=$work/card-copy.img
    timeout 900 cp --sparse=always "$pristine" "$copy" || die "could not copy the pristine card image"
    # make-card sizes images to fit, not to whole sectors: losetup warns that it ignores the last bytes (no
    # file-system sector lies there). Its messages go to the log, shown if it fails.
    loop=$(losetup --find --show "$copy" 2>"$work/runs/losetup.log") || die "losetup could not attach $copy: $(cat "$work/runs/losetup.log")"
    mount_card
    card_uuid=$(timeout 30 blkid -s UUID -o value "$loop") || die "blkid could not read the serial of $loop"
  fi
  read -r card_files card_bytes < <(card_images)
  ((card_files == n)) || die "expected $n photos on the card, found $card_files"
}

# The images on the mounted card (JPG/GPR under DCIM): their count and bytes.
card_images() {
  find "$card_root/DCIM" -type f \( -iname '*.jpg' -o -iname '*.gpr' \) -printf '%s\n' |
    awk '{ n++; s += $1 } END { printf "%d %.0f\n", n, s }'
}

# ---------------------------------------------------------------- measurement --

# bounded NAME CMD...: runs CMD under GNU time, bounded by $run_timeout, its stdout/stderr in
# runs/NAME.{out,err} and GNU time's figures in runs/NAME.time; returns CMD's exit status. In the background,
# so that a signal to this script is handled at once rather than after the run.
bounded() {
  local name=$1 rc=0
  shift
  /usr/bin/time -o "$work/runs/$name.time" -f '%e %M %U %S' \
    timeout --kill-after=10 "$run_timeout" "$@" >"$work/runs/$name.out" 2>"$work/runs/$name.err" &
  running=$!
  wait "$running" || rc=$?
  running=""
  return "$rc"
}

# measure NAME CMD...: runs CMD with cold caches under GNU time (bounded by $run_timeout), keeps its
# stdout/stderr in runs/NAME.{out,err}, and sets: wall rss_kb cpu server_cpu fuse_cpu other_cpu load
# requests multiparts.
measure() {
  local name=$1 rc=0 s0 f0 m0 s1 f1 m1 user sys r0
  shift
  drop_caches
  load=$(cut -d' ' -f1 /proc/loadavg)
  s0=$(server_ticks) f0=$(fuse_ticks) m0=$(machine_ticks) r0=$(rgw_lines)
  bounded "$name" "$@" || rc=$?
  s1=$(server_ticks) f1=$(fuse_ticks) m1=$(machine_ticks)
  if ((rc != 0)); then
    tail -n 15 "$work/runs/$name.err" | sed 's/^/  | /' >&2
    ((rc == 124)) && die "$name did not finish within ${run_timeout}s (BENCH_RUN_TIMEOUT)"
    die "$name failed (exit $rc)"
  fi
  read -r wall rss_kb user sys < <(tail -1 "$work/runs/$name.time")
  read -r requests multiparts < <(tail -n +$((r0 + 1)) "$(rgw_log)" 2>/dev/null |
    awk '/ beast: / { n++; if ($0 ~ /"POST [^ ]*[?]uploads[= ]/) m++ } END { print n + 0, m + 0 }')
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  server_cpu=$(awk -v t=$((s1 - s0)) -v h="$ticks_per_s" 'BEGIN { printf "%.2f", t / h }')
  fuse_cpu=$(awk -v t=$((f1 - f0)) -v h="$ticks_per_s" 'BEGIN { printf "%.2f", t / h }')
  # Everything else busy on the machine meanwhile (other users' builds and tests; kernel threads).
  other_cpu=$(awk -v m=$((m1 - m0)) -v h="$ticks_per_s" -v a="$cpu" -v b="$server_cpu" -v c="$fuse_cpu" \
    'BEGIN { o = m / h - a - b - c; printf "%.2f", o < 0 ? 0 : o }')
}

# record SETUP KIND TOOL ROUND: one row per run in runs/results (KIND: limit, search or pair):
#   setup kind tool round files bytes wall rss_kb cpu server_cpu fuse_cpu other_cpu load requests multiparts
record() {
  echo "$1 $2 $3 $4 $card_files $card_bytes $wall $rss_kb $cpu $server_cpu $fuse_cpu $other_cpu $load $requests $multiparts" >>"$work/runs/results"
  note "$3: ${wall}s, $(awk -v b="$card_bytes" -v w="$wall" 'BEGIN { printf "%.1f", b / 1e6 / w }') MB/s, peak RSS $((rss_kb / 1024)) MiB, CPU ${cpu}s (S3 server ${server_cpu}s, fusefat ${fuse_cpu}s, others ${other_cpu}s)"
}

# The card's raw sequential read: every image file read once, in name order, cold (the card reader's speed
# with the file system in between: ext4 on the VM's disk, or fusefat on a loop device).
run_read() {
  local setup=$1 round=$2
  step "[$setup] card's raw read, round $round"
  # shellcheck disable=SC2016 # $1 is the inner shell's: the card's root, passed as an argument
  measure "$setup-read-$round" bash -c 'cd "$1" && find DCIM -type f \( -iname "*.jpg" -o -iname "*.gpr" \) -print0 | sort -z |
    xargs -0 cat >/dev/null' read "$card_root"
  record "$setup" limit read "$round"
}

# run_rclone SETUP KIND NAME TRANSFERS SOURCE: rclone copy --checksum of SOURCE's images into an empty
# server, under a prefix of its own; fails unless the bucket then holds exactly the card's images.
# With scheme=https (a global, as kiosk_variant) it talks to the server's HTTPS endpoint, trusting its CA.
scheme=http
run_rclone() {
  local setup=$1 kind=$2 name=$3 t=$4 src=$5 round=${6:-1} remote prefix got count bytes endpoint tls_args=()
  fresh_server "$card_bytes" # sets the AILAS_TEST_S3_* of this server
  endpoint=$AILAS_TEST_S3_ENDPOINT
  if [[ $scheme == https ]]; then endpoint=$AILAS_TEST_S3_HTTPS_ENDPOINT tls_args=(--ca-cert "$AILAS_TEST_S3_CA_FILE"); fi
  # On-the-fly remote; values holding ':' or ',' must be quoted inside rclone's connection string.
  remote=":s3,provider=Ceph,endpoint='$endpoint',access_key_id=$AILAS_TEST_S3_ACCESS_KEY"
  remote+=",secret_access_key=$AILAS_TEST_S3_SECRET_KEY:$AILAS_TEST_S3_BUCKET"
  prefix=rclone-bench-$setup-$name-$round
  step "[$setup] rclone copy --checksum --transfers $t from $src to $prefix/"
  # The filter copies exactly the kiosk's files (JPG, GPR), not the LRV/THM video sidecars in DCIM.
  # env -u AWS_CA_BUNDLE: with it set, rclone 1.60 refuses to start ("LoadCustomCABundleError: ...
  # unsupported transport"). --retries 1: a failed copy fails the benchmark rather than being redone.
  measure "$setup-$name-$round" env -u AWS_CA_BUNDLE rclone copy --checksum --transfers "$t" --ignore-case \
    --include '*.{jpg,gpr}' --retries 1 "${tls_args[@]}" "$src/DCIM" "$remote/$prefix"
  got=$(timeout 120 env -u AWS_CA_BUNDLE rclone size --json "${tls_args[@]}" "$remote/$prefix" 2>/dev/null) || die "rclone size failed"
  read -r count bytes < <("$py" -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["count"], d["bytes"])' "$got")
  ((count == card_files && bytes == card_bytes)) ||
    die "rclone stored $count objects, $bytes bytes; the card has $card_files images, $card_bytes bytes"
  record "$setup" "$kind" "$name" "$round"
}

# kiosk_variant (--compare-tls): how the kiosk reaches the server. http; https (this CPU's cipher choice);
# https-chacha (.NET told the CPU has no AES instructions: ChaCha20 first); https-softaes and
# https-softaes-chacha (AES instructions also hidden from OpenSSL, so AES runs in software as on a Pi 4,
# asking for AES-GCM as before or for ChaCha20 as now).
kiosk_variant=http
# The environment of that variant, as `env` arguments.
variant_env() {
  case $kiosk_variant in
    http) echo "AILAS_Storage__Endpoint=$AILAS_TEST_S3_ENDPOINT" ;;
    https*) echo "AILAS_Storage__Endpoint=$AILAS_TEST_S3_HTTPS_ENDPOINT AILAS_Storage__CaCertificateFile=$AILAS_TEST_S3_CA_FILE" ;;&
    *softaes*) echo "OPENSSL_ia32cap=~0x200000200000000" ;;& # AES-NI and PCLMULQDQ off, for OpenSSL only
    *chacha) echo "DOTNET_EnableAES=0" ;;
  esac
}

# kiosk_cmd STATE LABEL: sets kiosk_run, the kiosk's offload of the card into the current server, with its
# journal (and logs) in STATE and the card's camera registered under LABEL, told the card's file-system serial
# as the daemon is (udev's ID_FS_UUID): a resumed card then relies on what the killed run proved.
kiosk_run=()
kiosk_cmd() {
  local -a variant
  read -ra variant <<<"$(variant_env | tr '\n' ' ')"
  kiosk_run=(env "${variant[@]}" AILAS_Storage__Bucket="$AILAS_TEST_S3_BUCKET"
    AILAS_Storage__AccessKey="$AILAS_TEST_S3_ACCESS_KEY" AILAS_Storage__SecretKey="$AILAS_TEST_S3_SECRET_KEY"
    AILAS_State__Directory="$1" "AILAS_Cameras__$serial=$2" AILAS_KioskId=bench AILAS_Offload__VerifySource="$verify_source"
    "${kiosk[@]}" offload "$card_root" --json --volume-uuid "$card_uuid")
}

# kiosk_result NAME: the JSON report run NAME printed last; sets json outcome planned uploaded present verified
# wiped bytes engine_s (the caller's locals).
kiosk_result() {
  json=$(tail -1 "$work/runs/$1.out")
  read -r outcome planned uploaded present verified wiped bytes engine_s < <("$py" -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["Outcome"], d["Planned"], d["Uploaded"], d["AlreadyPresent"], d["Verified"], d["Wiped"], d["Bytes"], d["Seconds"])' "$json") ||
    die "$1 printed no JSON report: $json"
}

# extra SETUP NAME ROUND KEY VALUE: a figure that is no run of its own (runs/extra), for the report.
extra() { echo "$*" >>"$work/runs/extra"; }

# kiosk_tail SETUP NAME ROUND STATE: the kiosk's tail once its last byte is proven: from its last file's
# "verified as" to "Session ended" (manifest stored and verified, files wiped, card flushed), and the
# manifest's share of it. From the log in STATE/logs (CLEF: timestamps to 100 ns, where its stderr has whole
# seconds only); kept as runs/SETUP-NAME-ROUND.clef.
kiosk_tail() {
  local setup=$1 name=$2 round=$3 state=$4 tail manifest
  cat "$state"/logs/*.clef >"$work/runs/$setup-$name-$round.clef" 2>/dev/null || die "no kiosk log in $state/logs"
  read -r tail manifest < <("$py" - "$work/runs/$setup-$name-$round.clef" <<'EOF'
import datetime, json, re, sys
def when(t):  # "2026-11-30T16:12:36.2293177Z" or "...+01:00": seconds since the epoch, to the 100 ns
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?", t)
    z = m.group(3) or "Z"
    d = datetime.datetime.fromisoformat(m.group(1) + ("+00:00" if z == "Z" else z))
    return d.timestamp() + float(m.group(2) or 0)
events = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
end = max(i for i, e in enumerate(events) if e["@mt"].startswith("Session ended"))
last = max(i for i, e in enumerate(events[:end]) if e["@mt"].startswith("{Path} verified as"))
man = [i for i in range(last, end) if events[i]["@mt"].startswith("Manifest stored")]
t = lambda i: when(events[i]["@t"])
print(f"{t(end) - t(last):.3f}", f"{t(man[-1]) - t(last):.3f}" if man else "-")
EOF
  ) || die "could not read the kiosk's tail from its log"
  extra "$setup" "$name" "$round" tail "$tail"
  extra "$setup" "$name" "$round" tail_manifest "$manifest"
  note "kiosk's tail: ${tail}s from its last verified file to 'Session ended' (manifest ${manifest}s, then wipe and flush)"
}

# run_kiosk SETUP NAME ROUND: offloads the card copy into an empty server, filed under a label of its own;
# fails unless every image was uploaded, verified and wiped. Then (FAT32) the card is unmounted at once,
# timed: what the kiosk's tail leaves to do before the card is safe to remove.
run_kiosk() {
  local setup=$1 name=$2 round=$3 label state json outcome planned uploaded present verified wiped bytes engine_s
  label=AILAS-07-$setup-r$round
  state=$work/state-$setup-$name-$round
  fresh_server "$card_bytes"
  step "[$setup] ailas-kiosk offload as $label  (upload, verify, re-read from the card: $verify_source, wipe)"
  kiosk_cmd "$state" "$label"
  measure "$setup-$name-$round" "${kiosk_run[@]}"
  if [[ $setup == fat ]]; then
    unmount_card
    extra "$setup" "$name" "$round" umount "$umount_s"
    extra "$setup" "$name" "$round" gone "$gone_s"
    note "unmount: fusermount -u ${umount_s}s; fusefat exited (its writes flushed) after ${gone_s}s"
  fi
  kiosk_result "$setup-$name-$round"
  [[ $outcome == Completed && $planned == "$card_files" && $uploaded == "$card_files" && $wiped == "$card_files" && $bytes == "$card_bytes" ]] ||
    die "the kiosk did not offload the whole card: $json"
  note "kiosk: ${engine_s}s inside its engine (the rest of the wall time is .NET start-up and host), $uploaded uploaded and wiped"
  kiosk_tail "$setup" "$name" "$round" "$state"
  record "$setup" pair "$name" "$round"
}

# run_resume SETUP ROUND: issue 12's "finishing a card interrupted at 90 % (power cut)". On a fresh card copy
# and an empty server, the kiosk kills itself (SIGKILL: no finally, no flush, the nearest to a power cut)
# right after journaling its K-th verified image, K = 90 % of them; that run is bounded, not timed. The card
# is then unmounted and mounted again (FAT32: fusefat restarted on the same loop device, as a card put back
# once the power is back), and the resume is timed: same journal, same camera label, cold caches. It must
# end Completed with every image wiped (the killed run wiped none).
run_resume() {
  local setup=$1 round=$2 label state k rc=0 left json outcome planned uploaded present verified wiped bytes engine_s
  label=AILAS-07-$setup-resume-r$round
  state=$work/state-$setup-resume-$round
  k=$((card_files * 9 / 10))
  ((k >= 1)) || k=1
  fresh_server "$card_bytes"
  step "[$setup] ailas-kiosk offload as $label, killed after $k of $card_files verified images (not timed)"
  kiosk_cmd "$state" "$label"
  drop_caches # the killed run starts as the full one does
  bounded "$setup-killed-$round" env "AILAS_TEST_KILL_AT=verified:$k" "${kiosk_run[@]}" || rc=$?
  if ((rc != 137)); then # 128 + SIGKILL
    tail -n 15 "$work/runs/$setup-killed-$round.err" | sed 's/^/  | /' >&2
    ((rc == 124)) && die "$setup-killed-$round did not finish within ${run_timeout}s (BENCH_RUN_TIMEOUT)"
    die "the kiosk was to kill itself (exit 137) after $k verified images; it exited $rc"
  fi
  if [[ $setup == fat ]]; then # the power cut lost the mount
    unmount_card
    mount_card
  fi
  read -r left _ < <(card_images)
  ((left == card_files)) || die "the killed run left $left of $card_files images on the card; it should have wiped none"
  step "[$setup] ailas-kiosk offload as $label, resumed after the power cut"
  measure "$setup-resume-$round" "${kiosk_run[@]}"
  kiosk_result "$setup-resume-$round"
  [[ $outcome == Completed && $planned == "$card_files" && $verified == "$card_files" && $wiped == "$card_files" &&
    $((uploaded + present)) == "$card_files" && $present -ge $k ]] ||
    die "the resumed kiosk did not finish the card ($k images were verified before the kill): $json"
  read -r left _ < <(card_images)
  ((left == 0)) || die "the resumed kiosk reported every image wiped, but $left remain on the card"
  note "resume: $present already stored (the $k verified before the kill among them), $uploaded uploaded, $wiped wiped; ${engine_s}s inside its engine"
  extra "$setup" resume "$round" present "$present"
  record "$setup" resume kiosk-resume "$round"
}

# ------------------------------------------------------------------ the runs --

# Stages the card's images in tmpfs: the source of the server-ingest runs (a source that costs nothing to read).
stage_in_tmpfs() {
  local setup=$1
  prepare_card "$setup" "$photos"
  shm=$(mktemp -d /dev/shm/ailas-bench.XXXXXX)
  (cd "$card_root" && find DCIM -type f \( -iname '*.jpg' -o -iname '*.gpr' \) -exec cp --parents -t "$shm" {} +)
  release_card # card_files and card_bytes stay: what each ingest run must store
}

# rclone's best --transfers on this card: one copy per value of --transfers (the fastest wins). One sample
# each on a noisy machine: the choice is only as good as that; --best-transfers skips the search.
best=""
search_best() {
  local setup=$1 t
  if [[ -n $best_transfers ]]; then best=$best_transfers; return 0; fi
  for t in "${transfer_list[@]}"; do
    prepare_card "$setup" "$photos"
    run_rclone "$setup" search "search-t$t" "$t" "$card_root"
  done
  best=$(awk -v s="$setup" '$1 == s && $2 == "search" { w = $7; if (b == "" || w < bw) { b = $3; bw = w } } END { sub(/^search-t/, "", b); print b }' "$work/runs/results")
  note "rclone's best on the $setup card: --transfers $best"
}

# One setup: rclone's best --transfers, then $pairs rounds. A round: the card's raw read, then the server's
# ingest (rclone from tmpfs, each of --transfers), the kiosk, rclone --transfers 4 and rclone best, in an
# order rotated each round (so no run always comes first, or last, when neighbours may have woken up), each
# on a fresh card copy, cold caches and an empty server. The limit is measured in every round like the tools
# (its medians): a single sample of it, on this shared machine, is as noisy as a single run of a tool.
run_setup() {
  local setup=$1 round k runs order i
  step "[$setup] card: $photos HERO10 photos of $min_mb-$max_mb MB (seed $seed), $([[ $setup == dir ]] && echo "a directory on disk" || echo "a FAT32 image on a loop device through fusefat")"
  make_pristine "$setup" "$photos"
  stage_in_tmpfs "$setup"
  search_best "$setup"
  echo "$setup $best" >>"$work/runs/best"
  runs=(kiosk rclone-t4 resume)
  [[ $best != 4 ]] && runs+=("rclone-t$best")
  for k in "${transfer_list[@]}"; do runs+=("ingest-t$k"); done
  for ((round = 1; round <= pairs; round++)); do
    order=()
    for ((i = 0; i < ${#runs[@]}; i++)); do order+=("${runs[(i + round - 1) % ${#runs[@]}]}"); done
    prepare_card "$setup" "$photos"
    run_read "$setup" "$round"
    for k in "${order[@]}"; do
      case $k in
        kiosk) prepare_card "$setup" "$photos"; run_kiosk "$setup" kiosk "$round" ;;
        resume) prepare_card "$setup" "$photos"; run_resume "$setup" "$round" ;;
        rclone-t*) prepare_card "$setup" "$photos"; run_rclone "$setup" pair "$k" "${k#rclone-t}" "$card_root" "$round" ;;
        ingest-t*) release_card; run_rclone "$setup" limit "$k" "${k#ingest-t}" "$shm" "$round" ;;
      esac
    done
  done
  release_card
  rm -rf "$shm" "$pristine"
  shm=""
}

# --compare-tls: the kiosk's variants (kiosk_variant) and rclone over http and https, $pairs rounds in rotated
# order, each on a fresh card copy, cold caches and an empty server. First the cipher each kiosk variant
# negotiates, as its `doctor` reports it (runs/ciphers).
tls_variants=(http https https-chacha https-softaes https-softaes-chacha)
run_tls() {
  local setup=$1 round k runs=() order i cipher
  step "[$setup] card: $photos HERO10 photos of $min_mb-$max_mb MB (seed $seed)"
  make_pristine "$setup" "$photos"
  prepare_card "$setup" "$photos"
  fresh_server "$card_bytes"
  for k in "${tls_variants[@]}"; do
    kiosk_variant=$k
    kiosk_cmd "$work/doctor-$k" AILAS-07
    # doctor exits non-zero for checks that do not matter here (no card readers on this machine, say).
    cipher=$({ timeout 120 "${kiosk_run[@]:0:${#kiosk_run[@]}-3}" doctor 2>/dev/null || true; } |
      sed -nE 's/^OK +storage .*\((TLS [0-9.]+ [A-Z0-9_]+)\)$/\1/p' | tr ' ' '_')
    [[ $k == http || -n $cipher ]] || die "the kiosk's doctor reported no TLS handshake over $k"
    echo "kiosk-$k ${cipher:--}" >>"$work/runs/ciphers"
    note "kiosk over $k: ${cipher:-no TLS}"
    runs+=("kiosk-$k")
  done
  runs+=(rclone-http rclone-https)
  for ((round = 1; round <= pairs; round++)); do
    order=()
    for ((i = 0; i < ${#runs[@]}; i++)); do order+=("${runs[(i + round - 1) % ${#runs[@]}]}"); done
    for k in "${order[@]}"; do
      prepare_card "$setup" "$photos"
      case $k in
        kiosk-*) kiosk_variant=${k#kiosk-}; run_kiosk "$setup" "$k" "$round" ;;
        rclone-*) scheme=${k#rclone-}; run_rclone "$setup" pair "$k" 4 "$card_root" "$round" ;;
      esac
    done
  done
  kiosk_variant=http scheme=http
  release_card
  rm -rf "$pristine"
}

# ---------------------------------------------------------------------- report --

commit() {
  local c
  c=$(git rev-parse --short HEAD)
  [[ -z $(git status --porcelain --untracked-files=no) ]] || c+=" (with uncommitted changes)"
  echo "$c"
}

# Medians, ratios, targets, and the Markdown table (stdout, and $markdown if asked). In Python: medians
# and tables in awk would be longer than the benchmark.
report() {
  local mode=$1
  "$py" - "$mode" "$work/runs/results" "$work/runs/best" "$work/runs/extra" "$markdown" "$(date +%F)" "$(commit)" "$machine" \
    "$seed" "$min_mb" "$max_mb" "$pairs" "$verify_source" "${drop_caches_status:-not attempted}" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF'
import statistics, sys
mode, results, best_file, extra_file, markdown, date, commit, machine, seed, min_mb, max_mb, pairs, verify, caches, load = sys.argv[1:]
cols = "setup kind tool round files bytes wall rss_kb cpu server_cpu fuse_cpu other_cpu load requests multiparts".split()
rows = []
for line in open(results):
    r = dict(zip(cols, line.split()))
    for k in cols[3:]:
        r[k] = float(r[k])
    r["mbs"] = r["bytes"] / 1e6 / r["wall"]
    r["gb"] = r["bytes"] / 1e9
    rows.append(r)
med = statistics.median
extra = {}  # (setup, name, key) -> [value per round]: the kiosk's tail, the unmount, what a resume found stored
for line in open(extra_file):
    setup, name, rnd, key, value = line.split()
    if value != "-":
        extra.setdefault((setup, name, key), []).append(float(value))
def sel(setup, kind=None, tool=None):
    return [r for r in rows if r["setup"] == setup and (kind is None or r["kind"] == kind) and (tool is None or r["tool"] == tool)]
names = {"dir": "directory on disk", "fat": "FAT32 image, loop + fusefat"}
md = []
out = md.append

print("\nEvery run (seconds: wall of the whole command under GNU time; CPU: user + system seconds):")
print(f"{'setup':5} {'run':15} {'rnd':>3} {'files':>6} {'MB':>8} {'s':>7} {'MB/s':>7} {'RSS MiB':>8} {'CPU':>7} {'S3 srv':>7} {'fuse':>6} {'others':>7} {'load':>5} {'reqs':>6} {'multip':>6}")
for r in rows:
    print(f"{r['setup']:5} {r['tool']:15} {r['round']:3.0f} {r['files']:6.0f} {r['bytes']/1e6:8.1f} {r['wall']:7.1f} {r['mbs']:7.1f} {r['rss_kb']/1024:8.0f} "
          f"{r['cpu']:7.1f} {r['server_cpu']:7.1f} {r['fuse_cpu']:6.1f} {r['other_cpu']:7.1f} {r['load']:5.2f} {r['requests']:6.0f} {r['multiparts']:6.0f}")

if mode == "tls":
    setup = rows[0]["setup"]
    ciphers = dict(line.split() for line in open(results.replace("results", "ciphers")))
    labels = {
        "kiosk-http": "ailas-kiosk, http",
        "kiosk-https": "ailas-kiosk, https (this CPU: AES instructions)",
        "kiosk-https-chacha": "ailas-kiosk, https, .NET told: no AES instructions",
        "kiosk-https-softaes": "ailas-kiosk, https, AES in software, AES-GCM asked first (the kiosk before ChaCha20 first)",
        "kiosk-https-softaes-chacha": "ailas-kiosk, https, AES in software and no AES instructions (a Pi 4's case)",
        "rclone-http": "rclone copy --checksum, http",
        "rclone-https": "rclone copy --checksum, https (--ca-cert)",
    }
    card = rows[0]
    out(f"Benchmark {date}, commit {commit}; {machine}; load average at the end {load}.")
    out(f"Card: {card['files']:.0f} HERO10 photos of {min_mb}-{max_mb} MB (seed {seed}), {card['bytes']/1e6:.0f} MB, as a {names[setup]}. "
        f"{pairs} rounds of the runs below in rotated order, medians; each run on a fresh card copy, an empty S3 server "
        f"(radosgw, memstore; HTTPS on its beast frontend, OpenSSL) and the page cache {caches}.")
    out("")
    out("| run | TLS negotiated | MB/s | s | CPU s/GB | S3 server CPU s/GB | peak RSS MiB |")
    out("|---|---|---|---|---|---|---|")
    fig = {}
    for tool, label in labels.items():
        rs = sel(setup, "pair", tool)
        if not rs:
            continue
        fig[tool] = dict(mbs=med(r["mbs"] for r in rs), cpu=med(r["cpu"] / r["gb"] for r in rs), srv=med(r["server_cpu"] / r["gb"] for r in rs))
        tls = "none" if tool.endswith("http") else ("Go crypto/tls, its own choice" if tool.startswith("rclone") else ciphers.get(tool, "-").replace("TLS_1.3_", "TLS 1.3 "))
        out(f"| {label} | {tls} | {fig[tool]['mbs']:.1f} | {med(r['wall'] for r in rs):.1f} | {fig[tool]['cpu']:.1f} | {fig[tool]['srv']:.1f} | "
            f"{max(r['rss_kb'] for r in rs) / 1024:.0f} |")
    def ratio(a, b, key):
        return f"x{fig[a][key] / fig[b][key]:.2f}" if a in fig and b in fig else "n/a"
    out("")
    out("| figure | value |")
    out("|---|---|")
    out(f"| kiosk CPU s/GB, https / http | {ratio('kiosk-https', 'kiosk-http', 'cpu')} |")
    out(f"| rclone CPU s/GB, https / http | {ratio('rclone-https', 'rclone-http', 'cpu')} |")
    out(f"| kiosk MB/s, https / http | {ratio('kiosk-https', 'kiosk-http', 'mbs')} |")
    out(f"| kiosk / rclone MB/s, both https | {ratio('kiosk-https', 'rclone-https', 'mbs')} |")
    out(f"| kiosk CPU s/GB with AES in software: ChaCha20 first / AES-GCM first | {ratio('kiosk-https-softaes-chacha', 'kiosk-https-softaes', 'cpu')} |")
elif mode == "compare":
    setup = rows[0]["setup"]
    by_count = {}
    for r in rows:
        by_count.setdefault(int(r["files"]), []).append(r)
    counts = sorted(by_count)
    out(f"Benchmark {date}, commit {commit}; {machine}; kiosk alone, runs per card: {pairs} (max of peak RSS), "
        f"photos of {min_mb}-{max_mb} MB (seed {seed}), card as a {names[setup]}; page cache: {caches}.")
    out("")
    out("| photos | MB | s (median) | MB/s (median) | peak RSS MiB (max) | CPU s/GB (median) |")
    out("|---|---|---|---|---|---|")
    peaks = {}
    for n in counts:
        rs = by_count[n]
        peaks[n] = max(r["rss_kb"] for r in rs) / 1024
        out(f"| {n:,} | {rs[0]['bytes']/1e6:.0f} | {med(r['wall'] for r in rs):.1f} | {med(r['mbs'] for r in rs):.1f} | "
            f"{peaks[n]:.0f} | {med(r['cpu'] / r['gb'] for r in rs):.1f} |")
    lo, hi = counts[0], counts[-1]
    ratio = peaks[hi] / peaks[lo]
    out("")
    out(f"Peak RSS, {hi:,} photos vs {lo:,}: x{ratio:.2f} (target <= 1.1: {'met' if ratio <= 1.1 else 'NOT met'}); "
        f"largest {max(peaks.values()):.0f} MiB (target <= 150 MiB: {'met' if max(peaks.values()) <= 150 else 'NOT met'}).")
else:
    best = dict(line.split() for line in open(best_file))
    setups = [s for s in ("dir", "fat") if s in best]
    factor = 2 if verify == "true" else 1
    out(f"Benchmark {date}, commit {commit}; {machine}; load average at the end {load}.")
    card = sel(setups[0])[0]
    out(f"Card: {card['files']:.0f} HERO10 photos of {min_mb}-{max_mb} MB (seed {seed}), {card['bytes']/1e6:.0f} MB. "
        f"Rounds per setup: {pairs} of card read, then kiosk / rclone / rclone best / server ingest / kiosk killed at 90 % and resumed in rotated order, medians; "
        f"each run on a fresh card copy, "
        f"an empty S3 server (radosgw, memstore) and the page cache {caches}.")
    busy = med(r["other_cpu"] / r["wall"] for r in rows)
    out(f"Noise: other processes kept {busy:.2f} cores busy (median over the runs) besides the tool, the S3 server and fusefat.")
    out("")
    out("| setup | run | MB/s | of limit | s | CPU s/GB | S3 server CPU s/GB | fusefat CPU s/GB | peak RSS MiB |")
    out("|---|---|---|---|---|---|---|---|---|")
    figures = {}
    for s in setups:
        read = sel(s, "limit", "read")
        read_mbs = med(r["mbs"] for r in read)
        ingest = {}
        for r in sel(s, "limit"):
            if r["tool"].startswith("ingest-"):
                ingest.setdefault(r["tool"], []).append(r["mbs"])
        ingest = {t: med(v) for t, v in ingest.items()}  # the best --transfers by its median over the rounds
        ingest_tool = max(ingest, key=ingest.get)
        limit = min(read_mbs / factor, ingest[ingest_tool])
        bound = "card" if read_mbs / factor <= ingest[ingest_tool] else "server"
        def line(label, rs, frac=True):
            out(f"| {names[s]} | {label} | {med(r['mbs'] for r in rs):.1f} | {med(r['mbs'] for r in rs) / limit:.2f} | "
                f"{med(r['wall'] for r in rs):.1f} | {med(r['cpu'] / r['gb'] for r in rs):.1f} | "
                f"{med(r['server_cpu'] / r['gb'] for r in rs):.1f} | {med(r['fuse_cpu'] / r['gb'] for r in rs):.1f} | "
                f"{max(r['rss_kb'] for r in rs) / 1024:.0f} |")
        kiosk = sel(s, "pair", "kiosk")
        r4 = sel(s, "pair", "rclone-t4")
        bt = best[s]
        rb = sel(s, "pair", f"rclone-t{bt}") if bt != "4" else r4
        line("ailas-kiosk offload", kiosk)
        resume = sel(s, "resume", "kiosk-resume")
        out(f"| {names[s]} | ailas-kiosk offload resumed after a SIGKILL at 90 % (the resume alone) | | | "
            f"{med(r['wall'] for r in resume):.1f} | {med(r['cpu'] / r['gb'] for r in resume):.1f} | "
            f"{med(r['server_cpu'] / r['gb'] for r in resume):.1f} | {med(r['fuse_cpu'] / r['gb'] for r in resume):.1f} | "
            f"{max(r['rss_kb'] for r in resume) / 1024:.0f} |")
        line("rclone copy --checksum (--transfers 4, default)", r4)
        if bt != "4":
            line(f"rclone copy --checksum --transfers {bt} (best)", rb)
        out(f"| {names[s]} | physical limit ({bound}-bound): min(card read {read_mbs:.1f} MB/s / {factor}, "
            f"server ingest {ingest[ingest_tool]:.1f} MB/s at --transfers {ingest_tool[len('ingest-t'):]}) | {limit:.1f} | 1.00 | | | | | |")
        # Ratios per round (the runs of a round are minutes apart, so drift on the machine cancels out).
        def ratios(a, b):
            byr = {r["round"]: r["mbs"] for r in b}
            return [r["mbs"] / byr[r["round"]] for r in a if r["round"] in byr]
        figures[s] = dict(
            vs4=med(ratios(kiosk, r4)), vsbest=med(ratios(kiosk, rb)), bt=bt,
            limit=med(r["mbs"] for r in kiosk) / limit,
            cpu=med(r["cpu"] / r["gb"] for r in kiosk) / min(med(r["cpu"] / r["gb"] for r in r4), med(r["cpu"] / r["gb"] for r in rb)),
            rss=max(r["rss_kb"] for r in kiosk) / 1024,
            # The resume against the full run's median (a resume and a full run share no card nor server).
            resume=med(r["wall"] for r in resume) / med(r["wall"] for r in kiosk), resume_s=med(r["wall"] for r in resume),
            kiosk_s=med(r["wall"] for r in kiosk),
            tail=med(extra[(s, "kiosk", "tail")]), tail_manifest=med(extra.get((s, "kiosk", "tail_manifest"), [0])),
            umount=med(extra[(s, "kiosk", "umount")]) if (s, "kiosk", "umount") in extra else None,
            gone=med(extra[(s, "kiosk", "gone")]) if (s, "kiosk", "gone") in extra else None)
    def row(label, key, fmt, target, ok):
        cells = " | ".join("n/a" if figures[s][key] is None else fmt(figures[s]) + ("" if ok is None or ok(figures[s][key]) else " (not met)")
                           for s in setups)
        out(f"| {label} | {cells} | {target} |")
    out("")
    out("| figure | " + " | ".join(names[s] for s in setups) + " | target |")
    out("|---|" + "---|" * len(setups) + "---|")
    row("kiosk / rclone --transfers 4, MB/s (median of rounds)", "vs4", lambda f: f"x{f['vs4']:.2f}", "≥ 1.2", lambda v: v >= 1.2)
    row("kiosk / rclone best --transfers, MB/s", "vsbest", lambda f: f"x{f['vsbest']:.2f} (--transfers {f['bt']})", "≥ 1.2", lambda v: v >= 1.2)
    row("kiosk / physical limit", "limit", lambda f: f"{f['limit']:.2f}", "≥ 0.9", lambda v: v >= 0.9)
    row("kiosk CPU s/GB / rclone's (the lower rclone)", "cpu", lambda f: f"x{f['cpu']:.2f}", "≤ 1", lambda v: v <= 1)
    row("kiosk peak RSS, MiB (max of rounds)", "rss", lambda f: f"{f['rss']:.0f}", "≤ 150", lambda v: v <= 150)
    row("finishing a card killed at 90 % / a full offload of it, s (medians)", "resume",
        lambda f: f"x{f['resume']:.2f} ({f['resume_s']:.1f} s / {f['kiosk_s']:.1f} s)", "≤ 0.5", lambda v: v <= 0.5)
    row("last verified byte → wiped, flushed, 'Session ended', s (median; manifest's share)", "tail",
        lambda f: f"{f['tail']:.2f} ({f['tail_manifest']:.2f})", "≤ 2 + the unmount", lambda v: v <= 2)
    row("the unmount: fusermount -u; until fusefat exited, s (median)", "gone",
        lambda f: f"{f['umount']:.2f}; {f['gone']:.2f}", "(beside the above)", None)
text = "\n".join(md) + "\n"
print("\nMarkdown, ready to paste:\n")
print(text)
if markdown:
    with open(markdown, "w") as f:
        f.write(text)
    print(f"bench: Markdown written to {markdown}")
EOF
}

notes() {
  echo "Notes:"
  echo "  - MB/s = the card's image bytes / wall seconds of the whole command (GNU time), start-up included."
  echo "  - CPU s/GB: user + system seconds of the tool itself (GNU time) per GB of images; the S3 server's"
  echo "    (mon, OSD, radosgw) and fusefat's CPU over the same run are apart. 'others' in the run list: CPU"
  echo "    the rest of the machine used meanwhile (other users' builds and tests): busy neighbours slow runs."
  if [[ -n $tls ]]; then
    cat <<EOF
  - TLS: the kiosk's cipher is what its 'doctor' reports for the same settings (the handshake its storage
    connections made). DOTNET_EnableAES=0 makes .NET report no AES instructions, so the kiosk asks for
    ChaCha20-Poly1305 first, as on a Pi 4 (Cortex-A72, no ARMv8 crypto extensions); OPENSSL_ia32cap
    hides AES-NI from OpenSSL, so whatever AES the kiosk does runs in software, as on a Pi 4. The server
    keeps its AES-NI. rclone (Go's crypto/tls) orders its ciphers by the CPU's AES support by itself.
  - rclone runs with its defaults (--transfers 4); both tools verify what they send (rclone: MD5 against
    the ETag; the kiosk: its whole proof, the source re-read included).
EOF
  elif [[ -z $compare ]]; then
    cat <<EOF
  - Physical limit = min(median card's raw read / $([[ $verify_source == true ]] && echo "2 (the kiosk re-reads every file: Offload:VerifySource=true)" || echo "1 (Offload:VerifySource=false)"),
    server ingest = the best median of rclone copy from tmpfs with --transfers $transfers). rclone reads the card once, so its
    own limit is higher on a card-bound setup; its 'of limit' is against the same figure as the kiosk's.
  - Resume: the kiosk kills itself (SIGKILL, AILAS_TEST_KILL_AT) right after journaling 90 % of the images
    as verified, on a fresh card copy and an empty server; the card is unmounted and mounted again (FAT32),
    the page cache dropped, and only the resumed run (same journal, same label) is timed, against the median
    full run. Told the card's serial (--volume-uuid), it relies on what the killed run proved: those images
    are checked in the bucket (HEAD) and their headers read for the checks, not read again.
  - Tail: from the full run's log (its CLEF file, 100 ns timestamps), the last image's "verified as" to
    "Session ended": manifest stored and verified, images deleted, card flushed. The unmount is timed by the
    script right after the run: fusermount -u, and until fusefat exited (it writes back on unmount).
  - The kiosk keeps 3 files in flight (Offload:Concurrency); it stats each object to prove size, ETag and
    SHA-256, re-reads every file from the card, writes a manifest, deletes the files and syncs the card.
  - The card copies live on this VM's disk: its 'raw read' is the virtual disk's (host-cached, possibly).
    On the FAT32 setup, the kiosk's re-read drops the FUSE file's pages but the loop device keeps the
    block pages fusefat read, so the re-read may come from RAM: the kiosk can then beat the limit there.
EOF
  else
    echo "  - Each count: a fresh copy of its card and an empty S3 server per run, same photo sizes and seed."
  fi
  echo "  - The S3 server keeps objects in RAM (memstore): its speed is radosgw's CPU cost, not a disk's."
}

# ----------------------------------------------------------------------- main --

default_run() {
  check_ram $(($(expected_bytes "$photos") * 2)) # before spending minutes on a card that cannot be stored
  setup
  local s
  for s in "${setup_list[@]}"; do run_setup "$s"; done
  step "Results"
  report default
  notes
}

tls_run() {
  check_ram $(($(expected_bytes "$photos") * 2))
  setup
  : >"$work/runs/ciphers"
  local s
  for s in "${setup_list[@]}"; do run_tls "$s"; done
  step "Results: HTTP and HTTPS"
  report tls
  notes
}

compare_run() {
  local n largest=0 round setup=${setup_list[0]}
  for n in "${counts[@]}"; do ((n > largest)) && largest=$n; done
  check_ram "$(expected_bytes "$largest")"
  setup
  for n in "${counts[@]}"; do
    step "[$setup] card: $n HERO10 photos of $min_mb-$max_mb MB (seed $seed)"
    make_pristine "$setup" "$n"
    for ((round = 1; round <= pairs; round++)); do
      prepare_card "$setup" "$n"
      run_kiosk "$setup" "kiosk-$n" "$round"
    done
    release_card
    rm -rf "$pristine" # only one card on the disk at a time
  done
  step "Results: the kiosk's peak memory as the card grows"
  report compare
  notes
}

started=$SECONDS
if [[ -n $compare ]]; then compare_run; elif [[ -n $tls ]]; then tls_run; else default_run; fi
echo
note "done in $((SECONDS - started)) s"
