#!/usr/bin/env bash
# Make sure the system packages the app and its test suite need are installed.
# Debian/Ubuntu: installs what is missing with apt-get when run as root; otherwise prints the command.
# Usage: tools/sysdeps.sh test|run
set -euo pipefail
purpose=${1:-test}
common=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0)
gui=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
     libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1)
tests=(gnome-keyring dbus dbus-x11 poppler-utils xvfb xauth binutils)
case "$purpose" in
  run) wanted=("${common[@]}" "${gui[@]}" gnome-keyring) ;;
  *) wanted=("${common[@]}" "${gui[@]}" "${tests[@]}") ;;
esac
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "sysdeps: not a Debian-like system; make sure these are installed: ${wanted[*]}" >&2
  exit 0
fi
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "sysdeps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "sysdeps: these system packages are missing. Install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
