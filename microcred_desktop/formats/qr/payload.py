"""The signed QR payload: a compact, offline-verifiable summary of one credential.

Layout (byte by byte in docs/qr-format.md)::

    text    = [verify_url "#"] prefix base45(body)      prefix "MC1:" (body as is) or "MC1Z:" (raw DEFLATE)
    body    = claims || signature                      signature: the last 64 bytes, Ed25519
    claims  = CBOR [uuid(16), name, title, issued_day, expires_day|null, issuer_key(32), key_id, edc_sha256(32)]
    signed  = b"microcred-qr/1\\0" || UTF-8(verify_url) || b"\\0" || claims   (verify_url "" when absent)

In the URL form the base45 text is percent-encoded (" " -> %20, "%" -> %25) so it is a valid fragment.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from urllib.parse import unquote
from uuid import UUID

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from microcred_desktop.crypto.didkey import DidKeyError, did_key, public_key_from_did
from microcred_desktop.crypto.signer import IssuerSigner
from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.domain.errors import UserError
from microcred_desktop.i18n import _

from .base45 import Base45Error, b45decode, b45encode
from .image import qr_overflow_bits

PREFIX = "MC1:"
PREFIX_DEFLATE = "MC1Z:"
SIGNING_CONTEXT = b"microcred-qr/1\x00"
SIGNATURE_SIZE = 64
NAME_LIMIT = 60  # characters kept in the QR before any fitting; the EDC digest binds the full name
TITLE_LIMIT = 120
MIN_TEXT = 16  # fitting never shortens a name or title below this many characters
ELLIPSIS = "…"
_EPOCH = date(1970, 1, 1)
_FIELDS = 8


class QrUnreadable(UserError):
    """The text is not a microcred QR code (garbage, another kind of QR code, or damaged)."""


@dataclass(frozen=True)
class QrClaims:
    """What a microcred QR code states, plus the exact bytes its signature covers."""

    credential_id: UUID
    learner_name: str
    course_title: str
    issued: date
    expires: date | None
    issuer_did: str
    key_id: str
    edc_sha256: bytes
    signature: bytes
    signed_bytes: bytes  # SIGNING_CONTEXT || claims CBOR, exactly as read
    verify_url: str = ""

    @property
    def name_truncated(self) -> bool:
        return self.learner_name.endswith(ELLIPSIS)

    @property
    def title_truncated(self) -> bool:
        return self.course_title.endswith(ELLIPSIS)

    def matches_edc(self, edc_bytes: bytes) -> bool:
        """True when `edc_bytes` is the sealed EDC file this QR code was made for."""
        return hashlib.sha256(edc_bytes).digest() == self.edc_sha256


@dataclass(frozen=True)
class QrVerification:
    """The result of checking a QR code's signature; truthy when valid."""

    valid: bool
    reason: str

    def __bool__(self) -> bool:
        return self.valid


def _days(day: date) -> int:
    return (day - _EPOCH).days


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def _cut_bytes(text: str, nbytes: int) -> str:
    """`text` cut by at least `nbytes` UTF-8 bytes and ended with an ellipsis; never below MIN_TEXT."""
    base = text.removesuffix(ELLIPSIS)
    size = len(base.encode())
    keep = len(base)
    while keep > MIN_TEXT - 1 and size - len(base[:keep].encode()) < nbytes:
        keep -= 1
    return base[: max(keep, MIN_TEXT - 1)].rstrip() + ELLIPSIS


def _raw_key(did: str) -> bytes:
    return public_key_from_did(did).public_bytes(Encoding.Raw, PublicFormat.Raw)


def _claims_cbor(doc: CredentialDocument, name: str, title: str, key: bytes, key_id: str, digest: bytes) -> bytes:
    expires = _days(doc.valid_until.astimezone(UTC).date()) if doc.valid_until else None
    issued = _days(doc.issued_at.astimezone(UTC).date())
    return cbor2.dumps([doc.uuid.bytes, name, title, issued, expires, key, key_id, digest])


def _encode(claims: bytes, signature: bytes, verify_url: str) -> str:
    body = claims + signature
    # A raw deflate stream (any decoder's 32 KB window reads it) made with a 512-byte window and the
    # smallest hash table: the payload is a few hundred bytes, and the default state (a quarter of a
    # megabyte, cleared for each call) took ten times as long as compressing it.
    packer = zlib.compressobj(9, zlib.DEFLATED, -9, 1)
    packed = packer.compress(body) + packer.flush()
    text = PREFIX_DEFLATE + b45encode(packed) if len(packed) < len(body) else PREFIX + b45encode(body)
    if verify_url:
        # The fragment must survive browsers and scanner apps: space and "%" are the only base45
        # characters that are not valid there; both stay in the QR alphanumeric set once escaped.
        return f"{verify_url}#" + text.replace("%", "%25").replace(" ", "%20")
    return text


def signed_message(verify_url: str, claims: bytes) -> bytes:
    """What the signature covers: the claims and the web address the QR sends people to."""
    return SIGNING_CONTEXT + verify_url.encode("utf-8") + b"\x00" + claims


