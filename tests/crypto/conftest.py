"""Keys, certificates and PKCS#12 files made on the spot with `cryptography`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import keyring
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from microcred_desktop.crypto.memory_keyring import MemoryKeyring, install_memory_keyring

NOW = datetime(2026, 11, 20, 10, 30, 0, tzinfo=UTC)


def pkcs8(key: object) -> bytes:
    return key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def name(cn: str, org: str = "Test Org") -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "LT"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def make_cert(
    subject_key: object,
    subject: x509.Name,
    issuer_key: object | None = None,
    issuer: x509.Name | None = None,
    *,
    not_before: datetime = NOW - timedelta(days=30),
    not_after: datetime = NOW + timedelta(days=365),
    ca: bool = False,
    key_usage: x509.KeyUsage | None = None,
) -> x509.Certificate:
    """A certificate for `subject_key`, self-signed unless an issuer key and name are given."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer or subject)
        .public_key(subject_key.public_key())  # type: ignore[attr-defined]
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if key_usage is not None:
        builder = builder.add_extension(key_usage, critical=True)
    signer = issuer_key or subject_key
    algorithm = None if isinstance(signer, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    return builder.sign(signer, algorithm)  # type: ignore[arg-type]


def make_p12(key: object | None, cert: x509.Certificate | None, cas: list[x509.Certificate],
             passphrase: bytes | None) -> bytes:
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(b"seal", key, cert, cas or None, encryption)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def ed_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def ca() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A test CA (RSA) that issues seal certificates."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = make_cert(key, name("Test Qualified CA", "Test Trust Services"), ca=True,
                     not_before=NOW - timedelta(days=3650), not_after=NOW + timedelta(days=3650))
    return key, cert


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A fresh in-memory keyring as the process keyring, the previous one restored afterwards."""
    previous = keyring.get_keyring()
    backend = install_memory_keyring()
    yield backend
    keyring.set_keyring(previous)
