#!/usr/bin/env bash
# Builds the ailas-kiosk Debian package: the self-contained daemon, its systemd units, udev and polkit rules,
# sysusers/tmpfiles entries, the journald drop-in, a default configuration without secrets, the MinIO policy
# and the maintainer docs.
#
# Usage: image-build/build-deb.sh [--arch arm64|amd64] [--out DIR]     (default: arm64, image-build/out)
# Needs: the .NET SDK, dpkg-deb. Runs as any user (file owners in the package are root via --root-owner-group).
set -euo pipefail
cd "$(dirname "$0")/.."

arch=arm64
out=image-build/out
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch=${2:?--arch needs arm64 or amd64}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "build-deb.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$arch" in
  arm64) rid=linux-arm64 ;;
  amd64) rid=linux-x64 ;;
  *) echo "build-deb.sh: --arch must be arm64 (Raspberry Pi 3/4/5) or amd64, not $arch" >&2; exit 2 ;;
esac
command -v dpkg-deb >/dev/null || { echo "build-deb.sh: dpkg-deb is missing (apt install dpkg)" >&2; exit 1; }

# One version, from the project file: `ailas-kiosk --version` says the same.
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/AilasKiosk/AilasKiosk.csproj | head -1)
[ -n "$version" ] || { echo "build-deb.sh: no <Version> in src/AilasKiosk/AilasKiosk.csproj" >&2; exit 1; }
package=ailas-kiosk_${version}_${arch}
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/ailas-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/$package

echo "== publishing ailas-kiosk $version for $rid (self-contained)"
# Not trimmed: configuration binding, System.Text.Json and Serilog use reflection the trimmer cannot see;
# a trimmed kiosk that fails to read its configuration on a Pi is not worth ~40 MB of SD card.
# Its own restore and intermediate files (--artifacts-path): a publish for a runtime rewrites the project's
# obj/project.assets.json, which a build or test of the solution running at the same time reads.
# ReadyToRun (precompiled, tiering off: see AilasKiosk.csproj): a Pi starts the daemon and offloads without
# spending its slow cores on the JIT; about 20 MB more on the card (119 MB installed, arm64).
dotnet publish src/AilasKiosk/AilasKiosk.csproj -c Release -r "$rid" --self-contained --artifacts-path "$stage/artifacts" \
  -p:PublishTrimmed=false -p:PublishReadyToRun=true -p:DebugType=none -p:GenerateDocumentationFile=false \
  -o "$root/usr/lib/ailas-kiosk" --nologo -v quiet -clp:ErrorsOnly
# Plain files 0644 (the SDK leaves shared libraries executable); the program and the runtime's crash dumper run.
find "$root/usr/lib/ailas-kiosk" -type f -exec chmod 0644 {} +
chmod 0755 "$root/usr/lib/ailas-kiosk/ailas-kiosk"
[ ! -f "$root/usr/lib/ailas-kiosk/createdump" ] || chmod 0755 "$root/usr/lib/ailas-kiosk/createdump"

echo "== laying out the package"
install -d "$root/usr/bin" "$root/usr/lib/systemd/system" "$root/usr/lib/udev/rules.d" "$root/usr/lib/sysusers.d" \
  "$root/usr/lib/tmpfiles.d" "$root/usr/lib/systemd/journald.conf.d" "$root/usr/share/polkit-1/rules.d" \
  "$root/usr/share/doc/ailas-kiosk" "$root/etc/ailas-kiosk" "$root/DEBIAN"
ln -s ../lib/ailas-kiosk/ailas-kiosk "$root/usr/bin/ailas-kiosk"
install -m 0644 systemd/ailas-kiosk.service systemd/ailas-kiosk-eject@.service "$root/usr/lib/systemd/system/"
install -m 0644 systemd/99-ailas-kiosk.rules "$root/usr/lib/udev/rules.d/"
install -m 0644 systemd/ailas-kiosk.sysusers "$root/usr/lib/sysusers.d/ailas-kiosk.conf"
install -m 0644 systemd/ailas-kiosk.tmpfiles "$root/usr/lib/tmpfiles.d/ailas-kiosk.conf"
install -m 0644 systemd/journald-ailas-kiosk.conf "$root/usr/lib/systemd/journald.conf.d/ailas-kiosk.conf"
install -m 0644 systemd/ailas-kiosk-eject.rules "$root/usr/share/polkit-1/rules.d/50-ailas-kiosk-eject.rules"
# The configuration holds no secret: the S3 secret key goes in /etc/ailas-kiosk/s3-secret (root, 0600), which
# systemd hands to the service as a credential. 0750/0640 root:ailas-kiosk are set in postinst (the group is created there).
install -m 0644 image-build/kiosk.json "$root/etc/ailas-kiosk/kiosk.json"
doc=$root/usr/share/doc/ailas-kiosk
install -m 0644 README.md "$doc/README.md"
install -m 0644 systemd/README.md "$doc/systemd.md"
install -m 0644 image-build/minio-policy.json "$doc/minio-policy.json"
install -m 0644 image-build/minio-maintainer-policy.json "$doc/minio-maintainer-policy.json"
cat > "$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ailas-kiosk
Source: the AILAS project's ailas-kiosk repository

