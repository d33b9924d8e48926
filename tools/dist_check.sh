#!/usr/bin/env bash
# Prove a built app works (`make dist-check` runs it after `make dist`; CI runs that):
#   1. the built executable's --self-test, headless, against a real GNOME Keyring (tools/with-keyring.sh):
#      data files, migrations, keychain, keys, one credential issued with its five files, all verified;
#   2. the window: the app starts offscreen with the demo catalogue and is still running seconds later
#      (a missing Qt plugin or Python module of the GUI ends it at once), and the catalogue it made
#      reads back through the built command line.
#
#   tools/dist_check.sh [APP_DIR]      # default: dist/microcred
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=${1:-$root/dist/microcred}
exe="$app/microcred"
[ -x "$exe" ] || { echo "dist-check: no built app at $exe (run: make dist)" >&2; exit 1; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/microcred-dist-check.XXXXXXXX")
gui_pid=""
cleanup() {
    [ -n "$gui_pid" ] && kill -- "-$gui_pid" 2>/dev/null || true  # its own session: app, bus, keyring
    rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "dist-check: FAIL: $*" >&2; exit 1; }

echo "dist-check: $app ($(du -sh "$app" | cut -f1))"
QT_QPA_PLATFORM=offscreen "$root/tools/with-keyring.sh" "$exe" --self-test 2>&1 | tee "$scratch/self-test.txt" \
    | grep -v 'Failed to set fd limit' || true
[ "$(tail -1 "$scratch/self-test.txt")" = "self-test passed" ] || fail "the built app's self-test"

mkdir -p "$scratch/data"
QT_QPA_PLATFORM=offscreen MICROCRED_DEMO=1 TMPDIR="$scratch" \
    setsid "$root/tools/with-keyring.sh" "$exe" --data-dir "$scratch/data" >"$scratch/gui.log" 2>&1 &
gui_pid=$!
for _ in $(seq 40); do
    kill -0 "$gui_pid" 2>/dev/null || { cat "$scratch/gui.log" >&2; fail "the app quit on start"; }
    "$exe" --data-dir "$scratch/data" course list 2>/dev/null | grep -q DIGI-BI && break
    sleep 0.5
done
sleep 5
kill -0 "$gui_pid" 2>/dev/null || { cat "$scratch/gui.log" >&2; fail "the app quit after start"; }
"$exe" --data-dir "$scratch/data" course list | grep -q DIGI-BI || fail "the GUI did not load the demo catalogue"
if grep -E 'Traceback|Could not load the Qt platform plugin|No module named' "$scratch/gui.log" >&2; then
    fail "errors in the app's output"
fi
echo "dist-check: the window runs (offscreen) with the demo catalogue; dist-check passed"
