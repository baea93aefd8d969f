#!/usr/bin/env bash
# Builds a flashable Raspberry Pi image with ailas-kiosk installed and configured.
#
#   image-build/build-image.sh --config DIR --ssh-key FILE [--maintainer NAME] [--hostname NAME] [--deb FILE]
#                              [--out FILE] [--size-mb N]
#       Pi 3 and 4: Debian 12 arm64 from Debian's archive (raspi-firmware, linux-image-arm64), built with
#       mmdebstrap under qemu-user.
#   image-build/build-image.sh --base-image FILE --base-sha256 HEX --config DIR --ssh-key FILE [...]
#       Pi 5 (or any Pi): customises an official Raspberry Pi OS Lite (arm64) image given as a local file
#       (.img or .img.xz), whose SHA-256 must match the pinned one.
#
# --config DIR holds kiosk.json (no secret in it), optionally cameras.json, s3-secret (the S3 secret key;
# installed root-only, 0600), and storage-ca.crt: the certificate (PEM) of a private CA that signs the storage's
# HTTPS certificate, added to the image's system CA store, so the kiosk trusts it with no Storage:CaCertificateFile.
# --ssh-key FILE is an authorized_keys file for the maintainer's account (--maintainer, default "maintainer"): SSH
# accepts those keys only, no passwords, and no root login. The account reads the
# kiosk's journal and runs `ailas-kiosk status|history|doctor` without sudo (groups systemd-journal, ailas-kiosk);
# anything else goes through sudo (no password: the account has none).
# Needs root (loop devices, chroot, binfmt_misc) and the packages of tools/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^# Needs root/p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
fail() { echo "build-image.sh: $*" >&2; exit 1; }

config='' ssh_key='' maintainer=maintainer hostname=ailas-kiosk deb='' out=image-build/out/ailas-kiosk.img size_mb=3072 base='' base_sha=''
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config=${2:?}; shift 2 ;;
    --ssh-key) ssh_key=${2:?}; shift 2 ;;
    --maintainer) maintainer=${2:?}; shift 2 ;;
    --hostname) hostname=${2:?}; shift 2 ;;
    --deb) deb=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --size-mb) size_mb=${2:?}; shift 2 ;;
    --base-image) base=${2:?}; shift 2 ;;
    --base-sha256) base_sha=${2:?}; shift 2 ;;
    --mirror) mirror=${2:?}; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "build-image.sh: unknown argument $1" >&2; usage ;;
  esac
done

[ "$(id -u)" = 0 ] || fail "building an image needs root (loop devices, chroot into the image, binfmt_misc): run it with sudo"
{ [ -n "$config" ] && [ -f "$config/kiosk.json" ]; } || fail "--config DIR must hold kiosk.json (see image-build/kiosk.json)"
{ [ -n "$ssh_key" ] && [ -s "$ssh_key" ]; } || fail "--ssh-key FILE (an authorized_keys file) is required: the image accepts SSH keys only"
if grep -q '"SecretKey"' "$config/kiosk.json"; then fail "$config/kiosk.json holds Storage:SecretKey: put the secret in $config/s3-secret instead"; fi
if [ -f "$config/storage-ca.crt" ]; then
  ! grep -q 'PRIVATE KEY' "$config/storage-ca.crt" || fail "$config/storage-ca.crt holds a private key: give only the CA's certificate"
  openssl x509 -in "$config/storage-ca.crt" -noout 2>/dev/null || fail "$config/storage-ca.crt is not a PEM certificate"
fi
{ [[ "$maintainer" =~ ^[a-z_][a-z0-9_-]{0,30}$ ]] && [ "$maintainer" != root ] && [ "$maintainer" != ailas-kiosk ]; } ||
  fail "--maintainer '$maintainer' is not a valid account name (lower case, not root or ailas-kiosk)"
