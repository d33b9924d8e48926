"""JAdES seals (ETSI TS 119 182-1) in the shape the Commission's sealed EDC samples have.

General JWS JSON serialisation, enveloping, unencoded payload::

    {"payload": "<the credential JSON, as a string>",
     "signatures": [{"protected": "<BASE64URL(header JSON)>", "signature": "<BASE64URL(sig)>"}]}

The protected header carries, in the samples' order: alg, cty "octet-stream", kid (base64 of the
DER IssuerSerial of the certificate), x5t#S256, x5c, typ "jose+json", b64 false, sigT, crit.
We make baseline-B seals (crit = ["b64", "sigT"]); the samples are B-LTA (also "adoTst" in crit
and an unprotected "etsiU" header), which `verify_jades` accepts without checking the timestamps.
Signing input: ASCII(BASE64URL(protected)) || "." || payload bytes (UTF-8 of the payload string).
The certificate is x5c[0] (bound by the signature, or by x5t#S256 when x5c is unprotected); kid
is a hint and is not checked. Whether the certificate is trusted is for the caller to decide.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ..domain.errors import UserError
from ..i18n import _
from .signer import SealSigner

SIGT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
CTY = "octet-stream"
TYP = "jose+json"
# Header parameters a verifier may meet in `crit`: ours, and the JAdES ones whose presence does
# not change how the signature over the payload is checked (timestamps, policies, signer attributes).
_UNDERSTOOD_CRIT = frozenset({
    "b64", "sigT", "adoTst", "sigPId", "sigPl", "srCms", "srAts", "sigX5ts", "x5t#o",
})
_RSA_PKCS1: dict[str, hashes.HashAlgorithm] = {
    "RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512(),
}
_RSA_PSS: dict[str, hashes.HashAlgorithm] = {
    "PS256": hashes.SHA256(), "PS384": hashes.SHA384(), "PS512": hashes.SHA512(),
}
_ECDSA: dict[str, tuple[str, hashes.HashAlgorithm, int]] = {
    "ES256": ("secp256r1", hashes.SHA256(), 32),
    "ES384": ("secp384r1", hashes.SHA384(), 48),
    "ES512": ("secp521r1", hashes.SHA512(), 66),
}


class SealInvalid(UserError):
    """The seal is malformed or does not verify; `reason` is a plain, translated sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class JadesResult:
    """A seal that verified: the signed bytes, who sealed them and when they said they did."""

    payload: bytes = field(repr=False)
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]  # every x5c certificate, leaf first
    signing_time: datetime
    header: dict[str, Any] = field(repr=False)  # the protected header
    unprotected_header: dict[str, Any] = field(default_factory=dict, repr=False)
    algorithm: str = ""
    certificate_valid_at_signing_time: bool = False


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict unpadded base64url; ValueError otherwise."""
    if not isinstance(text, str) or "=" in text or not text.isascii():
        raise ValueError("not base64url")
    if any(not (c.isalnum() or c in "-_") for c in text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


def _der(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + content


def jades_kid(cert: x509.Certificate) -> str:
    """base64(DER IssuerSerial) — IssuerSerial ::= SEQUENCE { GeneralNames{directoryName}, serial }."""
    serial = cert.serial_number
    serial_bytes = serial.to_bytes(serial.bit_length() // 8 + 1, "big")  # leading 0 keeps it positive
    general_names = _der(0x30, _der(0xA4, cert.issuer.public_bytes()))
    return base64.b64encode(_der(0x30, general_names + _der(0x02, serial_bytes))).decode("ascii")


def format_sigt(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("signing_time must be timezone-aware")
    return moment.astimezone(UTC).strftime(SIGT_FORMAT)


def _check_signature(alg: str, public_key: object, signature: bytes, data: bytes) -> None:
    """Raise InvalidSignature (or ValueError for a wrong key type / alg) unless the signature verifies."""
    if alg in _RSA_PKCS1 or alg in _RSA_PSS:
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise ValueError("RSA algorithm with a non-RSA key")
        if alg in _RSA_PKCS1:
            public_key.verify(signature, data, padding.PKCS1v15(), _RSA_PKCS1[alg])
        else:
            digest = _RSA_PSS[alg]
            pss = padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)
            public_key.verify(signature, data, pss, digest)
        return
    if alg in _ECDSA:
        curve, digest, size = _ECDSA[alg]
        if not isinstance(public_key, ec.EllipticCurvePublicKey) or public_key.curve.name != curve:
            raise ValueError("ECDSA algorithm with a key on another curve")
        if len(signature) != 2 * size:
            raise InvalidSignature()
        r = int.from_bytes(signature[:size], "big")
        s = int.from_bytes(signature[size:], "big")
        public_key.verify(encode_dss_signature(r, s), data, ec.ECDSA(digest))
        return
    raise ValueError("unsupported algorithm")


@lru_cache(maxsize=4)
def _leaf(der: bytes) -> tuple[x509.Certificate, str]:
    """A seal's certificate and its `kid`, worked out once for a batch."""
    leaf = x509.load_der_x509_certificate(der)
    return leaf, jades_kid(leaf)


