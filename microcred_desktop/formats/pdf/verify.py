"""Verify a PDF certificate: the credentials inside it, the QR code printed on it, and that they agree.

A microcred certificate carries the sealed EDC and the Open Badge as embedded files and prints a
signed QR code whose claims name the credential id, the issuer's did:key and the SHA-256 of the
sealed EDC file. A PDF with none of those files (a scan, a printout saved as PDF) is checked by its
QR code alone, and the verdict says so. Attachments are read bounded (see attachments.read_attachments).

The printed page itself is covered by no signature, so the name on it is never "confirmed": the
verdict warns the reader to compare it with the signed name, and fails when the page lacks that name
or shows cheap-to-detect signs of later editing (see read_page).
"""

from __future__ import annotations

import ctypes
import io
import json
import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ...domain.errors import UserError
from ...domain.verdict import Check, Verdict
from ...i18n import _
from ..edc.verify import EdcVerification, looks_like_edc, verify_edc
from ..ob3.verify import Ob3Verification, check_ob3
from ..qr.payload import QrClaims, QrUnreadable, read_qr_text, verify_qr_claims
from ..qr.photo import qr_texts
from .attachments import MAX_ATTACHMENTS, read_attachments
from .page_image import page_image, pdfium_lock  # one pdfium call at a time

log = logging.getLogger(__name__)
QR_DPI = 150
MAX_BYTES = 30 * 1024 * 1024
MAX_ATTACHMENT = 10 * 1024 * 1024  # a credential file inside; the EDC verifier takes no more
MAX_ATTACHMENTS_TOTAL = 24 * 1024 * 1024
MAX_PAGE_CHARS = 20_000  # page 1 of a certificate has a few hundred characters
MAX_PAGE_OBJECTS = 5_000  # and a few dozen drawing objects
MAX_NAMES = 3  # occurrences of the name checked for being covered


@dataclass
class PdfVerification:
    """The verdict, and the parts found, for the caller's trust and revocation checks."""

    verdict: Verdict
    edc: EdcVerification | None = None
    badge: Ob3Verification | None = None
    qr: QrClaims | None = None
    qr_signed: bool = False  # the QR code's signature verified


def credential_uuid(identifier: str) -> UUID | None:
    """The uuid in "urn:credential:<uuid>" or "urn:uuid:<uuid>" (None for any other id)."""
    for prefix in ("urn:credential:", "urn:uuid:"):
        if identifier.startswith(prefix):
            try:
                return UUID(identifier.removeprefix(prefix))
            except ValueError:
                return None
    return None


def _merge(verdict: Verdict, part: Verdict, prefix: str) -> None:
    for check in part.checks:
        verdict.checks.append(Check(f"{prefix}.{check.name}", check.status, check.message))


def _credential_name(name: str) -> bool:
    """Attachments that may hold a credential: JSON files (nothing else is read from a certificate)."""
    return name.lower().endswith((".json", ".jsonld"))


def _classify(files: dict[str, bytes]) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """(EDC files, badge files) among the attachments, by content, not by name."""
    edcs, badges = [], []
    for name, data in files.items():
        if len(data) > MAX_ATTACHMENT or not _credential_name(name):
            continue
        try:
            value: Any = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if looks_like_edc(value):
            edcs.append((name, data))
        elif isinstance(value, dict) and "credentialSubject" in value:
            badges.append((name, data))
    return edcs, badges


def page_text(pdf: bytes, page: int = 0) -> str:
    """The text layer of one page ("" for a scan, or when the page cannot be read)."""
    with pdfium_lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError:
            return ""
        try:
            if len(document) <= page:
                return ""
            return str(document[page].get_textpage().get_text_range())
        except pdfium.PdfiumError:
            return ""
        finally:
            document.close()


def _find_qr(pdf: bytes) -> tuple[str | None, str]:
    """(the microcred QR text on page 1, or None; a reason when the page could not be rendered)."""
    try:
        image = page_image(pdf, 0, QR_DPI).convert("L")
    except (UserError, IndexError, OSError) as exc:
        return None, str(exc)[:200]
    texts = qr_texts(image)
    ours = [t for t in texts if "MC1" in t]
    found = ours or texts
    return (found[0] if found else None), ""


def verify_pdf(data: bytes, now: datetime, source: str = "", *, strict: bool = False) -> PdfVerification:
    """Every check of one PDF certificate, each with one plain sentence; never raises on bad input."""
    result = PdfVerification(Verdict(source=source, kind="pdf"))
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    try:
        _verify(result, data, now, strict)
    except Exception:  # a bug; hostile input must still get an answer
        log.exception("verifying a PDF failed")
        result.verdict.add("internal", False, _("The certificate could not be checked completely because of an "
                                                "error."))
    return result