[[ "$hostname" =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] || fail "--hostname '$hostname' is not a valid host name"
if [ -n "$base" ]; then
  [ -f "$base" ] || fail "--base-image $base not found"
  [[ "$base_sha" =~ ^[0-9a-f]{64}$ ]] || fail "--base-image needs --base-sha256 with the image's pinned SHA-256 (64 hex digits)"
fi
for tool in mmdebstrap sfdisk mkfs.vfat mkfs.ext4 mcopy debugfs losetup qemu-aarch64-static; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run tools/setup.sh"
done

# Running arm64 programs (package scripts, ailas-kiosk itself) needs qemu-user registered with binfmt_misc.
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || fail "cannot register qemu-aarch64 with binfmt_misc (apt install qemu-user-static binfmt-support)"
fi

if [ -z "$deb" ]; then
  image-build/build-deb.sh --arch arm64 --out image-build/out
  deb=$(find image-build/out -maxdepth 1 -name 'ailas-kiosk_*_arm64.deb' -printf '%T@ %p\n' | sort -rn | head -1 | cut -d' ' -f2-)
fi
[ -f "$deb" ] || fail "--deb $deb not found"
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
work=$(mktemp -d "${TMPDIR:-/tmp}/ailas-image.XXXXXX")
mounted=()
loops=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Everything that makes a Pi an AilasKiosk, applied to a root file system at $1 (either base).
configure_root() {
  local root=$1
  cp "$deb" "$root/tmp/ailas-kiosk.deb"
  mount -t proc proc "$root/proc"; mounted+=("$root/proc")
  chroot "$root" dpkg -i /tmp/ailas-kiosk.deb
  umount "$root/proc"; unset 'mounted[${#mounted[@]}-1]'
  rm "$root/tmp/ailas-kiosk.deb"

  echo "$hostname" > "$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' "$hostname" > "$root/etc/hosts"
  # The configuration given at build time; the kiosk id is the host name unless kiosk.json says otherwise.
  install -m 0640 -g 971 "$config/kiosk.json" "$root/etc/ailas-kiosk/kiosk.json"
  [ ! -f "$config/cameras.json" ] || install -m 0640 -g 971 "$config/cameras.json" "$root/etc/ailas-kiosk/cameras.json"
  [ ! -f "$config/s3-secret" ] || install -m 0600 -o 0 -g 0 "$config/s3-secret" "$root/etc/ailas-kiosk/s3-secret"
  # A private CA for the storage joins the system's store, as a maintainer would add it by hand on a running kiosk.
  if [ -f "$config/storage-ca.crt" ]; then
    install -D -m 0644 "$config/storage-ca.crt" "$root/usr/local/share/ca-certificates/ailas-storage-ca.crt"
    chroot "$root" update-ca-certificates
  fi
  # SSH: keys only, into the maintainer's own account; root cannot log in over SSH. The account has no password
  # ("*": no password can match, yet the account is not locked, which sshd would refuse even for a key).
  # (An image customised before, used as a base, already has the account: it is brought up to date.)
  if chroot "$root" id "$maintainer" >/dev/null 2>&1; then
    chroot "$root" usermod --append --groups systemd-journal,ailas-kiosk,sudo "$maintainer"
  else
    chroot "$root" useradd --create-home --shell /bin/bash --comment "AilasKiosk maintainer" \
      --groups systemd-journal,ailas-kiosk,sudo "$maintainer"
  fi
  chroot "$root" usermod --password '*' "$maintainer"
  install -d -m 0700 -o "$(chroot "$root" id -u "$maintainer")" -g "$(chroot "$root" id -g "$maintainer")" "$root/home/$maintainer/.ssh"
  install -m 0600 -o "$(chroot "$root" id -u "$maintainer")" -g "$(chroot "$root" id -g "$maintainer")" "$ssh_key" "$root/home/$maintainer/.ssh/authorized_keys"
  printf '# AilasKiosk: the maintainer (keys only, no password to ask for).\n%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "$maintainer" \
    > "$root/etc/sudoers.d/ailas-kiosk-maintainer"
  chmod 0440 "$root/etc/sudoers.d/ailas-kiosk-maintainer"
  install -d "$root/etc/ssh/sshd_config.d"
  printf '# AilasKiosk: keys only, no root login (maintainers log in as themselves and use sudo).\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin no\n' \
    > "$root/etc/ssh/sshd_config.d/ailas-kiosk.conf"
  # I2C for the display: the kernel module (the device tree overlay is in config.txt).
  echo i2c-dev > "$root/etc/modules-load.d/ailas-kiosk-i2c.conf"
  # The journal is persistent through the package's journald drop-in; its directory must exist.
  install -d -m 2755 -g systemd-journal "$root/var/log/journal" 2>/dev/null || install -d "$root/var/log/journal"
}

if [ -z "$base" ]; then
  echo "== Debian 12 arm64 for the Raspberry Pi 3/4 (mmdebstrap from $mirror; several minutes under qemu)"
  rootfs=$work/rootfs
  # The initramfs is built once, at the end: under qemu each run takes minutes, and the kernel and the firmware
  # packages would each trigger one (update-initramfs is diverted to a no-op while packages install).
  # The hooks are run by mmdebstrap with the root as "$1": single quotes on purpose.
  # shellcheck disable=SC2016
  mmdebstrap --arch=arm64 --variant=apt --mode=root --components=main,non-free-firmware \
    --include=systemd,systemd-sysv,systemd-timesyncd,systemd-resolved,udev,dbus,polkitd,kmod,openssh-server,sudo,ca-certificates,libgpiod2,zstd,linux-image-arm64,raspi-firmware,libstdc++6,zlib1g,e2fsprogs \
    --essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs && printf "#!/bin/sh\nexit 0\n" > "$1/usr/sbin/update-initramfs" && chmod 0755 "$1/usr/sbin/update-initramfs"' \
    --customize-hook='rm "$1/usr/sbin/update-initramfs" && chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs' \
    --customize-hook='chroot "$1" update-initramfs -c -k all' \
    --customize-hook='chroot "$1" systemctl enable systemd-networkd systemd-resolved systemd-timesyncd ssh' \
    bookworm "$rootfs" "$mirror"
  printf '[Match]\nName=e*\n\n[Network]\nDHCP=yes\n' > "$rootfs/etc/systemd/network/10-ethernet.network"
  configure_root "$rootfs"

  echo "== partitioning: FAT32 boot (RASPIFIRM) + ext4 root (RASPIROOT)"
  boot_mb=256
  disk_id=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
  truncate -s "${size_mb}M" "$out.tmp"
  printf 'label: dos\nlabel-id: 0x%s\nunit: sectors\n\nstart=2048, size=%d, type=c, bootable\nstart=%d, type=83\n' \
    "$disk_id" $((boot_mb * 2048)) $((2048 + boot_mb * 2048)) | sfdisk -q "$out.tmp"
  cat > "$rootfs/etc/fstab" <<EOF
PARTUUID=$disk_id-02  /               ext4  defaults,noatime  0 1
PARTUUID=$disk_id-01  /boot/firmware  vfat  defaults,noatime  0 2
EOF

  # Boot partition: the firmware, the Pi 3/4 device trees, the kernel and initramfs, config.txt and cmdline.txt.
  boot=$work/boot
  mkdir -p "$boot"
  cp -r "$rootfs"/usr/lib/raspi-firmware/* "$boot/"
  kernel=$(printf '%s\n' "$rootfs"/boot/vmlinuz-* | sort -V | tail -1); kver=${kernel##*/vmlinuz-}
  cp "$kernel" "$boot/vmlinuz"
  cp "$rootfs/boot/initrd.img-$kver" "$boot/initrd.img"
  cp "$rootfs"/usr/lib/linux-image-"$kver"/broadcom/bcm27{10,11}-rpi-*.dtb "$rootfs"/usr/lib/linux-image-"$kver"/broadcom/bcm2837-rpi-*.dtb "$boot/" 2>/dev/null || true
  cat > "$boot/config.txt" <<'EOF'
