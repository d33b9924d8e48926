"""Every 1EdTech validator test file, with what our offline verifier must say about it and why.

Policy: the issuer check passes when the signing key follows from the issuer's id (did:key). The
validator's "valid" files are signed by keys at https URLs (or in a JWT's jwk header), which only the
issuer's web site can vouch for; offline we verify their signature with the key written in the file,
so the proof check passes and the issuer check is a warning ("could not be confirmed offline"): the
badge comes out valid. Those files are marked OFFLINE below. Broken files must fail exactly the checks
that catch their breakage, and a key that provably is not the issuer's still fails.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from microcred_desktop.domain.verdict import CheckStatus, Outcome
from microcred_desktop.formats.ob3.verify import verify_ob3
from tests.formats.ob3.support import VALIDATOR

NOW = datetime(2026, 1, 1, tzinfo=UTC)
OFFLINE = "valid per 1EdTech; signature intact, but the issuer's key can only be confirmed online"
UNSUPPORTED = "Ed25519Signature2020 (a superseded suite) is not checked"
TAMPERED = "the invalid value was put in after signing, so the proof breaks too"

# file -> (checks that must fail, why); every other check must not fail.
TABLE: dict[str, tuple[frozenset[str], str]] = {
    "simple.json": (frozenset(), OFFLINE),
    "simple.1ob": (frozenset(), OFFLINE + " (same as simple.json)"),
    "simple-json.png": (frozenset(), OFFLINE + " (baked PNG)"),
    "simple-json.svg": (frozenset(), OFFLINE + " (baked SVG)"),
    "simple-jwt.png": (frozenset(), OFFLINE + " (RS256 JWT with jwk header, baked)"),
    "simple-jwt.svg": (frozenset(), OFFLINE + " (RS256 JWT with jwk header, baked)"),
    "simple-jwt_v1.png": (frozenset(), OFFLINE + " (VC 1.1 JWT, baked)"),
    "simple-jwt_v1.svg": (frozenset(), OFFLINE + " (VC 1.1 JWT, baked)"),
    "simple-context-alias.json": (frozenset(), OFFLINE),
    "simple-context-version.json": (frozenset(), OFFLINE + " (context 3.0.2)"),
    "simple-did-web-method.json": (frozenset(), OFFLINE + " (proof as one object, not an array)"),
    "simple-eddsa-2022.json": (frozenset(), OFFLINE + " (draft suite name eddsa-2022, VC 1.1)"),
    "simple-multiple-proofs.json": (frozenset(), OFFLINE + "; the unknown proof type is skipped"),
    "complete.json": (frozenset(), OFFLINE + " (every optional field)"),
    "simple-did-key-method.json": (frozenset({"issuer"}),
                                   "signed by a did:key, but the issuer is a urn:uuid the key does not belong to"),
    "simple.jwt": (frozenset({"proof"}), "RS256 with neither jwk nor kid: the key would have to be fetched"),
    "velocity.jwt": (frozenset({"proof", "terms"}),
                     "did:velocity key and a Velocity context: neither is available offline"),
    "simple_v1.json": (frozenset({"proof"}), UNSUPPORTED),
    "complete_v1.json": (frozenset({"proof", "valid-until", "terms"}),
                         UNSUPPORTED + "; expired in 2020; VC 1.1-era types the context lacks"),
    "credential-status-revoked.json": (frozenset({"proof"}), UNSUPPORTED + " (did:web issuer)"),
    "endorsement-valid.json": (frozenset({"type", "schema"}),
                               "an EndorsementCredential is not a badge; https key"),
    "endorsement-err-schema-status-refresh.json": (frozenset({"type", "proof"}),
                                                   "an EndorsementCredential; " + UNSUPPORTED),
    "simple-noproof.json": (frozenset({"proof"}), "no proof at all"),
    "simple-err-proof-value.json": (frozenset({"proof"}), "the proofValue does not match"),
    "simple-err-proof-method.json": (frozenset({"proof"}), "the key in the method's fragment is corrupt"),
    "simple-err-proof-method-no-scheme.json": (frozenset({"proof"}), "the method is not a URL or DID"),
    "simple-err-proof-method-unknown-scheme.json": (frozenset({"proof"}), "xxx: is no key scheme"),
    "simple-err-proof-method-unknown-did-method.json": (frozenset({"proof"}), "did:example cannot be resolved"),
    "simple-err-expired.json": (frozenset({"valid-until"}), "validUntil is in 2010; " + OFFLINE),
    "simple-err-issued.json": (frozenset({"valid-from", "schema"}),
                               "validFrom is in 2040; no achievement; " + OFFLINE),
    "simple-err-issuer.json": (frozenset({"issuer", "schema"}), "no issuer"),
    "simple-err-type.json": (frozenset({"type", "proof", "schema", "terms"}),
                             "OtherCredential instead of OpenBadgeCredential; " + TAMPERED),
    "simple-err-context.json": (frozenset({"proof", "schema", "terms"}),
                                "the VC 2.0 context is missing, so core terms are undefined; " + TAMPERED),
    **{
        f"simple-err-{name}.json": (frozenset({"proof", "schema", "terms"}), f"invalid {name}; {TAMPERED}")
        for name in (
            "credential-subject-achievement-result-description-type", "credential-subject-identifier-type",
            "credential-subject-profile-type", "credential-subject-result-type", "credential-subject-type",
            "evidence-type", "issuer-otheridentifier-type", "issuer-parentorg-type", "issuer-type",
        )
    },
    "bit-string-list/credential-status-revoked.json": (frozenset(),
                                                       OFFLINE + "; revocation needs the network (warning)"),
    "bit-string-list/credential-status-revoked-blank-nodes.json": (frozenset(),
                                                                   OFFLINE + "; revocation needs the network"),
}


def _files() -> list[str]:
    return sorted(str(p.relative_to(VALIDATOR)) for p in VALIDATOR.rglob("*") if p.is_file())


def test_the_table_lists_every_file() -> None:
    assert sorted(TABLE) == _files()


@pytest.mark.parametrize("name", sorted(TABLE))
def test_validator_file(name: str) -> None:
    must_fail, why = TABLE[name]
    verdict = verify_ob3((VALIDATOR / Path(name)).read_bytes(), NOW, name)
    failed = {c.name for c in verdict.checks if c.status is CheckStatus.FAILED}
    assert verdict.outcome is (Outcome.INVALID if must_fail else Outcome.VALID), (why, verdict.to_json())
    assert failed == must_fail, (why, verdict.to_json())
    if OFFLINE in why:
        checks = {c.name: c for c in verdict.checks}
        assert checks["proof"].status is CheckStatus.PASSED, why
        assert checks["issuer"].status is CheckStatus.WARNING, why
        assert "could not be confirmed offline" in checks["issuer"].message, why


def test_the_valid_files_verify_and_the_broken_ones_do_not() -> None:
    valid = sorted(name for name, (must_fail, _why) in TABLE.items() if not must_fail)
    assert "simple.json" in valid and "simple-jwt.png" in valid and "complete.json" in valid
    assert not any("-err-" in name for name in valid)
