"""Verify whatever the user brings: an EDC, an Open Badge, a PDF certificate, a QR photo or QR text.

Detects the kind from the content (not the file name), runs that format's verifier, then adds what
only this install knows: whose key signed it (ours, a trusted issuer's, or unknown), whether a
credential that names us or a trusted issuer as its issuer really is signed by their keys, whether its
issuer revoked it, and whether the QR code's web address is the issuer's. Files larger than
MAX_FILE_BYTES are refused before they are read. Folders are verified file by file, with progress
and a cancel flag (the CLI and the GUI run the same function); the unsealed copies made for the EU
issuer (".edc-unsigned.json") are skipped there, as there is nothing in them to verify.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography import x509

from ..crypto.certificates import seal_subject
from ..domain.verdict import CheckStatus, Outcome, Verdict
from ..formats.edc.verify import looks_like_edc, verify_edc
from ..formats.ob3.bake import PNG_SIGNATURE, unbake_png
from ..formats.ob3.jwt import looks_like_jwt
from ..formats.ob3.unpack import parse_json
from ..formats.ob3.verify import check_ob3
from ..formats.pdf.verify import check_qr_claims, credential_uuid, read_qr, verify_pdf
from ..formats.qr.payload import PREFIX, PREFIX_DEFLATE, QrClaims, QrUnreadable
from ..formats.qr.photo import ImageUnreadable, decode_qr_image, looks_like_image
from ..i18n import _
from ..storage.catalogue import Catalogue
from .trust import PROFILE_TYPE, Identity, TrustBook

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_QR_TEXT = 8 * 1024
MAX_FOLDER_FILES = 10_000
SUFFIXES = frozenset({".json", ".jsonld", ".pdf", ".png", ".jpg", ".jpeg", ".svg", ".jwt", ".1ob",
                      ".webp", ".tif", ".tiff", ".bmp"})


@dataclass(frozen=True)
class VerifyBook(TrustBook):
    """The trust book plus every way this organisation names itself, so that a credential claiming to be
    ours but not signed with one of our keys is caught. (A plain TrustBook knows one name of ours.)"""

    our_names: tuple[str, ...] = ()
    our_identifiers: tuple[str, ...] = ()
    our_country: str = ""


def trust_book(catalogue: Catalogue) -> VerifyBook:
    """What verification needs to know from this install, read once (workers get plain data)."""
    book = TrustBook.from_catalogue(catalogue)
    org = catalogue.organisation()
    names = tuple(n for n in (org.legal_name.values() if org else ()) if isinstance(n, str) and n.strip())
    return VerifyBook(**{f.name: getattr(book, f.name) for f in fields(TrustBook)}, our_names=names,
                      our_identifiers=(org.legal_identifier,) if org and org.legal_identifier.strip() else (),
                      our_country=org.country if org else "")


def issuer_confirmed(verdict: Verdict) -> bool:
    """True when the credential is valid and this computer knows who signed it (ours or a trusted issuer);
    a valid credential of an unknown issuer is intact, but nothing confirms who its signer is."""
    return verdict.outcome is Outcome.VALID and any(
        c.name == "issued-by" and c.status is CheckStatus.PASSED for c in verdict.checks)


def unsealed_copy_reason() -> str:
    return _("This is the unsealed copy made for the EU issuer (its upload form): it carries no seal, so there is "
             "nothing to verify. Verify the sealed .edc.jsonld file or the PDF certificate instead.")


def is_unsealed_copy(verdict: Verdict) -> bool:
    """True for the verdict of an unsealed copy for the EU issuer ({"credential": …})."""
    return verdict.kind == "edc" and verdict.unreadable_reason == unsealed_copy_reason()


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
            if set(document) == {"credential"} and isinstance(document["credential"], dict):
                return _unreadable(source, unsealed_copy_reason(), "edc")  # the EU issuer's upload form
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
        claims = Claims.of_edc(result.credential, result.seal.certificate)
        _issuer_check(verdict, [(identity, _seal_label(result.seal.certificate))], claims, book)
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
        _issuer_check(verdict, [(identity, result.issuer_did)], Claims.of_badge(result.credential), book)
        _revocation_check(verdict, identity, uuid)
    return verdict


def _verify_pdf(data: bytes, source: str, book: TrustBook, strict: bool, now: datetime) -> Verdict:
    result = verify_pdf(data, now, source, strict=strict)
    verdict = result.verdict
    if verdict.unreadable_reason:
        return verdict
    signers: list[tuple[Identity | None, str]] = []
    claims = Claims()
    if result.edc is not None and result.edc.credential is not None:
        claims |= Claims.of_edc(result.edc.credential, result.edc.seal.certificate if result.edc.seal else None)
    if result.badge is not None and result.badge.credential is not None:
        claims |= Claims.of_badge(result.badge.credential)
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
        identity = _issuer_check(verdict, signers, claims, book)
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
        identity = _issuer_check(verdict, [(book.by_did(claims.issuer_did), claims.issuer_did)], Claims(), book)
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


# -- who the credential says issued it --------------------------------------------------------------------
_SCHEME_PREFIX = re.compile(r"^(?:VAT|NTR)(?=[A-Z]{2}|\d)")  # ETSI EN 319 412-1: "VATLT-100001234"
_COUNTRY_PREFIX = re.compile(r"^([A-Z]{2})(?=\d)")
_MAX_CLAIMS = 20


def normalised_name(name: str) -> str:
    """A name compared without case, spacing or punctuation ("" when too short to mean anything)."""
    text = "".join(c for c in unicodedata.normalize("NFKC", name[:300]).casefold() if c.isalnum())
    return text if len(text) >= 3 else ""


def normalised_identifier(identifier: str, country: str = "") -> tuple[str, str] | None:
    """(country or "", the identifier itself) without the "VAT"/"NTR" scheme or country prefix, spacing,
    punctuation or case: "VATLT-100001234", "LT 100001234" and "100001234" are one identifier."""
    text = "".join(c for c in unicodedata.normalize("NFKC", identifier[:100]).upper() if c.isalnum())
    text = _SCHEME_PREFIX.sub("", text)
    prefix = _COUNTRY_PREFIX.match(text)
    if prefix:
        country, text = prefix[1], text[2:]
    return (country.upper(), text) if len(text) >= 4 else None


def _same_identifier(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[1] == b[1] and (a[0] == b[0] or not a[0] or not b[0])


def _strings(value: object) -> Iterator[str]:
    """The strings of a value that may be a string, a language map or a list of them (a few at most)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in list(value.values())[:_MAX_CLAIMS]:
            yield from (v for v in ([item] if isinstance(item, str) else item if isinstance(item, list) else [])
                        if isinstance(v, str))
    elif isinstance(value, list):
        yield from (v for v in value[:_MAX_CLAIMS] if isinstance(v, str))


