# shellcheck shell=bash disable=SC2034,SC2154  # sourced: shares its variables with tools/vm-test.sh and lib.sh
# The scenarios of tools/vm-test.sh run, each checked from the host as a maintainer would (SSH, status,
# journal, history) and then by looking at the card images and the bucket. Sourced after lib.sh.

FIGURES=$RUN_DIR/figures.txt

figure() { printf '%-52s %s\n' "$1" "$2" | tee -a "$FIGURES" >&2; }

# check DESCRIPTION COMMAND...: one assertion, logged; the scenario stops at the first that fails.
check() {
  local what=$1; shift
  if "$@"; then vm_log "  ok: $what"; else vm_log "  FAILED: $what"; echo "$what" >> "$RUN_DIR/failed-checks"; return 1; fi
}

# The journal's timestamp (seconds, guest clock) of the last line of this boot matching a pattern.
journal_time() { # journal_time UNIT-OR-"-k" PATTERN
  local where=(-u "$1"); [ "$1" = -k ] && where=(-k)
  vm_ssh journalctl -b "${where[@]}" -o short-unix --no-pager | grep -E "$2" | tail -1 | cut -d' ' -f1
}
journal_count() { # journal_count PATTERN [SINCE]: the kiosk's lines of this boot (since SINCE) matching PATTERN
  vm_ssh journalctl -b -u ailas-kiosk --no-pager ${2:+--since "$2"} | grep -cE "$1" || true
}
seconds_between() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

slot_done="slots and all(x['Phase'] == 'Done' for x in slots)"
no_slot="not slots"
healthy="s['Health']['Storage']['State'] == 'Ok' and s['Health']['Clock']['State'] == 'Ok'"

# A stick with a card: plugged, offloaded to "safe to remove", pulled; its insert→busy and last verified
# byte→safe-to-remove figures from the guest's own journal (kernel and kiosk lines, one clock).
offload_stick() { # offload_stick CARD [LIMIT-SECONDS]
  local card=$1 limit=${2:-300}
  usb_plug "$card" "$CARDS/$card.img" || return 1
  vm_wait_status "$card: safe to remove" "$limit" "$slot_done" || return 1
  local plugged inserted verified finished
  plugged=$(journal_time -k 'New USB device found|new (high|super)-?speed USB device')
  inserted=$(journal_time ailas-kiosk 'Card inserted in')
  verified=$(journal_time ailas-kiosk ' verified as ')
  finished=$(journal_time ailas-kiosk 'done, safe to remove')
  [ -n "$plugged" ] && [ -n "$inserted" ] && figure "$card: USB plug → card seen (busy)" "$(seconds_between "$plugged" "$inserted") s"
  [ -n "$verified" ] && [ -n "$finished" ] && figure "$card: last verified file → safe to remove" "$(seconds_between "$verified" "$finished") s"
  [ -n "$inserted" ] && [ -n "$finished" ] && figure "$card: card seen → safe to remove" "$(seconds_between "$inserted" "$finished") s"
  usb_unplug "$card"
  vm_wait_status "$card: the slot empty again" 60 "$no_slot"
}

# ------------------------------------------------------------------------------------------ scenarios --

