"""What formats need from a key: sign bytes, name the algorithm, identify the key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Signer(Protocol):
    """Signs bytes with a private key the caller never sees."""

    @property
    def key_id(self) -> str:
        """Our id of the key (also the keychain entry name)."""
        ...

    @property
    def algorithm(self) -> str:
        """JOSE name of the signature algorithm: "EdDSA", "ES256" or "RS256"."""
        ...

    def sign(self, data: bytes) -> bytes:
        """The raw signature (for ES256 the 64-byte r||s form JOSE uses)."""
        ...


@dataclass(frozen=True)
class SealSigner:
    """A signer for JAdES seals: the signer plus its certificate chain (DER, leaf first)."""

    signer: Signer
    chain: tuple[bytes, ...]


@dataclass(frozen=True)
class IssuerSigner:
    """A signer for Open Badges proofs and QR payloads: an Ed25519 key published as did:key."""

    signer: Signer
    did: str  # did:key:z6Mk...

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.did.removeprefix('did:key:')}"
