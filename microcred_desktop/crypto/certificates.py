"""X.509 for the electronic seal: a self-made seal certificate, or an imported PKCS#12 (.p12/.pfx)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from ..domain.errors import UserError
from ..domain.organisation import Organisation
from ..i18n import _

SealKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
MIN_RSA_BITS = 2048
_ETSI_ID = re.compile(r"^(VAT|NTR|PSD|LEI)[A-Z]{2}-.+$")


@dataclass(frozen=True)
class SealSubject:
    """Who a seal certificate names."""

    legal_name: str
    organisation_identifier: str
    country: str
    common_name: str


@dataclass(frozen=True)
class ImportedSeal:
    """A seal key with its certificate and the issuing chain above it (leaf's issuer first)."""

    private_key: SealKey = field(repr=False)
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def chain_der(self) -> tuple[bytes, ...]:
        """The whole chain as DER, leaf first (what `SealSigner.chain` and x5c want)."""
        return tuple(c.public_bytes(serialization.Encoding.DER) for c in (self.certificate, *self.chain))

    def pkcs8_der(self) -> bytes:
        """The private key as unencrypted PKCS#8 DER, for the keystore only."""
        return self.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def generate_seal_key() -> ec.EllipticCurvePrivateKey:
    """A fresh EC P-256 key for a self-made seal."""
    return ec.generate_private_key(ec.SECP256R1())


def organisation_identifier(org: Organisation) -> str:
    """The organizationIdentifier (2.5.4.97) value, in the ETSI EN 319 412-1 form where one applies.

    "VAT" + country + "-" + number for a VAT number (e.g. VATLT-100001234, as in the Commission's
    sample seal), NTR/PSD likewise, LEIXG- for an LEI; any other scheme keeps the identifier as is.
    """
    ident = org.legal_identifier.strip()
    country = org.country.strip().upper()
    scheme = org.identifier_scheme.strip().upper()
    if _ETSI_ID.match(ident):
        return ident
    if scheme == "VAT":
        number = ident[2:] if ident.upper().startswith(country) else ident
        return f"VAT{country}-{number}"
    if scheme in ("NTR", "PSD"):
        return f"{scheme}{country}-{ident}"
    if scheme == "LEI":
        return f"LEIXG-{ident}"
    return ident


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def generate_seal_certificate(
    org: Organisation, private_key: SealKey, now: datetime, years: int = 3
) -> x509.Certificate:
    """A self-signed seal certificate naming the organisation, valid from `now` for `years` years."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    legal_name = org.name_in(org.default_language).strip()
    country = org.country.strip().upper()
    if not legal_name or not org.legal_identifier.strip() or not re.fullmatch(r"[A-Z]{2}", country):
        raise UserError(
            _("The seal certificate needs the organisation's legal name, legal identifier and country."),
            _("Fill them in under Organisation, then create the seal again."),
        )
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, country),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, legal_name[:64]),
        x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, organisation_identifier(org)),
        x509.NameAttribute(NameOID.COMMON_NAME, (org.short_name.strip() or legal_name)[:64]),
    ])
    start = now.astimezone(UTC).replace(microsecond=0)
    ski = x509.SubjectKeyIdentifier.from_public_key(private_key.public_key())
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(_add_years(start, years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .sign(private_key, hashes.SHA256())
    )


def _read_tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of value, end of value) of the DER element at `pos`; ValueError if it overruns."""
    if pos + 2 > len(data):
        raise ValueError("truncated")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise ValueError("bad length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise ValueError("truncated")
    return tag, pos, pos + length


def _looks_like_pkcs12(data: bytes) -> bool:
    """PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, ... } filling the whole file."""
    try:
        tag, start, end = _read_tlv(data, 0)
        if tag != 0x30 or end != len(data):
            return False
        tag, vstart, vend = _read_tlv(data, start)
        if tag != 0x02 or data[vstart:vend] != b"\x03":
            return False
        tag, cstart, _cend = _read_tlv(data, vend)
        return tag == 0x30 and data[cstart] == 0x06
    except (ValueError, IndexError):
        return False


def _not_pkcs12() -> UserError:
    return UserError(
        _("This file is not a certificate file with a key (PKCS#12), or it is damaged."),
        _("Choose the .p12 or .pfx file you received with your seal certificate."),
    )


def _mismatch() -> UserError:
    return UserError(
        _("The private key in the file does not belong to its certificate."),
        _("Export the seal again so that the key and its certificate are in the same file."),
    )


def _spki(key: object) -> bytes:
    return key.public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _order_chain(leaf: x509.Certificate, others: list[x509.Certificate]) -> tuple[x509.Certificate, ...]:
    """The issuers of `leaf` found in `others`, nearest first; certificates off the path are dropped."""
    chain: list[x509.Certificate] = []
    current, pool = leaf, list(others)
    while not is_self_signed(current):
        issuer = next((c for c in pool if c.subject == current.issuer), None)
        if issuer is None:
            break
        chain.append(issuer)
        pool.remove(issuer)
        current = issuer
    return tuple(chain)


def load_pkcs12(data: bytes, passphrase: bytes | None, now: datetime | None = None) -> ImportedSeal:
    """The seal key, certificate and chain of a .p12/.pfx file, checked for use as a seal at `now`."""
    if not _looks_like_pkcs12(data):
        raise _not_pkcs12()
    loaded = None
    for candidate in [passphrase] if passphrase else [None, b""]:
        try:
            loaded = pkcs12.load_pkcs12(data, candidate)
            break
        except ValueError:
            continue
    if loaded is None:
        if not passphrase:
            raise UserError(_("This certificate file is protected by a passphrase."),
                            _("Enter the passphrase you received with the file and try again."))
        raise UserError(_("The passphrase of the certificate file is wrong."),
                        _("Check the passphrase (capital letters, keyboard layout) and try again."))
    key = loaded.key
    if key is None:
        raise UserError(
            _("The certificate file has no private key inside."),
            _("Export the seal again with its private key (PKCS#12 with key) and import that file."),
        )
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if key.curve.name != "secp256r1":
            raise UserError(_("The seal key type is not supported: only RSA and EC P-256 keys can seal."))
    elif isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise UserError(_("The seal's RSA key is too short to be safe (fewer than 2048 bits)."))
    else:
        raise UserError(_("The seal key type is not supported: only RSA and EC P-256 keys can seal."))
    others = [c.certificate for c in loaded.additional_certs]
    cert = loaded.cert.certificate if loaded.cert is not None else None
    if cert is None:  # some tools put the leaf among the additional certificates
        cert = next((c for c in others if _spki(c.public_key()) == _spki(key.public_key())), None)
        if cert is None:
            raise _mismatch()
        others.remove(cert)
    if _spki(cert.public_key()) != _spki(key.public_key()):
        raise _mismatch()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    if moment > cert.not_valid_after_utc:
        raise UserError(
            _("The seal certificate expired on {date}.").format(
                date=cert.not_valid_after_utc.date().isoformat()),
            _("Renew the certificate with your trust service provider and import the new file."),
        )
    if moment < cert.not_valid_before_utc:
        raise UserError(
            _("The seal certificate is not valid until {date}.").format(
                date=cert.not_valid_before_utc.date().isoformat()),
            _("Import it on or after that date, or check the computer's clock."),
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (usage.digital_signature or usage.content_commitment):
            raise UserError(_("This certificate may not be used for signatures or seals."))
    except x509.ExtensionNotFound:
        pass
    return ImportedSeal(key, cert, _order_chain(cert, others))


def fingerprint_sha256(cert: x509.Certificate) -> str:
    """SHA-256 of the DER certificate as upper-case hex pairs joined by colons ("AB:01:…", 95 chars)."""
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def _attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def seal_subject(cert: x509.Certificate) -> SealSubject:
    """The organisation a seal certificate names (empty strings where an attribute is absent)."""
    subject = cert.subject
    return SealSubject(
        legal_name=_attr(subject, NameOID.ORGANIZATION_NAME),
        organisation_identifier=_attr(subject, NameOID.ORGANIZATION_IDENTIFIER),
        country=_attr(subject, NameOID.COUNTRY_NAME),
        common_name=_attr(subject, NameOID.COMMON_NAME),
    )


def is_self_signed(cert: x509.Certificate) -> bool:
    """True when the certificate names itself as issuer and its own key verifies its signature."""
    if cert.subject != cert.issuer:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
