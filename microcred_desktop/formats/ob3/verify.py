"""Verify an Open Badges 3.0 credential offline: JSON, VC-JWT, or baked into a PNG or SVG.

A did:key issuer whose key signed the badge passes the "issuer" check. A badge signed with a key
written out in the file (the fragment of an https verification method, a JWT's `jwk` header) whose
owner could only be asked online gets a warning instead: its signature is intact, but offline
nobody vouches that the key is the issuer's. A key of someone other than the named issuer fails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ...crypto.data_integrity import ProofProblem, ProofResult
from ...domain.verdict import Verdict
from ...i18n import _
from .canon import data_integrity, undefined_terms, unknown_contexts
from .content import content_of, issuer_id
from .jwt import JwtProblem, JwtResult, decode_and_verify
from .schema import schema_errors
from .unpack import shape_problem, unpack

log = logging.getLogger(__name__)
VC_V1 = "https://www.w3.org/2018/credentials/v1"
BADGE_TYPES = ("OpenBadgeCredential", "AchievementCredential")


@dataclass(frozen=True)
class _Signer:
    controller: str  # the DID or URL whose key made the signature
    confirmed: bool  # the key follows from `controller` itself (did:key), not from a claim


@dataclass
class Ob3Verification:
    """A verdict plus what a caller needs to judge trust: the credential and the issuer it proved."""

    verdict: Verdict
    credential: dict[str, Any] | None = None
    issuer_did: str = ""  # the did:key that signed as the issuer ("" unless the issuer check passed)


def verify_ob3(data: bytes | dict[str, Any], now: datetime, source: str = "") -> Verdict:
    """Every check of one Open Badge, each with one plain sentence. Never raises on bad input."""
    return check_ob3(data, now, source).verdict


def check_ob3(data: bytes | dict[str, Any], now: datetime, source: str = "") -> Ob3Verification:
    """`verify_ob3` with the credential read and the issuer's proven did:key, for trust decisions."""
    result = Ob3Verification(Verdict(source=source, kind="ob3"))
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    try:
        _verify(result, data, now)
    except Exception:  # a bug, not the user's doing; hostile input must still get an answer
        log.exception("verifying an Open Badge failed")
        result.verdict.add("internal", False, _("The badge could not be checked completely because of an error."))
    return result


def _verify(result: Ob3Verification, data: bytes | dict[str, Any], now: datetime) -> None:
    verdict = result.verdict
    unpacked = unpack(data)
    if unpacked.reason:
        verdict.unreadable_reason = unpacked.reason
        return
    token: JwtResult | None = None
    credential = unpacked.data
    if unpacked.jwt:
        token = decode_and_verify(unpacked.jwt)
        credential = token.credential
        if credential is None or token.problem is JwtProblem.MALFORMED:
            verdict.unreadable_reason = _("The badge's JWT could not be read or holds no credential.")
            return
        problem = shape_problem(token.claims)
        if problem:
            verdict.unreadable_reason = problem
            return
    assert credential is not None
    result.credential = credential
    verdict.content.update(content_of(credential))
    verdict.add("readable", True, _("The file contains an Open Badges credential."))
    _check_type(verdict, credential)
    signer = _check_jwt(verdict, token, credential) if token else _check_proof(verdict, credential)
    if _check_issuer(verdict, credential, signer, token) and signer is not None:
        result.issuer_did = signer.controller
    _check_dates(verdict, credential, token, now)
    _check_schema(verdict, credential)
    _check_terms(verdict, credential)
    if credential.get("credentialStatus") is not None:
        verdict.warn("status", _("The issuer can revoke this badge; whether it has been revoked can only be "
                                 "checked online."))


def _check_type(verdict: Verdict, credential: dict[str, Any]) -> None:
    types = credential.get("type")
    names = [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]
    if "VerifiableCredential" in names and any(t in names for t in BADGE_TYPES):
        verdict.add("type", True, _("It is an Open Badges 3.0 credential."))
    else:
        shown = ", ".join(names)[:200] or "-"
        verdict.add("type", False, _("This is not an Open Badge: its type is {types}.").format(types=shown))


