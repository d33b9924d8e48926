#!/usr/bin/env bash
# Package the built app (dist/microcred, from `make dist`) as a Debian package, offline, with dpkg-deb.
#
#   installers/linux/build-deb.sh [APP_DIR] [OUT_DIR]     # defaults: dist/microcred dist
#
# Layout: the app in /opt/microcred, /usr/bin/microcred -> /opt/microcred/microcred, the .desktop file,
# the icon in hicolor (apps/ and mimetypes/), and a shared-mime-info type for *.edc.jsonld. The menu,
# MIME and icon caches are refreshed by the dpkg triggers of desktop-file-utils, shared-mime-info and
# hicolor-icon-theme, so the package needs no maintainer scripts.
# DEB_COMPRESSION=gzip packs in seconds instead of two minutes (xz, the default, is 25% smaller).
# The binaries need the glibc of the machine that built them or newer: build on the oldest release
# you support (installers/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app=$(cd "${1:-$root/dist/microcred}" && pwd)
out=$(mkdir -p "${2:-$root/dist}" && cd "${2:-$root/dist}" && pwd)
[ -x "$app/microcred" ] || { echo "build-deb: no built app in $app (run: make dist)" >&2; exit 1; }

version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/microcred_desktop/__init__.py")
arch=$(dpkg --print-architecture)
glibc=$(getconf GNU_LIBC_VERSION | awk '{print $2}')  # e.g. "glibc 2.36" -> 2.36
stage=$(mktemp -d "${TMPDIR:-/tmp}/microcred-deb.XXXXXXXX")
trap 'rm -rf "$stage"' EXIT
pkg="$stage/microcred"

install -d "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" "$pkg/usr/share/mime/packages" \
    "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/usr/share/icons/hicolor/scalable/mimetypes" \
    "$pkg/usr/share/doc/microcred"
cp -a "$app" "$pkg/opt/microcred"
ln -s /opt/microcred/microcred "$pkg/usr/bin/microcred"
install -m 644 "$here/microcred.desktop" "$pkg/usr/share/applications/microcred.desktop"
install -m 644 "$here/microcred-mime.xml" "$pkg/usr/share/mime/packages/microcred.xml"
icons="$root/resources/icons"
mime_icon=application-x-european-digital-credential
install -m 644 "$icons/microcred.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/microcred.svg"
install -m 644 "$icons/microcred.svg" "$pkg/usr/share/icons/hicolor/scalable/mimetypes/$mime_icon.svg"
for size in 16 24 32 48 64 128 256 512; do
    dir="$pkg/usr/share/icons/hicolor/${size}x${size}"
    install -d "$dir/apps" "$dir/mimetypes"
    install -m 644 "$icons/microcred-$size.png" "$dir/apps/microcred.png"
    install -m 644 "$icons/microcred-$size.png" "$dir/mimetypes/$mime_icon.png"
done
cat >"$pkg/usr/share/doc/microcred/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: microcred desktop
License: EUPL-1.2

Files: *
License: EUPL-1.2

Files: opt/microcred/_internal/microcred_desktop/resources/fonts/*
License: OFL-1.1 (see opt/microcred/_internal/microcred_desktop/resources/fonts/OFL.txt)

Files: opt/microcred/_internal/*
Comment: Python, Qt (PySide6, LGPL-3.0) and the other libraries the app is built with, under their
 own licences, as shipped in their packages.
EOF
chmod -R u+rwX,go+rX,go-w "$pkg"

size_kb=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat >"$pkg/DEBIAN/control" <<EOF
Package: microcred
Version: $version
Architecture: $arch
Maintainer: microcred desktop maintainers <maintainers@microcred.invalid>
Installed-Size: $size_kb
Depends: libc6 (>= $glibc), libgl1, libegl1, libfontconfig1, libxcb1, libwayland-client0, libwayland-cursor0, libwayland-egl1
Recommends: gnome-keyring | kwalletmanager, desktop-file-utils, shared-mime-info, hicolor-icon-theme
Section: education
Priority: optional
Description: issue and verify EU micro-credentials offline
 For small training providers: keeps a local catalogue of courses, learners
 and completions, and issues for each learner a QR-coded PDF certificate, a
 sealed European Digital Credential (EDC) and an Open Badges 3.0 credential.
 Verifies all of these offline. Signing keys live in the OS keychain.
EOF

deb="$out/microcred_${version}_${arch}.deb"
dpkg-deb --root-owner-group "-Z${DEB_COMPRESSION:-xz}" --build "$pkg" "$deb" >/dev/null
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$pkg/usr/share/applications/microcred.desktop"
fi
echo "build-deb: $deb ($(du -h "$deb" | cut -f1), installs $((size_kb / 1024)) MB)"
