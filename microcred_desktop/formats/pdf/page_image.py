"""A page of a PDF as a PNG image (pdfium): the preview in the app and the picture inside the EDC."""

from __future__ import annotations

import io
import threading

import pypdfium2 as pdfium
from PIL import Image

from microcred_desktop.domain.errors import UserError
from microcred_desktop.i18n import _

# pdfium is not thread-safe: one page rendered at a time in this process.
pdfium_lock = threading.Lock()


def page_png(pdf: bytes, page: int = 0, dpi: float = 96, *, palette: bool = False) -> bytes:
    """Page `page` (0 = first) of `pdf` rendered at `dpi` as PNG bytes. With `palette`, in 256 colours:
    a certificate page has few, and the file is a third of the size and quicker to encode."""
    with pdfium_lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise UserError(_("This PDF file is damaged or is not a PDF."), str(exc)) from None
        try:
            if not 0 <= page < len(document):
                raise IndexError(f"the PDF has {len(document)} pages, no page {page}")
            bitmap = document[page].render(scale=dpi / 72)
            image = bitmap.to_pil()
        finally:
            document.close()
    if palette:
        image = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
