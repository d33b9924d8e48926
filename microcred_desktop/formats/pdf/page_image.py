"""A page of a PDF as an image (pdfium): the preview in the app and the picture inside the EDC."""

from __future__ import annotations

import io
import threading

import pypdfium2 as pdfium
from PIL import Image

from microcred_desktop.domain.errors import UserError
from microcred_desktop.i18n import _

# pdfium is not thread-safe: one page rendered at a time in this process.
pdfium_lock = threading.Lock()


def page_image(pdf: bytes, page: int = 0, dpi: float = 96) -> Image.Image:
    """Page `page` (0 = first) of `pdf` rendered at `dpi`, in RGB."""
    with pdfium_lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise UserError(_("This PDF file is damaged or is not a PDF."), str(exc)) from None
        try:
            if not 0 <= page < len(document):
                raise IndexError(f"the PDF has {len(document)} pages, no page {page}")
            rendered = document[page]
            try:
                return rendered.render(scale=dpi / 72).to_pil()
            finally:
                rendered.close()
        finally:
            document.close()


def palette_of(image: Image.Image) -> Image.Image:
    """The 256 colours that best draw `image` (a 1 × 1 picture carrying them), for `page_png(palette=…)`."""
    quantized = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    carrier = Image.new("P", (1, 1))
    carrier.putpalette(quantized.getpalette() or [])
    return carrier


def png_bytes(image: Image.Image, palette: bool | Image.Image = False, compress_level: int = 6) -> bytes:
    """`image` as PNG. With `palette`, in 256 colours (a certificate page has few, and the file is a third
    of the size): True finds them in this image; a picture from `palette_of` gives them ready, which is six
    times quicker when many pages share their colours (every certificate of a course)."""
    if palette is True:
        image = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    elif isinstance(palette, Image.Image):
        image = image.quantize(palette=palette, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=compress_level)
    return out.getvalue()


def page_png(pdf: bytes, page: int = 0, dpi: float = 96, *, palette: bool | Image.Image = False) -> bytes:
    """Page `page` (0 = first) of `pdf` rendered at `dpi` as PNG bytes (see `png_bytes` for `palette`)."""
    return png_bytes(page_image(pdf, page, dpi), palette)
