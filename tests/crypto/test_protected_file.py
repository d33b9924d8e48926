"""The passphrase-protected key file: same interface as the keychain keystore, keys never in clear."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from microcred_desktop.crypto import protected_file
from microcred_desktop.crypto.keystore import KeyMissing
from microcred_desktop.crypto.protected_file import (
    ProtectedFileDamaged,
    ProtectedFileKeystore,
    WrongPassphrase,
    atomic_write,
)
from microcred_desktop.domain.errors import UserError

from .conftest import pkcs8

PASS = "correct horse battery staple"


def test_round_trip_and_reopen(tmp_path: Path, ec_key: ec.EllipticCurvePrivateKey, ed_key) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "keys.mckeys"
    store = ProtectedFileKeystore(path, PASS)
    store.store("seal", pkcs8(ec_key))
    store.store("issuer", pkcs8(ed_key))
    again = ProtectedFileKeystore(path, PASS)
    assert again.has("seal") and again.has("issuer") and not again.has("other")
    assert again.load_signer("seal").algorithm == "ES256"
    assert again.load_pkcs8("issuer") == pkcs8(ed_key)
    info = again.backend_info()
    assert (info.is_os_keychain, info.usable) == (False, True)


def test_file_format_and_mode(tmp_path: Path, ec_key: ec.EllipticCurvePrivateKey) -> None:
    path = tmp_path / "keys.mckeys"
    ProtectedFileKeystore(path, PASS).store("seal", pkcs8(ec_key))
    doc = json.loads(path.read_text("utf-8"))
    assert doc["format"] == "microcred-protected-keys" and doc["cipher"] == "AES-256-GCM"
    assert {k: doc["kdf"][k] for k in ("name", "n", "r", "p")} == {"name": "scrypt", "n": 2**15, "r": 8, "p": 1}
    assert set(doc["entries"]) == {"seal"}
    raw = path.read_bytes()
    der = pkcs8(ec_key)
    assert der not in raw and base64.b64encode(der) not in raw
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_each_entry_has_its_own_nonce(tmp_path: Path, ec_key, ed_key) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "k"
    store = ProtectedFileKeystore(path, PASS)
    store.store("a", pkcs8(ec_key))
    store.store("b", pkcs8(ec_key))
    doc = json.loads(path.read_text("utf-8"))
    nonces = {doc["entries"][k]["nonce"] for k in ("a", "b")} | {doc["check"]["nonce"]}
    assert len(nonces) == 3
    assert doc["entries"]["a"]["ciphertext"] != doc["entries"]["b"]["ciphertext"]


def test_wrong_passphrase(tmp_path: Path, ec_key: ec.EllipticCurvePrivateKey) -> None:
    path = tmp_path / "k"
    ProtectedFileKeystore(path, PASS).store("a", pkcs8(ec_key))
    with pytest.raises(WrongPassphrase, match="passphrase is wrong"):
        ProtectedFileKeystore(path, PASS + "!")


def test_wrong_passphrase_is_detected_with_no_keys_stored(tmp_path: Path) -> None:
    path = tmp_path / "k"
    ProtectedFileKeystore(path, PASS)
    with pytest.raises(WrongPassphrase):
        ProtectedFileKeystore(path, "another long passphrase")


def test_short_passphrase_is_refused_for_a_new_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="too short"):
        ProtectedFileKeystore(tmp_path / "k", "short pass")
    assert not (tmp_path / "k").exists()


def test_entries_cannot_be_swapped_between_key_ids(tmp_path: Path, ec_key, ed_key) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "k"
    store = ProtectedFileKeystore(path, PASS)
    store.store("a", pkcs8(ec_key))
    store.store("b", pkcs8(ed_key))
    doc = json.loads(path.read_text("utf-8"))
    doc["entries"]["a"], doc["entries"]["b"] = doc["entries"]["b"], doc["entries"]["a"]
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProtectedFileDamaged):
        store.load_signer("a")


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"[]", b'{"format": "something else"}',
     json.dumps({"format": "microcred-protected-keys", "version": 1, "cipher": "AES-256-GCM",
                 "kdf": {"name": "scrypt", "n": 2**30, "r": 8, "p": 1, "salt": "AAAAAAAAAAAAAAAAAAAAAA=="},
                 "check": {}, "entries": {}}).encode()],
    ids=["empty", "text", "list", "other-format", "huge-scrypt"],
)
def test_damaged_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "k"
    path.write_bytes(content)
    with pytest.raises(ProtectedFileDamaged, match="damaged"):
        ProtectedFileKeystore(path, PASS)


def test_damaged_check_value(tmp_path: Path) -> None:
    path = tmp_path / "k"
    ProtectedFileKeystore(path, PASS)
    doc = json.loads(path.read_text("utf-8"))
    doc["check"]["nonce"] = "AAAA"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProtectedFileDamaged):
        ProtectedFileKeystore(path, PASS)


def test_missing_and_delete(tmp_path: Path, ed_key: ed25519.Ed25519PrivateKey) -> None:
    store = ProtectedFileKeystore(tmp_path / "k", PASS)
    with pytest.raises(KeyMissing):
        store.load_signer("a")
    store.store("a", pkcs8(ed_key))
    with pytest.raises(ValueError, match="already stored"):
        store.store("a", pkcs8(ed_key))
    store.delete("a")
    assert not store.has("a")
    with pytest.raises(KeyMissing):
        store.delete("a")


def test_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, ed_key: ed25519.Ed25519PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "k"
    store = ProtectedFileKeystore(path, PASS)
    store.store("a", pkcs8(ed_key))
    before = path.read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(protected_file.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        store.store("b", pkcs8(ed_key))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k"]


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"old content that is longer")
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]
