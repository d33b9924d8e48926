"""A passphrase-protected key file: the explicit alternative to the OS keychain.

File (JSON, UTF-8, mode 0600, replaced atomically on every change)::

    {"format": "microcred-protected-keys", "version": 1,
     "kdf": {"name": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "<base64, 16 bytes>"},
     "cipher": "AES-256-GCM",
     "check": {"nonce": "<base64, 12 bytes>", "ciphertext": "<base64>"},
     "entries": {"<key id>": {"nonce": "<base64, 12 bytes>", "ciphertext": "<base64>"}}}

One AES-256 key is derived from the passphrase with scrypt; every entry (and the `check` value,
which tells a wrong passphrase from a damaged entry) has its own random nonce, and its AAD names
the entry, so ciphertexts cannot be moved between key ids. Key ids are visible; keys are not.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..domain.errors import UserError
from ..i18n import _
from .keystore import BackendInfo, KeyMissing, check_key_id, check_pkcs8
from .signers import KeySigner

FORMAT = "microcred-protected-keys"
VERSION = 1
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE_LENGTH = 12
_CHECK_PLAINTEXT = b"microcred protected key file"


class WrongPassphrase(UserError):
    """The file is intact but the passphrase does not open it."""

    def __init__(self) -> None:
        super().__init__(
            _("The passphrase is wrong."),
            _("Check the passphrase (capital letters, keyboard layout) and try again."),
        )


class ProtectedFileDamaged(UserError):
    """The protected key file is not one we can read."""

    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(
            _("The protected key file “{name}” is damaged or is not a key file.").format(name=path.name),
            _("Choose another file, or restore the keys from your key backup."),
        )
        self.detail = detail


# -- shared by the key file and the key backup -------------------------------------------------


def passphrase_bytes(passphrase: str) -> bytes:
    """UTF-8 of the NFC form, so the same passphrase typed on any system gives the same bytes."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase shorter than 12 characters for anything we encrypt."""
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE_LENGTH:
        raise UserError(
            _("The passphrase is too short."),
            _("Use at least {n} characters, for example four unrelated words.").format(
                n=MIN_PASSPHRASE_LENGTH),
        )


MAX_SCRYPT_MEMORY = 256 * 1024 * 1024  # bytes: scrypt needs 128 * n * r of them


def scrypt_params_ok(n: object, r: object, p: object) -> bool:
    """Bounds that keep a crafted file from demanding gigabytes of memory or hours of work."""
    return (
        isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
        and 2**14 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4
        and 128 * n * r <= MAX_SCRYPT_MEMORY
    )


def derive_key(
    passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    """A 32-byte AES key from the passphrase (scrypt)."""
    if not scrypt_params_ok(n, r, p):
        raise ValueError("scrypt parameters out of bounds")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase_bytes(passphrase))


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: object) -> bytes:
    """Strict base64; ValueError on anything else."""
    if not isinstance(text, str):
        raise ValueError("not a string")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError("bad base64") from exc


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write via a temp file in the same folder, fsync, os.replace; the file never exists half-written."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if os.name == "posix":  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# -- the key file -------------------------------------------------------------------------------


def _aad(key_id: str | None) -> bytes:
    return f"{FORMAT}/{VERSION}/".encode() + (b"check" if key_id is None else b"entry/" + key_id.encode())


def _seal(key: bytes, plaintext: bytes, key_id: str | None) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": b64e(nonce), "ciphertext": b64e(AESGCM(key).encrypt(nonce, plaintext, _aad(key_id)))}


def _open(key: bytes, box: object, key_id: str | None) -> bytes:
    """Decrypt one entry; ValueError if its structure is wrong, InvalidTag if it does not authenticate."""
    if not isinstance(box, dict):
        raise ValueError("entry is not an object")
    nonce, ciphertext = b64d(box.get("nonce")), b64d(box.get("ciphertext"))
    if len(nonce) != 12 or len(ciphertext) < 16:
        raise ValueError("bad nonce or ciphertext length")
    return AESGCM(key).decrypt(nonce, ciphertext, _aad(key_id))