def _proof_message(result: ProofResult, credential: dict[str, Any]) -> str:
    problem, detail = result.problem, result.detail
    if problem is ProofProblem.MISSING:
        return _("The badge carries no digital signature.")
    if problem is ProofProblem.UNSUPPORTED:
        return _("The badge is signed in a way this app does not support ({kind}); it checks "
                 "eddsa-rdfc-2022 signatures and JWTs.").format(kind=detail)
    if problem is ProofProblem.PURPOSE:
        return _("The signature was not made for issuing credentials (its purpose is {purpose}).").format(
            purpose=detail)
    if problem is ProofProblem.KEY_UNRESOLVABLE:
        return _("The signing key ({method}) would have to be fetched from the internet; this app checks "
                 "offline and cannot verify it.").format(method=detail)
    if problem is ProofProblem.BAD_KEY:
        return _("The signing key named in the badge ({method}) is not a valid key.").format(method=detail)
    if problem is ProofProblem.CANONICALIZATION:
        missing = unknown_contexts(credential)
        if missing:
            return _("The badge uses a vocabulary this app does not have offline ({url}), so its signature "
                     "cannot be checked.").format(url=", ".join(missing)[:300])
        return _("The badge's data could not be processed to check its signature.")
    if problem is ProofProblem.SIGNATURE:
        return _("The digital signature does not match: the badge was changed after it was signed, "
                 "or the signature is damaged.")
    return _("The digital signature is incomplete or damaged.")


def _check_proof(verdict: Verdict, credential: dict[str, Any]) -> _Signer | None:
    result = data_integrity().verify_proof(credential, fragment_keys=True)
    if not result.verified:
        verdict.add("proof", False, _proof_message(result, credential))
        return None
    verdict.add("proof", True, _("The digital signature is intact: nothing was changed after signing."))
    return _Signer(result.controller, result.key_confirmed)


def _check_jwt(verdict: Verdict, token: JwtResult, credential: dict[str, Any]) -> _Signer | None:
    if token.verified:
        verdict.add("proof", True, _("The digital signature (JWT) is intact: nothing was changed after "
                                     "signing."))
        if token.key_did:
            return _Signer(token.key_did, True)
        return _Signer(issuer_id(credential), False)
    if token.problem is JwtProblem.UNSUPPORTED:
        message = _("The badge is signed with an algorithm this app does not support ({alg}).").format(
            alg=token.detail)
    elif token.problem is JwtProblem.KEY_UNRESOLVABLE:
        message = _("The badge's signing key is not in the file and would have to be fetched from the "
                    "internet; this app checks offline and cannot verify it.")
    elif token.problem is JwtProblem.BAD_KEY:
        message = _("The signing key in the badge is not valid for its signature algorithm.")
    else:
        message = _("The digital signature does not match: the badge was changed after it was signed, "
                    "or the signature is damaged.")
    verdict.add("proof", False, message)
    return None


def _check_issuer(verdict: Verdict, credential: dict[str, Any], signer: _Signer | None,
                  token: JwtResult | None) -> bool:
    """True when the badge was signed with a key that follows from its issuer's id (did:key)."""
    issuer = issuer_id(credential)
    if not issuer:
        verdict.add("issuer", False, _("The badge does not name its issuer."))
        return False
    iss = token.claims.get("iss") if token else None
    if iss is not None and iss != issuer:
        verdict.add("issuer", False, _("The JWT names {iss} as issuer, the badge {issuer}.").format(
            iss=str(iss)[:200], issuer=issuer))
    elif signer is None:
        verdict.add("issuer", None, _("The issuer was not checked because the signature could not be."))
    elif signer.controller != issuer:
        verdict.add("issuer", False, _("The badge names {issuer} as its issuer but was signed with a key of "
                                       "{signer}.").format(issuer=issuer, signer=signer.controller[:200]))
    elif not signer.confirmed and issuer.startswith("did:key:"):
        # A did:key is its own key: a signature by any other key, even an intact one, is not the issuer's.
        verdict.add("issuer", False, _("The badge names {issuer} as its issuer but was not signed with that "
                                       "issuer's key.").format(issuer=issuer[:200]))
    elif not signer.confirmed:
        verdict.warn("issuer", _("The signature is intact, but the issuer's key could not be confirmed offline: "
                                 "only {issuer} itself, on the internet, can vouch that the key is its own.").format(
            issuer=issuer[:200]))
    else:
        verdict.add("issuer", True, _("The badge was signed by its issuer ({issuer}).").format(issuer=issuer))
        return True
    return False


