"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C VC Data Integrity EdDSA 1.0).

RDFC-1.0 canonicalisation needs the bundled JSON-LD contexts, which live in `formats/`, a layer above
this one; so the canonicaliser is passed in (`formats.ob3.canon` builds the instance the app uses).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .didkey import DidKeyError, public_key_from_did, public_key_from_multibase
from .signer import IssuerSigner

Canonicalizer = Callable[[dict[str, Any]], str]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
# The draft name of the same suite (same algorithm); 1EdTech's test files still carry it.
LEGACY_CRYPTOSUITES = frozenset({"eddsa-2022"})


class ProofProblem(StrEnum):
    """Why a proof did not verify; `formats` turns these into sentences for people."""

    NONE = ""
    MISSING = "missing"  # no proof at all
    UNSUPPORTED = "unsupported"  # only proofs of types or cryptosuites we do not check
    MALFORMED = "malformed"  # a required field is absent or has the wrong form
    PURPOSE = "purpose"  # made for another purpose than the one asked for
    KEY_UNRESOLVABLE = "key-unresolvable"  # the key must be looked up online (did:web, https, ...)
    BAD_KEY = "bad-key"  # the verification method names a key that cannot be decoded
    CANONICALIZATION = "canonicalization"  # JSON-LD processing failed (unknown context, too complex)
    SIGNATURE = "signature"  # the signature does not match the document


@dataclass(frozen=True)
class ProofResult:
    """The outcome of checking a document's Data Integrity proofs."""

    verified: bool
    problem: ProofProblem = ProofProblem.NONE
    detail: str = ""  # technical detail for the report: a proof type, a context URL, an error
    verification_method: str = ""
    controller: str = ""  # the DID or URL that the verification method belongs to
    # True when the key follows from the controller itself (did:key); False when it was read from the
    # fragment of a URL whose owner could not be asked offline.
    key_confirmed: bool = False
    cryptosuite: str = ""


@dataclass(frozen=True)
class _Key:
    public_key: Ed25519PublicKey
    controller: str
    confirmed: bool


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("created must be an aware datetime")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _proof_list(value: object) -> list[dict[str, Any]] | None:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [p for p in value if isinstance(p, dict)]
    return None


def _resolve_key(method: str, fragment_keys: bool) -> _Key | ProofProblem:
    if method.startswith("did:key:"):
        try:
            return _Key(public_key_from_did(method), method.partition("#")[0], True)
        except (DidKeyError, ValueError):
            return ProofProblem.BAD_KEY
    controller, _, fragment = method.partition("#")
    if fragment_keys and fragment.startswith("z") and ":" in controller:
        try:
            return _Key(public_key_from_multibase(fragment), controller, False)
        except (DidKeyError, ValueError):
            return ProofProblem.BAD_KEY
    return ProofProblem.KEY_UNRESOLVABLE


def _decode_proof_value(value: object) -> bytes | None:
    if not isinstance(value, str) or not value.startswith("z") or len(value) > 200:
        return None
    try:
        raw = base58.b58decode(value[1:])
    except ValueError:
        return None
    return raw if len(raw) == 64 else None


