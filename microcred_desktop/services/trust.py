"""Issuer profiles: export ours signed with every key we hold, import another organisation's, and the
trust book verification consults (ours, trusted, unknown). The file format is in docs/trust-profile.md.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ..crypto.certificates import fingerprint_sha256
from ..crypto.didkey import DidKeyError, public_key_from_did, verification_method
from ..crypto.jades import b64url, b64url_decode
from ..crypto.signer import Signer
from ..domain.errors import UserError
from ..domain.keys import KeyKind, KeyStatus
from ..i18n import _
from ..storage.catalogue import Catalogue
from ..storage.trust import TrustedIssuer, TrustRepository
from .keys import KeyService

log = logging.getLogger(__name__)
PROFILE_TYPE = "microcred-issuer-profile"
PROFILE_VERSION = 1
JWS_TYP = "microcred-issuer-profile+json"
MAX_PROFILE_BYTES = 5 * 1024 * 1024
MAX_REVOKED = 200_000
CLOCK_SKEW = timedelta(days=1)
_ALGORITHMS = ("EdDSA", "ES256", "RS256")


def trust_repository(catalogue: Catalogue) -> TrustRepository:
    return TrustRepository(catalogue.sessions, catalogue.audit)


# -- export -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportedProfile:
    data: bytes
    name: str
    dids: tuple[str, ...]
    seal_count: int
    revoked_count: int
    left_out: tuple[str, ...] = ()  # key ids whose private key is not in the keystore (not in the profile)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sign(signer: Signer, header: dict[str, Any], payload: bytes) -> dict[str, str]:
    protected = b64url(json.dumps(header, separators=(",", ":")).encode("ascii"))
    signature = signer.sign(protected.encode("ascii") + b"." + payload)
    return {"protected": protected, "signature": b64url(signature)}


def export_profile(keys: KeyService, now: datetime | None = None) -> ExportedProfile:
    """Our issuer profile, signed by each of our keys (issuer and seal, active and retired) we still hold."""
    now = now or datetime.now(UTC)
    catalogue = keys.catalogue
    org = catalogue.organisation()
    if org is None:
        raise UserError(_("Set up the organisation first."))
    keys.issuer_signer()  # the active issuer key must be usable: say so plainly if it is not
    signers: list[tuple[dict[str, Any], Signer]] = []
    dids: list[str] = []
    seals: list[str] = []
    left_out: list[str] = []
    for record in catalogue.keys.all():  # oldest first: the current issuer key ends the list
        try:
            signer = keys.keystore.load_signer(record.key_id)
        except UserError:
            left_out.append(record.key_id)
            continue
        base = {"typ": JWS_TYP, "b64": False, "crit": ["b64"]}
        if record.kind is KeyKind.ISSUER and record.did:
            dids.append(record.did)
            signers.append(({"alg": "EdDSA", "kid": verification_method(record.did), **base}, signer))
        elif record.kind is KeyKind.SEAL and record.certificate_chain:
            leaf = base64.b64encode(record.certificate_chain[0]).decode("ascii")
            seals.append(leaf)
            signers.append(({"alg": signer.algorithm, "x5c": [leaf], **base}, signer))
    active = catalogue.keys.active(KeyKind.ISSUER)
    if active and active.did in dids:  # the active key last, whatever the creation order
        dids.remove(active.did)
        dids.append(active.did)
    revoked = catalogue.issued.revoked()
    profile = {
        "type": PROFILE_TYPE,
        "version": PROFILE_VERSION,
        "issued": _iso(now),
        "organisation": {
            "name": org.name_in(org.default_language), "legalIdentifier": org.legal_identifier,
            "country": org.country, "website": org.website, "verifyUrl": org.verify_url.strip(),
        },
        "dids": dids,
        "sealCertificates": seals,
        "revoked": revoked,
    }
    payload = json.dumps(profile, ensure_ascii=False, indent=1)
    encoded = payload.encode("utf-8")
    jws = {"payload": payload, "signatures": [_sign(s, h, encoded) for h, s in signers]}
    data = json.dumps(jws, ensure_ascii=False, indent=1).encode("utf-8")
    return ExportedProfile(data, org.name_in(org.default_language), tuple(dids), len(seals), len(revoked),
                           tuple(left_out))


# -- reading and checking a profile ---------------------------------------------------------------------
def _damaged(detail: str) -> UserError:
    return UserError(_("This file is not a valid issuer profile, or it was changed after it was made."),
                     _("Ask the organisation to export its profile again and send you the file.") + f" ({detail})")


def _verify_signature(alg: str, key: object, signature: bytes, data: bytes) -> None:
    if alg == "EdDSA" and isinstance(key, ed25519.Ed25519PublicKey):
        key.verify(signature, data)
    elif alg == "ES256" and isinstance(key, ec.EllipticCurvePublicKey) and len(signature) == 64:
        der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        key.verify(der, data, ec.ECDSA(hashes.SHA256()))
    elif alg == "RS256" and isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    else:
        raise InvalidSignature()


def _signed_by(entry: object, payload: bytes) -> tuple[str, str]:
    """("did", did) or ("seal", base64 DER) of one verified signature; a UserError otherwise."""
    if not isinstance(entry, dict) or set(entry) != {"protected", "signature"}:
        raise _damaged("signature entry")
    try:
        header = json.loads(b64url_decode(entry["protected"]))
        signature = b64url_decode(entry["signature"])
    except (ValueError, TypeError, UnicodeDecodeError):
        raise _damaged("signature encoding") from None
    if not isinstance(header, dict) or header.get("typ") != JWS_TYP or header.get("b64") is not False \
            or header.get("crit") != ["b64"] or header.get("alg") not in _ALGORITHMS:
        raise _damaged("signature header")
    data = entry["protected"].encode("ascii") + b"." + payload
    kid, x5c = header.get("kid"), header.get("x5c")
    try:
        if isinstance(kid, str) and x5c is None:
            key: object = public_key_from_did(kid)
            identity = ("did", kid.partition("#")[0])
        elif isinstance(x5c, list) and len(x5c) == 1 and isinstance(x5c[0], str) and kid is None:
            key = x509.load_der_x509_certificate(base64.b64decode(x5c[0], validate=True)).public_key()
            identity = ("seal", x5c[0])
        else:
            raise _damaged("signature key")
        _verify_signature(header["alg"], key, signature, data)
    except (DidKeyError, ValueError, binascii.Error, InvalidSignature):
        raise _damaged("signature") from None
    return identity


def _text(value: object, most: int) -> str:
    return value.strip()[:most] if isinstance(value, str) else ""


def read_profile(data: bytes, now: datetime | None = None) -> TrustedIssuer:
    """The issuer a profile file describes, once every signature and every listed key checks out."""
    now = now or datetime.now(UTC)
    if len(data) > MAX_PROFILE_BYTES:
        raise _damaged("larger than 5 MB")
    try:
        jws = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged("not JSON") from None
    if not isinstance(jws, dict) or set(jws) != {"payload", "signatures"} or not isinstance(jws["payload"], str) \
            or not isinstance(jws["signatures"], list) or not jws["signatures"]:
        raise _damaged("not a signed profile")
    payload = jws["payload"].encode("utf-8")
    proven = [_signed_by(entry, payload) for entry in jws["signatures"]]
    try:
        profile = json.loads(payload)
    except (ValueError, RecursionError):
        raise _damaged("payload") from None
    if not isinstance(profile, dict) or profile.get("type") != PROFILE_TYPE:
        raise _damaged("not an issuer profile")
    if profile.get("version") != PROFILE_VERSION:
        raise UserError(_("This issuer profile was made by a newer version of microcred."),
                        _("Update this program, then import the profile again."))
    org, dids, seals, revoked = (profile.get(k) for k in ("organisation", "dids", "sealCertificates", "revoked"))
    if not isinstance(org, dict) or not isinstance(dids, list) or not dids or not isinstance(seals, list) \
            or not isinstance(revoked, dict) or len(revoked) > MAX_REVOKED:
        raise _damaged("contents")
    if {("did", d) for d in dids if isinstance(d, str)} | {("seal", s) for s in seals if isinstance(s, str)} \
            != set(proven) or len(proven) != len(dids) + len(seals):
        raise _damaged("a listed key did not sign the profile")
    try:
        issued = datetime.fromisoformat(str(profile.get("issued")))
        certificates = tuple(base64.b64decode(s, validate=True) for s in seals)
        for der in certificates:
            x509.load_der_x509_certificate(der)
        clean_revoked = {str(UUID(str(k))): _text(v, 500) for k, v in revoked.items()}
    except (ValueError, binascii.Error, TypeError):
        raise _damaged("contents") from None
    issued = issued if issued.tzinfo else issued.replace(tzinfo=UTC)
    if issued > now + CLOCK_SKEW:
        raise _damaged("made in the future")
    name = _text(org.get("name"), 300)
    if not name:
        raise _damaged("no organisation name")
    return TrustedIssuer(
        name=name, legal_identifier=_text(org.get("legalIdentifier"), 80), country=_text(org.get("country"), 2),
        signer_did=str(dids[-1]), dids=tuple(str(d) for d in dids), seal_certificates=certificates,
        revoked=clean_revoked, issued_at=issued, profile=jws,
    )


@dataclass(frozen=True)
class ImportedProfile:
    issuer: TrustedIssuer
    updated: bool  # an earlier profile of the same issuer was replaced


def import_profile(catalogue: Catalogue, data: bytes, now: datetime | None = None) -> ImportedProfile:
    """Trust the issuer a profile file describes; a newer profile of an issuer already trusted replaces it."""
    issuer = read_profile(data, now)
    if any(catalogue.keys.by_did(did) for did in issuer.dids):
        raise UserError(_("This is your own organisation's profile; there is no need to import it."),
                        _("Send the file to the other organisations instead."))
    repo = trust_repository(catalogue)
    earlier = repo.sharing_keys(issuer.dids)
    if earlier is not None and earlier.issued_at > issuer.issued_at:
        raise UserError(_("This profile of {name} is older than the one already imported ({date}).").format(
            name=issuer.name, date=earlier.issued_at.date().isoformat()),
            _("Ask the organisation for its latest profile."))
    stored = repo.save(replace(issuer, id=earlier.id if earlier else None))
    return ImportedProfile(stored, earlier is not None)


def profile_verify_url(issuer: TrustedIssuer) -> str:
    """The verification address the issuer's profile names ("" when none)."""
    try:
        org = json.loads(issuer.profile["payload"]).get("organisation", {})
    except (KeyError, TypeError, ValueError, AttributeError):
        return ""
    return _text(org.get("verifyUrl") if isinstance(org, dict) else "", 300)