def seal_json(payload: bytes, seal: SealSigner, signing_time: datetime) -> dict[str, Any]:
    """Seal `payload` (UTF-8 JSON) as a JAdES baseline-B JWS in the general JSON serialisation."""
    alg = seal.signer.algorithm
    if alg not in ("RS256", "ES256"):
        raise ValueError(f"a JAdES seal needs an RSA or EC P-256 key, not {alg}")
    if not seal.chain:
        raise ValueError("a seal needs its certificate")
    try:
        payload_text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the payload must be UTF-8 text") from None
    leaf, kid = _leaf(seal.chain[0])
    sigt = format_sigt(signing_time)
    moment = signing_time.astimezone(UTC).replace(microsecond=0)  # the time sigT states
    if not leaf.not_valid_before_utc <= moment <= leaf.not_valid_after_utc:
        raise UserError(
            _("The seal certificate is not valid at the signing time ({time}).").format(time=sigt),
            _("Renew or replace the seal certificate in Settings, or check the computer's clock."),
        )
    header = {
        "alg": alg,
        "cty": CTY,
        "kid": kid,
        "x5t#S256": b64url(hashlib.sha256(seal.chain[0]).digest()),
        "x5c": [base64.b64encode(der).decode("ascii") for der in seal.chain],
        "typ": TYP,
        "b64": False,
        "sigT": sigt,
        "crit": ["b64", "sigT"],
    }
    protected = b64url(json.dumps(header, separators=(",", ":")).encode("ascii"))
    signing_input = protected.encode("ascii") + b"." + payload
    signature = seal.signer.sign(signing_input)
    try:  # never hand out a seal that does not verify against its own certificate
        _check_signature(alg, leaf.public_key(), signature, signing_input)
    except (InvalidSignature, ValueError):
        raise UserError(
            _("The seal key does not belong to the seal certificate."),
            _("Import the seal again, with the key and certificate from the same file."),
        ) from None
    return {"payload": payload_text, "signatures": [{"protected": protected, "signature": b64url(signature)}]}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _v in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate header parameter")
    return dict(pairs)


def _signature_entry(jws: object) -> tuple[Any, dict[str, Any]]:
    """(payload, the one signature object) of a general or flattened JWS JSON object."""
    if not isinstance(jws, dict) or "payload" not in jws:
        raise SealInvalid(_("This is not a sealed credential: the seal structure (JWS) is missing."))
    if "signatures" in jws:
        sigs = jws["signatures"]
        if not isinstance(sigs, list) or len(sigs) != 1 or not isinstance(sigs[0], dict):
            raise SealInvalid(_("The seal must carry exactly one signature."))
        if "protected" in jws or "signature" in jws:
            raise SealInvalid(_("The seal structure is malformed."))
        return jws["payload"], sigs[0]
    if "signature" in jws:
        return jws["payload"], {k: jws[k] for k in ("protected", "header", "signature") if k in jws}
    raise SealInvalid(_("The seal structure is malformed."))