def _moment(value: object) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


def _check_dates(
    verdict: Verdict, credential: dict[str, Any], token: JwtResult | None, now: datetime
) -> None:
    claims = token.claims if token else {}
    given = [v for v in (credential.get("validFrom", credential.get("issuanceDate")), claims.get("nbf"))
             if v is not None]
    starts = [_moment(v) for v in given]
    if not starts:
        verdict.add("valid-from", False, _("The badge does not say from when it is valid."))
    elif None in starts:
        verdict.add("valid-from", False, _("The badge's start of validity is not a date."))
    elif (first := max(m for m in starts if m)) > now:
        verdict.add("valid-from", False, _("The badge is not valid yet: it becomes valid on {date}.").format(
            date=_day(first)))
    else:
        verdict.add("valid-from", True, _("The badge is valid since {date}.").format(date=_day(first)))
    ends = [_moment(v) for v in (credential.get("validUntil", credential.get("expirationDate")),
                                 claims.get("exp")) if v is not None]
    if not ends:
        verdict.add("valid-until", None, _("The badge does not expire."))
    elif None in ends:
        verdict.add("valid-until", False, _("The badge's end of validity is not a date."))
    elif (last := min(m for m in ends if m)) < now:
        verdict.add("valid-until", False, _("The badge expired on {date}.").format(date=_day(last)))
    else:
        verdict.add("valid-until", True, _("The badge is valid until {date}.").format(date=_day(last)))


def _check_schema(verdict: Verdict, credential: dict[str, Any]) -> None:
    contexts = credential.get("@context")
    if isinstance(contexts, list) and contexts and contexts[0] == VC_V1:
        verdict.warn("schema", _("The badge follows an earlier draft of Open Badges 3.0 (on Verifiable "
                                 "Credentials 1.1); its structure was not checked."))
        return
    # VC 2.0 lets `proof` be one object or an array, and both mean the same; the schema insists on arrays.
    proof = credential.get("proof")
    checked = {**credential, "proof": [proof]} if isinstance(proof, dict) else credential
    errors = schema_errors(checked, limit=1)
    if errors:
        verdict.add("schema", False, _("The badge does not have the structure Open Badges 3.0 requires: "
                                       "{problem}").format(problem=errors[0]))
    else:
        verdict.add("schema", True, _("The badge has the structure Open Badges 3.0 requires."))


# The properties VC Data Integrity 1.0 defines for a DataIntegrityProof: JSON-LD silently drops any
# other, so the signature would not cover it (undefined_terms leaves proofs to this list).
_PROOF_TERMS = frozenset({
    "@context", "id", "type", "cryptosuite", "created", "expires", "verificationMethod", "proofPurpose",
    "proofValue", "domain", "challenge", "previousProof", "nonce",
})


def _undefined_proof_terms(credential: dict[str, Any]) -> list[str]:
    proofs = credential.get("proof")
    found = {
        f"proof/{key}"
        for proof in (proofs if isinstance(proofs, list) else [proofs])
        if isinstance(proof, dict) and proof.get("type") == "DataIntegrityProof"
        for key in proof if key not in _PROOF_TERMS
    }
    return sorted(found)


def _check_terms(verdict: Verdict, credential: dict[str, Any]) -> None:
    missing = unknown_contexts(credential)
    if missing:
        message = _("The badge uses a vocabulary this app does not have offline: {url}.")
        verdict.add("terms", False, message.format(url=", ".join(missing)[:300]))
        return
    try:
        undefined = undefined_terms(credential) + _undefined_proof_terms(credential)
    except Exception:  # pyld fails on malformed JSON-LD in many ways
        verdict.add("terms", False, _("The badge's data is not valid JSON-LD."))
        return
    if undefined:
        verdict.add("terms", False, _("Some properties of the badge are not defined by its vocabularies, so "
                                      "other verifiers ignore them: {names}.").format(
            names=", ".join(undefined[:8])[:300]))
    else:
        verdict.add("terms", True, _("Every property of the badge is defined by its vocabularies."))