scenario_power_on() {
  vm_boot
  vm_wait_ready || return 1
  figure "power-on → SSH answers" "$(seconds_between "$BOOTED_AT" "$SSH_AT") s"
  figure "power-on → service active" "$(seconds_between "$BOOTED_AT" "$READY_AT") s"
  check "healthy: storage and clock OK" vm_wait_status "healthy" 180 "$healthy" || return 1
  figure "power-on → healthy (status --json)" "$(seconds_between "$BOOTED_AT" "$(date +%s.%N)") s"
  # HTTPS as in the field: the storage's certificate is trusted through the private CA that build-image.sh put in
  # the system's CA store, since kiosk.json names no CA file. `doctor` checks the storage with the secret the
  # service gets as a credential: root's alone, so given by hand here.
  check "storage over HTTPS, its CA trusted from the image's CA store" \
    bash -c "vm_ssh sudo -n env AILAS_Storage__SecretKeyFile=/etc/ailas-kiosk/s3-secret ailas-kiosk doctor | grep -E '^OK +storage +https://$GUEST_S3/' &&
             ! vm_ssh sudo -n grep -q CaCertificateFile /etc/ailas-kiosk/kiosk.json" || return 1
  check "the maintainer reads the kiosk's journal without sudo" \
    bash -c "vm_ssh journalctl -u ailas-kiosk -b --no-pager | grep -q 'ailas-kiosk'" || return 1
  check "root cannot log in over SSH" bash -c "! MAINTAINER=root vm_ssh true" || return 1
  check "the maintainer has sudo" vm_ssh sudo -n true || return 1
  # Idle: `status` must say running (exit 0) every time it is asked, across many of the daemon's write periods.
  local asked=0 bad=0 code
  local until=$((SECONDS + ${AILAS_VM_IDLE_SECONDS:-120}))
  while ((SECONDS < until)); do
    code=0; vm_ssh ailas-kiosk status >/dev/null 2>&1 || code=$?
    asked=$((asked + 1)); ((code == 0)) || { bad=$((bad + 1)); vm_log "  status exit $code after $((SECONDS - until + ${AILAS_VM_IDLE_SECONDS:-120})) s idle"; }
    sleep 2
  done
  figure "idle: status asked / not exit 0" "$asked / $bad"
  check "idle: status says running every time it is asked" test "$bad" = 0
}

# LEDs on a real kernel GPIO chip. Debian 12's arm64 kernel has neither gpio-sim nor gpio-mockup
# ("# CONFIG_GPIO_SIM is not set", "# CONFIG_GPIO_MOCKUP is not set" in /boot/config-*), so the LEDs go on the
# virt machine's own GPIO controller, a PL061 (kernel driver gpio-pl061, /dev/gpiochip0, label
# "9030000.pl061", lines 0-2 free; line 3 is the power key): the image is seeded with Hardware:Leds:Chip and
# lines for it, and the kiosk drives it through libgpiod as on a Pi. What the lines carry is read back from
# the kernel's own account of each line (debugfs: "out hi" / "out lo").
scenario_leds_on_kernel_gpio() {
  check "the kiosk drives its LEDs on the kernel's GPIO chip" \
    bash -c "vm_ssh sudo -n cat /sys/kernel/debug/gpio | grep -q 'ailas-kiosk'" || {
      vm_ssh sudo -n cat /sys/kernel/debug/gpio >&2; vm_ssh journalctl -b -u ailas-kiosk --no-pager | grep -i -E 'led|gpio' | tail -5 >&2; return 1; }
  check "ready: amber and red dark" leds_match ready
}

# leds_match SIGNAL: the three lines sampled over more than one 2 s rhythm match what the signal shows.
leds_match() {
  local samples
  samples=$(vm_ssh "sudo -n sh -c 'for i in \$(seq 16); do cat /sys/kernel/debug/gpio; echo ---; sleep 0.12; done'" |
    python3 -c '
import re, sys
rows, chip, base, row = [], False, 0, {}
for line in sys.stdin:
    if line.startswith("---"):
        rows.append("".join(row.get(n, "?") for n in range(3))); row = {}; chip = False; continue
    m = re.match(r"gpiochip\d+: GPIOs (\d+)-\d+, .*pl061", line)
    if m: chip, base = True, int(m.group(1)); continue
    if line.startswith("gpiochip"): chip = False; continue
    m = re.match(r"\s*gpio-(\d+) \(.*\)\s+out\s+(hi|lo)", line)
    if chip and m: row[int(m.group(1)) - base] = "1" if m.group(2) == "hi" else "0"
print("\n".join(rows))')
  local g a r
  g=$(cut -c1 <<<"$samples" | sort -u | tr -d '\n'); a=$(cut -c2 <<<"$samples" | sort -u | tr -d '\n'); r=$(cut -c3 <<<"$samples" | sort -u | tr -d '\n')
  vm_log "  LEDs seen over $(wc -l <<<"$samples") samples (values taken by green / amber / red): $g / $a / $r"
  case "$1" in
    ready) [ "$a" = 0 ] && [ "$r" = 0 ] ;;           # green: one short blink in 2 s, which sampling may miss
    working) [ "$g" = 0 ] && [ "$a" = 01 ] && [ "$r" = 0 ] ;;
    safe) [ "$g" = 1 ] && [ "$a" = 0 ] && [ "$r" = 0 ] ;;
  esac
}

