#!/bin/sh
# Run a command against a real, unlocked, throw-away GNOME Keyring on a private D-Bus session.
#
#   tools/with-keyring.sh .venv/bin/python -m pytest tests/crypto -q -m keychain
#
# HOME, XDG_* and the runtime dir point into a fresh temp folder, so the user's own keyrings are
# never opened, read or written, and the bus has no activatable services (see bus.conf below). The "login" collection is created (and unlocked) by feeding a
# random password to gnome-keyring-daemon --unlock; it becomes the default collection, which is
# what keyring/SecretStorage use. The temp folder is removed afterwards.
# Exported for tests: MICROCRED_TEST_KEYRING_DIR (the throw-away keyring folder).
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 64
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is not installed" >&2; exit 69; }
done

root=$(mktemp -d "${TMPDIR:-/tmp}/microcred-keyring.XXXXXXXX")
cleanup() { rm -rf "$root"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$root/home" "$root/data" "$root/config" "$root/cache"
mkdir -m 700 "$root/run"
chmod 700 "$root"

HOME="$root/home"
XDG_DATA_HOME="$root/data"
XDG_CONFIG_HOME="$root/config"
XDG_CACHE_HOME="$root/cache"
XDG_RUNTIME_DIR="$root/run"
MICROCRED_TEST_KEYRING_DIR="$root/data/keyrings"
MICROCRED_TEST_KEYRING_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
export MICROCRED_TEST_KEYRING_DIR MICROCRED_TEST_KEYRING_PASSWORD  # the password is unset below
# Never reach the caller's session, keyring daemon or a backend chosen for them.
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK PYTHON_KEYRING_BACKEND DBUS_SESSION_BUS_ADDRESS

# A bus of our own with no activatable services: nothing from the desktop starts on it, and an
# unlock/create prompt fails at once instead of opening a window (gcr-prompter) or waiting.
cat >"$root/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$root/run</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

# An empty password makes gnome-keyring skip creating "login", so a random one is used instead.
# (In containers dbus-daemon may warn that it cannot raise its fd limit: harmless.)
rc=0
dbus-run-session --config-file="$root/bus.conf" -- sh -c '
    printf "%s" "$MICROCRED_TEST_KEYRING_PASSWORD" \
        | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 70
    i=0
    while [ ! -f "$MICROCRED_TEST_KEYRING_DIR/login.keyring" ] && [ "$i" -lt 50 ]; do
        sleep 0.1; i=$((i + 1))
    done
    [ -f "$MICROCRED_TEST_KEYRING_DIR/login.keyring" ] || { echo "with-keyring: no login keyring" >&2; exit 70; }
    unset MICROCRED_TEST_KEYRING_PASSWORD
    exec "$@"
' with-keyring "$@" || rc=$?
exit "$rc"
