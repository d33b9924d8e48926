#!/usr/bin/env bash
# Smoke-run the Debian package as a user would get it: unpack it into a scratch root (dpkg -x, no
# root rights, nothing installed on this machine), check every library resolves, run the packaged
# app's --self-test against a real keychain with a clean environment, then start the window under
# Xvfb with the demo catalogue and take a screenshot.
#
#   installers/linux/smoke-deb.sh [DEB] [SCREENSHOT]   # defaults: dist/microcred_*.deb dist/microcred-deb-smoke.png
#
# Needs: dpkg, Xvfb, xwininfo (x11-utils), ImageMagick's import/identify, tools/with-keyring.sh's tools.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
deb=${1:-}
if [ -z "$deb" ]; then  # the newest package in dist/
    for candidate in "$root"/dist/microcred_*.deb; do
        [ -z "$deb" ] || [ "$candidate" -nt "$deb" ] && deb=$candidate
    done
fi
shot=${2:-$root/dist/microcred-deb-smoke.png}
[ -f "$deb" ] || { echo "smoke-deb: no package (run: make package-linux)" >&2; exit 1; }
for tool in Xvfb xwininfo import identify; do
    command -v "$tool" >/dev/null 2>&1 || { echo "smoke-deb: $tool is not installed" >&2; exit 69; }
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/microcred-smoke.XXXXXXXX")
xvfb_pid=""
app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill -- "-$app_pid" 2>/dev/null || true  # the app's own session: app, bus, keyring
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "smoke-deb: FAIL: $*" >&2; exit 1; }

dpkg -x "$deb" "$scratch/root"
app="$scratch/root/opt/microcred/microcred"
[ "$(readlink "$scratch/root/usr/bin/microcred")" = /opt/microcred/microcred ] || fail "/usr/bin/microcred link"
[ -x "$app" ] || fail "no /opt/microcred/microcred in the package"
echo "smoke-deb: unpacked $(basename "$deb")"

missing=$(find "$scratch/root/opt/microcred" -name '*.so*' -type f -print0 \
    | xargs -0 -n 50 env LD_LIBRARY_PATH="$scratch/root/opt/microcred/_internal" ldd 2>/dev/null \
    | grep 'not found' | sort -u || true)
[ -z "$missing" ] || fail "libraries not found: $missing"
echo "smoke-deb: every library resolves"

# A clean environment: no venv, no PYTHONPATH, nothing of this checkout on PATH.
clean=(env -i PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen TMPDIR="$scratch")
"${clean[@]}" "$root/tools/with-keyring.sh" "$app" --self-test | tee "$scratch/self-test.txt"
tail -1 "$scratch/self-test.txt" | grep -qx 'self-test passed' || fail "the packaged app's self-test"

display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$scratch/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do xwininfo -display ":$display" -root >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$scratch/data"
setsid env -i PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY=":$display" MICROCRED_DEMO=1 TMPDIR="$scratch" \
    "$root/tools/with-keyring.sh" "$app" --data-dir "$scratch/data" >"$scratch/app.log" 2>&1 &
app_pid=$!
shown=""
for _ in $(seq 60); do
    if xwininfo -display ":$display" -root -tree 2>/dev/null | grep -q 'microcred'; then shown=1; break; fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.5
done
[ -n "$shown" ] || { cat "$scratch/app.log" >&2; fail "no microcred window appeared"; }
sleep 3  # let the first page fill in
kill -0 "$app_pid" 2>/dev/null || { cat "$scratch/app.log" >&2; fail "the app quit"; }
mkdir -p "$(dirname "$shot")"
import -display ":$display" -window root "$shot"
colours=$(identify -format '%k' "$shot")
[ "$colours" -gt 50 ] || fail "the screenshot is nearly blank ($colours colours)"
if grep -E 'Traceback|Could not load the Qt platform plugin' "$scratch/app.log" >&2; then fail "errors in the app's output"; fi
echo "smoke-deb: the window is up ($colours colours); screenshot: $shot"