# -- the trust book ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    """Who a key belongs to, as far as this install knows."""

    kind: str  # "ours" | "trusted"
    name: str
    retired: bool = False
    revoked: Mapping[str, str] = field(default_factory=dict)
    verify_url: str = ""


@dataclass(frozen=True)
class TrustBook:
    """Plain data for verification workers: our keys and revocations, and the trusted issuers'."""

    our_name: str = ""
    our_verify_url: str = ""
    our_dids: Mapping[str, bool] = field(default_factory=dict)  # did -> still active
    our_seals: Mapping[str, bool] = field(default_factory=dict)  # certificate SHA-256 -> still active
    our_revoked: Mapping[str, str] = field(default_factory=dict)
    trusted: tuple[TrustedIssuer, ...] = ()

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue) -> TrustBook:
        org = catalogue.organisation()
        records = catalogue.keys.all()
        return cls(
            our_name=org.name_in(org.default_language) if org else "",
            our_verify_url=org.verify_url.strip() if org else "",
            our_dids={r.did: r.status is KeyStatus.ACTIVE for r in records if r.kind is KeyKind.ISSUER and r.did},
            our_seals={r.fingerprint: r.status is KeyStatus.ACTIVE for r in records if r.kind is KeyKind.SEAL},
            our_revoked=catalogue.issued.revoked(),
            trusted=tuple(trust_repository(catalogue).all()),
        )

    def _ours(self, active: bool) -> Identity:
        return Identity("ours", self.our_name or _("this organisation"), not active, self.our_revoked,
                        self.our_verify_url)

    def by_did(self, did: str) -> Identity | None:
        if did in self.our_dids:
            return self._ours(self.our_dids[did])
        for issuer in self.trusted:
            if did in issuer.dids:
                return Identity("trusted", issuer.name, did != issuer.signer_did, issuer.revoked,
                                profile_verify_url(issuer))
        return None

    def by_certificate(self, certificate: x509.Certificate) -> Identity | None:
        fingerprint = fingerprint_sha256(certificate)
        if fingerprint in self.our_seals:
            return self._ours(self.our_seals[fingerprint])
        der = certificate.public_bytes(serialization.Encoding.DER)
        for issuer in self.trusted:
            if der in issuer.seal_certificates:  # listed oldest first: all but the last are retired
                return Identity("trusted", issuer.name, der != issuer.seal_certificates[-1], issuer.revoked,
                                profile_verify_url(issuer))
        return None
