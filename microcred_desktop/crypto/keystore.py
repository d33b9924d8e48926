"""Private keys in the OS keychain (via `keyring`), one entry per key id, never anywhere else.

Entry: service "microcred-desktop", user name = key id, value = "mc1:" + base64(PKCS#8 DER).
Every keyring call goes through one module-level lock: keyring backends are not thread-safe.
A keychain that is missing, locked or not a real OS keychain raises `KeychainUnavailable`;
there is no plaintext fallback (a protected key file is a separate, explicit choice:
`protected_file.ProtectedFileKeystore`).
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import keyring
from cryptography.hazmat.primitives import serialization
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import InitError, KeyringError, KeyringLocked, NoKeyringError

from ..domain.errors import UserError
from ..i18n import _
from .memory_keyring import MemoryKeyring
from .signers import KeySigner

SERVICE = "microcred-desktop"
VALUE_PREFIX = "mc1:"
_PROBE_ENTRY = "microcred-probe"
_KEYRING_LOCK = threading.Lock()

# Backends that keep secrets in the operating system's own protected store.
_OS_KEYCHAINS = {
    "keyring.backends.SecretService": "Secret Service (GNOME Keyring / KWallet)",
    "keyring.backends.libsecret": "Secret Service (libsecret)",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
}

T = TypeVar("T")


@dataclass(frozen=True)
class BackendInfo:
    """Where keys are kept: a short name, whether it is the OS keychain, whether it works now."""

    name: str
    is_os_keychain: bool
    usable: bool
    detail: str


class KeychainUnavailable(UserError):
    """The OS keychain is missing, locked or unusable; `detail` is technical text for a report."""

    def __init__(self, message: str, hint: str = "", detail: str = "") -> None:
        super().__init__(message, hint)
        self.detail = detail


class KeyMissing(UserError):
    """No keychain entry for this key id."""

    def __init__(self, key_id: str) -> None:
        super().__init__(
            _("The signing key “{key_id}” was not found among the stored keys.").format(key_id=key_id),
            _("Restore it from your key backup, or create a new key in Settings."),
        )
        self.key_id = key_id


class KeyEntryDamaged(UserError):
    """The keychain entry exists but does not hold a key we can read."""

    def __init__(self, key_id: str) -> None:
        super().__init__(
            _("The keychain entry of the signing key “{key_id}” is damaged.").format(key_id=key_id),
            _("Restore the key from your key backup."),
        )
        self.key_id = key_id


def _other_choice() -> str:
    return _("Or choose a protected key file in Settings.")


def _no_keychain(detail: str) -> KeychainUnavailable:
    return KeychainUnavailable(
        _("No keychain was found on this computer, so signing keys cannot be kept safely."),
        _("Install and start GNOME Keyring (or KWallet), then try again.") + " " + _other_choice(),
        detail,
    )


def _unprotected(name: str) -> KeychainUnavailable:
    return KeychainUnavailable(
        _("The configured keychain does not protect what it stores, so it is not used for signing keys."),
        _("Install and start GNOME Keyring (or KWallet), then try again.") + " " + _other_choice(),
        f"backend {name} is not an OS keychain",
    )


def _locked(detail: str) -> KeychainUnavailable:
    return KeychainUnavailable(
        _("The keychain is locked, so the signing keys cannot be used."),
        _("Unlock the keychain (for example in Passwords and Keys, or by logging in again) and try again.")
        + " "
        + _other_choice(),
        detail,
    )


def _no_collection(detail: str) -> KeychainUnavailable:
    return KeychainUnavailable(
        _("The keychain has no default keyring to keep the signing keys in."),
        _("Create a default keyring in Passwords and Keys (GNOME Keyring) and try again.")
        + " "
        + _other_choice(),
        detail,
    )


def _unreachable(detail: str) -> KeychainUnavailable:
    return KeychainUnavailable(
        _("The keychain did not answer, so the signing key could not be read or saved."),
        _("Make sure the keychain (for example GNOME Keyring) is running and unlocked, then try again.")
        + " "
        + _other_choice(),
        detail,
    )


def _optional_error_types() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """(locked-type errors, other errors) of the optional D-Bus libraries that are installed."""
    locked: list[type[BaseException]] = []
    other: list[type[BaseException]] = []
    try:
        from secretstorage import exceptions as ss

        locked += [ss.LockedException, ss.PromptDismissedException]
        other.append(ss.SecretStorageException)
    except ImportError:  # pragma: no cover - not on Linux
        pass
    try:
        from jeepney.wrappers import DBusErrorResponse

        other.append(DBusErrorResponse)
    except ImportError:  # pragma: no cover
        pass
    try:
        import dbus  # dbus-python, used by the KWallet backend

        other.append(dbus.exceptions.DBusException)
    except ImportError:
        pass
    try:
        from win32ctypes.pywintypes import error as windows_error  # the Windows backend's errors

        other.append(windows_error)
    except ImportError:
        pass
    return tuple(locked), tuple(other)


_LOCKED_ERRORS, _DBUS_ERRORS = _optional_error_types()
_KEYCHAIN_ERRORS: tuple[type[BaseException], ...] = (KeyringError, OSError, *_DBUS_ERRORS)


def _translate(exc: BaseException) -> KeychainUnavailable:
    """The user-facing error for an exception raised by a keyring backend."""
    try:
        detail = f"{type(exc).__module__}.{type(exc).__name__}: {exc}"
    except Exception:  # a backend error whose __str__ fails must not hide the real problem
        detail = f"{type(exc).__module__}.{type(exc).__name__}"
    if isinstance(exc, (KeyringLocked, *_LOCKED_ERRORS)):
        return _locked(detail)
    if isinstance(exc, NoKeyringError):
        return _no_keychain(detail)
    if isinstance(exc, InitError):  # SecretService: no default collection and none could be made
        return _no_collection(detail)
    return _unreachable(detail)


def _is_os_keychain(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    return any(module == m or module.startswith(m + ".") for m in _OS_KEYCHAINS)


def _display_name(backend: KeyringBackend) -> str:
    module = type(backend).__module__
    for prefix, name in _OS_KEYCHAINS.items():
        if module == prefix or module.startswith(prefix + "."):
            return name
    return f"{module}.{type(backend).__name__}"


@dataclass(frozen=True)
class _Resolved:
    backend: KeyringBackend | None  # None: refused, `error` says why
    info: BackendInfo
    error: KeychainUnavailable | None = None


def _resolve(backend: KeyringBackend) -> _Resolved:
    """The one backend keys go to; a chainer yields its first OS keychain; anything else is refused."""
    if isinstance(backend, chainer.ChainerBackend):
        members = list(backend.backends)
        for member in members:
            if _is_os_keychain(member):
                return _resolve(member)
        detail = "chained backends: " + (", ".join(_display_name(m) for m in members) or "none")
        err = _no_keychain(detail) if not members else _unprotected(detail)
        return _Resolved(None, BackendInfo(_("No keychain"), False, False, err.message), err)
    if isinstance(backend, fail.Keyring | null.Keyring):
        err = _no_keychain(_display_name(backend))
        return _Resolved(None, BackendInfo(_("No keychain"), False, False, err.message), err)
    name = _display_name(backend)
    if _is_os_keychain(backend):
        return _Resolved(backend, BackendInfo(name, True, True, str(backend)))
    if isinstance(backend, MemoryKeyring):
        info = BackendInfo(_("In memory (tests only)"), False, True, _("Keys are lost on exit."))
        return _Resolved(backend, info)
    err = _unprotected(name)
    return _Resolved(None, BackendInfo(name, False, False, err.message), err)


def check_key_id(key_id: str) -> None:
    """Raise ValueError unless `key_id` is 1-200 printable ASCII characters without spaces."""
    if not (0 < len(key_id) <= 200) or not key_id.isascii() or not key_id.isprintable() or " " in key_id:
        raise ValueError("a key id is 1-200 printable ASCII characters without spaces")


def _encode(pkcs8_der: bytes) -> str:
    return VALUE_PREFIX + base64.b64encode(pkcs8_der).decode("ascii")


# The Windows Credential Manager keeps at most 2,560 bytes (1,280 UTF-16 characters) per entry: an RSA
# seal key does not fit. A long value is kept in parts "<key id>~1" … "<key id>~N", and the entry of the
# key id itself says how many there are ("mc1+N:"). Short values (EC, Ed25519) stay in one entry.
ENTRY_LIMIT = 1200
_PARTS_PREFIX = "mc1+"


def _split_value(value: str) -> tuple[str, list[str]]:
    """(head, parts) to store; no parts when the value fits one entry."""
    if len(value) <= ENTRY_LIMIT:
        return value, []
    parts = [value[i: i + ENTRY_LIMIT] for i in range(0, len(value), ENTRY_LIMIT)]
    return f"{_PARTS_PREFIX}{len(parts)}:", parts


def _part_name(key_id: str, number: int) -> str:
    return f"{key_id}~{number}"


def _part_count(head: str) -> int:
    """How many parts a head entry announces (0 for a value kept whole)."""
    if not head.startswith(_PARTS_PREFIX) or not head.endswith(":"):
        return 0
    count = head[len(_PARTS_PREFIX):-1]
    return int(count) if count.isdigit() and 0 < int(count) < 100 else 0


def _read_value(backend: KeyringBackend, key_id: str) -> str | None:
    head = backend.get_password(SERVICE, key_id)
    count = _part_count(head) if head is not None else 0
    if not count:
        return head
    parts = [backend.get_password(SERVICE, _part_name(key_id, n)) for n in range(1, count + 1)]
    return None if any(p is None for p in parts) else "".join(parts)  # type: ignore[arg-type]


def _decode(key_id: str, value: str) -> bytes:
    if not value.startswith(VALUE_PREFIX):
        raise KeyEntryDamaged(key_id)
    try:
        return base64.b64decode(value[len(VALUE_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise KeyEntryDamaged(key_id) from None


def check_pkcs8(pkcs8_der: bytes) -> None:
    """Raise ValueError unless `pkcs8_der` is an unencrypted PKCS#8 key a `KeySigner` can use."""
    if not pkcs8_der.startswith(b"\x30"):
        raise ValueError("not a PKCS#8 DER private key")
    try:
        key = serialization.load_der_private_key(pkcs8_der, password=None)
        KeySigner("check", key)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a usable PKCS#8 private key ({type(exc).__name__})") from None


