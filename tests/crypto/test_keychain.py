"""The keystore against the real Secret Service: run with `tools/with-keyring.sh pytest -m keychain`.

These skip only when there is no D-Bus session bus or no Secret Service on it. The lock and
file-scan tests also need the throw-away session of tools/with-keyring.sh (a locked collection
would show an unlock prompt on a real desktop; the scan reads the keyring folder).
They are safe under pytest-xdist: the lock test locks a collection of its own, not "login".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from microcred_desktop.crypto.keystore import SERVICE, KeychainUnavailable, KeyMissing, Keystore

from .conftest import pkcs8
from .test_keystore import verify
from .test_leaks import assert_no_leak

pytestmark = pytest.mark.keychain

# A session bus with no activatable services, so no unlock prompt can open a window.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def _require_secret_service() -> None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset); run under tools/with-keyring.sh")
    import secretstorage

    try:
        with secretstorage.dbus_init() as connection:
            available = secretstorage.check_service_availability(connection)
    except (secretstorage.exceptions.SecretStorageException, OSError) as exc:
        pytest.skip(f"cannot reach the session bus: {exc}")
    if not available:
        pytest.skip("no Secret Service (org.freedesktop.secrets) on the session bus")


def _throwaway_keyring() -> Path:
    """The keyring folder of tools/with-keyring.sh; skip anywhere else."""
    folder = os.environ.get("MICROCRED_TEST_KEYRING_DIR")
    if not folder:
        pytest.skip("needs the throw-away keyring of tools/with-keyring.sh")
    return Path(folder)


@pytest.fixture
def secret_service() -> Any:
    _require_secret_service()
    from keyring.backends.SecretService import Keyring

    return Keyring()


@pytest.fixture
def store(secret_service: Any) -> Iterator[Keystore]:
    """A keystore on the Secret Service; every test key it made is deleted afterwards."""
    keystore = Keystore(secret_service)
    made: list[str] = []
    original = keystore.store

    def tracking_store(key_id: str, der: bytes, *, replace: bool = False) -> None:
        made.append(key_id)
        original(key_id, der, replace=replace)

    keystore.store = tracking_store  # type: ignore[method-assign, assignment]
    yield keystore
    for key_id in made:
        if keystore.has(key_id):
            keystore.delete(key_id)


def new_id() -> str:
    return f"test-{uuid.uuid4()}"


def test_backend_is_the_os_keychain(store: Keystore) -> None:
    info = store.backend_info()
    assert info.is_os_keychain and info.usable, info
    assert "Secret Service" in info.name


@pytest.mark.parametrize("kind", ["ec", "rsa", "ed"])
def test_round_trip(store: Keystore, kind: str, rsa_key: rsa.RSAPrivateKey) -> None:
    key: Any = {"ec": ec.generate_private_key(ec.SECP256R1()), "rsa": rsa_key,
           "ed": ed25519.Ed25519PrivateKey.generate()}[kind]
    key_id = new_id()
    store.store(key_id, pkcs8(key))
    assert store.has(key_id)
    signer = store.load_signer(key_id)
    verify(key.public_key(), signer.algorithm, signer.sign(b"data"), b"data")
    store.delete(key_id)
    assert not store.has(key_id)
    with pytest.raises(KeyMissing):
        store.load_signer(key_id)


def test_entry_as_the_secret_service_sees_it(store: Keystore) -> None:
    import base64

    import secretstorage

    key = ec.generate_private_key(ec.SECP256R1())
    key_id = new_id()
    store.store(key_id, pkcs8(key))
    with secretstorage.dbus_init() as connection:
        collection = secretstorage.get_default_collection(connection)
        items = list(collection.search_items({"service": SERVICE, "username": key_id}))
        assert len(items) == 1
        secret = items[0].get_secret().decode("ascii")
    assert secret.startswith("mc1:") and base64.b64decode(secret[4:]) == pkcs8(key)


def test_threads_share_the_keychain_safely(store: Keystore) -> None:
    der = pkcs8(ed25519.Ed25519PrivateKey.generate())
    ids = [new_id() for _ in range(12)]
    errors: list[BaseException] = []

    def work(key_ids: list[str]) -> None:
        try:
            for key_id in key_ids:
                store.store(key_id, der)
                store.load_signer(key_id).sign(b"x")
        except BaseException as exc:  # collected and re-raised on the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(ids[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(store.has(key_id) for key_id in ids)


def _gnome_keyring_call(method: str, signature: str, body: tuple[Any, ...]) -> Any:
    """Call gnome-keyring's own (prompt-free) interface; secrets travel in a "plain" session."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus="SESSION") as bus:
        service = DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                              interface="org.freedesktop.Secret.Service")
        session = bus.send_and_get_reply(new_method_call(service, "OpenSession", "sv", ("plain", ("s", "")))).body[1]
        internal = DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                               interface="org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface")
        body = tuple((session, *item[1:]) if isinstance(item, tuple) and item[:1] == ("SESSION",) else item
                     for item in body)
        return bus.send_and_get_reply(new_method_call(internal, method, signature, body)).body


