"""The encrypted key backup: round trip, and a damaged file is never mistaken for a wrong passphrase."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from microcred_desktop.crypto.key_backup import (
    MAGIC,
    BackedUpKey,
    BackupDamaged,
    NotABackup,
    read_key_backup,
    write_key_backup,
)
from microcred_desktop.crypto.protected_file import WrongPassphrase
from microcred_desktop.domain.errors import UserError

from .conftest import make_cert, name, pkcs8

PASS = "tulips in the rain 2026"


@pytest.fixture
def entries(rsa_key: rsa.RSAPrivateKey, ca) -> list[BackedUpKey]:  # type: ignore[no-untyped-def]
    ca_key, ca_cert = ca
    seal_cert = make_cert(rsa_key, name("Seal"), ca_key, ca_cert.subject)
    der = serialization.Encoding.DER
    return [
        BackedUpKey("issuer-2026", "issuer", pkcs8(ed25519.Ed25519PrivateKey.generate()), (),
                    {"did": "did:key:z6Mk...", "active": True}),
        BackedUpKey("issuer-2024", "issuer", pkcs8(ed25519.Ed25519PrivateKey.generate()), (),
                    {"active": False, "retired": "2026-01-01"}),
        BackedUpKey("seal-1", "seal", pkcs8(rsa_key), (seal_cert.public_bytes(der), ca_cert.public_bytes(der)),
                    {"label": "Kauno PMC seal – ąčę", "active": True}),
    ]


@pytest.fixture
def backup(entries: list[BackedUpKey]) -> bytes:
    return write_key_backup(entries, PASS)


def test_round_trip(entries: list[BackedUpKey], backup: bytes) -> None:
    assert read_key_backup(backup, PASS) == entries


def test_empty_backup_round_trips() -> None:
    assert read_key_backup(write_key_backup([], PASS), PASS) == []


def test_the_header_says_how_it_is_made(backup: bytes, entries: list[BackedUpKey]) -> None:
    assert backup.startswith(MAGIC)
    header = json.loads(backup[len(MAGIC) : backup.index(b"\n", len(MAGIC))])
    assert header["version"] == 1 and header["cipher"] == "AES-256-GCM"
    assert {k: header["kdf"][k] for k in ("name", "n", "r", "p")} == {"name": "scrypt", "n": 32768, "r": 8, "p": 1}
    assert header["length"] == len(backup) - backup.index(b"\n", len(MAGIC)) - 1
    for entry in entries:
        assert entry.pkcs8_der not in backup and entry.key_id.encode() not in backup


def test_each_backup_is_freshly_salted(entries: list[BackedUpKey]) -> None:
    assert write_key_backup(entries, PASS) != write_key_backup(entries, PASS)


def test_short_passphrase(entries: list[BackedUpKey]) -> None:
    with pytest.raises(UserError, match="too short"):
        write_key_backup(entries, "elevenchars")
    assert read_key_backup(write_key_backup([], "twelve chars"), "twelve chars") == []


def test_passphrase_is_unicode_normalised(entries: list[BackedUpKey]) -> None:
    composed, decomposed = "Žalgiris žalgiris 1410", "Z\u030calgiris z\u030calgiris 1410"
    assert read_key_backup(write_key_backup(entries[:1], composed), decomposed) == entries[:1]


def test_wrong_passphrase(backup: bytes) -> None:
    with pytest.raises(WrongPassphrase, match="passphrase is wrong"):
        read_key_backup(backup, PASS + "x")


@pytest.mark.parametrize("keep", [0.999, 0.9, 0.5, 0.1])
def test_truncated(backup: bytes, keep: float) -> None:
    with pytest.raises(BackupDamaged, match="damaged or incomplete") as caught:
        read_key_backup(backup[: int(len(backup) * keep)], PASS)
    assert not isinstance(caught.value, WrongPassphrase)


def test_one_extra_byte(backup: bytes) -> None:
    with pytest.raises(BackupDamaged, match="damaged or incomplete"):
        read_key_backup(backup + b"\n", PASS)


def test_one_byte_flipped_in_the_ciphertext(backup: bytes) -> None:
    i = len(backup) - 100
    flipped = backup[:i] + bytes([backup[i] ^ 0x01]) + backup[i + 1 :]
    with pytest.raises(BackupDamaged, match="damaged or incomplete"):
        read_key_backup(flipped, PASS)


def test_every_single_byte_flip_reads_as_damaged_never_as_wrong_passphrase() -> None:
    data = write_key_backup([BackedUpKey("k", "issuer", pkcs8(ed25519.Ed25519PrivateKey.generate()))], PASS)
    for i in range(len(data)):
        flipped = data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]
        with pytest.raises(BackupDamaged):
            read_key_backup(flipped, PASS)


def test_not_a_backup() -> None:
    for data in (b"", b"hello", b"PK\x03\x04zipfile", b'{"keys": []}'):
        with pytest.raises(NotABackup, match="not a microcred key backup"):
            read_key_backup(data, PASS)


def test_newer_version_is_named(backup: bytes) -> None:
    end = backup.index(b"\n", len(MAGIC))
    header = json.loads(backup[len(MAGIC) : end])
    header["version"] = 2
    newer = MAGIC + json.dumps(header).encode() + backup[end:]
    with pytest.raises(UserError, match="newer version"):
        read_key_backup(newer, PASS)


def test_bad_entries_are_refused_on_write() -> None:
    der = pkcs8(ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(ValueError, match="kind"):
        write_key_backup([BackedUpKey("a", "signing", der)], PASS)
    with pytest.raises(ValueError, match="duplicate"):
        write_key_backup([BackedUpKey("a", "seal", der), BackedUpKey("a", "seal", der)], PASS)
    with pytest.raises(ValueError):
        write_key_backup([BackedUpKey("a", "seal", b"not a key")], PASS)


def test_repr_hides_keys(entries: list[BackedUpKey]) -> None:
    text = repr(entries)
    assert "pkcs8" not in text and "issuer-2026" in text