def _dicts(value: object) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items[:_MAX_CLAIMS] if isinstance(v, dict)]


@dataclass(frozen=True)
class Claims:
    """Who a credential says issued it: names and legal identifiers, normalised (never trusted by themselves)."""

    names: frozenset[str] = frozenset()
    identifiers: frozenset[tuple[str, str]] = frozenset()

    def __or__(self, other: Claims) -> Claims:
        return Claims(self.names | other.names, self.identifiers | other.identifiers)

    @classmethod
    def of(cls, names: Iterator[str] | list[str], identifiers: Iterator[str] | list[str]) -> Claims:
        return cls(frozenset(n for n in map(normalised_name, names) if n),
                   frozenset(i for i in map(normalised_identifier, identifiers) if i))

    @classmethod
    def of_edc(cls, credential: dict[str, Any], seal: x509.Certificate | None) -> Claims:
        """The EDC's issuer (legal names, legal identifiers) and the organisation its seal certificate names."""
        names: list[str] = []
        identifiers: list[str] = []
        for issuer in _dicts(credential.get("issuer")):
            names += _strings(issuer.get("legalName"))
            for key in ("eIDASIdentifier", "registration", "vatIdentifier", "taxIdentifier", "identifier"):
                for entry in _dicts(issuer.get(key)):
                    identifiers += _strings(entry.get("notation"))
        if seal is not None:
            subject = seal_subject(seal)
            names.append(subject.legal_name)
            identifiers.append(subject.organisation_identifier)
        return cls.of(names, identifiers)

    @classmethod
    def of_badge(cls, credential: dict[str, Any]) -> Claims:
        """The Open Badge issuer profile's name and other identifiers."""
        names: list[str] = []
        identifiers: list[str] = []
        for issuer in _dicts(credential.get("issuer")):
            names += _strings(issuer.get("name"))
            for entry in _dicts(issuer.get("otherIdentifier")):
                identifiers += _strings(entry.get("identifier"))
        return cls.of(names, identifiers)

    def match(self, names: Sequence[str], identifiers: Sequence[str], country: str) -> bool:
        """True when the credential claims one of these names or legal identifiers."""
        if self.names & {n for n in map(normalised_name, names) if n}:
            return True
        known = [i for i in (normalised_identifier(x, country) for x in identifiers) if i]
        return any(_same_identifier(claimed, ours) for claimed in self.identifiers for ours in known)


