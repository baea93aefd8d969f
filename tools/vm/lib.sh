# shellcheck shell=bash disable=SC2034,SC2154  # sourced: shares its variables with tools/vm-test.sh and scenarios.sh
# Functions of tools/vm-test.sh: building the test image, booting it, talking to it (SSH, QMP), cards.
# Sourced by tools/vm-test.sh, which sets repo, VM_DIR, SSH_PORT, RGW_PORT, RGW_TLS_PORT, GUEST_S3_IP, GUEST_S3,
# SERIAL, LABEL, MAINTAINER.

vm_log() { printf '[vm %s] %s\n' "$(date +%T)" "$*" >&2; }
vm_die() { vm_log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------- the image --

# The image a maintainer would flash, configured only through build-image.sh's own seeding options: the
# storage's HTTPS endpoint as the guest sees the host and the private CA that signs its certificate, the test
# bucket and keys, the camera registry, the maintainer's SSH key, and the LEDs on the virt machine's GPIO
# controller (see scenario_leds_on_kernel_gpio). Everything else is the production configuration.
vm_build_image() {
  [ -f "$VM_DIR/image.done" ] && { vm_log "image already built: $VM_DIR/kiosk.img"; return 0; }
  rm -rf "$VM_DIR"; mkdir -p "$VM_DIR/config"
  # Whatever ends this build, those waiting for it (the image tests) learn it: image.done or image.failed.
  trap '[ -f "$VM_DIR/image.done" ] || touch "$VM_DIR/image.failed"' EXIT
  cat > "$VM_DIR/config/kiosk.json" <<JSON
{
  "Storage": { "Endpoint": "https://$GUEST_S3", "Bucket": "ailas-test", "AccessKey": "AILASTESTACCESSKEY" },
  "Identify": { "VolumeLabelPattern": "" },
  "Hardware": {
    "Leds": { "Chip": "9030000.pl061", "Green": 0, "Amber": 1, "Red": 2, "ActiveLow": false },
    "Display": { "Controller": "ssd1306", "Bus": 1, "Address": 60 }
  }
}
JSON
  printf '{"Cameras":{"%s":"%s"}}\n' "$SERIAL" "$LABEL" > "$VM_DIR/config/cameras.json"
  cp "$("$repo/tools/radosgw.sh" ca)" "$VM_DIR/config/storage-ca.crt"
  printf '%s\n' "${AILAS_RGW_SECRET_KEY:-ailas-test-secret-key-0123456789abcdef}" > "$VM_DIR/config/s3-secret"
  ssh-keygen -q -t ed25519 -N '' -C "$MAINTAINER@vm-test" -f "$VM_DIR/id_ed25519"
  local start=$SECONDS
  if image-build/build-image.sh --config "$VM_DIR/config" --ssh-key "$VM_DIR/id_ed25519.pub" \
       --maintainer "$MAINTAINER" --hostname kiosk-03 --out "$VM_DIR/kiosk.img" --size-mb 2560 > "$VM_DIR/build.log" 2>&1; then
    echo "$((SECONDS - start))" > "$VM_DIR/image.done"
    vm_log "image built in $((SECONDS - start)) s: $VM_DIR/kiosk.img"
  else
    touch "$VM_DIR/image.failed"
    tail -n 40 "$VM_DIR/build.log" >&2
    vm_die "build-image.sh failed (log: $VM_DIR/build.log)"
  fi
}

# ------------------------------------------------------------------------------------------ the machine --

RUN_DIR=$VM_DIR/run
QMP_SOCK=$RUN_DIR/qmp.sock
CONSOLE=$RUN_DIR/console.log

# The kernel, initramfs and command line come out of the image's own boot partition (FAT at 1 MiB), so the
# machine boots exactly what a Pi would; only the console moves to the virt machine's UART.
vm_kernel_files() {
  local boot="$VM_DIR/kiosk.img@@1M"
  mcopy -o -n -i "$boot" ::vmlinuz "$RUN_DIR/vmlinuz"
  mcopy -o -n -i "$boot" ::initrd.img "$RUN_DIR/initrd.img"
  mtype -i "$boot" ::cmdline.txt | tr -d '\r\n' | sed 's/console=[^ ]*//g; s/  */ /g' > "$RUN_DIR/cmdline"
}

# Power on. A fresh copy-on-write overlay on the first boot of a run keeps the built image pristine; later
# boots (after a power cut) keep the overlay: it is the machine's SD card. Disk cache: writeback, which
# passes the guest's flushes (fsync, journal commits) on to the overlay file with fsync: what the guest
# flushed survives a reset, what it did not is lost, as on a real card.
vm_boot() {
  [ -f "$VM_DIR/image.done" ] || vm_die "no image in $VM_DIR: run tools/vm-test.sh image first"
  mkdir -p "$RUN_DIR"
  if [ "${1:-}" != --keep-disk ] || [ ! -f "$RUN_DIR/system.qcow2" ]; then
    rm -f "$RUN_DIR/system.qcow2" "$RUN_DIR/storage-cut"
    qemu-img create -q -f qcow2 -F raw -b "$VM_DIR/kiosk.img" "$RUN_DIR/system.qcow2"
    vm_kernel_files
  fi
  rm -f "$QMP_SOCK"
  : > "$CONSOLE"
  BOOTED_AT=$(date +%s.%N)
  qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 1536 \
    -kernel "$RUN_DIR/vmlinuz" -initrd "$RUN_DIR/initrd.img" -append "console=ttyAMA0 $(cat "$RUN_DIR/cmdline")" \
    -drive "if=none,id=system,file=$RUN_DIR/system.qcow2,format=qcow2,cache=writeback" \
    -device virtio-blk-pci,drive=system \
    -netdev "user,id=lan,restrict=on,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22,guestfwd=tcp:$GUEST_S3-cmd:$repo/tools/vm/s3-forward.sh $RUN_DIR/storage-cut $RGW_TLS_PORT" \
    -device virtio-net-pci,netdev=lan \
    -device qemu-xhci,id=xhci \
    -display none -monitor none -serial "file:$CONSOLE" -qmp "unix:$QMP_SOCK,server=on,wait=off" \
    -pidfile "$RUN_DIR/qemu.pid" -daemonize
  vm_log "powered on (qemu pid $(cat "$RUN_DIR/qemu.pid"))"
}

vm_stop() {
  local pid
  pid=$(cat "$RUN_DIR/qemu.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$RUN_DIR/qemu.pid"
}

vm_console_tail() { echo "----- last lines of the serial console -----" >&2; tail -n "${1:-40}" "$CONSOLE" >&2; }

qmp() { timeout 40 "$repo/tools/vm/qmp.py" "$QMP_SOCK" "$@"; }

# SSH into the maintainer's account, keys only, as a maintainer would (the host key is new on every build).
vm_ssh() {
  timeout "${SSH_TIMEOUT:-120}" ssh -q -i "$VM_DIR/id_ed25519" -p "$SSH_PORT" -o BatchMode=yes -o ConnectTimeout=10 \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$MAINTAINER@127.0.0.1" "$@"
}

# Waits (bounded) for SSH to answer and the kiosk service to be active; a machine that does not boot fails the
# run with the console's last lines, never hangs.
vm_wait_ready() {
  local limit=${1:-420} start=$SECONDS
  until SSH_TIMEOUT=20 vm_ssh true 2>/dev/null; do
    if ! kill -0 "$(cat "$RUN_DIR/qemu.pid" 2>/dev/null)" 2>/dev/null; then vm_console_tail 40; vm_die "QEMU exited"; fi
    if ((SECONDS - start > limit)); then vm_console_tail 40; vm_die "no SSH after ${limit} s"; fi
    sleep 2
  done
  SSH_AT=$(date +%s.%N)
  until vm_ssh systemctl is-active --quiet ailas-kiosk; do
    if ((SECONDS - start > limit)); then
      vm_ssh systemctl status ailas-kiosk --no-pager >&2 || true
      vm_ssh journalctl -b -u ailas-kiosk --no-pager -n 40 >&2 || true
      vm_die "ailas-kiosk not active ${limit} s after power-on"
    fi
    sleep 1
  done
  READY_AT=$(date +%s.%N)
}

# The kiosk's status snapshot as JSON. Waiting loops read the daemon's status file directly (the maintainer
# may: group ailas-kiosk), since `ailas-kiosk status` itself starts .NET, which takes ~10 s under TCG; the
# checks that are about the command run the command. vm_status_is EXPR: a Python expression over the snapshot
# `s` and its `slots`, exit 0 if true.
vm_status_json() { vm_ssh cat /var/lib/ailas-kiosk/status.json 2>/dev/null; }
vm_status_is() {
  vm_status_json | python3 -c "
import json, sys
s = json.load(sys.stdin)
slots = s.get('Slots') or []
sys.exit(0 if ($1) else 1)" 2>/dev/null
}
# vm_wait_status DESCRIPTION SECONDS EXPR
vm_wait_status() {
  local start=$SECONDS
  until vm_status_is "$3"; do
    if ((SECONDS - start > $2)); then
      vm_log "timed out after $2 s waiting for: $1"
      vm_status_json >&2 || true
      vm_ssh journalctl -b -u ailas-kiosk --no-pager -n 30 >&2 || true
      return 1
    fi
    sleep 1
  done
}

# Storage down, as a stopped server or a pulled cable looks from the guest: new connections are closed at
# once (the flag file s3-forward.sh checks) and the open ones are cut (each is a socat child of QEMU).
storage_cut() {
  touch "$RUN_DIR/storage-cut"
  local pid
  while read -r pid; do kill "$pid" 2>/dev/null || true; done < <(cat "$RUN_DIR/storage-cut.pids" 2>/dev/null)
  rm -f "$RUN_DIR/storage-cut.pids"
}
storage_restore() { rm -f "$RUN_DIR/storage-cut"; }

# ----------------------------------------------------------------------------------------------- cards --

make_card() { dotnet "$repo/tests/AilasKiosk.CardFactory/bin/Release/net10.0/make-card.dll" "$@" >/dev/null; }

# USB stick: a card image hot-plugged on the xHCI bus (a reader with the card in it, plugged in).
# usb_plug ID IMAGE / usb_unplug ID
usb_plug() {
  qmp "blockdev-add {\"driver\": \"raw\", \"node-name\": \"$1\", \"file\": {\"driver\": \"file\", \"filename\": \"$2\"}}" \
      "device_add {\"driver\": \"usb-storage\", \"id\": \"$1-dev\", \"bus\": \"xhci.0\", \"drive\": \"$1\", \"removable\": true}" >/dev/null || return 1
  echo "$1" >> "$RUN_DIR/plugged"
}
# After a failed scenario: every stick out, the reader unplugged, so the next scenario starts with empty slots.
unplug_everything() {
  local id
  while read -r id; do usb_unplug "$id" 2>/dev/null; done < <(sort -u "$RUN_DIR/plugged" 2>/dev/null)
  rm -f "$RUN_DIR/plugged"
  qmp 'device_del {"id": "reader"}' >/dev/null 2>&1 || true
  [ -z "${READER_NODE:-}" ] || { sleep 2; qmp "blockdev-del {\"node-name\": \"$READER_NODE\"}" >/dev/null 2>&1 || true; READER_NODE=; }
}
usb_unplug() {
  qmp "device_del {\"id\": \"$1-dev\"}" >/dev/null || true
  # The node can be deleted once the device has let go of it.
  for _ in $(seq 50); do qmp "blockdev-del {\"node-name\": \"$1\"}" >/dev/null 2>&1 && return 0; sleep 0.2; done
  vm_log "warning: block node $1 still in use"
}

# A fixed reader: a removable SCSI disk behind usb-bot, its medium swapped through the tray.
reader_plug() { # reader_plug IMAGE-OF-FIRST-CARD
  qmp "blockdev-add {\"driver\": \"raw\", \"node-name\": \"slot-card0\", \"file\": {\"driver\": \"file\", \"filename\": \"$1\"}}" \
      "device_add {\"driver\": \"usb-bot\", \"id\": \"reader\", \"bus\": \"xhci.0\"}" \
      "device_add {\"driver\": \"scsi-hd\", \"id\": \"reader-lun\", \"bus\": \"reader.0\", \"drive\": \"slot-card0\", \"removable\": true}" \
      'qom-set {"path": "/machine/peripheral/reader", "property": "attached", "value": true}' >/dev/null || return 1
  # (A hot-plugged usb-bot shows itself to the guest only once told it is attached, after its LUN is in.)
  READER_NODE=slot-card0
}
reader_eject() {
  qmp "blockdev-open-tray {\"id\": \"reader-lun\", \"force\": true}" "blockdev-remove-medium {\"id\": \"reader-lun\"}" \
      "blockdev-del {\"node-name\": \"$READER_NODE\"}" >/dev/null
  READER_NODE=
}
reader_insert() { # reader_insert NODE IMAGE
  qmp "blockdev-add {\"driver\": \"raw\", \"node-name\": \"$1\", \"file\": {\"driver\": \"file\", \"filename\": \"$2\"}}" \
      "blockdev-insert-medium {\"id\": \"reader-lun\", \"node-name\": \"$1\"}" "blockdev-close-tray {\"id\": \"reader-lun\"}" >/dev/null
  READER_NODE=$1
}

# Card images on the host. new_card NAME [--partitioned] MAKE-CARD-ARGS...: a realistic GoPro card from
# make-card (FAT32, or exFAT with --exfat), optionally moved into a partition at 1 MiB as cameras and PCs
# format bigger cards; its tree as it was is kept in NAME.before for the checks afterwards.
CARDS=$RUN_DIR/cards
SEED_BASE=${AILAS_VM_SEED_BASE:-$((RANDOM * 1000))}
new_card() {
  local name=$1 parted=0 fs=vfat; shift
  [ "${1:-}" = --partitioned ] && { parted=1; shift; }
  [[ " $* " == *" --exfat "* ]] && fs=exfat
  mkdir -p "$CARDS"
  # Seeds are offset per run, so a machine's second run does not meet its first run's photos in the bucket.
  local args=() a i; for a in "$@"; do args+=("$a"); done
  for i in "${!args[@]}"; do [ "${args[$i]}" = --seed ] && args[i + 1]=$((args[i + 1] + SEED_BASE)); done
  make_card --out "$CARDS/$name.fs" --image --label GOPRO "${args[@]}"
  if ((parted)); then
    local size type=c; size=$(stat -c %s "$CARDS/$name.fs")
    [ $fs = exfat ] && type=7
    truncate -s $((size + 2 * 1048576)) "$CARDS/$name.img"
    printf 'label: dos\nstart=2048, type=%s\n' "$type" | sfdisk -q "$CARDS/$name.img"
    dd if="$CARDS/$name.fs" of="$CARDS/$name.img" bs=1M seek=1 conv=notrunc status=none
    rm "$CARDS/$name.fs"
    echo "$fs 1048576" > "$CARDS/$name.meta"
  else
    mv "$CARDS/$name.fs" "$CARDS/$name.img"
    echo "$fs 0" > "$CARDS/$name.meta"
  fi
  card_tree "$name" "$CARDS/$name.before"
}

# card_tree NAME DEST: the card's files as they are now, copied out (read-only: mtools for FAT, a read-only
# loop device and exfat-fuse for exFAT).
card_tree() {
  local fs off; read -r fs off < "$CARDS/$1.meta"
  rm -rf "$2"; mkdir -p "$2"
  if [ "$fs" = vfat ]; then
    mcopy -s -n -m -i "$CARDS/$1.img@@$off" '::*' "$2/"
  else
    local loop mnt; loop=$(losetup -r -o "$off" --find --show "$CARDS/$1.img" 2>/dev/null); mnt=$(mktemp -d)
    mount.exfat-fuse -o ro "$loop" "$mnt" >/dev/null
    cp -a "$mnt/." "$2/"
    fusermount -u "$mnt"; losetup -d "$loop"; rmdir "$mnt"
  fi
}

# card_fsck NAME: the file system checked read-only; prints the checker's complaint, exit 1 if any.
card_fsck() {
  local fs off loop out status=0; read -r fs off < "$CARDS/$1.meta"
  loop=$(losetup -r -o "$off" --find --show "$CARDS/$1.img" 2>/dev/null)
  if [ "$fs" = vfat ]; then out=$(fsck.vfat -n "$loop" 2>&1) || status=1
  else out=$(fsck.exfat -n "$loop" 2>&1) || status=1; fi
  losetup -d "$loop"
  ((status == 0)) || echo "$out" | tail -5 | sed 's/^/  fsck: /'
  return $status
}

# The bucket mirrored to the host (rclone against the host's radosgw), for checks by content.
BUCKET_MIRROR=$RUN_DIR/bucket
bucket_sync() {
  env -u AWS_CA_BUNDLE RCLONE_S3_PROVIDER=Ceph RCLONE_S3_ENDPOINT="http://127.0.0.1:$RGW_PORT" \
    RCLONE_S3_ACCESS_KEY_ID="${AILAS_RGW_ACCESS_KEY:-AILASTESTACCESSKEY}" \
    RCLONE_S3_SECRET_ACCESS_KEY="${AILAS_RGW_SECRET_KEY:-ailas-test-secret-key-0123456789abcdef}" \
    timeout 120 rclone --config /dev/null sync ":s3:ailas-test" "$BUCKET_MIRROR"
}

# card_offloaded NAME PREFIX: what "done" must mean, checked on the host: every photo of the card exactly once
# in the bucket under PREFIX (by content), a manifest there, no photo left on the card, every other file
# untouched, the file system clean.
card_offloaded() {
  local name=$1 prefix=$2 ok=0
  bucket_sync
  "$repo/tools/vm/photos_in_bucket.py" "$CARDS/$name.before" "$BUCKET_MIRROR" "$prefix" || ok=1
  card_tree "$name" "$CARDS/$name.after"
  local left; left=$(find "$CARDS/$name.after/DCIM" -type f -iname '*.jpg' | wc -l)
  ((left == 0)) || { echo "  $left photos still on the card"; ok=1; }
  diff -r -x '*.JPG' -x '*.jpg' "$CARDS/$name.before" "$CARDS/$name.after" >/dev/null || { echo "  files other than photos changed"; ok=1; }
  card_fsck "$name" || ok=1
  return $ok
}