class Keystore:
    """Signing keys in the OS keychain; pass `backend` to pin one, else keyring's choice is used."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._configured = backend

    def _resolved(self) -> _Resolved:
        # Called with _KEYRING_LOCK held: keyring.get_keyring() may probe backends too.
        try:
            return _resolve(self._configured if self._configured is not None else keyring.get_keyring())
        except _KEYCHAIN_ERRORS as exc:
            err = _translate(exc)
            return _Resolved(None, BackendInfo(_("No keychain"), False, False, err.message), err)

    def _call(self, fn: Callable[[KeyringBackend], T]) -> T:
        """Run `fn` on the resolved backend under the module lock, turning backend errors into ours."""
        with _KEYRING_LOCK:
            resolved = self._resolved()
            if resolved.backend is None:
                raise resolved.error or _no_keychain("")
            try:
                return fn(resolved.backend)
            except _KEYCHAIN_ERRORS as exc:
                raise _translate(exc) from exc

    def backend_info(self) -> BackendInfo:
        """Where keys go and whether that works now (may show the OS unlock prompt)."""
        with _KEYRING_LOCK:
            resolved = self._resolved()
            if resolved.backend is None:
                return resolved.info
            try:
                resolved.backend.get_password(SERVICE, _PROBE_ENTRY)
            except _KEYCHAIN_ERRORS as exc:
                err = _translate(exc)
                info = resolved.info
                return BackendInfo(info.name, info.is_os_keychain, False, str(err))
            return resolved.info

    def store(self, key_id: str, pkcs8_der: bytes, *, replace: bool = False) -> None:
        """Keep a PKCS#8 DER private key under `key_id`; refuses to overwrite unless `replace`."""
        check_key_id(key_id)
        check_pkcs8(pkcs8_der)
        value = _encode(pkcs8_der)

        def write(backend: KeyringBackend) -> None:
            if not replace and backend.get_password(SERVICE, key_id) is not None:
                raise ValueError(f"a key with id {key_id!r} is already stored")
            head, parts = _split_value(value)
            for number, part in enumerate(parts, start=1):  # the parts first: the head makes them count
                backend.set_password(SERVICE, _part_name(key_id, number), part)
            backend.set_password(SERVICE, key_id, head)
            if _read_value(backend, key_id) != value:
                raise _unreachable("the value read back differs from the value written")

        self._call(write)

    def load_signer(self, key_id: str) -> KeySigner:
        """A signer over the key stored under `key_id`."""
        check_key_id(key_id)
        value = self._call(lambda backend: _read_value(backend, key_id))
        if value is None:
            raise KeyMissing(key_id)
        der = _decode(key_id, value)
        try:
            return KeySigner.from_pkcs8(key_id, der)
        except (ValueError, TypeError):
            raise KeyEntryDamaged(key_id) from None

    def load_pkcs8(self, key_id: str) -> bytes:
        """The stored PKCS#8 DER itself, for the encrypted key backup only."""
        check_key_id(key_id)
        value = self._call(lambda backend: _read_value(backend, key_id))
        if value is None:
            raise KeyMissing(key_id)
        return _decode(key_id, value)

    def has(self, key_id: str) -> bool:
        check_key_id(key_id)
        return self._call(lambda backend: backend.get_password(SERVICE, key_id)) is not None

    def delete(self, key_id: str) -> None:
        """Remove the entry of `key_id`; `KeyMissing` if there is none."""
        check_key_id(key_id)

        def remove(backend: KeyringBackend) -> None:
            head = backend.get_password(SERVICE, key_id)
            if head is None:
                raise KeyMissing(key_id)
            backend.delete_password(SERVICE, key_id)
            for number in range(1, _part_count(head) + 1):
                if backend.get_password(SERVICE, _part_name(key_id, number)) is not None:
                    backend.delete_password(SERVICE, _part_name(key_id, number))

        self._call(remove)

    def __repr__(self) -> str:
        pinned = type(self._configured).__name__ if self._configured is not None else "default"
        return f"Keystore({pinned})"
