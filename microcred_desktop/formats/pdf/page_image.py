"""A page of a PDF as an image (pdfium): the preview in the app and the picture inside the EDC."""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from microcred_desktop.domain.errors import UserError
from microcred_desktop.i18n import _

# pdfium is not thread-safe: one page rendered at a time in this process.
pdfium_lock = threading.Lock()

Box = tuple[int, int, int, int]  # pixels: left, top, right, bottom (right and bottom excluded), as in PIL
SAFETY = 2  # pixels added around a box: anti-aliasing reaches past the exact edge of a shape


@contextmanager
def _opened_page(pdf: bytes, page: int) -> Iterator[pdfium.PdfPage]:
    """Page `page` (0 = first) of `pdf`, open while this process's pdfium is held."""
    with pdfium_lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise UserError(_("This PDF file is damaged or is not a PDF."), str(exc)) from None
        try:
            if not 0 <= page < len(document):
                raise IndexError(f"the PDF has {len(document)} pages, no page {page}")
            opened = document[page]
            try:
                yield opened
            finally:
                opened.close()
        finally:
            document.close()


def page_image(pdf: bytes, page: int = 0, dpi: float = 96) -> Image.Image:
    """Page `page` (0 = first) of `pdf` rendered at `dpi`, in RGB."""
    with _opened_page(pdf, page) as opened:
        return opened.render(scale=dpi / 72).to_pil()


def pixel_box(page_size: tuple[float, float], dpi: float, rect: tuple[float, float, float, float]) -> Box:
    """The pixels of a page of `page_size` (points) rendered at `dpi` that cover `rect` (x0, y0, x1, y1 in points
    from the lower left), with a margin of SAFETY pixels, within the picture. pdfium fits the page to a
    picture a whole number of pixels wide and high, so the scale is that size over the page's."""
    page_w, page_h = page_size
    width, height = math.ceil(page_w * dpi / 72), math.ceil(page_h * dpi / 72)
    sx, sy = width / page_w, height / page_h
    x0, y0, x1, y1 = rect
    return (max(0, math.floor(x0 * sx) - SAFETY), max(0, math.floor((page_h - y1) * sy) - SAFETY),
            min(width, math.ceil(x1 * sx) + SAFETY), min(height, math.ceil((page_h - y0) * sy) + SAFETY))


def page_regions(pdf: bytes, page: int, dpi: float, boxes: Sequence[Box]) -> list[Image.Image]:
    """The `boxes` of page `page` of `pdf` rendered at `dpi`, in RGB: each the same pixels as that part of
    `page_image` (the page is drawn at the same place and scale, into a bitmap over just that part), but
    pdfium draws only what reaches the box."""
    scale = dpi / 72
    with _opened_page(pdf, page) as opened:
        width, height = math.ceil(opened.get_width() * scale), math.ceil(opened.get_height() * scale)
        parts = []
        for left, top, right, bottom in boxes:
            bitmap = pdfium.PdfBitmap.new_native(right - left, bottom - top, pdfium_c.FPDFBitmap_BGR)
            bitmap.fill_rect((255, 255, 255, 255), 0, 0, right - left, bottom - top)
            pdfium_c.FPDF_RenderPageBitmap(bitmap, opened, -left, -top, width, height, 0,
                                           pdfium_c.FPDF_ANNOT)  # as PdfPage.render draws
            parts.append(bitmap.to_pil())
        return parts


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
