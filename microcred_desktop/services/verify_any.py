"""Verify whatever the user brings: an EDC, an Open Badge, a PDF certificate, a QR photo or QR text.

Detects the kind from the content (not the file name), runs that format's verifier, then adds what
only this install knows: whose key signed it (ours, a trusted issuer's, or unknown), whether its
issuer revoked it, and whether the QR code's web address is the issuer's. Files larger than
MAX_FILE_BYTES are refused before they are read. Folders are verified file by file, with progress
and a cancel flag (the CLI and the GUI run the same function).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography import x509

from ..crypto.certificates import seal_subject
from ..domain.verdict import Verdict
from ..formats.edc.verify import looks_like_edc, verify_edc
from ..formats.ob3.bake import PNG_SIGNATURE, unbake_png
from ..formats.ob3.jwt import looks_like_jwt
from ..formats.ob3.unpack import parse_json
from ..formats.ob3.verify import check_ob3
from ..formats.pdf.verify import check_qr_claims, credential_uuid, read_qr, verify_pdf
from ..formats.qr.payload import PREFIX, PREFIX_DEFLATE, QrClaims, QrUnreadable
from ..formats.qr.photo import ImageUnreadable, decode_qr_image, looks_like_image
from ..i18n import _
from .trust import PROFILE_TYPE, Identity, TrustBook

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_QR_TEXT = 8 * 1024
MAX_FOLDER_FILES = 10_000
SUFFIXES = frozenset({".json", ".jsonld", ".pdf", ".png", ".jpg", ".jpeg", ".svg", ".jwt", ".1ob",
                      ".webp", ".tif", ".tiff", ".bmp"})


def _now(now: datetime | None) -> datetime:
    now = now or datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _unreadable(source: str, reason: str, kind: str = "") -> Verdict:
    return Verdict(source=source, kind=kind, unreadable_reason=reason)


# -- one input -------------------------------------------------------------------------------------------
def verify_path(path: Path, book: TrustBook, *, strict: bool = False, now: datetime | None = None) -> Verdict:
    """Verify one file; too large, missing or unreadable files get an UNREADABLE verdict with a reason."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _unreadable(source, _("The file is larger than 30 MB; no credential is that large."))
        if not path.is_file():
            return _unreadable(source, _("This is not a file."))
        data = path.read_bytes()
    except OSError as exc:
        return _unreadable(source, _("The file cannot be opened: {reason}").format(reason=exc.strerror or exc))
    return verify_bytes(data, source, book, strict=strict, now=now)


def verify_bytes(data: bytes, source: str, book: TrustBook, *, strict: bool = False,
                 now: datetime | None = None) -> Verdict:
    """Verify the content of one file, whatever its kind; never raises on bad input."""
    now = _now(now)
    if len(data) > MAX_FILE_BYTES:
        return _unreadable(source, _("The file is larger than 30 MB; no credential is that large."))
    try:
        return _dispatch(data, source, book, strict, now)
    except Exception:  # a bug; hostile input must still get an answer
        log.exception("verifying %s failed", source)
        verdict = Verdict(source=source)
        verdict.add("internal", False, _("The file could not be checked completely because of an error."))
        return verdict


def _dispatch(data: bytes, source: str, book: TrustBook, strict: bool, now: datetime) -> Verdict:
    if b"%PDF-" in data[:1024]:
        return _verify_pdf(data, source, book, strict, now)
    if looks_like_image(data):
        if data.startswith(PNG_SIGNATURE) and unbake_png(data) is not None:
            return _verify_badge(data, source, book, now)  # a baked badge, not a photo
        return _verify_photo(data, source, book, now)
    try:
        text = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        return _unreadable(source, _("This file is not a credential this app can check: use a PDF certificate, "
                                     "an EDC or Open Badge file, or a photo of the QR code."))
    if text.startswith("<"):
        return _verify_badge(data, source, book, now)
    if text.startswith(("{", "[")):
        document = parse_json(text)
        if isinstance(document, str):
            return _unreadable(source, document)
        if PROFILE_TYPE in str(document.get("payload"))[:400]:
            return _unreadable(source, _("This is an issuer profile, not a credential: import it under Trusted "
                                         "issuers (microcred trust import)."))
        if looks_like_edc(document):
            return _verify_edc(document, source, book, strict, now)
        return _verify_badge(document, source, book, now)
    if looks_like_jwt(text):
        return _verify_badge(data, source, book, now)
    if PREFIX in text or PREFIX_DEFLATE in text:
        return verify_qr_text(text, book, now=now, source=source)
    return _unreadable(source, _("This file is not a credential this app can check: use a PDF certificate, an EDC "
                                 "or Open Badge file, or a photo of the QR code."))


