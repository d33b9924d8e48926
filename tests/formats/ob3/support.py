"""Shared pieces of the Open Badges tests: the test issuer's key, reference files, an independent verifier."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from microcred_desktop.crypto.didkey import did_key
from microcred_desktop.crypto.signer import IssuerSigner
from microcred_desktop.crypto.signers import KeySigner

STANDARDS = Path(__file__).resolve().parents[3].parent / "shared" / "standards"
OB3 = STANDARDS / "ob3"
VALIDATOR = OB3 / "validator-testdata" / "ob30"
# Official credentials that exercise canonicalisation: a test vector, a complete one, one with blank nodes.
CANON_REFERENCES = [OB3 / "spec" / "examples_extracted" / "impl-test-vector-unsigned.json", VALIDATOR / "complete.json",
                    VALIDATOR / "bit-string-list" / "credential-status-revoked-blank-nodes.json"]
SIGNED_AT = datetime(2026, 11, 20, 10, 30, 5, tzinfo=UTC)
NOW = datetime(2027, 1, 15, 12, 0, 0, tzinfo=UTC)


def issuer_signer(seed: bytes = bytes(range(32))) -> IssuerSigner:
    key = Ed25519PrivateKey.from_private_bytes(seed)
    return IssuerSigner(KeySigner("test-issuer", key), did_key(key.public_key()))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# The reference copies of the contexts (shared/standards), not the app's bundle: an independent reader.
_REFERENCE_CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-3.0.3.json",
}


def _reference_loader(url: str, options: Any = None) -> dict[str, Any]:
    document = json.loads((STANDARDS / "jsonld-contexts" / _REFERENCE_CONTEXTS[url]).read_text("utf-8"))
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}


def _reference_canon(document: dict[str, Any]) -> bytes:
    nquads = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                         "documentLoader": _reference_loader})
    return hashlib.sha256(nquads.encode("utf-8")).digest()


def independently_verified(credential: dict[str, Any]) -> bool:
    """eddsa-rdfc-2022 re-done from the spec with pyld and `cryptography`, none of our proof code."""
    (proof,) = credential["proof"]
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-rdfc-2022"
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"} | {"@context": credential["@context"]}
    did, _, fragment = proof["verificationMethod"].partition("#")
    assert did.startswith("did:key:z") and fragment == did.removeprefix("did:key:")
    multikey = base58.b58decode(fragment[1:])
    assert multikey[:2] == b"\xed\x01"
    signature = base58.b58decode(proof["proofValue"].removeprefix("z"))
    try:
        Ed25519PublicKey.from_public_bytes(multikey[2:]).verify(
            signature, _reference_canon(config) + _reference_canon(unsecured)
        )
    except Exception:
        return False
    return True
