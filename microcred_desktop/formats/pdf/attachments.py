"""Files embedded in the certificate PDF (the sealed EDC, the Open Badge…) and reading them back."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from datetime import datetime

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDate, PDFDictionary, PDFName, PDFStream, PDFString
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
        stream = PDFStream(PDFDictionary({"Type": PDFName("EmbeddedFile"), "Subtype": PDFName(mime_type(name)),
                                          "Params": params}), data)
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
