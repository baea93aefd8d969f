#!/usr/bin/env bash
# Installs what the demo, the tests and the benchmark need on a fresh Debian 12 machine (as root):
# FAT/exFAT tools and FUSE drivers for real card images, rclone for the benchmark, GNU time for peak RSS.
# The S3 server (Ceph radosgw) is installed by tools/radosgw.sh. Idempotent: does nothing when all is there.
set -euo pipefail

# Cards and tests: dosfstools…sqlite3. Packaging and the Pi image (image-build/): mmdebstrap…xz-utils.
# The image booted in a VM (tools/vm-test.sh): qemu-system-arm…openssh-client. The lint (tools/lint.sh): shellcheck.
packages=(dosfstools mtools fusefat exfat-fuse exfatprogs fuse3 python3-fuse rclone time sqlite3
          mmdebstrap qemu-user-static binfmt-support fdisk e2fsprogs xz-utils lintian
          qemu-system-arm qemu-utils socat openssh-client shellcheck)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The systemd unit tests run systemd-analyze, -sysusers and -tmpfiles offline, and the polkit rule in node.
command -v systemd-analyze >/dev/null || missing+=(systemd)
command -v node >/dev/null || missing+=(nodejs)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# FUSE needs its device; containers sometimes lack the node although the kernel has the module.
[ -e /dev/fuse ] || { echo "setup: /dev/fuse is missing: FUSE card mounts cannot work here" >&2; exit 1; }