# One realistic FAT32 card in a USB reader plugged in: mounted by PID 1 with the unit's options, offloaded,
# verified, wiped, ejected through the polkit-allowed unit; the LEDs follow.
scenario_usb_reader() {
  new_card reader1 --photos 16 --camera hero10 --serial "$SERIAL" --seed 101 --min-mb 3 --max-mb 6 --photos-per-folder 8
  usb_plug reader1 "$CARDS/reader1.img" || return 1
  vm_wait_status "identifying or uploading" 180 "any(x['Phase'] in ('Identifying', 'Uploading') for x in slots)" || return 1
  check "LEDs while working: amber blinks, green and red dark" leds_match working || return 1
  local options; options=$(vm_ssh findmnt -n -o OPTIONS --target /run/media/ailas-kiosk/sda)
  vm_log "  mount options: $options"
  check "mounted by PID 1 with nosuid,nodev,noexec, owned by the kiosk user" \
    bash -c "[[ ',$options,' == *,nosuid,* && ',$options,' == *,nodev,* && ',$options,' == *,noexec,* && ',$options,' == *,uid=971,* ]]" || return 1
  vm_wait_status "safe to remove" 300 "$slot_done" || return 1
  check "LEDs when safe to remove: green steady, amber and red dark" leds_match safe || return 1
  check "the card is unmounted" bash -c "! vm_ssh findmnt /run/media/ailas-kiosk/sda >/dev/null" || return 1
  check "ejected through ailas-kiosk-eject@sda (polkit)" \
    bash -c "vm_ssh journalctl -b -u ailas-kiosk-eject@sda --no-pager | grep -q 'Finished\|Deactivated successfully'" || return 1
  check "history lists the session as completed" bash -c "vm_ssh ailas-kiosk history --limit 1 | grep -qi 'complete'" || return 1
  usb_unplug reader1
  vm_wait_status "slot empty" 60 "$no_slot" || return 1
  check "every photo a byte-identical object, manifest there, card wiped, the rest untouched, fsck clean" \
    card_offloaded reader1 "$LABEL"
}

# Five cards in a row, back to back, as USB sticks: each offloaded, none judged "not a camera card".
scenario_cards_in_a_row() {
  local i
  for i in 1 2 3 4 5; do
    new_card "row$i" --photos 3 --camera hero10 --serial "$SERIAL" --seed $((200 + i)) --min-mb 1 --max-mb 2
    check "card $i of 5 offloaded" offload_stick "row$i" 240 || return 1
    check "card $i: in the bucket, wiped, fsck clean" card_offloaded "row$i" "$LABEL" || return 1
  done
  check "no card was judged 'not a camera card'" \
    bash -c "! vm_ssh journalctl -b -u ailas-kiosk --no-pager | grep -q 'not a camera card'"
}

# A fixed reader that stays plugged in; cards swapped through its tray: exFAT without a partition table
# (superfloppy), then exFAT with one.
scenario_fixed_reader() {
  new_card exfat1 --photos 4 --camera max --serial "$SERIAL" --seed 301 --min-mb 1 --max-mb 3 --exfat
  new_card exfat2 --partitioned --photos 4 --camera hero10 --serial "$SERIAL" --seed 302 --min-mb 1 --max-mb 3 --exfat
  reader_plug "$CARDS/exfat1.img"
  check "exFAT superfloppy card: safe to remove" vm_wait_status "exfat1 done" 300 "$slot_done" || return 1
  reader_eject
  check "medium out: the slot is empty" vm_wait_status "slot empty" 60 "$no_slot" || return 1
  check "exFAT superfloppy: in the bucket, wiped, fsck clean" card_offloaded exfat1 "$LABEL" || return 1
  reader_insert slot-card1 "$CARDS/exfat2.img"
  check "exFAT card with a partition table: safe to remove" vm_wait_status "exfat2 done" 300 "$slot_done" || return 1
  reader_eject
  check "medium out: the slot is empty" vm_wait_status "slot empty" 60 "$no_slot" || return 1
  check "exFAT partitioned: in the bucket, wiped, fsck clean" card_offloaded exfat2 "$LABEL" || return 1
  qmp 'device_del {"id": "reader"}' >/dev/null
  READER_NODE=
}

