"""One encrypted file holding every signing key (active and retired) with its certificates and metadata.

Format, version 1 (bytes)::

    MICROCRED-KEY-BACKUP\\n                         magic line
    {"version":1,"kdf":{...},"cipher":"AES-256-GCM","nonce":"...","length":N,"sha256":"..."}\\n
    <N bytes: AES-256-GCM ciphertext, the 16-byte tag at its end>

- kdf: {"name":"scrypt","n":32768,"r":8,"p":1,"salt":"<base64, 16 bytes>"}; the passphrase is
  taken in Unicode NFC form, UTF-8, and must be at least 12 characters long.
- nonce: base64 of 12 random bytes.
- AAD: the magic line followed by the canonical JSON (sorted keys, no spaces) of
  {version, kdf, cipher, nonce}, so a changed header never decrypts.
- sha256: hex SHA-256 of AAD || ciphertext. It is not a security measure (the GCM tag is) but
  lets us tell a damaged file (wrong magic, bad header, length or hash: truncated or altered)
  from a wrong passphrase (file intact, tag fails).
- plaintext: UTF-8 JSON {"keys": [{"key_id", "kind": "issuer"|"seal", "pkcs8": base64 DER,
  "chain": [base64 DER certificate, leaf first], "metadata": {...}}]}.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..domain.errors import UserError
from ..i18n import _
from .keystore import check_key_id, check_pkcs8
from .protected_file import (
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    WrongPassphrase,
    b64d,
    b64e,
    check_new_passphrase,
    derive_key,
    scrypt_params_ok,
)

MAGIC = b"MICROCRED-KEY-BACKUP\n"
VERSION = 1
KINDS = ("issuer", "seal")
_MAX_HEADER = 4096


@dataclass(frozen=True)
class BackedUpKey:
    """One key in a backup: its id, its kind, the PKCS#8 DER key, its certificates and metadata."""

    key_id: str
    kind: str  # "issuer" | "seal"
    pkcs8_der: bytes = field(repr=False)
    certificate_chain_der: tuple[bytes, ...] = field(default=(), repr=False)
    metadata: dict[str, Any] = field(default_factory=dict)


