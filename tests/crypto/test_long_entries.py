"""Keys longer than a keychain entry may hold (RSA seals on the Windows Credential Manager) are kept in parts."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from keyring.errors import PasswordSetError

from microcred_desktop.crypto.keystore import ENTRY_LIMIT, SERVICE, Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring

from .conftest import pkcs8


class SmallEntries(MemoryKeyring):
    """Like the Windows Credential Manager: at most 1,280 UTF-16 characters an entry."""

    def set_password(self, service: str, username: str, password: str) -> None:
        if len(password) > 1280:
            raise PasswordSetError("the credential blob is too large")
        super().set_password(service, username, password)


def test_an_rsa_seal_key_is_kept_in_parts_and_read_back_whole(rsa_key: rsa.RSAPrivateKey) -> None:
    backend = SmallEntries()
    store = Keystore(backend)
    der = pkcs8(rsa_key)
    store.store("seal-1", der)
    assert store.load_pkcs8("seal-1") == der
    assert store.load_signer("seal-1").algorithm == "RS256"
    head = backend.get_password(SERVICE, "seal-1")
    assert head is not None and head.startswith("mc1+") and len(head) < ENTRY_LIMIT
    parts = int(head[4:-1])
    assert parts >= 2 and all(backend.get_password(SERVICE, f"seal-1~{n}") for n in range(1, parts + 1))
    store.delete("seal-1")
    assert not store.has("seal-1")
    assert all(backend.get_password(SERVICE, f"seal-1~{n}") is None for n in range(1, parts + 1))


def test_a_missing_part_reads_as_a_missing_key(rsa_key: rsa.RSAPrivateKey) -> None:
    from microcred_desktop.crypto.keystore import KeyMissing

    backend = SmallEntries()
    store = Keystore(backend)
    store.store("seal-2", pkcs8(rsa_key))
    backend.delete_password(SERVICE, "seal-2~2")
    with pytest.raises(KeyMissing):
        store.load_pkcs8("seal-2")
