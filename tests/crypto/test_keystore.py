"""Keystore over the in-memory keyring, and its refusal of every unusable keychain."""

from __future__ import annotations

import base64
import threading
import time
from typing import ClassVar

import pytest
import secretstorage.exceptions
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from jeepney import DBusAddress, new_error, new_method_call
from jeepney.wrappers import DBusErrorResponse
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import InitError, KeyringLocked, NoKeyringError

from microcred_desktop.crypto.keystore import (
    SERVICE,
    KeychainUnavailable,
    KeyEntryDamaged,
    KeyMissing,
    Keystore,
)
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.domain.errors import UserError

from .conftest import pkcs8


def verify(public_key: object, alg: str, signature: bytes, data: bytes) -> None:
    if alg == "EdDSA":
        public_key.verify(signature, data)  # type: ignore[attr-defined]
    elif alg == "ES256":
        r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        public_key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))  # type: ignore[attr-defined]
    else:
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[attr-defined]


class PlainBackend(KeyringBackend):
    """Stands in for a non-OS backend such as keyrings.alt's plaintext file."""

    priority = -10

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username))


class FakeSecretService(MemoryKeyring):
    """A memory keyring that claims to live in keyring's SecretService module (for chainer tests)."""


FakeSecretService.__module__ = "keyring.backends.SecretService"


class Chain(chainer.ChainerBackend):
    backends: ClassVar[list[KeyringBackend]] = []


@pytest.mark.parametrize("kind", ["ec", "rsa", "ed"])
def test_store_then_sign_with_each_key_type(kind: str, rsa_key, ec_key, ed_key) -> None:  # type: ignore[no-untyped-def]
    key = {"ec": ec_key, "rsa": rsa_key, "ed": ed_key}[kind]
    backend = MemoryKeyring()
    store = Keystore(backend)
    store.store("seal-1", pkcs8(key))
    assert store.has("seal-1")
    signer = store.load_signer("seal-1")
    assert signer.key_id == "seal-1"
    assert signer.algorithm == {"ec": "ES256", "rsa": "RS256", "ed": "EdDSA"}[kind]
    verify(key.public_key(), signer.algorithm, signer.sign(b"hello"), b"hello")


def test_entry_is_service_keyid_and_mc1_base64_pkcs8(ec_key: ec.EllipticCurvePrivateKey) -> None:
    backend = MemoryKeyring()
    Keystore(backend).store("issuer-7", pkcs8(ec_key))
    assert backend.usernames(SERVICE) == ["issuer-7"]
    value = backend.get_password("microcred-desktop", "issuer-7")
    assert value is not None and value.startswith("mc1:")
    assert base64.b64decode(value[4:], validate=True) == pkcs8(ec_key)


def test_default_keystore_uses_the_process_keyring(memory_keyring: MemoryKeyring, ed_key) -> None:  # type: ignore[no-untyped-def]
    Keystore().store("k", pkcs8(ed_key))
    assert memory_keyring.usernames(SERVICE) == ["k"]
    info = Keystore().backend_info()
    assert (info.is_os_keychain, info.usable) == (False, True)


def test_missing_key(ed_key: ed25519.Ed25519PrivateKey) -> None:
    store = Keystore(MemoryKeyring())
    assert not store.has("nope")
    with pytest.raises(KeyMissing, match="nope"):
        store.load_signer("nope")
    with pytest.raises(KeyMissing):
        store.delete("nope")
    assert isinstance(KeyMissing("x"), UserError)


def test_delete_removes_only_that_key(ed_key, ec_key) -> None:  # type: ignore[no-untyped-def]
    store = Keystore(MemoryKeyring())
    store.store("a", pkcs8(ed_key))
    store.store("b", pkcs8(ec_key))
    store.delete("a")
    assert not store.has("a") and store.has("b")


def test_store_does_not_overwrite_unless_asked(ed_key, ec_key) -> None:  # type: ignore[no-untyped-def]
    store = Keystore(MemoryKeyring())
    store.store("a", pkcs8(ed_key))
    with pytest.raises(ValueError, match="already stored"):
        store.store("a", pkcs8(ec_key))
    assert store.load_signer("a").algorithm == "EdDSA"
    store.store("a", pkcs8(ec_key), replace=True)
    assert store.load_signer("a").algorithm == "ES256"


@pytest.mark.parametrize("key_id", ["", "with space", "x" * 201, "ключ", "tab\there"])
def test_bad_key_ids_are_refused(key_id: str, ed_key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="key id"):
        Keystore(MemoryKeyring()).store(key_id, pkcs8(ed_key))


def test_only_usable_pkcs8_keys_are_stored() -> None:
    store = Keystore(MemoryKeyring())
    with pytest.raises(ValueError):
        store.store("a", b"not a key")
    p384 = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(ValueError):
        store.store("a", pkcs8(p384))
    assert not store.has("a")


