"""An in-memory keyring backend for unit tests and benchmarks: nothing is ever written anywhere."""

from __future__ import annotations

import threading

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Keeps entries in a dict for the life of the process; set `broken` to make every call raise it."""

    # Below fail.Keyring (0): keyring's automatic selection never picks this backend.
    priority = -5

    def __init__(self) -> None:
        super().__init__()
        self._entries: dict[tuple[str, str], str] = {}
        self._guard = threading.Lock()
        self.broken: BaseException | None = None

    def _check(self) -> None:
        if self.broken is not None:
            raise self.broken

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        with self._guard:
            return self._entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        with self._guard:
            self._entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        with self._guard:
            if self._entries.pop((service, username), None) is None:
                raise PasswordDeleteError("no such entry")

    def usernames(self, service: str) -> list[str]:
        """The entry names stored under `service` (for tests)."""
        with self._guard:
            return sorted(user for svc, user in self._entries if svc == service)

    def clear(self) -> None:
        with self._guard:
            self._entries.clear()

    def __repr__(self) -> str:  # never show the stored values
        return f"MemoryKeyring({len(self._entries)} entries)"


def install_memory_keyring() -> MemoryKeyring:
    """Make a fresh `MemoryKeyring` the process-wide keyring and return it."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend
