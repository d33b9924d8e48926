"""JAdES seals: the Commission's sealed samples verify; ours have their shape and verify with plain JWS."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from microcred_desktop.crypto.jades import SealInvalid, b64url, jades_kid, seal_json, verify_jades
from microcred_desktop.crypto.signer import SealSigner
from microcred_desktop.crypto.signers import KeySigner
from microcred_desktop.domain.errors import UserError

from .conftest import NOW, make_cert, name

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "standards" / "edc" / "official-samples"
SEALED = ["Sample-MC-Annex1-signed.jsonld", "Sample-CertOfPart-signed.jsonld"]
PAYLOAD = json.dumps({"id": "urn:credential:1", "name": "Interneto prieinamumo pagrindai – ąčęėįšųūž"},
                     ensure_ascii=False).encode("utf-8")


def sample(file: str) -> dict[str, Any]:
    path = SAMPLES / file
    if not path.exists():
        pytest.skip(f"official sample not found at {path}")
    return json.loads(path.read_text("utf-8"))


def protected_header(jws: dict[str, Any]) -> dict[str, Any]:
    text = jws["signatures"][0]["protected"]
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def seal_for(key: Any, ca: Any = None) -> SealSigner:
    chain: tuple[bytes, ...]
    if ca is None:
        cert = make_cert(key, name("KPMC seal"))
        chain = (cert.public_bytes(serialization.Encoding.DER),)
    else:
        ca_key, ca_cert = ca
        cert = make_cert(key, name("KPMC seal"), ca_key, ca_cert.subject)
        chain = tuple(c.public_bytes(serialization.Encoding.DER) for c in (cert, ca_cert))
    return SealSigner(KeySigner("seal", key), chain)


def resign(jws: dict[str, Any], key: Any, header: dict[str, Any]) -> dict[str, Any]:
    """A copy of `jws` with a new protected header, validly signed over it (for header-rule tests)."""
    protected = b64url(json.dumps(header, separators=(",", ":")).encode())
    signing_input = protected.encode() + b"." + jws["payload"].encode("utf-8")
    signature = KeySigner("x", key).sign(signing_input)
    return {"payload": jws["payload"], "signatures": [{"protected": protected, "signature": b64url(signature)}]}


# -- the Commission's samples -----------------------------------------------------------------------


@pytest.mark.parametrize("file", SEALED)
def test_commission_samples_verify(file: str) -> None:
    jws = sample(file)
    result = verify_jades(jws)
    assert result.algorithm == "RS256"
    assert result.signing_time == datetime.strptime(result.header["sigT"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert result.signing_time.year == 2023
    assert result.certificate_valid_at_signing_time
    assert "TEST SEAL" in result.certificate.subject.rfc4514_string()
    assert result.chain[0] == result.certificate
    assert set(result.unprotected_header) == {"etsiU"}
    credential = json.loads(result.payload)
    assert credential["id"].startswith("urn:credential:") and "EuropeanDigitalCredential" in credential["type"]


@pytest.mark.parametrize("file", SEALED)
@pytest.mark.parametrize("where", [0.1, 0.5, 0.97])
def test_commission_sample_with_one_payload_byte_changed_is_rejected(file: str, where: float) -> None:
    jws = sample(file)
    payload = jws["payload"]
    i = int(len(payload) * where)
    while not payload[i].isalnum():
        i += 1
    changed = "x" if payload[i] != "x" else "y"
    jws["payload"] = payload[:i] + changed + payload[i + 1 :]
    with pytest.raises(SealInvalid, match="changed after sealing") as caught:
        verify_jades(jws)
    assert isinstance(caught.value, UserError) and caught.value.reason


def test_commission_sample_with_a_changed_signing_time_is_rejected() -> None:
    jws = sample(SEALED[0])
    header = protected_header(jws)
    header["sigT"] = "2023-09-28T11:54:17Z"
    jws["signatures"][0]["protected"] = b64url(json.dumps(header, separators=(",", ":")).encode())
    with pytest.raises(SealInvalid, match="changed after sealing"):
        verify_jades(jws)


def test_our_kid_is_the_commission_kid() -> None:
    result = verify_jades(sample(SEALED[0]))
    assert jades_kid(result.certificate) == result.header["kid"]


# -- our seals ----------------------------------------------------------------------------------------


@pytest.fixture(params=["rsa", "ec"])
def seal(request: pytest.FixtureRequest, rsa_key: rsa.RSAPrivateKey, ca: Any) -> tuple[Any, SealSigner]:
    key = rsa_key if request.param == "rsa" else ec.generate_private_key(ec.SECP256R1())
    return key, seal_for(key, ca)


def test_our_seal_has_the_commission_shape(seal: tuple[Any, SealSigner]) -> None:
    key, signer = seal
    jws = seal_json(PAYLOAD, signer, NOW)
    theirs = sample(SEALED[0])
    assert list(jws) == list(theirs) == ["payload", "signatures"]
    assert isinstance(jws["payload"], str) and jws["payload"].encode("utf-8") == PAYLOAD
    assert len(jws["signatures"]) == 1 and set(jws["signatures"][0]) == {"protected", "signature"}
    ours, their_header = protected_header(jws), protected_header(theirs)
    assert list(ours) == [k for k in their_header if k != "adoTst"]
    assert (ours["typ"], ours["cty"]) == (their_header["typ"], their_header["cty"]) == ("jose+json", "octet-stream")
    assert ours["alg"] == ("RS256" if isinstance(key, rsa.RSAPrivateKey) else "ES256")
    assert ours["b64"] is False and ours["crit"] == ["b64", "sigT"]
    assert ours["sigT"] == "2026-11-20T10:30:00Z"
    assert [base64.b64decode(c) for c in ours["x5c"]] == list(signer.chain)
    assert ours["x5t#S256"] == b64url(hashlib.sha256(signer.chain[0]).digest())
    assert ours["kid"] == jades_kid(x509.load_der_x509_certificate(signer.chain[0]))
    assert "=" not in jws["signatures"][0]["protected"] + jws["signatures"][0]["signature"]


def test_our_seal_verifies_as_a_plain_jws(seal: tuple[Any, SealSigner]) -> None:
    """Check the signature with `cryptography` alone: ASCII(protected) || "." || payload bytes."""
    _key, signer = seal
    jws = seal_json(PAYLOAD, signer, NOW)
    entry = jws["signatures"][0]
    signing_input = entry["protected"].encode("ascii") + b"." + jws["payload"].encode("utf-8")
    signature = base64.urlsafe_b64decode(entry["signature"] + "=" * (-len(entry["signature"]) % 4))
    public = x509.load_der_x509_certificate(signer.chain[0]).public_key()
    if isinstance(public, rsa.RSAPublicKey):
        public.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
        with pytest.raises(InvalidSignature):
            public.verify(signature, signing_input + b" ", padding.PKCS1v15(), hashes.SHA256())
    else:
        assert isinstance(public, ec.EllipticCurvePublicKey) and len(signature) == 64
        der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        public.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
        with pytest.raises(InvalidSignature):
            public.verify(der, signing_input + b" ", ec.ECDSA(hashes.SHA256()))


def test_our_seal_round_trips(seal: tuple[Any, SealSigner], ca: Any) -> None:
    _key, signer = seal
    jws = json.loads(json.dumps(seal_json(PAYLOAD, signer, NOW + timedelta(microseconds=999))))
    result = verify_jades(jws)
    assert result.payload == PAYLOAD
    assert result.signing_time == NOW
    assert result.certificate_valid_at_signing_time
    assert result.chain[1] == ca[1]


def test_our_seal_with_one_payload_byte_changed_is_rejected(seal: tuple[Any, SealSigner]) -> None:
    jws = seal_json(PAYLOAD, seal[1], NOW)
    jws["payload"] = jws["payload"].replace("urn:credential:1", "urn:credential:2")
    with pytest.raises(SealInvalid, match="changed after sealing"):
        verify_jades(jws)


def test_flattened_serialisation_is_accepted(ec_key: ec.EllipticCurvePrivateKey) -> None:
    jws = seal_json(PAYLOAD, seal_for(ec_key), NOW)
    flat = {"payload": jws["payload"], **jws["signatures"][0]}
    assert verify_jades(flat).payload == PAYLOAD


def test_seal_refuses_a_certificate_not_valid_at_signing_time(ec_key: ec.EllipticCurvePrivateKey) -> None:
    with pytest.raises(UserError, match="not valid at the signing time"):
        seal_json(PAYLOAD, seal_for(ec_key), NOW + timedelta(days=400))


def test_seal_refuses_a_key_that_is_not_the_certificates(ec_key: ec.EllipticCurvePrivateKey) -> None:
    other = seal_for(ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(UserError, match="does not belong to the seal certificate"):
        seal_json(PAYLOAD, SealSigner(KeySigner("seal", ec_key), other.chain), NOW)


def test_seal_refuses_eddsa_and_binary_payloads(ec_key: ec.EllipticCurvePrivateKey) -> None:
    ed = ed25519.Ed25519PrivateKey.generate()
    with pytest.raises(ValueError):
        seal_json(PAYLOAD, SealSigner(KeySigner("i", ed), seal_for(ec_key).chain), NOW)
    with pytest.raises(ValueError):
        seal_json(b"\xff\xfe", seal_for(ec_key), NOW)


def test_certificate_validity_at_signing_time_is_a_field(ec_key: ec.EllipticCurvePrivateKey) -> None:
    jws = seal_json(PAYLOAD, seal_for(ec_key), NOW)
    header = protected_header(jws) | {"sigT": "2030-01-01T00:00:00Z"}
    result = verify_jades(resign(jws, ec_key, header))
    assert not result.certificate_valid_at_signing_time


# -- header rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"x5t#S256": b64url(b"\x00" * 32)}, "x5t#S256"),
        ({"alg": "HS256"}, "not supported"),
        ({"alg": "none"}, "not supported"),
        ({"alg": "RS256"}, "does not fit the key"),
        ({"crit": ["b64", "sigT", "exp"], "exp": 1}, "does not understand"),
        ({"crit": ["sigT"]}, "damaged"),
        ({"crit": ["b64", "sigT", "missing"]}, "damaged"),
        ({"sigT": "2026-11-20 10:30"}, "signing time"),
        ({"sigT": None}, "signing time"),
        ({"x5c": ["not base64!"]}, "certificate in the seal is damaged"),
        ({"x5c": []}, "does not include the sealing certificate"),
    ],
)
def test_header_rules(ec_key: ec.EllipticCurvePrivateKey, change: dict[str, Any], reason: str) -> None:
    jws = seal_json(PAYLOAD, seal_for(ec_key), NOW)
    header = protected_header(jws) | change
    with pytest.raises(SealInvalid, match=reason):
        verify_jades(resign(jws, ec_key, header))


def test_duplicate_header_parameters_are_rejected(ec_key: ec.EllipticCurvePrivateKey) -> None:
    jws = seal_json(PAYLOAD, seal_for(ec_key), NOW)
    raw = json.dumps(protected_header(jws), separators=(",", ":"))
    raw = raw[:-1] + ',"alg":"ES256"}'
    protected = b64url(raw.encode())
    signature = KeySigner("x", ec_key).sign(protected.encode() + b"." + PAYLOAD)
    bad = {"payload": jws["payload"], "signatures": [{"protected": protected, "signature": b64url(signature)}]}
    with pytest.raises(SealInvalid, match="header is damaged"):
        verify_jades(bad)


def test_certificate_only_in_the_unprotected_header_must_be_pinned(ec_key: ec.EllipticCurvePrivateKey) -> None:
    jws = seal_json(PAYLOAD, seal_for(ec_key), NOW)
    header = protected_header(jws)
    x5c = header.pop("x5c")
    pinned = resign(jws, ec_key, header)
    pinned["signatures"][0]["header"] = {"x5c": x5c}
    assert verify_jades(pinned).payload == PAYLOAD
    del header["x5t#S256"]
    unpinned = resign(jws, ec_key, header)
    unpinned["signatures"][0]["header"] = {"x5c": x5c}
    with pytest.raises(SealInvalid, match="not protected"):
        verify_jades(unpinned)


def test_unprotected_header_may_not_repeat_protected_ones(ec_key: ec.EllipticCurvePrivateKey) -> None:
    jws = seal_json(PAYLOAD, seal_for(ec_key), NOW)
    jws["signatures"][0]["header"] = {"sigT": "2020-01-01T00:00:00Z"}
    with pytest.raises(SealInvalid, match="repeats"):
        verify_jades(jws)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda j: {},
        lambda j: {"payload": j["payload"]},
        lambda j: {"payload": j["payload"], "signatures": []},
        lambda j: {"payload": j["payload"], "signatures": j["signatures"] * 2},
        lambda j: {"payload": j["payload"], "signatures": ["x"]},
        lambda j: {"payload": None, "signatures": j["signatures"]},
        lambda j: {"payload": j["payload"], "signatures": [{"protected": "***", "signature": "AA"}]},
        lambda j: {"payload": j["payload"], "signatures": [{"signature": "AA"}]},
        lambda j: {"payload": j["payload"], "signatures": [j["signatures"][0] | {"header": []}]},
        lambda j: {"payload": j["payload"], "signatures": [j["signatures"][0] | {"signature": "A+/="}]},
    ],
)
def test_malformed_structures(ec_key: ec.EllipticCurvePrivateKey, mangle: Any) -> None:
    jws = seal_json(PAYLOAD, seal_for(ec_key), NOW)
    with pytest.raises(SealInvalid):
        verify_jades(mangle(copy.deepcopy(jws)))


def test_truncated_ecdsa_signature(ec_key: ec.EllipticCurvePrivateKey) -> None:
    jws = seal_json(PAYLOAD, seal_for(ec_key), NOW)
    sig = jws["signatures"][0]["signature"]
    jws["signatures"][0]["signature"] = sig[:-4]
    with pytest.raises(SealInvalid, match="changed after sealing"):
        verify_jades(jws)


@pytest.mark.parametrize("alg", ["PS256", "ES384", "RS512"])
def test_other_algorithms_verify(alg: str, rsa_key: rsa.RSAPrivateKey) -> None:
    """Seals from other JAdES tools may use these; each is checked with its own padding and curve."""
    key: Any = ec.generate_private_key(ec.SECP384R1()) if alg == "ES384" else rsa_key
    cert = make_cert(key, name("Other tool seal"))
    der = cert.public_bytes(serialization.Encoding.DER)
    header = {"alg": alg, "x5t#S256": b64url(hashlib.sha256(der).digest()), "x5c": [base64.b64encode(der).decode()],
              "b64": False, "sigT": "2026-11-20T10:30:00Z", "crit": ["b64", "sigT"]}
    protected = b64url(json.dumps(header).encode())
    data = protected.encode() + b"." + PAYLOAD
    if alg == "PS256":
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        signature = key.sign(data, pss, hashes.SHA256())
    elif alg == "RS512":
        signature = key.sign(data, padding.PKCS1v15(), hashes.SHA512())
    else:
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA384())))
        signature = r.to_bytes(48, "big") + s.to_bytes(48, "big")
    jws: dict[str, Any] = {
        "payload": PAYLOAD.decode(), "signatures": [{"protected": protected, "signature": b64url(signature)}]
    }
    assert verify_jades(jws).algorithm == alg
    jws["payload"] = jws["payload"].replace("urn", "urx")
    with pytest.raises(SealInvalid, match="changed after sealing"):
        verify_jades(jws)
