"""Self-made seal certificates and PKCS#12 import, with every way an import can go wrong."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

from microcred_desktop.crypto.certificates import (
    fingerprint_sha256,
    generate_seal_certificate,
    generate_seal_key,
    is_self_signed,
    load_pkcs12,
    organisation_identifier,
    seal_subject,
)
from microcred_desktop.domain.errors import UserError
from tests import factories

from .conftest import NOW, make_cert, make_p12, name

PW = b"p12 passphrase"


def test_generated_seal_certificate() -> None:
    key = generate_seal_key()
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    org = factories.organisation()
    cert = generate_seal_certificate(org, key, NOW)
    subject = seal_subject(cert)
    assert subject.legal_name == "Kauno profesinio mokymo centras"  # the default language, lt
    assert subject.organisation_identifier == "VATLT-100001234"
    assert (subject.country, subject.common_name) == ("LT", "KPMC")
    assert cert.subject.get_attributes_for_oid(x509.ObjectIdentifier("2.5.4.97"))[0].value == "VATLT-100001234"
    assert cert.not_valid_before_utc == NOW
    assert cert.not_valid_after_utc == NOW.replace(year=NOW.year + 3)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not (usage.value.key_cert_sign or usage.value.key_encipherment or usage.value.crl_sign)
    basic = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical and basic.value.ca is False
    ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    assert is_self_signed(cert)
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    assert cert.public_key().public_bytes(*spki) == key.public_key().public_bytes(*spki)


def test_validity_years_and_leap_day() -> None:
    leap = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    cert = generate_seal_certificate(factories.organisation(), generate_seal_key(), leap, years=5)
    assert cert.not_valid_after_utc == datetime(2033, 2, 28, 12, 0, tzinfo=UTC)


def test_rsa_seal_certificate(rsa_key: rsa.RSAPrivateKey) -> None:
    cert = generate_seal_certificate(factories.organisation(), rsa_key, NOW)
    assert is_self_signed(cert) and isinstance(cert.public_key(), rsa.RSAPublicKey)


@pytest.mark.parametrize(
    ("identifier", "scheme", "expected"),
    [
        ("LT100001234", "VAT", "VATLT-100001234"),
        ("100001234", "vat", "VATLT-100001234"),
        ("VATLT-100001234", "VAT", "VATLT-100001234"),
        ("302222222", "NTR", "NTRLT-302222222"),
        ("5299000J2N45DDNE4Y28", "LEI", "LEIXG-5299000J2N45DDNE4Y28"),
        ("302222222", "company code", "302222222"),
    ],
)
def test_organisation_identifier_forms(identifier: str, scheme: str, expected: str) -> None:
    org = replace(factories.organisation(), legal_identifier=identifier, identifier_scheme=scheme)
    assert organisation_identifier(org) == expected


@pytest.mark.parametrize("change", [{"country": ""}, {"legal_identifier": " "}, {"country": "Lithuania"}])
def test_incomplete_organisation_is_a_user_error(change: dict[str, str]) -> None:
    org = replace(factories.organisation(), **change)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="legal name, legal identifier and country"):
        generate_seal_certificate(org, generate_seal_key(), NOW)


def test_naive_time_is_a_bug() -> None:
    with pytest.raises(ValueError):
        generate_seal_certificate(factories.organisation(), generate_seal_key(), datetime(2026, 1, 1))


def test_fingerprint_format() -> None:
    cert = generate_seal_certificate(factories.organisation(), generate_seal_key(), NOW)
    fp = fingerprint_sha256(cert)
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", fp)
    der = cert.public_bytes(serialization.Encoding.DER)
    assert fp.replace(":", "").lower() == hashlib.sha256(der).hexdigest()


def test_is_self_signed(ca, ec_key: ec.EllipticCurvePrivateKey) -> None:  # type: ignore[no-untyped-def]
    ca_key, ca_cert = ca
    leaf = make_cert(ec_key, name("Seal"), ca_key, ca_cert.subject)
    assert is_self_signed(ca_cert) and not is_self_signed(leaf)
    # names itself as issuer, but another key signed it
    forged = make_cert(ec_key, name("Self"), ca_key, name("Self"))
    assert not is_self_signed(forged)


def test_seal_subject_with_missing_attributes(ec_key: ec.EllipticCurvePrivateKey) -> None:
    cert = make_cert(ec_key, x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "only cn")]))
    assert seal_subject(cert) == type(seal_subject(cert))("", "", "", "only cn")


# -- PKCS#12 ---------------------------------------------------------------------------------------


def test_rsa_pkcs12_with_chain(ca, rsa_key: rsa.RSAPrivateKey) -> None:  # type: ignore[no-untyped-def]
    ca_key, ca_cert = ca
    leaf = make_cert(rsa_key, name("Seal"), ca_key, ca_cert.subject)
    stray = make_cert(ec.generate_private_key(ec.SECP256R1()), name("Unrelated"))
    seal = load_pkcs12(make_p12(rsa_key, leaf, [stray, ca_cert], PW), PW, now=NOW)
    assert seal.certificate == leaf and seal.chain == (ca_cert,)
    assert seal.chain_der == (leaf.public_bytes(serialization.Encoding.DER),
                              ca_cert.public_bytes(serialization.Encoding.DER))
    assert isinstance(seal.private_key, rsa.RSAPrivateKey)
    reloaded = serialization.load_der_private_key(seal.pkcs8_der(), None)
    assert isinstance(reloaded, rsa.RSAPrivateKey)
    assert reloaded.private_numbers() == rsa_key.private_numbers()
    assert "private_key" not in repr(seal)


def test_ec_pkcs12(ec_key: ec.EllipticCurvePrivateKey) -> None:
    cert = make_cert(ec_key, name("Seal"))
    seal = load_pkcs12(make_p12(ec_key, cert, [], PW), PW, now=NOW)
    assert isinstance(seal.private_key, ec.EllipticCurvePrivateKey) and seal.chain == ()


def test_unencrypted_pkcs12_with_or_without_empty_passphrase(ec_key: ec.EllipticCurvePrivateKey) -> None:
    data = make_p12(ec_key, make_cert(ec_key, name("Seal")), [], None)
    assert load_pkcs12(data, None, now=NOW).certificate is not None
    assert load_pkcs12(data, b"", now=NOW).certificate is not None


def test_wrong_passphrase(ec_key: ec.EllipticCurvePrivateKey) -> None:
    data = make_p12(ec_key, make_cert(ec_key, name("Seal")), [], PW)
    with pytest.raises(UserError, match="passphrase of the certificate file is wrong"):
        load_pkcs12(data, b"not it", now=NOW)
    with pytest.raises(UserError, match="protected by a passphrase"):
        load_pkcs12(data, None, now=NOW)


def test_no_private_key_inside(ec_key: ec.EllipticCurvePrivateKey) -> None:
    data = make_p12(None, None, [make_cert(ec_key, name("Seal"))], PW)
    with pytest.raises(UserError, match="no private key"):
        load_pkcs12(data, PW, now=NOW)


def test_key_without_its_certificate(ec_key: ec.EllipticCurvePrivateKey) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    data = make_p12(ec_key, None, [make_cert(other, name("Other"))], PW)
    with pytest.raises(UserError, match="does not belong to its certificate"):
        load_pkcs12(data, PW, now=NOW)


def test_expired_and_not_yet_valid(ec_key: ec.EllipticCurvePrivateKey) -> None:
    old = make_cert(ec_key, name("Seal"), not_before=NOW - timedelta(days=800), not_after=NOW - timedelta(days=1))
    with pytest.raises(UserError, match="expired on 2026-11-19"):
        load_pkcs12(make_p12(ec_key, old, [], PW), PW, now=NOW)
    future = make_cert(ec_key, name("Seal"), not_before=NOW + timedelta(days=2), not_after=NOW + timedelta(days=9))
    with pytest.raises(UserError, match="not valid until 2026-11-22"):
        load_pkcs12(make_p12(ec_key, future, [], PW), PW, now=NOW)


@pytest.mark.parametrize(
    "make_key",
    [lambda: ec.generate_private_key(ec.SECP384R1()), ed25519.Ed25519PrivateKey.generate],
    ids=["p384", "ed25519"],
)
def test_unsupported_key_types(make_key) -> None:  # type: ignore[no-untyped-def]
    key = make_key()
    data = make_p12(key, make_cert(key, name("Seal")), [], PW)
    with pytest.raises(UserError, match="not supported"):
        load_pkcs12(data, PW, now=NOW)


def test_short_rsa_key() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the point of the test
    with pytest.raises(UserError, match="too short"):
        load_pkcs12(make_p12(key, make_cert(key, name("Seal")), [], PW), PW, now=NOW)


def test_encryption_only_certificate(rsa_key: rsa.RSAPrivateKey) -> None:
    usage = x509.KeyUsage(False, False, True, False, False, False, False, False, False)
    cert = make_cert(rsa_key, name("Seal"), key_usage=usage)
    with pytest.raises(UserError, match="may not be used for signatures"):
        load_pkcs12(make_p12(rsa_key, cert, [], PW), PW, now=NOW)


def test_not_a_pkcs12(ec_key: ec.EllipticCurvePrivateKey) -> None:
    good = make_p12(ec_key, make_cert(ec_key, name("Seal")), [], PW)
    pem = ec_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.BestAvailableEncryption(PW))
    cert_der = make_cert(ec_key, name("Seal")).public_bytes(serialization.Encoding.DER)
    for data in (b"", b"hello", pem, cert_der, good[:-5], good + b"\x00"):
        with pytest.raises(UserError, match="not a certificate file with a key"):
            load_pkcs12(data, PW, now=NOW)