def _certificates(header: dict[str, Any], unprotected: dict[str, Any]) -> tuple[x509.Certificate, ...]:
    x5c = header.get("x5c", unprotected.get("x5c"))
    if not isinstance(x5c, list) or not x5c or not all(isinstance(c, str) for c in x5c):
        raise SealInvalid(_("The seal does not include the sealing certificate."))
    try:
        ders = [base64.b64decode(c, validate=True) for c in x5c]
        certs = tuple(x509.load_der_x509_certificate(d) for d in ders)
    except (binascii.Error, ValueError):
        raise SealInvalid(_("The sealing certificate in the seal is damaged.")) from None
    thumb = header.get("x5t#S256")
    if thumb is None and "x5c" not in header:
        raise SealInvalid(_("The sealing certificate is not protected by the seal."))
    if thumb is not None and thumb != b64url(hashlib.sha256(ders[0]).digest()):
        raise SealInvalid(_("The seal's certificate reference (x5t#S256) does not match its certificate."))
    return certs


def verify_jades(jws: dict[str, Any]) -> JadesResult:
    """Check a JAdES JWS (ours or the Commission's); `SealInvalid` says why a seal fails."""
    payload_field, entry = _signature_entry(jws)
    protected_b64, signature_b64 = entry.get("protected"), entry.get("signature")
    unprotected = entry.get("header", {})
    if not isinstance(protected_b64, str) or not isinstance(signature_b64, str):
        raise SealInvalid(_("The seal structure is malformed."))
    if not isinstance(unprotected, dict):
        raise SealInvalid(_("The seal structure is malformed."))
    try:
        header = json.loads(b64url_decode(protected_b64), object_pairs_hook=_no_duplicates)
        signature = b64url_decode(signature_b64)
    except (ValueError, UnicodeDecodeError):
        raise SealInvalid(_("The seal header is damaged.")) from None
    if not isinstance(header, dict):
        raise SealInvalid(_("The seal header is damaged."))
    if set(header) & set(unprotected):
        raise SealInvalid(_("The seal repeats a header parameter outside its protected part."))
    crit = header.get("crit", [])
    if not isinstance(crit, list) or not all(isinstance(c, str) and c in header for c in crit):
        raise SealInvalid(_("The seal header is damaged."))
    if any(c not in _UNDERSTOOD_CRIT for c in crit):
        raise SealInvalid(_("The seal uses a critical extension this program does not understand."))
    b64 = header.get("b64", True)
    if not isinstance(b64, bool) or ("b64" in header and "b64" not in crit):
        raise SealInvalid(_("The seal header is damaged."))
    if not isinstance(payload_field, str):
        raise SealInvalid(_("The sealed content is missing."))
    try:
        payload = payload_field.encode("utf-8") if b64 is False else b64url_decode(payload_field)
    except (ValueError, UnicodeEncodeError):
        raise SealInvalid(_("The sealed content is damaged.")) from None
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in {*_RSA_PKCS1, *_RSA_PSS, *_ECDSA}:
        raise SealInvalid(
            _("The seal uses a signature algorithm that is not supported ({alg}).").format(alg=alg))
    sigt = header.get("sigT")
    try:
        signing_time = datetime.strptime(sigt, SIGT_FORMAT).replace(tzinfo=UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SealInvalid(_("The seal has no valid signing time.")) from None
    certs = _certificates(header, unprotected)
    leaf = certs[0]
    signed_payload = payload if b64 is False else payload_field.encode("ascii")
    signing_input = protected_b64.encode("ascii") + b"." + signed_payload
    try:
        _check_signature(alg, leaf.public_key(), signature, signing_input)
    except ValueError:
        raise SealInvalid(_("The seal's algorithm does not fit the key of its certificate.")) from None
    except InvalidSignature:
        raise SealInvalid(
            _("The seal does not match the content: the credential was changed after sealing.")) from None
    valid_then = leaf.not_valid_before_utc <= signing_time <= leaf.not_valid_after_utc
    return JadesResult(
        payload=payload,
        certificate=leaf,
        chain=certs,
        signing_time=signing_time,
        header=header,
        unprotected_header=dict(unprotected),
        algorithm=alg,
        certificate_valid_at_signing_time=valid_then,
    )
