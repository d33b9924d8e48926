"""Issuer keys and sample texts for QR and PDF tests."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from microcred_desktop.crypto.didkey import did_key
from microcred_desktop.crypto.signer import IssuerSigner
from microcred_desktop.crypto.signers import KeySigner

# 60 characters with Lithuanian diacritics; 120 characters of a realistic (Latvian) course title.
NAME_60 = "Žydrūnė Ąžuolaitė-Šimkienė Kazimiera Marija Ona Jonaitytė-Ba"
TITLE_120 = (
    "Tīmekļa pieejamības pamati valsts pārvaldes satura redaktoriem un izstrādātājiem: "
    "WCAG 2.2 AA līmeņa prasības praksē ES."
)
assert len(NAME_60) == 60 and len(TITLE_120) == 120


def issuer(seed: int = 1, key_id: str = "issuer-2026") -> IssuerSigner:
    """A deterministic Ed25519 issuer."""
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
    return IssuerSigner(KeySigner(key_id, key), did_key(key.public_key()))


def mismatched_issuer() -> IssuerSigner:
    """A signer whose key is not the key of its did:key (a wiring bug)."""
    return IssuerSigner(issuer(2).signer, issuer(1).did)


def ecdsa_issuer() -> IssuerSigner:
    return IssuerSigner(KeySigner("p256", ec.generate_private_key(ec.SECP256R1())), issuer(1).did)