def _verify(result: PdfVerification, data: bytes, now: datetime, strict: bool) -> None:
    verdict = result.verdict
    if len(data) > MAX_BYTES:
        verdict.unreadable_reason = _("The PDF is larger than 30 MB, too large to be a certificate.")
        return
    if b"%%EOF" not in data[-2048:]:
        verdict.unreadable_reason = _("The PDF file is incomplete: it was cut off while it was copied or "
                                      "downloaded.")
        return
    try:
        attached = read_attachments(data, wanted=_credential_name, max_bytes=MAX_ATTACHMENT,
                                    max_total=MAX_ATTACHMENTS_TOTAL)
    except UserError as error:
        verdict.unreadable_reason = error.message
        return
    if attached.too_many:
        verdict.unreadable_reason = _("This PDF carries more than {n} attached files; a certificate carries two. "
                                      "It was not read further.").format(n=MAX_ATTACHMENTS)
        return
    if attached.oversized:
        verdict.unreadable_reason = _("This PDF carries oversized attachments ({names}), far larger than a "
                                      "certificate's files; it was not read further.").format(
            names=", ".join(n[:80] for n in attached.oversized))
        return
    if attached.damaged:
        verdict.unreadable_reason = _("This PDF file is damaged or is not a PDF.")
        return
    files = attached.files
    qr_text, render_problem = _find_qr(data)
    if render_problem:
        verdict.unreadable_reason = _("This PDF file is damaged or is not a PDF.")
        return
    edcs, badges = _classify(files)
    if qr_text is None and not edcs and not badges:
        verdict.unreadable_reason = _("This PDF is not a credential: it has no QR code on its first page and no "
                                      "credential inside.")
        return
    verdict.add("readable", True, _("The PDF was read: {n} file(s) inside, QR code {qr}.").format(
        n=attached.listed, qr=_("found") if qr_text else _("not found")))
    _check_qr(result, qr_text, now)
    if not edcs and not badges:
        verdict.warn("files", _("This PDF has no credential files inside (a scan or a printout?); only its QR "
                                "code was checked."))
    else:
        _check_files(result, edcs, badges, now, strict)
    _check_printed_text(result, data)
    if result.edc and result.edc.credential:
        verdict.content.update(result.edc.verdict.content)
    elif result.badge and result.badge.credential:
        verdict.content.update(result.badge.verdict.content)


def _check_qr(result: PdfVerification, text: str | None, now: datetime) -> None:
    verdict = result.verdict
    if text is None:
        verdict.add("qr", False, _("No QR code was found on the first page of the certificate."))
        return
    try:
        claims = read_qr(text)
    except QrUnreadable as error:
        verdict.add("qr", False, _("The QR code on the certificate is not a microcred code, or it is damaged."))
        log.debug("QR unreadable: %s", error)
        return
    result.qr = claims
    result.qr_signed = check_qr_claims(verdict, claims, now, expiry_check="qr.valid-until")


def read_qr(text: str) -> QrClaims:
    """`read_qr_text`, with every way a damaged text can fail turned into QrUnreadable."""
    try:
        return read_qr_text(text)
    except ValueError as exc:  # e.g. a percent escape that is not UTF-8 in the web-address form
        raise QrUnreadable(_("This is not a microcred QR code, or it is damaged."), str(exc)[:100]) from None


def check_qr_claims(verdict: Verdict, claims: QrClaims, now: datetime, expiry_check: str = "valid-until") -> bool:
    """Add the QR code's signature check (and its expiry) and content to `verdict`; True when signed."""
    checked = verify_qr_claims(claims)
    verdict.add("qr", checked.valid, checked.reason)
    for key, value in qr_content(claims).items():
        verdict.content.setdefault(key, value)
    if claims.expires is not None and claims.expires < now.astimezone(UTC).date():
        verdict.add(expiry_check, False, _("The QR code says the credential expired on {date}.").format(
            date=claims.expires.isoformat()))
    elif expiry_check == "valid-until":
        until = claims.expires.isoformat() if claims.expires else ""
        verdict.add(expiry_check, True if until else None, _("The credential is valid until {date}.").format(
            date=until) if until else _("The credential does not expire."))
    return checked.valid


def qr_content(claims: QrClaims) -> dict[str, str]:
    """What a QR code states, as the verdict's content."""
    found = {"learner": claims.learner_name, "achievement": claims.course_title,
             "valid_from": claims.issued.isoformat(),
             "valid_until": claims.expires.isoformat() if claims.expires else ""}
    return {k: v for k, v in found.items() if v}


def _one(verdict: Verdict, name: str, found: list[tuple[str, bytes]], what: str) -> tuple[str, bytes] | None:
    if len(found) > 1:
        verdict.add(name, False, _("The certificate carries {n} {what} files; a certificate has one.").format(
            n=len(found), what=what))
        return None
    return found[0] if found else None


