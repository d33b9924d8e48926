"""eddsa-rdfc-2022 Data Integrity proofs: the 1EdTech test vector byte for byte, then every way to fail."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from microcred_desktop.crypto.data_integrity import DataIntegrityProof, ProofProblem
from microcred_desktop.crypto.didkey import did_key
from microcred_desktop.crypto.signer import IssuerSigner
from microcred_desktop.crypto.signers import KeySigner
from microcred_desktop.formats import jsonld
from tests.formats.ob3.support import OB3, issuer_signer, load

SPEC = OB3 / "spec"
# Published in the OB 3.0 implementation guide ("Linked Data Proof Test Vector"): the first 32 bytes of
# its 64-byte private key are the Ed25519 seed.
VECTOR_SEED = bytes.fromhex("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4")
VECTOR_METHOD = "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
VECTOR_CREATED = datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)

PROOFS = DataIntegrityProof(jsonld.canonize)


def _unsigned() -> dict[str, Any]:
    return load(SPEC / "examples_extracted" / "impl-test-vector-unsigned.json")


def _signed() -> dict[str, Any]:
    return load(SPEC / "examples_extracted" / "impl-test-vector-signed.json")


def test_vector_key_is_the_published_one() -> None:
    public = Ed25519PrivateKey.from_private_bytes(VECTOR_SEED).public_key()
    assert did_key(public).endswith(VECTOR_METHOD.partition("#")[2])


def test_canonical_forms_equal_the_vector() -> None:
    proof_canon, document_canon = PROOFS.canonical_forms(_unsigned(), _signed()["proof"])
    assert document_canon == (SPEC / "test-vectors" / "obv3p0-document-canon.txt").read_text("utf-8")
    assert proof_canon == (SPEC / "test-vectors" / "obv3p0-proof-canon.txt").read_text("utf-8")


def test_create_proof_reproduces_the_vector_proof_value() -> None:
    signer = issuer_signer(VECTOR_SEED)
    secured = PROOFS.create_proof(_unsigned(), signer, VECTOR_CREATED, verification_method=VECTOR_METHOD)
    expected = _signed()
    assert secured["proof"] == [expected["proof"]]
    assert {k: v for k, v in secured.items() if k != "proof"} == _unsigned()


def test_vector_verifies_only_when_fragment_keys_are_allowed() -> None:
    result = PROOFS.verify_proof(_signed(), fragment_keys=True)
    assert result.verified and not result.key_confirmed
    assert result.controller == "https://example.edu/issuers/565049"
    strict = PROOFS.verify_proof(_signed())
    assert not strict.verified and strict.problem is ProofProblem.KEY_UNRESOLVABLE


def test_did_key_proof_round_trip_is_an_array_and_confirmed() -> None:
    signer = issuer_signer()
    unsigned = _unsigned()
    secured = PROOFS.create_proof(unsigned, signer, VECTOR_CREATED)
    assert unsigned == _unsigned(), "the input must not be changed"
    assert isinstance(secured["proof"], list) and len(secured["proof"]) == 1
    assert secured["proof"][0]["verificationMethod"] == signer.verification_method
    result = PROOFS.verify_proof(secured)
    assert result.verified and result.key_confirmed and result.controller == signer.did
    assert result.cryptosuite == "eddsa-rdfc-2022"


def test_proof_set_keeps_earlier_proofs_and_both_verify() -> None:
    first = PROOFS.create_proof(_unsigned(), issuer_signer(), VECTOR_CREATED)
    both = PROOFS.create_proof(first, issuer_signer(bytes(32)), VECTOR_CREATED)
    assert len(both["proof"]) == 2 and both["proof"][0] == first["proof"][0]
    assert PROOFS.verify_proof(both).verified
    broken = copy.deepcopy(both)
    broken["proof"][1]["proofValue"] = first["proof"][0]["proofValue"]
    assert PROOFS.verify_proof(broken).problem is ProofProblem.SIGNATURE


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["credentialSubject"]["achievement"].update(name="Leadership"), ProofProblem.SIGNATURE),
        (lambda d: d.update(validFrom="2011-01-01T00:00:00Z"), ProofProblem.SIGNATURE),
        (lambda d: d["proof"][0].update(created="2011-01-01T00:00:00Z"), ProofProblem.SIGNATURE),
        (lambda d: d.pop("proof"), ProofProblem.MISSING),
        (lambda d: d.update(proof=[]), ProofProblem.MALFORMED),
        (lambda d: d["proof"][0].update(cryptosuite="ecdsa-rdfc-2019"), ProofProblem.UNSUPPORTED),
        (lambda d: d["proof"][0].update(type="Ed25519Signature2020"), ProofProblem.UNSUPPORTED),
        (lambda d: d["proof"][0].update(proofPurpose="authentication"), ProofProblem.PURPOSE),
        (lambda d: d["proof"][0].update(proofValue="not-multibase"), ProofProblem.MALFORMED),
        (lambda d: d["proof"][0].update(proofValue="z3"), ProofProblem.MALFORMED),
        (lambda d: d["proof"][0].update(created="yesterday"), ProofProblem.MALFORMED),
        (lambda d: d["proof"][0].pop("verificationMethod"), ProofProblem.MALFORMED),
        (lambda d: d["proof"][0].update(verificationMethod="did:key:z6Mkbad"), ProofProblem.BAD_KEY),
        (lambda d: d["proof"][0].update(verificationMethod="did:web:example.com#key-1"),
         ProofProblem.KEY_UNRESOLVABLE),
        (lambda d: d.update({"@context": ["https://example.com/unknown-context"]}),
         ProofProblem.CANONICALIZATION),
    ],
)
def test_every_failure_is_named(change: Any, problem: ProofProblem) -> None:
    secured = PROOFS.create_proof(_unsigned(), issuer_signer(), VECTOR_CREATED)
    change(secured)
    result = PROOFS.verify_proof(secured)
    assert not result.verified
    assert result.problem is problem


def test_a_key_from_another_did_fails_the_signature() -> None:
    secured = PROOFS.create_proof(_unsigned(), issuer_signer(), VECTOR_CREATED)
    other = issuer_signer(bytes(32))
    secured["proof"][0]["verificationMethod"] = other.verification_method
    assert PROOFS.verify_proof(secured).problem is ProofProblem.SIGNATURE


def test_only_ed25519_signers_and_aware_times() -> None:
    ec_signer = IssuerSigner(KeySigner("ec", generate_private_key(SECP256R1())), "did:key:z6Mkx")
    with pytest.raises(ValueError, match="Ed25519"):
        PROOFS.create_proof(_unsigned(), ec_signer, VECTOR_CREATED)
    with pytest.raises(ValueError, match="aware"):
        PROOFS.create_proof(_unsigned(), issuer_signer(), datetime(2010, 1, 1))


def test_signing_is_deterministic() -> None:
    a = PROOFS.create_proof(_unsigned(), issuer_signer(), VECTOR_CREATED)
    b = PROOFS.create_proof(_unsigned(), issuer_signer(), VECTOR_CREATED)
    assert a == b