def make_qr_text(doc: CredentialDocument, issuer: IssuerSigner, edc_sha256: bytes) -> str:
    """The signed QR text of `doc`, fitting QR version 15 at level M (name/title shortened if needed)."""
    if len(edc_sha256) != 32:
        raise ValueError("edc_sha256 must be the 32-byte SHA-256 digest of the sealed EDC file")
    if issuer.signer.algorithm != "EdDSA":
        raise ValueError("QR payloads are signed with an Ed25519 (EdDSA) key")
    key = _raw_key(issuer.did)
    verify_url = doc.organisation.verify_url.strip().split("#")[0]
    name = _shorten(doc.learner.full_name, NAME_LIMIT)
    title = _shorten(doc.course.title_in(doc.course.main_language), TITLE_LIMIT)
    key_id = issuer.signer.key_id
    while True:
        claims = _claims_cbor(doc, name, title, key, key_id, edc_sha256)
        # Sign before measuring: the size depends on the signature's bytes (digit runs, escapes).
        signature = issuer.signer.sign(signed_message(verify_url, claims))
        text = _encode(claims, signature, verify_url)
        excess_bits = qr_overflow_bits(text)
        if excess_bits <= 0:
            break
        if len(name) <= MIN_TEXT and len(title) <= MIN_TEXT:
            raise UserError(
                _("The verification web address is too long to fit in the QR code."),
                _("Use a shorter address under Settings › Organisation."),
            )
        # About 8.25 bits a byte in base45 alphanumeric mode, more with URL escapes: cut a little extra.
        cut = excess_bits // 7 + 2
        if len(title) >= len(name) and len(title) > MIN_TEXT:
            title = _cut_bytes(title, cut)
        else:
            name = _cut_bytes(name, cut)
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, signed_message(verify_url, claims))
    except InvalidSignature:
        raise ValueError("the issuer's signer does not hold the key of its did:key") from None
    return text


def _unreadable(detail: str) -> QrUnreadable:
    return QrUnreadable(
        _("This is not a microcred QR code, or it is damaged."),
        _("Scan it again, or paste the whole text.") + f" ({detail})",
    )


def _split(text: str) -> tuple[str, str]:
    """(verify_url, base45 payload with its prefix) of a QR text."""
    text = text.lstrip().rstrip("\r\n\t")
    url, hash_mark, payload = text.rpartition("#")
    if hash_mark:
        try:
            payload = unquote(payload, errors="strict")
        except UnicodeDecodeError:
            raise _unreadable("a broken %-escape in the address part") from None
    return url, payload


def read_qr_text(text: str) -> QrClaims:
    """Parse a QR text (with or without the verification address); QrUnreadable when it is not one."""
    url, payload = _split(text)
    if payload.startswith(PREFIX):
        encoded, packed = payload[len(PREFIX) :], False
    elif payload.startswith(PREFIX_DEFLATE):
        encoded, packed = payload[len(PREFIX_DEFLATE) :], True
    else:
        raise _unreadable("no MC1 marker")
    try:
        body = b45decode(encoded)
        if packed:
            unpacker = zlib.decompressobj(-15)
            body = unpacker.decompress(body, 4096)
            if not unpacker.eof or unpacker.unused_data or unpacker.unconsumed_tail:
                raise _unreadable("bad compressed data")
    except (Base45Error, zlib.error) as exc:
        raise _unreadable(str(exc)) from None
    if len(body) <= SIGNATURE_SIZE:
        raise _unreadable("too short")
    claims, signature = body[:-SIGNATURE_SIZE], body[-SIGNATURE_SIZE:]
    return _claims_from_cbor(claims, signature, url)


def _claims_from_cbor(claims: bytes, signature: bytes, url: str) -> QrClaims:
    stream = io.BytesIO(claims)
    try:
        fields = cbor2.CBORDecoder(stream).decode()
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise _unreadable(f"bad CBOR: {exc}") from None
    if stream.tell() != len(claims):
        raise _unreadable("data after the claims")
    if not isinstance(fields, list) or len(fields) != _FIELDS:
        raise _unreadable("wrong number of fields")
    uid, name, title, issued, expires, key, key_id, digest = fields
    if not (isinstance(uid, bytes) and len(uid) == 16):
        raise _unreadable("bad credential id")
    if not (isinstance(name, str) and isinstance(title, str) and isinstance(key_id, str)):
        raise _unreadable("bad text field")
    if not (isinstance(key, bytes) and len(key) == 32 and isinstance(digest, bytes) and len(digest) == 32):
        raise _unreadable("bad key or digest")
    try:
        issued_day = _EPOCH + timedelta(days=_day_number(issued))
        expires_day = None if expires is None else _EPOCH + timedelta(days=_day_number(expires))
        issuer_did = did_key(Ed25519PublicKey.from_public_bytes(key))
    except (ValueError, OverflowError) as exc:
        raise _unreadable(str(exc)) from None
    return QrClaims(
        credential_id=UUID(bytes=uid),
        learner_name=name,
        course_title=title,
        issued=issued_day,
        expires=expires_day,
        issuer_did=issuer_did,
        key_id=key_id,
        edc_sha256=digest,
        signature=signature,
        signed_bytes=signed_message(url, claims),
        verify_url=url,
    )


def _day_number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2_932_896:
        raise ValueError("bad date")
    return value


def verify_qr_claims(claims: QrClaims) -> QrVerification:
    """Check the Ed25519 signature over the exact signed bytes with the did:key in the claims."""
    try:
        key = public_key_from_did(claims.issuer_did)
    except (DidKeyError, ValueError):
        return QrVerification(False, _("The issuer key in the QR code is not a valid Ed25519 key."))
    try:
        key.verify(claims.signature, claims.signed_bytes)
    except InvalidSignature:
        return QrVerification(
            False,
            _("The QR code's signature does not match: it was changed after signing or not signed by this key."),
        )
    return QrVerification(True, _("The QR code is signed by the issuer's key {did}.").format(did=claims.issuer_did))