Files: *
Copyright: the AILAS project
License: proprietary
 Built for the AILAS project's own kiosks. The bundled .NET runtime is MIT-licensed
 (https://github.com/dotnet/runtime/blob/main/LICENSE.TXT); see the NuGet packages' licences.
EOF
printf 'ailas-kiosk (%s) stable; urgency=medium\n\n  * Built from the repository.\n\n -- AILAS maintainers <maintainers@ailas.invalid>  %s\n' \
  "$version" "$(date -R -u -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" | gzip -9n > "$doc/changelog.gz"

installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: ailas-kiosk
Version: $version
Architecture: $arch
Maintainer: AILAS maintainers <maintainers@ailas.invalid>
Installed-Size: $installed_kb
Depends: systemd (>= 247), udev, polkitd | policykit-1, libc6, libstdc++6, zlib1g
Recommends: libgpiod2 | libgpiod3
Section: misc
Priority: optional
Homepage: https://panoramax.fr
Description: GoPro card offload kiosk for the AILAS project
 A Raspberry Pi daemon that detects an inserted SD card, works out which camera
 it belongs to, uploads every image to MinIO under that camera's label,
 verifies each upload by checksum, wipes the card only after that proof, and
 shows what it is doing on three LEDs and a small display.
EOF
echo /etc/ailas-kiosk/kiosk.json > "$root/DEBIAN/conffiles"

cat > "$root/DEBIAN/postinst" <<'EOF'
#!/bin/sh
# Creates the kiosk's user, its state and mount directories, reloads udev and systemd, enables the service
# and (re)starts it once the S3 secret is in place. Configuration and journal are never touched.
set -e
if [ "$1" = configure ]; then
  systemd-sysusers ailas-kiosk.conf
  systemd-tmpfiles --create ailas-kiosk.conf || true
  chown root:ailas-kiosk /etc/ailas-kiosk /etc/ailas-kiosk/kiosk.json
  chmod 0750 /etc/ailas-kiosk
  chmod 0640 /etc/ailas-kiosk/kiosk.json
  [ ! -e /etc/ailas-kiosk/s3-secret ] || { chown root:root /etc/ailas-kiosk/s3-secret; chmod 0600 /etc/ailas-kiosk/s3-secret; }
  # Enabled in every case, also in an image being built where systemd is not running (deb-systemd-helper
  # works on the files alone).
  deb-systemd-helper unmask ailas-kiosk.service >/dev/null || true
  deb-systemd-helper enable ailas-kiosk.service >/dev/null
  if [ -d /run/systemd/system ]; then
    udevadm control --reload || true
    systemctl --system daemon-reload >/dev/null || true
    deb-systemd-invoke restart systemd-journald.service >/dev/null || true
    if [ -s /etc/ailas-kiosk/s3-secret ]; then
      deb-systemd-invoke restart ailas-kiosk.service
    else
      echo "ailas-kiosk: put the S3 secret key in /etc/ailas-kiosk/s3-secret (root, 0600), then: systemctl start ailas-kiosk" >&2
    fi
  fi
fi
exit 0
EOF
cat > "$root/DEBIAN/prerm" <<'EOF'
#!/bin/sh
# Stops the daemon before its files go: it finishes the file in flight (the journal keeps the rest) and unmounts.
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
  deb-systemd-invoke stop ailas-kiosk.service >/dev/null || true
fi
exit 0
EOF
cat > "$root/DEBIAN/postrm" <<'EOF'
#!/bin/sh
# remove: configuration and journal stay. purge: the configuration goes; the journal in /var/lib/ailas-kiosk
# (the record of what was verified and wiped) stays until a maintainer deletes it.
set -e
case "$1" in
  remove)
    deb-systemd-helper mask ailas-kiosk.service >/dev/null || true
    [ ! -d /run/systemd/system ] || systemctl --system daemon-reload >/dev/null || true
    ;;
  purge)
    deb-systemd-helper purge ailas-kiosk.service >/dev/null || true
    deb-systemd-helper unmask ailas-kiosk.service >/dev/null || true
    rm -f /etc/ailas-kiosk/kiosk.json /etc/ailas-kiosk/cameras.json /etc/ailas-kiosk/s3-secret
    rmdir /etc/ailas-kiosk 2>/dev/null || true
    echo "ailas-kiosk: the journal is kept in /var/lib/ailas-kiosk; delete it by hand if it is no longer needed" >&2
    ;;
esac
exit 0
EOF
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"

dpkg-deb --build --root-owner-group -Zxz "$root" "$out/$package.deb" >/dev/null
echo "== $out/$package.deb ($(du -h "$out/$package.deb" | cut -f1))"
