"""Compact VC-JWTs (JWS) as other issuers send Open Badges: RS256, ES256 or EdDSA, key in the header.

Only keys the token itself carries can be used offline: a `jwk` header, or a `kid` that is a did:key.
A key in the header proves the token is intact; whether it is the issuer's key is the caller's question.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ...crypto.didkey import DidKeyError, did_key, public_key_from_did

COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
REGISTERED_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti")
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey


class JwtProblem(StrEnum):
    NONE = ""
    MALFORMED = "malformed"  # not three base64url parts of JSON objects
    UNSUPPORTED = "unsupported"  # algorithm or critical header we do not handle
    KEY_UNRESOLVABLE = "key-unresolvable"  # no key in the token; it would have to be fetched
    BAD_KEY = "bad-key"  # the header's key is malformed or does not fit the algorithm
    SIGNATURE = "signature"


@dataclass(frozen=True)
class JwtResult:
    """A decoded token: its credential, claims and whether its signature matched its own key."""

    verified: bool
    problem: JwtProblem = JwtProblem.NONE
    detail: str = ""
    header: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Any] = field(default_factory=dict)
    credential: dict[str, Any] | None = None
    key_did: str = ""  # the did:key of the verifying key when it is an Ed25519 key


def looks_like_jwt(text: str) -> bool:
    return bool(COMPACT_JWS.match(text))


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _int(value: object) -> int:
    if not isinstance(value, str):
        raise ValueError("not a base64url integer")
    return int.from_bytes(_b64(value), "big")


def _key_from_jwk(jwk: dict[str, Any]) -> PublicKey:
    kty = jwk.get("kty")
    if kty == "RSA":
        key = rsa.RSAPublicNumbers(_int(jwk.get("e")), _int(jwk.get("n"))).public_key()
        if key.key_size < 2048:
            raise ValueError("RSA key shorter than 2048 bits")
        return key
    if kty == "EC" and jwk.get("crv") == "P-256":
        numbers = ec.EllipticCurvePublicNumbers(_int(jwk.get("x")), _int(jwk.get("y")), ec.SECP256R1())
        return numbers.public_key()
    if kty == "OKP" and jwk.get("crv") == "Ed25519" and isinstance(jwk.get("x"), str):
        return ed25519.Ed25519PublicKey.from_public_bytes(_b64(jwk["x"]))
    raise ValueError(f"unsupported key type {kty!r}")


def _header_key(header: dict[str, Any]) -> PublicKey | JwtProblem:
    jwk, kid = header.get("jwk"), header.get("kid")
    try:
        if isinstance(jwk, dict):
            return _key_from_jwk(jwk)
        if isinstance(kid, str) and kid.startswith("did:key:"):
            return public_key_from_did(kid)
    except (ValueError, TypeError, DidKeyError, binascii.Error):
        return JwtProblem.BAD_KEY
    return JwtProblem.KEY_UNRESOLVABLE


def _check(alg: str, key: PublicKey, signature: bytes, data: bytes) -> bool:
    """True when the signature matches; raises TypeError when the key does not fit the algorithm."""
    try:
        if alg == "RS256" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        elif alg == "ES256" and isinstance(key, ec.EllipticCurvePublicKey):
            if len(signature) != 64:
                return False
            r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            der = encode_dss_signature(r, s)
            key.verify(der, data, ec.ECDSA(hashes.SHA256()))
        elif alg in ("EdDSA", "Ed25519") and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, data)
        else:
            raise TypeError(f"a {type(key).__name__} cannot check {alg}")
    except InvalidSignature:
        return False
    return True


def credential_of(claims: dict[str, Any]) -> dict[str, Any] | None:
    """The credential a JWT carries: its `vc` claim (VC-JWT 1.1) or the claims themselves (VC 2.0)."""
    vc = claims.get("vc")
    if isinstance(vc, dict):
        return vc
    if "@context" in claims or "credentialSubject" in claims:
        return {k: v for k, v in claims.items() if k not in REGISTERED_CLAIMS}
    return None


def decode_and_verify(token: str) -> JwtResult:
    """Decode a compact JWS and check its signature with the key its header carries."""
    token = token.strip()
    if not looks_like_jwt(token):
        return JwtResult(False, JwtProblem.MALFORMED)
    head, body, sig = token.split(".")
    try:
        header = json.loads(_b64(head))
        claims = json.loads(_b64(body))
        signature = _b64(sig)
    except (ValueError, RecursionError, binascii.Error):
        return JwtResult(False, JwtProblem.MALFORMED)
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return JwtResult(False, JwtProblem.MALFORMED)
    base = JwtResult(False, JwtProblem.NONE, "", header, claims, credential_of(claims))
    alg = header.get("alg")
    if alg not in ("RS256", "ES256", "EdDSA", "Ed25519") or "crit" in header:
        return _with(base, JwtProblem.UNSUPPORTED, str(alg)[:40])
    key = _header_key(header)
    if isinstance(key, JwtProblem):
        return _with(base, key, str(header.get("kid") or "")[:200])
    key_did = _did_of(key)
    try:
        ok = _check(str(alg), key, signature, f"{head}.{body}".encode("ascii"))
    except TypeError as exc:
        return _with(base, JwtProblem.BAD_KEY, str(exc))
    if not ok:
        return _with(base, JwtProblem.SIGNATURE, key_did=key_did)
    return _with(base, JwtProblem.NONE, key_did=key_did, verified=True)


def _did_of(key: PublicKey) -> str:
    return did_key(key) if isinstance(key, ed25519.Ed25519PublicKey) else ""


def _with(base: JwtResult, problem: JwtProblem, detail: str = "", **changes: Any) -> JwtResult:
    return replace(base, problem=problem, detail=detail, **changes)
