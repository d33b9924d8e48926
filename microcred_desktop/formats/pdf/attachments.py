"""Files embedded in the certificate PDF (the sealed EDC, the Open Badge…) and reading them back."""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDate, PDFDictionary, PDFName, PDFObject, PDFString
from reportlab.pdfgen.canvas import Canvas

from microcred_desktop.domain.errors import UserError
from microcred_desktop.i18n import _

_MIME_BY_SUFFIX = {
    ".edc.jsonld": "application/ld+json",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def mime_type(name: str) -> str:
    """The MIME type of an attachment, from its file name."""
    lower = name.lower()
    for suffix, mime in _MIME_BY_SUFFIX.items():
        if lower.endswith(suffix):
            return mime
    return "application/octet-stream"


class _Timestamp:
    """The shape PDFDate reads its date from."""

    def __init__(self, moment: datetime) -> None:
        self.YMDhms = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
        self.dhh = self.dmm = 0


class _EmbeddedFile(PDFObject):
    """An embedded file stream, Flate-compressed. (reportlab's PDFStream assumes text content that
    ends in a line break; binary data needs the end-of-line marker written after it.)"""

    __RefOnly__ = 1

    def __init__(self, data: bytes, mime: str, params: PDFDictionary) -> None:
        self.packed = zlib.compress(data, 6)
        # A MIME type is a PDF name with its "/" written as #2F (PDF 1.7 §7.3.5).
        subtype = "/" + "".join(ch if ch.isalnum() or ch in "+-." else f"#{ord(ch):02X}" for ch in mime)
        self.dictionary = PDFDictionary({
            "Type": PDFName("EmbeddedFile"),
            "Subtype": subtype,
            "Params": params,
            "Filter": PDFName("FlateDecode"),
            "Length": len(self.packed),
        })

    def format(self, document: Any) -> bytes:
        return bytes(self.dictionary.format(document)) + b"\nstream\n" + self.packed + b"\nendstream\n"


def embed_files(canvas: Canvas, files: Mapping[str, bytes], moment: datetime) -> None:
    """Add `files` to the document's EmbeddedFiles name tree, each with MIME type, size and checksum.

    reportlab has no API for attachments; the objects below are the ones PDF 1.7 §7.11.4 describes.
    Names are sorted, as a name tree requires.
    """
    if not files:
        return
    doc = canvas._doc
    names: list[object] = []
    for name in sorted(files):
        data = files[name]
        params = PDFDictionary({
            "Size": len(data),
            "CheckSum": PDFString(hashlib.md5(data).digest(), enc="raw"),
            "ModDate": PDFDate(_Timestamp(moment)),
        })
        stream = _EmbeddedFile(data, mime_type(name), params)
        spec = PDFDictionary({
            "Type": PDFName("Filespec"),
            "F": PDFString(name),
            "UF": PDFString(name),
            "EF": PDFDictionary({"F": doc.Reference(stream), "UF": doc.Reference(stream)}),
            "AFRelationship": PDFName("Data"),
            "Desc": PDFString(name),
        })
        names += [PDFString(name), doc.Reference(spec)]
    doc.Catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray(names)})})


def embedded_files(pdf: bytes) -> dict[str, bytes]:
    """The files embedded in `pdf`, by name (the first, when a name repeats)."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        return {name: contents[0] for name, contents in reader.attachments.items() if contents}
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UserError(_("This PDF file is damaged or is not a PDF."), str(exc)) from None
