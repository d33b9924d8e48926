"""Signing keys as the catalogue knows them: public halves, certificates and status (never private keys)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class KeyKind(StrEnum):
    ISSUER = "issuer"  # Ed25519, published as did:key: Open Badges proofs and QR payloads
    SEAL = "seal"  # an X.509 certificate's key: the JAdES seal of EDC files


class KeyStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    kind: KeyKind
    algorithm: str  # EdDSA | ES256 | RS256
    public_key_der: bytes = field(repr=False)  # SubjectPublicKeyInfo
    fingerprint: str  # SHA-256 of the certificate (seal) or of the public key (issuer)
    created_at: datetime
    did: str | None = None
    certificate_chain: tuple[bytes, ...] = field(default=(), repr=False)  # DER, leaf first
    subject: str = ""
    not_after: datetime | None = None
    origin: str = "generated"  # generated | imported | restored
    status: KeyStatus = KeyStatus.ACTIVE
    storage: str = "keychain"  # keychain | protected-file
    retired_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.status is KeyStatus.ACTIVE