# An unknown camera: secured under quarantine and kept; registered over SSH; re-inserted → filed and wiped.
scenario_unknown_camera() {
  new_card unknown1 --photos 3 --camera hero10 --serial "$UNKNOWN_SERIAL" --seed 401 --min-mb 1 --max-mb 2
  usb_plug unknown1 "$CARDS/unknown1.img" || return 1
  check "unknown camera shown" vm_wait_status "unknown camera" 240 \
    "any(x['Phase'] == 'Problem' and x['Problem']['Kind'] == 'UnknownCamera' for x in slots)" || return 1
  usb_unplug unknown1
  vm_wait_status "slot empty" 60 "$no_slot" || return 1
  card_tree unknown1 "$CARDS/unknown1.after"
  check "every photo still on the card" diff -r "$CARDS/unknown1.before" "$CARDS/unknown1.after" || return 1
  bucket_sync
  check "every photo secured under _unassigned/$UNKNOWN_SERIAL" \
    "$repo/tools/vm/photos_in_bucket.py" "$CARDS/unknown1.before" "$BUCKET_MIRROR" "_unassigned/$UNKNOWN_SERIAL" || return 1
  check "registered over SSH: sudo ailas-kiosk cameras add" vm_ssh sudo -n ailas-kiosk cameras add "$UNKNOWN_SERIAL" "$UNKNOWN_LABEL" || return 1
  check "re-inserted: safe to remove" offload_stick unknown1 240 || return 1
  check "filed under $UNKNOWN_LABEL, wiped, fsck clean" card_offloaded unknown1 "$UNKNOWN_LABEL"
}

# Storage unreachable when the card goes in (the kiosk has seen it fail): held untouched; storage back → it
# proceeds on its own.
scenario_storage_unreachable() {
  storage_cut
  check "the kiosk sees the storage fail" vm_wait_status "storage failing" 120 "not s['Health']['Storage']['IsOk']" || { storage_restore; return 1; }
  new_card held1 --photos 3 --camera hero10 --serial "$SERIAL" --seed 501 --min-mb 1 --max-mb 2
  # Counted from the plug on (guest clock), not over the whole boot: journald may delete its oldest files under
  # SystemKeepFree at any moment of a long run, which would change a count over the boot.
  local since; since=$(vm_ssh date +%s)
  usb_plug held1 "$CARDS/held1.img" || { storage_restore; return 1; }
  check "card held: storage unreachable, card unchanged" vm_wait_status "storage unreachable" 180 \
    "any(x['Phase'] == 'Problem' and x['Problem']['Kind'] == 'StorageUnreachable' and not x['Problem']['CardChanged'] for x in slots)" || { storage_restore; return 1; }
  local code=0; vm_ssh ailas-kiosk status > "$RUN_DIR/status-held.txt" 2>&1 || code=$?
  check "status exits 10 (needs attention), not $code" test "$code" = 10 || { cat "$RUN_DIR/status-held.txt" >&2; storage_restore; return 1; }
  check "the held card is untouched: nothing uploaded or wiped while held" \
    test "$(journal_count ' verified as |Wiped ' "@$since")" = 0 || { storage_restore; return 1; }
  storage_restore
  check "storage back: the card is offloaded by itself" vm_wait_status "done after storage is back" 240 "$slot_done" || return 1
  usb_unplug held1
  vm_wait_status "slot empty" 60 "$no_slot" || return 1
  check "in the bucket, wiped, fsck clean" card_offloaded held1 "$LABEL"
}

# wait_uploading_some LIMIT: until at least one file of the slot's card is done but not all.
# Each look at the status is an SSH round trip and a .NET start in the emulated guest (several seconds): the
# cards of the two scenarios below hold 40 photos so that "part uploaded" lasts long enough to be seen (with 16,
# a card went through in 16 s and the wait missed it).
wait_uploading_some() {
  vm_wait_status "part of the card uploaded" "$1" \
    "any(x['Phase'] == 'Uploading' and x.get('Progress') and 0 < x['Progress']['FilesDone'] < x['Progress']['FilesTotal'] for x in slots)"
}