def _check_files(result: PdfVerification, edcs: list[tuple[str, bytes]], badges: list[tuple[str, bytes]],
                 now: datetime, strict: bool) -> None:
    verdict = result.verdict
    edc_file = _one(verdict, "edc", edcs, "EDC")
    badge_file = _one(verdict, "badge", badges, "Open Badge")
    if edc_file is None and len(edcs) <= 1:
        verdict.add("edc", False, _("The certificate lacks its sealed European Digital Credential file."))
    if edc_file is not None:
        result.edc = verify_edc(edc_file[1], now, edc_file[0], strict=strict)
        _part_outcome(verdict, result.edc.verdict, "edc")
    if badge_file is not None:
        result.badge = check_ob3(badge_file[1], now, badge_file[0])
        _part_outcome(verdict, result.badge.verdict, "badge")
    _check_agreement(result, edc_file[1] if edc_file else None)


def _part_outcome(verdict: Verdict, part: Verdict, prefix: str) -> None:
    if part.unreadable_reason:
        verdict.add(prefix, False, _("A credential file inside the certificate cannot be read: {reason}").format(
            reason=part.unreadable_reason))
    _merge(verdict, part, prefix)


def _check_agreement(result: PdfVerification, edc_bytes: bytes | None) -> None:
    verdict, claims = result.verdict, result.qr
    ids: dict[str, UUID | None] = {}
    if claims is not None:
        ids[_("the QR code")] = claims.credential_id
    if result.edc is not None and result.edc.credential is not None:
        ids[_("the EDC")] = credential_uuid(result.edc.credential_id)
    if result.badge is not None and result.badge.credential is not None:
        badge_id = result.badge.credential.get("id")
        ids[_("the Open Badge")] = credential_uuid(badge_id if isinstance(badge_id, str) else "")
    if len(ids) > 1:
        if len(set(ids.values())) == 1 and None not in ids.values():
            verdict.add("same-credential", True, _("The QR code and the files inside are the same credential."))
        else:
            verdict.add("same-credential", False, _("The QR code and the files inside are not the same credential: "
                                                    "{ids}.").format(ids="; ".join(f"{k} {v or '?'}" for k, v in
                                                                                   ids.items())))
    if claims is not None and edc_bytes is not None:
        if claims.matches_edc(edc_bytes):
            verdict.add("qr-edc", True, _("The QR code was made for exactly the EDC file inside the certificate."))
        else:
            verdict.add("qr-edc", False, _("The EDC file inside the certificate is not the one the QR code was made "
                                           "for: it was replaced or changed."))
    if claims is not None and result.badge is not None and result.badge.credential is not None:
        badge_issuer = result.badge.issuer_did
        if badge_issuer == claims.issuer_did:
            verdict.add("same-issuer", True, _("The QR code and the Open Badge were signed with the same key."))
        elif badge_issuer:
            verdict.add("same-issuer", False, _("The QR code and the Open Badge were signed with different keys."))


@dataclass
class PageReading:
    """What page 1 shows of the signed name, and signs that the page was changed after it was made."""

    has_text: bool = False
    name_found: bool = False
    changes: list[str] = field(default_factory=list)


def _check_printed_text(result: PdfVerification, pdf: bytes) -> None:
    """The printed page is covered by no signature: never "passed". It fails when page 1 lacks the signed
    name or shows signs of later editing, and otherwise tells the reader to compare the name themselves."""
    verdict = result.verdict
    source = result.edc.verdict.content if result.edc is not None and result.edc.credential else {}
    name = source.get("learner") or (result.qr.learner_name if result.qr and not result.qr.name_truncated else "")
    if not name:
        return
    page = read_page(pdf, name)
    if page.changes:
        verdict.add("printed-name", False, _("The certificate page was changed after it was made ({changes}): do "
                                             "not rely on the name it shows. The name in the signed data is "
                                             "{name}.").format(changes="; ".join(page.changes), name=name))
    elif not page.has_text:
        verdict.warn("printed-name", _("The certificate page has no text layer (a scan?), so the printed name was "
                                       "not compared: check that the page shows {name}, the name in the signed "
                                       "data.").format(name=name))
    elif not page.name_found:
        verdict.add("printed-name", False, _("The name printed on the certificate is not the one in the signed "
                                             "data ({name}): the page was changed.").format(name=name))
    else:
        verdict.warn("printed-name", _("The printed page itself is not signed: check that the name shown on the page "
                                       "is {name}, the name in the signed data.").format(name=name))