def test_locked_keychain(secret_service: Any) -> None:
    """Lock a collection of our own (never the login one other tests use), then unlock it again."""
    _throwaway_keyring()  # a locked collection shows an unlock prompt on a real desktop
    import secretstorage

    password = uuid.uuid4().hex.encode()
    label = f"microcred lock test {uuid.uuid4().hex[:8]}"
    (path,) = _gnome_keyring_call("CreateWithMasterPassword", "a{sv}(oayays)", (
        {"org.freedesktop.Secret.Collection.Label": ("s", label)}, ("SESSION", b"", password, "text/plain")))
    secret_service.preferred_collection = path
    store = Keystore(secret_service)
    key_id = new_id()
    with secretstorage.dbus_init() as connection:
        collection = secretstorage.Collection(connection, path)
        try:
            store.store(key_id, pkcs8(ed25519.Ed25519PrivateKey.generate()))
            collection.lock()
            with pytest.raises(KeychainUnavailable, match="is locked") as caught:
                store.load_signer(key_id)
            assert "Unlock the keychain" in caught.value.hint
            assert not store.backend_info().usable
            _gnome_keyring_call("UnlockWithMasterPassword", "o(oayays)",
                                (path, ("SESSION", b"", password, "text/plain")))
            assert not collection.is_locked()
            assert store.load_signer(key_id).algorithm == "EdDSA"
        finally:
            collection.delete()


def test_no_default_collection() -> None:
    """A Secret Service with no keyring at all (fresh gnome-keyring, nothing unlocked or created)."""
    _require_secret_service()
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        pytest.skip("dbus-run-session and gnome-keyring-daemon are needed")
    child = (
        "from keyring.backends.SecretService import Keyring\n"
        "from microcred_desktop.crypto.keystore import Keystore, KeychainUnavailable\n"
        "store = Keystore(Keyring())\n"
        "print('USABLE', store.backend_info().usable)\n"
        "try:\n"
        "    store.has('x')\n"
        "    print('NO ERROR')\n"
        "except KeychainUnavailable as e:\n"
        "    print('ERROR', e.message)\n"
    )
    with tempfile.TemporaryDirectory() as root:
        run_dir = Path(root, "run")
        run_dir.mkdir(mode=0o700)
        config = Path(root, "bus.conf")
        config.write_text(BUS_CONFIG.format(socket_dir=run_dir), "utf-8")
        hidden = {"DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL", "DISPLAY", "WAYLAND_DISPLAY"}
        env = {k: v for k, v in os.environ.items() if k not in hidden}
        env.update(HOME=root, XDG_DATA_HOME=f"{root}/data", XDG_RUNTIME_DIR=str(run_dir),
                   XDG_CONFIG_HOME=f"{root}/config")
        result = subprocess.run(
            ["dbus-run-session", f"--config-file={config}", "--", "sh", "-c",
             'gnome-keyring-daemon --start --components=secrets >/dev/null && exec "$@"', "sh",
             sys.executable, "-c", child],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )
    assert "USABLE False" in result.stdout, result.stdout + result.stderr
    assert "ERROR The keychain has no default keyring" in result.stdout, result.stdout + result.stderr


def test_keyring_files_hold_no_key_in_clear(store: Keystore) -> None:
    folder = _throwaway_keyring()
    key = ec.generate_private_key(ec.SECP256R1())
    store.store(new_id(), pkcs8(key))
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files, f"no keyring files under {folder}"
    assert_no_leak((p.read_bytes() for p in files), [key])