# session_aged SESSION SECONDS: until the session (named yyyyMMdd-HHmmss-xxxxxx by its start, UTC) is that old
# by the guest's clock; fails if its card is no longer uploading by then, since the cut would not be mid-card.
session_aged() {
  local started; started=$(date -u -d "$(sed -E 's/^(....)(..)(..)-(..)(..)(..)-.*/\1-\2-\3 \4:\5:\6/' <<<"$1")" +%s)
  local limit=$((SECONDS + 60))
  until (($(vm_ssh date -u +%s) - started >= $2)); do
    if ((SECONDS > limit)); then vm_log "session $1 not $2 s old after 60 s"; return 1; fi
    sleep 1
  done
  vm_status_is "any(x['Phase'] == 'Uploading' and x.get('Session') == '$1' and x['Progress']['FilesDone'] < x['Progress']['FilesTotal'] for x in slots)"
}

# Card pulled mid-upload: nothing unverified deleted; re-inserted → resumes; exactly one object per photo.
scenario_pull_mid_upload() {
  new_card pulled1 --photos 40 --camera hero10 --serial "$SERIAL" --seed 601 --min-mb 3 --max-mb 6 --photos-per-folder 8
  usb_plug pulled1 "$CARDS/pulled1.img" || return 1
  wait_uploading_some 240 || return 1
  usb_unplug pulled1
  check "the slot says the card was pulled too early, or is gone" vm_wait_status "pulled" 60 \
    "not slots or any(x['Phase'] == 'Problem' and x['Problem']['Kind'] == 'CardPulledTooEarly' for x in slots)" || return 1
  card_tree pulled1 "$CARDS/pulled1.after"
  bucket_sync
  check "every photo missing from the card is in the bucket (invariant 1)" \
    python3 - "$CARDS/pulled1.before" "$CARDS/pulled1.after" "$BUCKET_MIRROR/$LABEL" <<'PY' || return 1
import hashlib, pathlib, sys
before, after, bucket = (pathlib.Path(a) for a in sys.argv[1:4])
h = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()
stored = {h(p) for p in bucket.rglob("*") if p.is_file()}
missing = [p for p in (before / "DCIM").rglob("*") if p.is_file() and not (after / p.relative_to(before)).exists()]
lost = [str(p) for p in missing if h(p) not in stored]
print(f"  {len(missing)} photos gone from the card, {len(lost)} of them not in the bucket {lost}")
sys.exit(1 if lost else 0)
PY
  # Not an assertion: the slot may rightly keep saying "pulled too early, put it back" until the card returns.
  vm_wait_status "slot empty" 60 "$no_slot" || true
  check "re-inserted: resumed and safe to remove" offload_stick pulled1 300 || return 1
  check "exactly one object per photo, wiped, fsck clean" card_offloaded pulled1 "$LABEL"
}

# Power cut mid-upload (QMP system_reset: the guest loses everything it had not flushed); after the boot the
# kiosk resumes by itself, the invariant holds, the journal of the cut boot is still there.
scenario_power_cut() {
  new_card power1 --photos 40 --camera hero10 --serial "$SERIAL" --seed 701 --min-mb 3 --max-mb 6 --photos-per-folder 8
  usb_plug power1 "$CARDS/power1.img" || return 1
  wait_uploading_some 240 || return 1
  local session; session=$(vm_status_json | python3 -c "import json,sys; print(json.load(sys.stdin)['Slots'][0]['Session'])")
  # The package's journald drop-in makes a line durable within SyncIntervalSec (5 s): the cut comes once the
  # session's first lines are older than that, by the guest's clock, and while the card is still uploading.
  check "the session's first lines are 12 s old and the card is not finished" session_aged "$session" 12 || return 1
  qmp system_reset >/dev/null
  BOOTED_AT=$(date +%s.%N)
  vm_log "  power cut during session $session"
  vm_wait_ready || return 1
  check "after the reboot the kiosk finishes the card by itself" vm_wait_status "done after the power cut" 400 "$slot_done" || return 1
  figure "power cut → card finished after reboot" "$(seconds_between "$BOOTED_AT" "$(date +%s.%N)") s"
  check "the journal holds the cut boot's lines of session $session" \
    bash -c "vm_ssh journalctl -b -1 -u ailas-kiosk --no-pager | grep -q '$session'" || return 1
  check "history shows the interrupted session and the one that finished" \
    bash -c "vm_ssh ailas-kiosk history --limit 5 | grep -qi 'complete'" || return 1
  usb_unplug power1
  vm_wait_status "slot empty" 60 "$no_slot" || return 1
  check "exactly one object per photo, wiped, fsck clean" card_offloaded power1 "$LABEL"
}