@pytest.mark.parametrize("value", ["junk", "mc1:!!!!", "mc1:" + base64.b64encode(b"\x30\x03abc").decode()])
def test_damaged_entry(value: str) -> None:
    backend = MemoryKeyring()
    backend.set_password(SERVICE, "a", value)
    with pytest.raises(KeyEntryDamaged, match="damaged"):
        Keystore(backend).load_signer("a")


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), Chain()], ids=["fail", "null", "empty-chainer"])
def test_no_keychain(backend: KeyringBackend, ed_key: ed25519.Ed25519PrivateKey) -> None:
    store = Keystore(backend)
    info = store.backend_info()
    assert (info.is_os_keychain, info.usable) == (False, False)
    for call in (lambda: store.store("a", pkcs8(ed_key)), lambda: store.load_signer("a"),
                 lambda: store.has("a"), lambda: store.delete("a")):
        with pytest.raises(KeychainUnavailable) as caught:
            call()
        assert "No keychain was found" in caught.value.message
        assert "protected key file" in caught.value.hint


def test_the_fail_keyring_as_process_keyring(ed_key: ed25519.Ed25519PrivateKey) -> None:
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(KeychainUnavailable, match="No keychain"):
            Keystore().store("a", pkcs8(ed_key))
    finally:
        keyring.set_keyring(previous)


def test_non_os_backends_are_refused_and_get_nothing(ed_key: ed25519.Ed25519PrivateKey) -> None:
    plain = PlainBackend()
    for backend in (plain, _chain(plain)):
        store = Keystore(backend)
        assert not store.backend_info().usable
        with pytest.raises(KeychainUnavailable, match="does not protect"):
            store.store("a", pkcs8(ed_key))
    assert plain.values == {}


def _chain(*members: KeyringBackend) -> chainer.ChainerBackend:
    chain = Chain()
    chain.backends = list(members)  # type: ignore[misc]
    return chain


def test_chainer_sends_keys_to_its_os_keychain(ed_key: ed25519.Ed25519PrivateKey) -> None:
    plain, os_keychain = PlainBackend(), FakeSecretService()
    store = Keystore(_chain(plain, os_keychain))
    store.store("a", pkcs8(ed_key))
    assert os_keychain.usernames(SERVICE) == ["a"] and plain.values == {}
    info = store.backend_info()
    assert info.is_os_keychain and info.usable


def _dbus_error() -> DBusErrorResponse:
    call = new_method_call(DBusAddress("/", bus_name="org.freedesktop.secrets", interface="x.y"), "Z")
    return DBusErrorResponse(new_error(call, "org.freedesktop.DBus.Error.ServiceUnknown", "s", ("gone",)))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (KeyringLocked("Failed to unlock the collection!"), "is locked"),
        (secretstorage.exceptions.LockedException("locked"), "is locked"),
        (secretstorage.exceptions.PromptDismissedException("dismissed"), "is locked"),
        (InitError("Failed to create the collection: Prompt dismissed.."), "no default keyring"),
        (NoKeyringError("none"), "No keychain was found"),
        (_dbus_error(), "did not answer"),
        (secretstorage.exceptions.SecretServiceNotAvailableException("gone"), "did not answer"),
        (ConnectionRefusedError("bus"), "did not answer"),
    ],
)
def test_backend_errors_become_plain_keychain_errors(error: BaseException, expected: str, ed_key) -> None:  # type: ignore[no-untyped-def]
    backend = MemoryKeyring()
    backend.broken = error
    store = Keystore(backend)
    for call in (lambda: store.store("a", pkcs8(ed_key)), lambda: store.load_signer("a"), lambda: store.has("a")):
        with pytest.raises(KeychainUnavailable) as caught:
            call()
        assert expected in caught.value.message
        assert caught.value.hint
    info = store.backend_info()
    assert not info.usable and expected in info.detail


def test_a_keychain_that_drops_writes_is_detected(ed_key: ed25519.Ed25519PrivateKey) -> None:
    class Forgetful(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            pass

    with pytest.raises(KeychainUnavailable, match="did not answer"):
        Keystore(Forgetful()).store("a", pkcs8(ed_key))


def test_keyring_calls_are_serialised(ed_key: ed25519.Ed25519PrivateKey) -> None:
    """A backend that notices overlapping calls; keystores on many threads must never overlap."""

    class Watchful(MemoryKeyring):
        inside = 0
        overlaps = 0

        def _enter(self) -> None:
            type(self).inside += 1
            if type(self).inside > 1:
                type(self).overlaps += 1
            time.sleep(0.001)
            type(self).inside -= 1

        def get_password(self, service: str, username: str) -> str | None:
            self._enter()
            return super().get_password(service, username)

        def set_password(self, service: str, username: str, password: str) -> None:
            self._enter()
            super().set_password(service, username, password)

    backend = Watchful()
    der = pkcs8(ed_key)

    def work(n: int) -> None:
        store = Keystore(backend)  # separate instances: the lock is per module, not per object
        for i in range(5):
            store.store(f"k{n}-{i}", der)
            store.load_signer(f"k{n}-{i}").sign(b"x")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Watchful.overlaps == 0
    assert len(backend.usernames(SERVICE)) == 40


def test_reprs_show_no_key_material(ed_key: ed25519.Ed25519PrivateKey, rsa_key: rsa.RSAPrivateKey) -> None:
    backend = MemoryKeyring()
    store = Keystore(backend)
    store.store("a", pkcs8(rsa_key))
    signer = store.load_signer("a")
    value = backend.get_password(SERVICE, "a")
    assert value is not None
    for text in (repr(signer), str(signer), repr(store), repr(backend)):
        assert value[4:40] not in text and "PRIVATE" not in text
