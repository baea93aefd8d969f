#!/usr/bin/env bash
# The demo: a realistic GoPro card (a real FAT32 image, mounted through FUSE) is offloaded end to end into a
# real S3 server on this machine (Ceph radosgw), every image verified, then wiped from the card.
# Usage: tools/demo.sh [PHOTOS]   (default 24 photos of 1-15 MB in two DCIM folders)
set -euo pipefail
cd "$(dirname "$0")/.."
photos=${1:-24}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Setting up (packages, S3 server, build)"
tools/setup.sh
tools/radosgw.sh start
eval "$(tools/radosgw.sh env)"
dotnet build AilasKiosk.sln -c Release --nologo -v quiet -clp:ErrorsOnly
kiosk=(dotnet src/AilasKiosk/bin/Release/net10.0/ailas-kiosk.dll)
make_card=(dotnet tests/AilasKiosk.CardFactory/bin/Release/net10.0/make-card.dll)

work=$(mktemp -d /tmp/ailas-demo.XXXXXX)
cleanup() {
  mountpoint -q "$work/card" 2>/dev/null && fusermount -u "$work/card" || true
  rm -rf "$work"
  tools/radosgw.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

serial=C3471325208909
label=AILAS-07
step "A crew's card: $photos HERO10 time-lapse photos, camera $serial (registered as $label)"
"${make_card[@]}" --out "$work/card.img" --image --photos "$photos" --camera hero10 --serial "$serial" \
  --seed "$((RANDOM))" --min-mb 1 --max-mb 15 --photos-per-folder $(((photos + 1) / 2)) --mount "$work/card"
(cd "$work/card" && find . -type f | sort | sed 's/^/  /' | head -40)

step "ailas-kiosk offload $work/card"
export AILAS_Storage__Endpoint="$AILAS_TEST_S3_ENDPOINT" AILAS_Storage__Bucket="$AILAS_TEST_S3_BUCKET" \
       AILAS_Storage__AccessKey="$AILAS_TEST_S3_ACCESS_KEY" AILAS_Storage__SecretKey="$AILAS_TEST_S3_SECRET_KEY" \
       AILAS_State__Directory="$work/state" AILAS_Cameras__$serial="$label" AILAS_KioskId="demo-kiosk"
status=0
"${kiosk[@]}" offload "$work/card" || status=$?

step "The bucket, under $label/ (as the crew's manual uploads, one folder per camera)"
# rclone reads the S3 server from the environment (an endpoint URL's colons break its connection strings).
s3() {
  env -u AWS_CA_BUNDLE RCLONE_S3_PROVIDER=Ceph RCLONE_S3_ENDPOINT="$AILAS_TEST_S3_ENDPOINT" \
    RCLONE_S3_ACCESS_KEY_ID="$AILAS_TEST_S3_ACCESS_KEY" RCLONE_S3_SECRET_ACCESS_KEY="$AILAS_TEST_S3_SECRET_KEY" \
    timeout 60 rclone --config /dev/null "$@"
}
remote=":s3:$AILAS_TEST_S3_BUCKET"
s3 ls "$remote/$label" | sort -k2 | sed 's/^/  /' | head -40
manifest=$(s3 lsf "$remote/$label/_manifests" | tail -1)
if [ -n "$manifest" ]; then
  step "The session manifest (chain of custody), first lines"
  s3 cat "$remote/$label/_manifests/$manifest" | head -30 | sed 's/^/  /'
fi

step "The card afterwards: images gone, everything else untouched"
(cd "$work/card" && find . -type f | sort | sed 's/^/  /')
fusermount -u "$work/card"
for _ in $(seq 50); do pgrep -f "fusefat.*$work/card.img" >/dev/null || break; sleep 0.1; done
fsck.vfat -n "$work/card.img" | tail -1 | sed 's/^/  fsck: /'
exit "$status"
