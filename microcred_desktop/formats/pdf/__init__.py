"""The PDF certificate (reportlab): render, page images (pdfium) and embedded files (pypdf, in `attachments`).

Importing this package loads no PDF reader: the render workers import its drawing modules only, and pypdf
alone took a quarter of their start (40 of 170 ms).
"""

from .page_image import page_png
from .render import render_certificate
from .templates import DESIGNS

__all__ = ["DESIGNS", "page_png", "render_certificate"]
