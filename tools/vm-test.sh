#!/usr/bin/env bash
# The appliance, proven whole: the Raspberry Pi image that image-build/build-image.sh produces is booted under
# qemu-system-aarch64 (-M virt, TCG, 2 vCPUs, 1.5 GB) with systemd as PID 1, and cards are hot-plugged into it
# as USB sticks or swapped in a fixed USB reader, through QMP. Everything is checked from the host the way a
# maintainer would: SSH into the maintainer's account, `ailas-kiosk status --json`, `journalctl`, `history`;
# then the card images and the bucket are looked at directly.
#
#   tools/vm-test.sh image     build the test image into $AILAS_VM_DIR (once; ~15 min under qemu-user)
#   tools/vm-test.sh run       boot it and run every scenario; prints "N passed, N failed" last. Needs the
#                              test S3 server with a certificate for the guest's address:
#                              AILAS_RGW_TLS_NAMES=IP:10.0.2.100 tools/radosgw.sh start
#   tools/vm-test.sh boot      boot it and leave it running (for a maintainer poking around; `stop` ends it)
#   tools/vm-test.sh ssh CMD   run CMD in the booted guest as the maintainer
#   tools/vm-test.sh stop      power the guest off
#
# Settings (environment):
#   AILAS_VM_DIR        where the image, its configuration, the SSH key and the run's files live (.run/vm)
#   AILAS_VM_SSH_PORT   host loopback port forwarded to the guest's SSH (10022)
#   AILAS_RGW_PORT      the host's radosgw port, HTTP, for the host's own checks (7480, as tools/radosgw.sh)
#   AILAS_RGW_TLS_PORT  the host's radosgw port, HTTPS, which the guest talks to (7443, as tools/radosgw.sh)
#
# The guest sees only this machine: QEMU's user-mode network runs with restrict=on (no packet leaves for
# anywhere), and two explicit forwards are the only ways through: the guest's 10.0.2.100:7443 reaches the host's
# radosgw over HTTPS (a fresh `socat` per connection, so storage can be "cut" by a flag file), and the host's
# 127.0.0.1:$AILAS_VM_SSH_PORT reaches the guest's SSH. The guest trusts the storage's certificate as a kiosk in
# the field trusts a private CA: the test CA (tools/radosgw.sh ca) is seeded into the image's CA store through
# build-image.sh (--config DIR/storage-ca.crt), and kiosk.json names no CA file.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
VM_DIR=${AILAS_VM_DIR:-$repo/.run/vm}
SSH_PORT=${AILAS_VM_SSH_PORT:-10022}
RGW_PORT=${AILAS_RGW_PORT:-7480}
RGW_TLS_PORT=${AILAS_RGW_TLS_PORT:-7443}
GUEST_S3_IP=10.0.2.100     # the storage as the guest sees it: an explicit forward to the host (10.0.2.2 itself is QEMU's)
GUEST_S3=$GUEST_S3_IP:7443
SERIAL=C3471325208909 LABEL=AILAS-07        # the registered camera, seeded through build-image.sh
UNKNOWN_SERIAL=C3441326599999 UNKNOWN_LABEL=AILAS-11
MAINTAINER=maintainer

source "$repo/tools/vm/lib.sh"

cmd=${1:-}
shift || true
case "$cmd" in
  image) vm_build_image ;;
  run) source "$repo/tools/vm/scenarios.sh"; vm_run_all "$@" ;;
  boot) vm_boot ""; vm_wait_ready 420; echo "guest up: ssh -p $SSH_PORT -i $VM_DIR/id_ed25519 $MAINTAINER@127.0.0.1" ;;
  ssh) vm_ssh "$@" ;;
  stop) vm_stop ;;
  *) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