# -- the kinds ---------------------------------------------------------------------------------------------
def _verify_edc(document: dict[str, Any], source: str, book: TrustBook, strict: bool,
                now: datetime) -> Verdict:
    result = verify_edc(document, now, source, strict=strict)
    verdict = result.verdict
    if verdict.unreadable_reason or result.credential is None:
        return verdict
    _set_id(verdict, credential_uuid(result.credential_id))
    if result.seal is not None:
        identity = book.by_certificate(result.seal.certificate)
        _issuer_check(verdict, [(identity, _seal_label(result.seal.certificate))])
        _revocation_check(verdict, identity, credential_uuid(result.credential_id))
    return verdict


def _verify_badge(data: bytes | dict[str, Any], source: str, book: TrustBook, now: datetime) -> Verdict:
    result = check_ob3(data, now, source)
    verdict = result.verdict
    if verdict.unreadable_reason or result.credential is None:
        return verdict
    badge_id = result.credential.get("id")
    uuid = credential_uuid(badge_id if isinstance(badge_id, str) else "")
    _set_id(verdict, uuid)
    if result.issuer_did:
        identity = book.by_did(result.issuer_did)
        _issuer_check(verdict, [(identity, result.issuer_did)])
        _revocation_check(verdict, identity, uuid)
    return verdict


def _verify_pdf(data: bytes, source: str, book: TrustBook, strict: bool, now: datetime) -> Verdict:
    result = verify_pdf(data, now, source, strict=strict)
    verdict = result.verdict
    if verdict.unreadable_reason:
        return verdict
    signers: list[tuple[Identity | None, str]] = []
    if result.edc is not None and result.edc.seal is not None:
        signers.append((book.by_certificate(result.edc.seal.certificate),
                        _seal_label(result.edc.seal.certificate)))
    did = result.qr.issuer_did if result.qr is not None and result.qr_signed else (
        result.badge.issuer_did if result.badge is not None else "")
    if did:
        signers.append((book.by_did(did), did))
    uuid = result.qr.credential_id if result.qr is not None else None
    if uuid is None and result.edc is not None:
        uuid = credential_uuid(result.edc.credential_id)
    _set_id(verdict, uuid)
    if signers:
        identity = _issuer_check(verdict, signers)
        _revocation_check(verdict, identity, uuid)
        if result.qr is not None and result.qr_signed:
            _address_check(verdict, result.qr, identity)
    return verdict


def _verify_photo(data: bytes, source: str, book: TrustBook, now: datetime) -> Verdict:
    try:
        texts = decode_qr_image(data)
    except ImageUnreadable as error:
        return _unreadable(source, error.message, "qr")
    if not texts:
        return _unreadable(source, _("No QR code was found in the picture. Take the photo again, closer, "
                                     "with the whole QR code sharp and in view."), "qr")
    ours = [t for t in texts if PREFIX in t or PREFIX_DEFLATE in t]
    if not ours:
        return _unreadable(source, _("The QR code in the picture is not a microcred credential code."), "qr")
    return verify_qr_text(ours[0], book, now=now, source=source)


def verify_qr_text(text: str, book: TrustBook, *, now: datetime | None = None, source: str = "") -> Verdict:
    """Verify the text of a microcred QR code (scanned, pasted, or read from a photo)."""
    now = _now(now)
    source = source or _("QR code text")
    text = text.strip()
    if len(text) > MAX_QR_TEXT:
        return _unreadable(source, _("The text is far too long to be a QR code."), "qr")
    try:
        claims = read_qr(text)
    except QrUnreadable as error:
        return _unreadable(source, error.message, "qr")
    verdict = Verdict(source=source, kind="qr")
    _set_id(verdict, claims.credential_id)
    if check_qr_claims(verdict, claims, now):
        identity = _issuer_check(verdict, [(book.by_did(claims.issuer_did), claims.issuer_did)])
        _revocation_check(verdict, identity, claims.credential_id)
        _address_check(verdict, claims, identity)
    return verdict


# -- what this install knows ---------------------------------------------------------------------------------
def _set_id(verdict: Verdict, uuid: UUID | None) -> None:
    if uuid is not None:
        verdict.content["credential_id"] = str(uuid)


def _seal_label(certificate: x509.Certificate) -> str:
    subject = seal_subject(certificate)
    parts = [subject.legal_name or subject.common_name, subject.organisation_identifier, subject.country]
    return _("seal of {name}").format(name=", ".join(p for p in parts if p) or "?")