# AilasKiosk: Debian's arm64 kernel on a Raspberry Pi 3 or 4.
arm_64bit=1
enable_uart=1
upstream_kernel=1
kernel=vmlinuz
initramfs initrd.img followkernel
# I2C on the header (SDA GPIO2, SCL GPIO3) for the status display.
dtparam=i2c_arm=on
disable_overscan=1
EOF
  echo "console=tty1 root=PARTUUID=$disk_id-02 rootfstype=ext4 fsck.repair=yes rootwait net.ifnames=0" > "$boot/cmdline.txt"
  rm -f "$rootfs"/boot/firmware/* 2>/dev/null || true

  mkfs.vfat -F 32 -n RASPIFIRM -C "$work/boot.img" $((boot_mb * 1024)) >/dev/null
  mcopy -s -i "$work/boot.img" "$boot"/* ::
  root_mb=$((size_mb - boot_mb - 1))
  mkfs.ext4 -q -L RASPIROOT -d "$rootfs" "$work/root.img" "${root_mb}M"
  dd if="$work/boot.img" of="$out.tmp" bs=1M seek=1 conv=notrunc status=none
  dd if="$work/root.img" of="$out.tmp" bs=1M seek=$((1 + boot_mb)) conv=notrunc status=none
else
  echo "== customising $base (Raspberry Pi OS Lite)"
  actual=$(sha256sum "$base" | cut -d' ' -f1)
  [ "$actual" = "$base_sha" ] || fail "$base has SHA-256 $actual, not the pinned $base_sha: refusing an image that is not the one pinned"
  case "$base" in
    *.xz) xz -dc "$base" > "$out.tmp" ;;
    *) cp "$base" "$out.tmp" ;;
  esac
  # The partitions by their offsets (no --partscan: without udev, /dev/loopNpM nodes may never appear).
  read -r boot_start root_start root_size < <(sfdisk -d "$out.tmp" | sed -nE 's/.*start= *([0-9]+), *size= *([0-9]+).*/\1 \2/p' |
    awk 'NR==1 {b=$1} NR==2 {r=$1; s=$2} END {print b, r, s}')
  [ -n "$root_size" ] || fail "$base has no second partition: not a Raspberry Pi OS image"
  bootfat="$out.tmp@@$((boot_start * 512))"
  loop=$(losetup --find --show --offset $((root_start * 512)) --sizelimit $((root_size * 512)) "$out.tmp"); loops+=("$loop")
  rootfs=$work/rootfs; mkdir -p "$rootfs"
  mount "$loop" "$rootfs"; mounted+=("$rootfs")
  configure_root "$rootfs"
  # Pi OS enables SSH on first boot when the boot partition holds a file named ssh; I2C through config.txt.
  chroot "$rootfs" systemctl enable ssh >/dev/null 2>&1 || true
  sync
  umount "$rootfs"; unset 'mounted[${#mounted[@]}-1]'
  losetup -d "$loop"; loops=()
  mcopy -o -i "$bootfat" /dev/null ::ssh
  mtype -i "$bootfat" ::config.txt > "$work/config.txt"
  grep -q '^dtparam=i2c_arm=on' "$work/config.txt" || { printf '\n# AilasKiosk: I2C for the status display.\ndtparam=i2c_arm=on\n' >> "$work/config.txt"; }
  mcopy -o -i "$bootfat" "$work/config.txt" ::config.txt
fi

mv "$out.tmp" "$out"
echo "== $out ($(du -h --apparent-size "$out" | cut -f1)); flash it with: dd if=$out of=/dev/sdX bs=4M conv=fsync status=progress"