class BackupDamaged(UserError):
    """The file is not a key backup, or it was cut short or altered."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            _("The key backup file is damaged or incomplete, so it cannot be opened."),
            _("Use another copy of the backup (for example the one on your USB stick)."),
        )
        self.detail = detail


class NotABackup(BackupDamaged):
    """The file does not start like a key backup."""

    def __init__(self) -> None:
        UserError.__init__(
            self,
            _("This file is not a microcred key backup."),
            _("Choose the key backup file (it starts with MICROCRED-KEY-BACKUP)."),
        )
        self.detail = "magic"


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _aad(version: int, kdf: dict[str, Any], cipher: str, nonce: str) -> bytes:
    return MAGIC + _canonical({"version": version, "kdf": kdf, "cipher": cipher, "nonce": nonce})


def _entry_json(entry: BackedUpKey) -> dict[str, Any]:
    check_key_id(entry.key_id)
    if entry.kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    check_pkcs8(entry.pkcs8_der)
    return {
        "key_id": entry.key_id,
        "kind": entry.kind,
        "pkcs8": b64e(entry.pkcs8_der),
        "chain": [b64e(der) for der in entry.certificate_chain_der],
        "metadata": entry.metadata,
    }


def write_key_backup(entries: list[BackedUpKey], passphrase: str) -> bytes:
    """The encrypted backup file of `entries` (write it with `protected_file.atomic_write`)."""
    check_new_passphrase(passphrase)
    ids = [e.key_id for e in entries]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate key ids in the backup")
    plaintext = _canonical({"keys": [_entry_json(e) for e in entries]})
    salt, nonce = os.urandom(16), os.urandom(12)
    kdf = {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": b64e(salt)}
    cipher, nonce_b64 = "AES-256-GCM", b64e(nonce)
    aad = _aad(VERSION, kdf, cipher, nonce_b64)
    key = derive_key(passphrase, salt)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, aad)
    header = {
        "version": VERSION, "kdf": kdf, "cipher": cipher, "nonce": nonce_b64,
        "length": len(ciphertext), "sha256": hashlib.sha256(aad + ciphertext).hexdigest(),
    }
    return MAGIC + _canonical(header) + b"\n" + ciphertext


def _parse(data: bytes) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    """(kdf, nonce, aad, ciphertext) of an intact file; `BackupDamaged` otherwise."""
    if not data.startswith(MAGIC):
        raise NotABackup()
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + _MAX_HEADER)
    if end < 0:
        raise BackupDamaged("no header line")
    try:
        header = json.loads(data[len(MAGIC) : end])
    except ValueError:
        raise BackupDamaged("header is not JSON") from None
    if not isinstance(header, dict) or not isinstance(header.get("version"), int):
        raise BackupDamaged("bad header")
    if header["version"] > VERSION:
        raise UserError(_("This key backup was made by a newer version of microcred."),
                        _("Update microcred, then restore the backup again."))
    kdf, cipher, nonce_b64 = header.get("kdf"), header.get("cipher"), header.get("nonce")
    if (
        header["version"] != VERSION or not isinstance(kdf, dict) or kdf.get("name") != "scrypt"
        or not scrypt_params_ok(kdf.get("n"), kdf.get("r"), kdf.get("p"))
        or cipher != "AES-256-GCM" or not isinstance(nonce_b64, str)
        or not isinstance(header.get("length"), int) or not isinstance(header.get("sha256"), str)
    ):
        raise BackupDamaged("bad header fields")
    try:
        salt, nonce = b64d(kdf.get("salt")), b64d(nonce_b64)
    except ValueError:
        raise BackupDamaged("bad salt or nonce") from None
    if len(salt) < 16 or len(nonce) != 12:
        raise BackupDamaged("bad salt or nonce length")
    ciphertext = data[end + 1 :]
    if len(ciphertext) != header["length"]:
        raise BackupDamaged("length differs (truncated or extended)")
    aad = _aad(header["version"], kdf, cipher, nonce_b64)
    if hashlib.sha256(aad + ciphertext).hexdigest() != header["sha256"]:
        raise BackupDamaged("checksum differs")
    return kdf, nonce, aad, ciphertext


def _entry(obj: object) -> BackedUpKey:
    if not isinstance(obj, dict) or obj.get("kind") not in KINDS or not isinstance(obj.get("metadata"), dict):
        raise ValueError("bad entry")
    chain = obj.get("chain")
    if not isinstance(chain, list):
        raise ValueError("bad chain")
    entry = BackedUpKey(
        key_id=str(obj.get("key_id")),
        kind=obj["kind"],
        pkcs8_der=b64d(obj.get("pkcs8")),
        certificate_chain_der=tuple(b64d(c) for c in chain),
        metadata=obj["metadata"],
    )
    check_key_id(entry.key_id)
    check_pkcs8(entry.pkcs8_der)
    return entry


def read_key_backup(data: bytes, passphrase: str) -> list[BackedUpKey]:
    """The keys in a backup file; `NotABackup`, `BackupDamaged` or `WrongPassphrase` if it cannot be read."""
    kdf, nonce, aad, ciphertext = _parse(data)
    key = derive_key(passphrase, b64d(kdf["salt"]), kdf["n"], kdf["r"], kdf["p"])
    try:
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise WrongPassphrase() from None
    try:
        doc = json.loads(plaintext)
        keys = doc["keys"]
        if not isinstance(keys, list):
            raise ValueError("keys is not a list")
        return [_entry(obj) for obj in keys]
    except (ValueError, KeyError, TypeError):
        raise BackupDamaged("contents unreadable") from None
