#!/usr/bin/env bash
# The demo: the kiosk daemon runs with its LEDs and display simulated on the terminal; a realistic GoPro card (a
# real FAT32 image) is "inserted" on a loop device, offloaded end to end into a real S3 server on this machine
# (Ceph radosgw), every image verified, wiped from the card, unmounted; then "removed". The kiosk talks HTTPS, as to
# the crews' MinIO, and trusts the server's private CA only because its configuration names it.
# Usage (as root): tools/demo.sh [PHOTOS]   (default 24 photos of 1-15 MB in two DCIM folders)
set -euo pipefail
cd "$(dirname "$0")/.."
photos=${1:-24}
[ "$(id -u)" = 0 ] || { echo "demo.sh: run as root (loop devices and FUSE mounts)" >&2; exit 2; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Setting up (packages, S3 server, build)"
tools/setup.sh
tools/radosgw.sh start
eval "$(tools/radosgw.sh env)"
dotnet build AilasKiosk.sln -c Release --nologo -v quiet -clp:ErrorsOnly
kiosk=(dotnet src/AilasKiosk/bin/Release/net10.0/ailas-kiosk.dll)
make_card=(dotnet tests/AilasKiosk.CardFactory/bin/Release/net10.0/make-card.dll)

work=$(mktemp -d /tmp/ailas-demo.XXXXXX)
daemon=
loop=
cleanup() {
  if [ -n "$daemon" ] && kill -TERM "$daemon" 2>/dev/null; then wait "$daemon" 2>/dev/null || true; fi
  if [ -n "$loop" ]; then losetup -d "$loop" 2>/dev/null || true; fi
  rm -rf "$work"
  tools/radosgw.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

serial=C3471325208909
label=AILAS-07
step "A crew's card: $photos HERO10 time-lapse photos, camera $serial (registered as $label)"
"${make_card[@]}" --out "$work/card.img" --image --photos "$photos" --camera hero10 --serial "$serial" \
  --seed "$((RANDOM))" --min-mb 1 --max-mb 15 --photos-per-folder $(((photos + 1) / 2)) --label GOPRO
mdir -/ -i "$work/card.img" ::DCIM | grep -E "JPG|Directory" | head -12 | sed 's/^/  /'

# The kiosk's configuration, as /etc/ailas-kiosk/kiosk.json would hold it; plus, for this machine: loop devices
# count as cards, FUSE mounts them (no kernel vfat here), LEDs and display drawn on the terminal.
export AILAS_Storage__Endpoint="$AILAS_TEST_S3_HTTPS_ENDPOINT" AILAS_Storage__CaCertificateFile="$AILAS_TEST_S3_CA_FILE" \
       AILAS_Storage__Bucket="$AILAS_TEST_S3_BUCKET" \
       AILAS_Storage__AccessKey="$AILAS_TEST_S3_ACCESS_KEY" AILAS_Storage__SecretKey="$AILAS_TEST_S3_SECRET_KEY" \
       AILAS_State__Directory="$work/state" AILAS_Cameras__$serial="$label" AILAS_KioskId="demo-kiosk" \
       AILAS_Cards__IncludeLoopDevices=true AILAS_Cards__Mount=fuse AILAS_Cards__MountRoot="$work/media" \
       AILAS_Hardware__Simulated=true
status() { "${kiosk[@]}" status --json 2>/dev/null | python3 -c "$1"; }
wait_for() { # wait_for DESCRIPTION PYTHON-CONDITION-ON-s (the status snapshot)
  for _ in $(seq 1200); do
    if status "import json,sys; s=json.load(sys.stdin)['snapshot']; sys.exit(0 if ($2) else 1)"; then return 0; fi
    sleep 0.25
  done
  echo "demo.sh: timed out waiting for $1" >&2; exit 1
}

step "ailas-kiosk run (the systemd service), hardware simulated: LEDs in its log, the display drawn below"
"${kiosk[@]}" run &
daemon=$!
wait_for "a healthy kiosk" "s['Health']['Storage']['State'] == 'Ok' and s['Health']['Clock']['State'] == 'Ok'"
sleep 1.5 # let the idle screen show

step "The crew inserts the card"
loop=$(losetup --find --show "$work/card.img")
wait_for "the card to be done or in trouble" "any(x['Phase'] in ('Done', 'Problem') for x in s['Slots'])"
sleep 1.5 # let the last screen show
step "ailas-kiosk status (what a maintainer sees over SSH)"
"${kiosk[@]}" status || true

step "The crew pulls the card"
losetup -d "$loop"; loop=
wait_for "the slot to be ready again" "len(s['Slots']) == 0"
sleep 1

step "The bucket, under $label/ (as the crew's manual uploads, one folder per camera)"
# rclone reads the S3 server from the environment (an endpoint URL's colons break its connection strings).
s3() {
  env -u AWS_CA_BUNDLE RCLONE_S3_PROVIDER=Ceph RCLONE_S3_ENDPOINT="$AILAS_TEST_S3_HTTPS_ENDPOINT" \
    RCLONE_S3_ACCESS_KEY_ID="$AILAS_TEST_S3_ACCESS_KEY" RCLONE_S3_SECRET_ACCESS_KEY="$AILAS_TEST_S3_SECRET_KEY" \
    timeout 60 rclone --config /dev/null --ca-cert "$AILAS_TEST_S3_CA_FILE" "$@"
}
remote=":s3:$AILAS_TEST_S3_BUCKET"
s3 ls "$remote/$label" | sort -k2 | sed 's/^/  /' | head -40
manifest=$(s3 lsf "$remote/$label/_manifests" | tail -1)
if [ -n "$manifest" ]; then
  step "The session manifest (chain of custody), first lines"
  s3 cat "$remote/$label/_manifests/$manifest" | head -30 | sed 's/^/  /'
fi

step "The card afterwards: images gone, everything else untouched; fsck"
mdir -/ -b -i "$work/card.img" :: | sed 's/^/  /'
fsck.vfat -n "$work/card.img" | tail -1 | sed 's/^/  fsck: /'

step "ailas-kiosk history"
"${kiosk[@]}" history --limit 5

step "Stopping the daemon (SIGTERM, as systemctl stop)"
kill -TERM "$daemon"; wait "$daemon"; daemon=
echo "  frames of the simulated display: $(find "$work/state/frames" -name '*.png' | wc -l) PNG files (kept while the demo runs)"