class ProtectedFileKeystore:
    """The `Keystore` interface over a passphrase-protected file; opens `path`, or creates it."""

    def __init__(self, path: Path | str, passphrase: str) -> None:
        self._path = Path(path)
        self._lock = threading.Lock()
        if self._path.exists():
            doc = self._read()
            self._salt = b64d(doc["kdf"]["salt"])
            self._key = derive_key(passphrase, self._salt, doc["kdf"]["n"], doc["kdf"]["r"], doc["kdf"]["p"])
            self._check(doc)
        else:
            check_new_passphrase(passphrase)
            self._salt = os.urandom(16)
            self._key = derive_key(passphrase, self._salt)
            kdf = {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": b64e(self._salt)}
            doc = {
                "format": FORMAT,
                "version": VERSION,
                "kdf": kdf,
                "cipher": "AES-256-GCM",
                "check": _seal(self._key, _CHECK_PLAINTEXT, None),
                "entries": {},
            }
            self._write(doc)

    @property
    def path(self) -> Path:
        return self._path

    def _damaged(self, detail: str) -> ProtectedFileDamaged:
        return ProtectedFileDamaged(self._path, detail)

    def _read(self) -> dict[str, Any]:
        try:
            doc = json.loads(self._path.read_bytes())
        except FileNotFoundError:
            raise self._damaged("the file is gone") from None
        except (OSError, ValueError) as exc:
            raise self._damaged(f"unreadable: {type(exc).__name__}") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise self._damaged("not a protected key file")
        if doc.get("version") != VERSION:
            raise UserError(_("This key file was made by a newer version of microcred."),
                            _("Update microcred, then open the file again."))
        kdf, entries = doc.get("kdf"), doc.get("entries")
        if (
            not isinstance(kdf, dict) or kdf.get("name") != "scrypt" or doc.get("cipher") != "AES-256-GCM"
            or not scrypt_params_ok(kdf.get("n"), kdf.get("r"), kdf.get("p"))
            or not isinstance(entries, dict)
        ):
            raise self._damaged("bad header")
        try:
            if len(b64d(kdf.get("salt"))) < 16:
                raise ValueError("short salt")
        except ValueError as exc:
            raise self._damaged(str(exc)) from None
        if hasattr(self, "_salt") and b64d(kdf["salt"]) != self._salt:
            raise self._damaged("the file was replaced by another key file")
        return doc

    def _check(self, doc: dict[str, Any]) -> None:
        try:
            if _open(self._key, doc.get("check"), None) != _CHECK_PLAINTEXT:
                raise self._damaged("check value differs")
        except InvalidTag:
            raise WrongPassphrase() from None
        except ValueError as exc:
            raise self._damaged(str(exc)) from None

    def _write(self, doc: dict[str, Any]) -> None:
        data = json.dumps(doc, indent=1, sort_keys=True).encode("utf-8")
        atomic_write(self._path, data, 0o600)

    def backend_info(self) -> BackendInfo:
        usable = True
        detail = str(self._path)
        try:
            with self._lock:
                self._read()
        except UserError as err:
            usable, detail = False, str(err)
        return BackendInfo(_("Protected key file"), False, usable, detail)

    def store(self, key_id: str, pkcs8_der: bytes, *, replace: bool = False) -> None:
        """Encrypt and keep a PKCS#8 DER private key under `key_id`."""
        check_key_id(key_id)
        check_pkcs8(pkcs8_der)
        with self._lock:
            doc = self._read()
            if not replace and key_id in doc["entries"]:
                raise ValueError(f"a key with id {key_id!r} is already stored")
            doc["entries"][key_id] = _seal(self._key, pkcs8_der, key_id)
            self._write(doc)

    def _load_der(self, key_id: str) -> bytes:
        check_key_id(key_id)
        with self._lock:
            doc = self._read()
        if key_id not in doc["entries"]:
            raise KeyMissing(key_id)
        try:
            return _open(self._key, doc["entries"][key_id], key_id)
        except (InvalidTag, ValueError):
            raise self._damaged(f"entry {key_id!r} does not decrypt") from None

    def load_signer(self, key_id: str) -> KeySigner:
        """A signer over the key stored under `key_id`."""
        der = self._load_der(key_id)
        try:
            return KeySigner.from_pkcs8(key_id, der)
        except (ValueError, TypeError):
            raise self._damaged(f"entry {key_id!r} is not a key") from None

    def load_pkcs8(self, key_id: str) -> bytes:
        """The stored PKCS#8 DER itself, for the encrypted key backup only."""
        return self._load_der(key_id)

    def has(self, key_id: str) -> bool:
        check_key_id(key_id)
        with self._lock:
            return key_id in self._read()["entries"]

    def delete(self, key_id: str) -> None:
        """Remove the entry of `key_id`; `KeyMissing` if there is none."""
        check_key_id(key_id)
        with self._lock:
            doc = self._read()
            if key_id not in doc["entries"]:
                raise KeyMissing(key_id)
            del doc["entries"][key_id]
            self._write(doc)

    def __repr__(self) -> str:
        return f"ProtectedFileKeystore({self._path.name!r})"
