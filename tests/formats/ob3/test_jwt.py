"""VC-JWTs from other issuers: RS256, ES256 and EdDSA with the key in the header, made here with `cryptography`."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from microcred_desktop.crypto.didkey import did_key
from microcred_desktop.domain.verdict import CheckStatus, Outcome
from microcred_desktop.formats.ob3.bake import bake_png
from microcred_desktop.formats.ob3.build import build_ob3
from microcred_desktop.formats.ob3.image import default_badge_png
from microcred_desktop.formats.ob3.jwt import JwtProblem, credential_of, decode_and_verify
from microcred_desktop.formats.ob3.verify import verify_ob3
from tests import factories
from tests.formats.ob3.support import NOW

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
ED_KEY = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _uint(n: int, size: int | None = None) -> str:
    return _b64(n.to_bytes(size or (n.bit_length() + 7) // 8, "big"))


def _jwk(key: Any) -> dict[str, str]:
    if isinstance(key, rsa.RSAPrivateKey):
        numbers = key.public_key().public_numbers()
        return {"kty": "RSA", "n": _uint(numbers.n), "e": _uint(numbers.e)}
    if isinstance(key, ec.EllipticCurvePrivateKey):
        point = key.public_key().public_numbers()
        return {"kty": "EC", "crv": "P-256", "x": _uint(point.x, 32), "y": _uint(point.y, 32)}
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw)}


def make_jwt(claims: dict[str, Any], key: Any, alg: str, header: dict[str, Any] | None = None) -> str:
    head = header if header is not None else {"alg": alg, "typ": "JWT", "jwk": _jwk(key)}
    signing_input = f"{_b64(json.dumps(head).encode())}.{_b64(json.dumps(claims).encode())}".encode()
    if alg == "RS256":
        signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    elif alg == "ES256":
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        signature = key.sign(signing_input)
    return f"{signing_input.decode()}.{_b64(signature)}"


def _badge(issuer: str) -> dict[str, Any]:
    return build_ob3(factories.document(), issuer, None, "salt")


def _claims(credential: dict[str, Any]) -> dict[str, Any]:
    return {**credential, "iss": credential["issuer"]["id"], "jti": credential["id"], "nbf": 1795000000}


@pytest.mark.parametrize(("key", "alg"), [(RSA_KEY, "RS256"), (EC_KEY, "ES256"), (ED_KEY, "EdDSA")])
def test_each_algorithm_verifies_and_detects_tampering(key: Any, alg: str) -> None:
    token = make_jwt(_claims(_badge("https://issuer.example/1")), key, alg)
    result = decode_and_verify(token)
    assert result.verified and result.problem is JwtProblem.NONE
    assert result.credential is not None and "iss" not in result.credential
    head, body, sig = token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(body + "=="))
    forged["name"] = "Forged"
    tampered = f"{head}.{_b64(json.dumps(forged).encode())}.{sig}"
    assert decode_and_verify(tampered).problem is JwtProblem.SIGNATURE


def test_a_did_key_issuer_signing_its_own_jwt_is_valid() -> None:
    did = did_key(ED_KEY.public_key())
    token = make_jwt(_claims(_badge(did)), ED_KEY, "EdDSA", {"alg": "EdDSA", "kid": f"{did}#{did[8:]}"})
    verdict = verify_ob3(token.encode(), NOW)
    assert verdict.outcome is Outcome.VALID, verdict.to_json()
    baked = bake_png(default_badge_png("Web", "#000000"), token)
    assert verify_ob3(baked, NOW).outcome is Outcome.VALID


def test_a_header_key_does_not_make_an_https_issuer_confirmed() -> None:
    token = make_jwt(_claims(_badge("https://issuer.example/1")), RSA_KEY, "RS256")
    verdict = verify_ob3(token.encode(), NOW)
    status = {c.name: c.status for c in verdict.checks}
    assert status["proof"] is CheckStatus.PASSED
    assert status["issuer"] is CheckStatus.WARNING  # intact, but only the issuer's web site could vouch
    issuer = next(c for c in verdict.checks if c.name == "issuer")
    assert "could not be confirmed offline" in issuer.message and "https://issuer.example/1" in issuer.message
    assert verdict.outcome is Outcome.VALID


def test_a_header_key_signing_for_a_did_key_issuer_it_is_not_fails() -> None:
    did = did_key(ED_KEY.public_key())
    token = make_jwt(_claims(_badge(did)), RSA_KEY, "RS256")  # jwk header of another key, issuer a did:key
    verdict = verify_ob3(token.encode(), NOW)
    assert {c.name: c.status for c in verdict.checks}["issuer"] is CheckStatus.FAILED
    assert verdict.outcome is Outcome.INVALID


def test_iss_claim_must_name_the_same_issuer() -> None:
    did = did_key(ED_KEY.public_key())
    claims = _claims(_badge(did)) | {"iss": "https://someone.else"}
    token = make_jwt(claims, ED_KEY, "EdDSA", {"alg": "EdDSA", "kid": did})
    issuer = next(c for c in verify_ob3(token.encode(), NOW).checks if c.name == "issuer")
    assert issuer.status is CheckStatus.FAILED and "someone.else" in issuer.message


def test_exp_claim_counts_as_expiry() -> None:
    did = did_key(ED_KEY.public_key())
    claims = _claims(_badge(did)) | {"exp": 1800000000}  # 2027-01-15T08:00Z, before NOW (12:00)
    token = make_jwt(claims, ED_KEY, "EdDSA", {"alg": "EdDSA", "kid": did})
    until = next(c for c in verify_ob3(token.encode(), NOW).checks if c.name == "valid-until")
    assert until.status is CheckStatus.FAILED


def test_vc_claim_jwt_with_nbf_as_the_only_start() -> None:
    did = did_key(ED_KEY.public_key())
    vc = {k: v for k, v in _badge(did).items() if k != "validFrom"}
    token = make_jwt({"vc": vc, "iss": did, "nbf": 1900000000}, ED_KEY, "EdDSA", {"alg": "EdDSA", "kid": did})
    start = next(c for c in verify_ob3(token.encode(), NOW).checks if c.name == "valid-from")
    assert start.status is CheckStatus.FAILED and "2030-03-17" in start.message  # nbf is after NOW


@pytest.mark.parametrize(
    ("header", "key", "alg", "problem"),
    [
        ({"alg": "none"}, ED_KEY, "EdDSA", JwtProblem.UNSUPPORTED),
        ({"alg": "HS256", "jwk": {"kty": "oct", "k": "c2VjcmV0"}}, ED_KEY, "EdDSA", JwtProblem.UNSUPPORTED),
        ({"alg": "EdDSA", "crit": ["b64"], "b64": False, "jwk": _jwk(ED_KEY)}, ED_KEY, "EdDSA",
         JwtProblem.UNSUPPORTED),
        ({"alg": "RS256"}, RSA_KEY, "RS256", JwtProblem.KEY_UNRESOLVABLE),
        ({"alg": "RS256", "kid": "https://issuer.example/keys/1"}, RSA_KEY, "RS256", JwtProblem.KEY_UNRESOLVABLE),
        ({"alg": "RS256", "jwk": _jwk(rsa.generate_private_key(public_exponent=65537, key_size=1024))},  # noqa: S505
         RSA_KEY, "RS256", JwtProblem.BAD_KEY),
        ({"alg": "RS256", "jwk": _jwk(EC_KEY)}, RSA_KEY, "RS256", JwtProblem.BAD_KEY),
        ({"alg": "ES256", "jwk": {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}}, EC_KEY, "ES256",
         JwtProblem.BAD_KEY),
        ({"alg": "EdDSA", "jwk": _jwk(EC_KEY)}, ED_KEY, "EdDSA", JwtProblem.BAD_KEY),
    ],
)
def test_what_cannot_be_checked_is_named(header: dict[str, Any], key: Any, alg: str, problem: JwtProblem) -> None:
    token = make_jwt(_claims(_badge("https://issuer.example/1")), key, alg, header)
    result = decode_and_verify(token)
    assert not result.verified and result.problem is problem


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c", "e30.W10.", "!!.??.##"])
def test_malformed_tokens(token: str) -> None:
    assert decode_and_verify(token).problem is JwtProblem.MALFORMED


def test_credential_of_both_jwt_styles() -> None:
    vc = {"@context": ["x"], "type": ["VerifiableCredential"]}
    assert credential_of({"vc": vc, "iss": "a"}) == vc
    assert credential_of({**vc, "iss": "a", "exp": 1}) == vc
    assert credential_of({"iss": "a"}) is None