# The unit's exposure, measured online in the running guest, and the service's peak memory (cgroup).
scenario_exposure_and_memory() {
  local exposure peak
  exposure=$(vm_ssh systemd-analyze security ailas-kiosk.service --no-pager | grep -o 'Overall exposure level for ailas-kiosk.service: [0-9.]*' | grep -o '[0-9.]*$')
  peak=$(vm_ssh cat /sys/fs/cgroup/system.slice/ailas-kiosk.service/memory.peak)
  figure "systemd-analyze security (online)" "$exposure"
  figure "service peak memory (cgroup memory.peak)" "$((peak / 1048576)) MiB"
  check "exposure at most 2.0" python3 -c "import sys; sys.exit(0 if float('$exposure') <= 2.0 else 1)"
}

# The guest reaches the storage at $GUEST_S3_IP over HTTPS and trusts the CA seeded into its image: the server
# must present a certificate for that address, signed by that CA. Said plainly here rather than as every
# scenario failing with "storage not trusted".
storage_ready_for_guest() {
  local ca=$VM_DIR/config/storage-ca.crt out
  [ -f "$ca" ] || { vm_log "error: no storage-ca.crt in $VM_DIR/config: rebuild the image (tools/vm-test.sh image)"; return 1; }
  out=$(openssl s_client -connect "127.0.0.1:$RGW_TLS_PORT" -CAfile "$ca" -verify_ip "$GUEST_S3_IP" -verify_return_error \
          </dev/null 2>&1) && return 0
  vm_log "error: the S3 server on 127.0.0.1:$RGW_TLS_PORT does not present a certificate for $GUEST_S3_IP signed by the CA in the image"
  vm_log "  (start it with: tools/radosgw.sh stop; AILAS_RGW_TLS_NAMES=IP:$GUEST_S3_IP tools/radosgw.sh start; a new test CA needs a new image)"
  grep -m1 -E 'verify error|Verification error|connect:' <<<"$out" >&2 || true
  return 1
}

vm_run_all() {
  local names=(power_on leds_on_kernel_gpio usb_reader cards_in_a_row fixed_reader unknown_camera storage_unreachable
               pull_mid_upload exposure_and_memory power_cut)
  [ $# -gt 0 ] && names=("$@")
  command -v qemu-system-aarch64 >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-arm qemu-utils socat >/dev/null; }
  storage_ready_for_guest || return 1
  [ -f "$repo/tests/AilasKiosk.CardFactory/bin/Release/net10.0/make-card.dll" ] ||
    dotnet build "$repo/tests/AilasKiosk.CardFactory" -c Release -nologo -v quiet -clp:ErrorsOnly
  mkdir -p "$RUN_DIR"; : > "$FIGURES"
  # Checks written as `bash -c "..."` call these.
  export -f vm_ssh vm_log; export VM_DIR SSH_PORT MAINTAINER
  [ -n "${AILAS_VM_KEEP:-}" ] || trap vm_stop EXIT   # AILAS_VM_KEEP=1: leave the machine running (developing a scenario)
  local passed=0 failed=0 name start results=()
  for name in "${names[@]}"; do
    start=$SECONDS
    vm_log "== scenario $name"
    rm -f "$RUN_DIR/failed-checks"
    if "scenario_$name"; then passed=$((passed + 1)); results+=("PASS $name ($((SECONDS - start)) s)")
    else failed=$((failed + 1))
      # The summary is what a CI log keeps: it says which check failed, not only which scenario.
      results+=("FAIL $name ($((SECONDS - start)) s): $(head -1 "$RUN_DIR/failed-checks" 2>/dev/null || echo 'a step before any check')")
      unplug_everything
      [ "$name" = power_on ] && { vm_log "the machine did not come up: the other scenarios cannot run"; break; }
    fi
  done
  echo "== VM scenarios"; printf '  %s\n' "${results[@]}"
  echo "== figures (QEMU TCG on this machine: arm64 emulated, many times slower than a Pi 4)"; sed 's/^/  /' "$FIGURES"
  echo "$passed passed, $failed failed"
  ((failed == 0))
}
