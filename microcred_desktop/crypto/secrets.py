"""Other secrets of the install (the mail server's password) in the OS keychain, next to the keys.

Same service ("microcred-desktop"), same backend choice, lock and plain-words errors as the signing
keys (`Keystore`); an entry name that is not a key id ("smtp-password"). Never a plaintext fallback.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from .keystore import SERVICE, Keystore

SMTP_PASSWORD = "smtp-password"  # noqa: S105 - the entry's name, not a password


class SecretStore(Keystore):
    """Text secrets by entry name; `backend` pins a keyring backend (tests), else the OS keychain."""

    def get_secret(self, entry: str) -> str | None:
        return self._call(lambda backend: backend.get_password(SERVICE, entry))

    def set_secret(self, entry: str, value: str) -> None:
        def write(backend: KeyringBackend) -> None:
            backend.set_password(SERVICE, entry, value)

        self._call(write)

    def delete_secret(self, entry: str) -> None:
        """Remove the entry; nothing happens when there is none."""

        def remove(backend: KeyringBackend) -> None:
            if backend.get_password(SERVICE, entry) is not None:
                try:
                    backend.delete_password(SERVICE, entry)
                except PasswordDeleteError:  # gone in between: that is what we wanted
                    pass

        self._call(remove)