def read_page(pdf: bytes, name: str) -> PageReading:
    """Page 1's text layer against `name`, and the cheap signs of later editing: an update appended to the
    file, a second content stream or annotations on page 1, something drawn over the name, or the name
    printed invisibly. Our own certificates (one reportlab save, one content stream, nothing drawn after
    the name over it) show none of them."""
    reading = PageReading()
    if pdf.count(b"%%EOF") > 1:
        reading.changes.append(_("the file was updated after it was saved"))
    reading.changes += _page_structure(pdf)
    with pdfium_lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError:
            return reading
        try:
            if len(document):
                _read_name(document[0], name, reading)
        except pdfium.PdfiumError:
            pass
        finally:
            document.close()
    return reading


def _page_structure(pdf: bytes) -> list[str]:
    """Page 1 as our renderer writes it: one content stream and no annotations."""
    try:
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return []  # a PDF pypdf cannot read was refused before; pdfium judges the rest
    changes = []
    if isinstance(contents, list) and len(contents) > 1:
        changes.append(_("a layer was added over the first page"))
    if isinstance(annotations, list) and annotations:
        changes.append(_("notes, stamps or form fields were added on the first page"))
    return changes


def _squeezed_chars(text: str) -> list[str]:
    return [c for c in unicodedata.normalize("NFD", text).casefold() if not c.isspace()]


def _address(handle: Any) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _read_name(page: pdfium.PdfPage, name: str, reading: PageReading) -> None:
    textpage = page.get_textpage()
    squeezed: list[str] = []
    index_of: list[int] = []  # the page character each squeezed character came from
    for index in range(min(pdfium_c.FPDFText_CountChars(textpage.raw), MAX_PAGE_CHARS)):
        for char in _squeezed_chars(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index) or 32)):
            squeezed.append(char)
            index_of.append(index)
    reading.has_text = bool(squeezed)
    wanted = "".join(_squeezed_chars(name))
    text = "".join(squeezed)
    chars: set[int] = set()
    start, found = (text.find(wanted) if wanted else -1), 0
    while start >= 0 and found < MAX_NAMES:
        chars.update(index_of[start:start + len(wanted)])
        start, found = text.find(wanted, start + 1), found + 1
    reading.name_found = bool(chars)
    if chars:
        reading.changes += _name_covered(page, textpage, sorted(chars))


def _char_box(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of one character, in page points."""
    left, right, bottom, top = (ctypes.c_double() for _i in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage.raw, index, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom),
                                 ctypes.byref(top))
    return left.value, bottom.value, right.value, top.value


def _object_box(obj: Any) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of one page object, in page points."""
    left, bottom, right, top = (ctypes.c_float() for _i in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                   ctypes.byref(top))
    return left.value, bottom.value, right.value, top.value


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _covers(box: tuple[float, float, float, float], char: tuple[float, float, float, float]) -> bool:
    """True when `box` covers at least a third of the character's box."""
    width = min(box[2], char[2]) - max(box[0], char[0])
    height = min(box[3], char[3]) - max(box[1], char[1])
    area = (char[2] - char[0]) * (char[3] - char[1])
    return width > 0 and height > 0 and area > 0 and width * height >= area / 3


def _paints(obj: Any, kind: int) -> bool:
    """True for objects that leave marks that can hide what is under them (not clip or stroke-only paths)."""
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        return fill.value != pdfium_c.FPDF_FILLMODE_NONE
    return kind in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING)


def _invisible(obj: Any) -> bool:
    """A text object drawn invisibly: render mode invisible or clip only, fully transparent, or white."""
    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
    if mode in (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP):
        return True
    if mode not in (pdfium_c.FPDF_TEXTRENDERMODE_FILL, pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE,
                    pdfium_c.FPDF_TEXTRENDERMODE_FILL_CLIP, pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP):
        return False
    r, g, b, a = (ctypes.c_uint() for _i in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 240


def _name_covered(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, chars: list[int]) -> list[str]:
    """Signs that the printed name is hidden: drawn invisibly, or something drawn after it over it."""
    text_object = getattr(pdfium_c, "FPDFText_GetTextObject", None)
    if text_object is None:  # an older pdfium: the drawing order cannot be matched to the name
        return []
    boxes = [_char_box(textpage, i) for i in chars]
    name_objects = {_address(text_object(textpage.raw, i)) for i in chars} - {None}
    union = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    changes: list[str] = []
    after_name = False
    for seen, obj in enumerate(page.get_objects(max_depth=4)):
        if seen >= MAX_PAGE_OBJECTS:
            break
        address = _address(obj.raw)
        if address in name_objects:
            after_name = True
            if _invisible(obj.raw) and _("the printed name is invisible") not in changes:
                changes.append(_("the printed name is invisible"))
            continue
        if not after_name or not _paints(obj.raw, obj.type):
            continue
        bounds = _object_box(obj.raw)
        if _overlaps(bounds, union) and any(_covers(bounds, char) for char in boxes):
            changes.append(_("something was drawn over the printed name"))
            break
    return changes