def _claimed_identities(book: TrustBook, claims: Claims) -> set[tuple[str, str]]:
    """The organisations this install knows whose identity the credential claims, as (kind, name)."""
    found: set[tuple[str, str]] = set()
    if isinstance(book, VerifyBook):
        ours = claims.match((*book.our_names, book.our_name), book.our_identifiers, book.our_country)
    else:
        ours = claims.match((book.our_name,), (), "")
    if ours and (book.our_dids or book.our_seals):
        found.add(("ours", book.our_name or _("this organisation")))
    for issuer in book.trusted:
        if claims.match((issuer.name,), (issuer.legal_identifier,), issuer.country):
            found.add(("trusted", issuer.name))
    return found


def _issuer_check(verdict: Verdict, signers: Sequence[tuple[Identity | None, str]], claims: Claims,
                  book: TrustBook) -> Identity | None:
    """One "issued-by" check for everyone who signed; returns the identity when all signers are one issuer.

    A credential that claims the identity of this organisation or of a trusted issuer (by a name or legal
    identifier in it or in its seal certificate) fails unless every signer is that organisation, and it
    claims nobody else's: anybody can write a name and an identifier, only an organisation's keys sign."""
    known = [i for i, _label in signers if i is not None]
    unknown = [label for i, label in signers if i is None]
    if len({(i.kind, i.name) for i in known}) > 1:
        verdict.add("issued-by", False, _("The parts of this credential were signed by different organisations: "
                                       "{names}.").format(names=", ".join(sorted({i.name for i in known}))))
        return None
    signer = (known[0].kind, known[0].name) if known else None
    claimed = sorted((kind != "ours", name) for kind, name in _claimed_identities(book, claims)
                     if unknown or (kind, name) != signer)  # ours first
    if claimed:  # someone else's identity, or a part signed by a key nobody here knows
        who = "; ".join(unknown) if unknown else known[0].name
        theirs, name = claimed[0]
        if not theirs:
            message = _("This credential claims to be issued by {name} (this organisation), but it was signed by "
                        "{who}, not with a key of this organisation: it is not genuine.")
        else:
            message = _("This credential claims to be issued by {name} (a trusted issuer), but it was signed by "
                        "{who}, not with a key of {name}: it is not genuine.")
        verdict.add("issued-by", False, message.format(name=name, who=who))
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
    unsealed: list[Path] = field(default_factory=list)  # unsealed copies for the EU issuer found in folders


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
    named = {path for path in paths if not path.is_dir()}  # a file named on purpose gets its verdict
    run = VerifyRun(skipped=skipped)
    total = len(files)
    for index, path in enumerate(files):
        if cancel is not None and cancel():
            run.cancelled = True
            break
        if progress is not None:
            progress(index, total, path.name)
        verdict = verify_path(path, book, strict=strict, now=now)
        if path not in named and is_unsealed_copy(verdict):
            run.unsealed.append(path)  # unsealed by design: nothing to verify, not a failure
        else:
            run.verdicts.append(verdict)
    if progress is not None:
        progress(len(run.verdicts), total, "")
    return run