def _issuer_check(verdict: Verdict, signers: Sequence[tuple[Identity | None, str]]) -> Identity | None:
    """One "issued-by" check for everyone who signed; returns the identity when all signers are one issuer."""
    known = [i for i, _label in signers if i is not None]
    unknown = [label for i, label in signers if i is None]
    if len({(i.kind, i.name) for i in known}) > 1:
        verdict.add("issued-by", False, _("The parts of this credential were signed by different organisations: "
                                       "{names}.").format(names=", ".join(sorted({i.name for i in known}))))
        return None
    if unknown:
        verdict.warn("issued-by", _("Valid signature by an unknown issuer ({who}). To trust this issuer, import its "
                                 "issuer profile.").format(who="; ".join(unknown)))
        return None
    identity = known[0]
    retired = any(i.retired for i in known)
    if identity.kind == "ours":
        message = (_("Issued by {name} (this organisation), signed with a retired key of this organisation.")
                   if retired else _("Issued by {name} (this organisation)."))
    else:
        message = (_("Issued by {name} (trusted), signed with one of its earlier keys.") if retired
                   else _("Issued by {name} (trusted)."))
    verdict.add("issued-by", True, message.format(name=identity.name))
    verdict.content["issuer"] = identity.name
    return identity


def _revocation_check(verdict: Verdict, identity: Identity | None, uuid: UUID | None) -> None:
    if identity is None:
        verdict.add("revocation", None, _("Whether the credential was revoked cannot be checked: this app knows "
                                          "no revocations of this issuer."))
    elif uuid is None:
        verdict.add("revocation", None, _("Whether the credential was revoked cannot be checked: it has no "
                                          "credential id this app can read."))
    elif str(uuid) in identity.revoked:
        reason = identity.revoked[str(uuid)] or _("no reason given")
        verdict.add("revocation", False, _("{name} revoked this credential. Reason: {reason}").format(
            name=identity.name, reason=reason))
    elif identity.kind == "ours":
        verdict.add("revocation", True, _("This organisation has not revoked the credential."))
    else:
        verdict.add("revocation", True, _("{name} had not revoked the credential when it last sent its "
                                          "profile.").format(name=identity.name))


def _address_check(verdict: Verdict, claims: QrClaims, identity: Identity | None) -> None:
    """The QR code's web address is outside its signature: it must be the one its issuer uses."""
    if not claims.verify_url:
        return
    if identity is None:
        verdict.warn("qr-address", _("The QR code leads to {url}; the issuer signed that address, but this "
                                     "computer does not know the issuer.").format(url=claims.verify_url[:200]))
    elif claims.verify_url == identity.verify_url:
        verdict.add("qr-address", True, _("The QR code leads to the verification page of {name}.").format(
            name=identity.name))
    else:
        # The address is signed, so this is the issuer's own older address, not a forgery.
        verdict.warn("qr-address", _("The QR code leads to {url}, which {name} signed but which is not its "
                                     "current verification address.").format(url=claims.verify_url[:200],
                                                                              name=identity.name))


# -- folders ------------------------------------------------------------------------------------------------
@dataclass
class VerifyRun:
    """What verifying several files found."""

    verdicts: list[Verdict] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files of kinds that cannot be credentials
    cancelled: bool = False


def files_to_verify(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(files to verify, files skipped) for the given files and folders; folders are walked recursively."""
    chosen: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and not any(part.startswith(".") for part in item.relative_to(path).parts):
                    (chosen if item.suffix.lower() in SUFFIXES else skipped).append(item)
                if len(chosen) > MAX_FOLDER_FILES:
                    break
        else:
            chosen.append(path)  # a file named on purpose is always tried
    return chosen[:MAX_FOLDER_FILES], skipped


def verify_many(paths: Sequence[Path], book: TrustBook, *, strict: bool = False, now: datetime | None = None,
                progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> VerifyRun:
    """Verify files and folders one file at a time; `progress(done, total, name)`, stop when `cancel()`."""
    files, skipped = files_to_verify(paths)
    run = VerifyRun(skipped=skipped)
    total = len(files)
    for index, path in enumerate(files):
        if cancel is not None and cancel():
            run.cancelled = True
            break
        if progress is not None:
            progress(index, total, path.name)
        run.verdicts.append(verify_path(path, book, strict=strict, now=now))
    if progress is not None:
        progress(len(run.verdicts), total, "")
    return run