def _created_ok(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


class DataIntegrityProof:
    """Creates and verifies `DataIntegrityProof`s of cryptosuite eddsa-rdfc-2022."""

    def __init__(self, canonize: Canonicalizer) -> None:
        self._canonize = canonize

    def canonical_forms(self, document: dict[str, Any], proof: dict[str, Any]) -> tuple[str, str]:
        """(canonical proof configuration, canonical unsecured document) as RDFC-1.0 N-Quads."""
        unsecured = {k: v for k, v in document.items() if k != "proof"}
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        if "@context" not in config:
            config["@context"] = unsecured.get("@context")
        return self._canonize(config), self._canonize(unsecured)

    def hash_data(self, document: dict[str, Any], proof: dict[str, Any]) -> bytes:
        """SHA-256(canonical proof configuration) || SHA-256(canonical document): the bytes signed."""
        proof_canon, document_canon = self.canonical_forms(document, proof)
        return (
            hashlib.sha256(proof_canon.encode("utf-8")).digest()
            + hashlib.sha256(document_canon.encode("utf-8")).digest()
        )

    def create_proof(
        self,
        document: dict[str, Any],
        signer: IssuerSigner,
        created: datetime,
        proof_purpose: str = "assertionMethod",
        *,
        verification_method: str | None = None,
    ) -> dict[str, Any]:
        """A copy of `document` with one more proof in its `proof` array.

        `verification_method` overrides the signer's did:key method (test vectors use https URLs).
        A proof already present stays, and the new one does not cover it (a proof set).
        """
        if signer.signer.algorithm != "EdDSA":
            raise ValueError("eddsa-rdfc-2022 needs an Ed25519 key")
        proof: dict[str, Any] = {
            "type": PROOF_TYPE,
            "created": _iso(created),
            "verificationMethod": verification_method or signer.verification_method,
            "cryptosuite": CRYPTOSUITE,
            "proofPurpose": proof_purpose,
        }
        signature = signer.signer.sign(self.hash_data(document, proof))
        proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
        secured = _copy_json({k: v for k, v in document.items() if k != "proof"})
        secured["proof"] = [*_copy_json(_proof_list(document.get("proof")) or []), proof]
        return secured

    def verify_proof(
        self,
        document: dict[str, Any],
        *,
        proof_purpose: str = "assertionMethod",
        fragment_keys: bool = False,
    ) -> ProofResult:
        """Check every eddsa-rdfc-2022 proof of `document`; proofs of other kinds are left aside.

        Keys come from did:key verification methods. With `fragment_keys`, a method such as
        `https://example.edu/issuers/1#z6Mk…` is checked with the key in its fragment, and the result
        says `key_confirmed=False`: the signature is intact but nobody vouched that the URL owns the key.
        """
        proofs = _proof_list(document.get("proof"))
        if proofs is None or not proofs:
            return ProofResult(False, ProofProblem.MISSING if proofs is None else ProofProblem.MALFORMED)
        ours = [
            p for p in proofs
            if p.get("type") == PROOF_TYPE and p.get("cryptosuite") in {CRYPTOSUITE, *LEGACY_CRYPTOSUITES}
        ]
        if not ours:
            kinds = sorted({str(p.get("cryptosuite") or p.get("type")) for p in proofs})
            return ProofResult(False, ProofProblem.UNSUPPORTED, ", ".join(kinds)[:200])
        results = [self._verify_one(document, proof, proof_purpose, fragment_keys) for proof in ours]
        return next((r for r in results if not r.verified), results[0])

    def _verify_one(
        self, document: dict[str, Any], proof: dict[str, Any], purpose: str, fragment_keys: bool
    ) -> ProofResult:
        method = proof.get("verificationMethod")
        suite = str(proof.get("cryptosuite"))
        if not isinstance(method, str) or not method:
            return ProofResult(False, ProofProblem.MALFORMED, "verificationMethod", cryptosuite=suite)
        signature = _decode_proof_value(proof.get("proofValue"))
        if signature is None or not _created_ok(proof.get("created")):
            return ProofResult(False, ProofProblem.MALFORMED, "proofValue/created", method, cryptosuite=suite)
        if proof.get("proofPurpose") != purpose:
            return ProofResult(False, ProofProblem.PURPOSE, str(proof.get("proofPurpose"))[:100], method,
                               cryptosuite=suite)
        key = _resolve_key(method, fragment_keys)
        if isinstance(key, ProofProblem):
            return ProofResult(False, key, method[:200], method, cryptosuite=suite)
        found = ProofResult(False, ProofProblem.SIGNATURE, "", method, key.controller, key.confirmed, suite)
        try:
            data = self.hash_data(document, proof)
        except Exception as exc:  # JSON-LD processing of hostile input may fail in any way
            return replace(found, problem=ProofProblem.CANONICALIZATION, detail=str(exc)[:300])
        try:
            key.public_key.verify(signature, data)
        except InvalidSignature:
            return found
        return replace(found, verified=True, problem=ProofProblem.NONE)


def _copy_json(value: Any) -> Any:
    """A copy of the JSON value `value` that shares nothing changeable with it: new dicts and lists, the
    same strings and numbers. Several times quicker than `copy.deepcopy`, which keeps a memo of every object."""
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return value
