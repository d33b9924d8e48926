"""The PDF certificate (reportlab): render, page images (pdfium) and embedded files (pypdf)."""

from .attachments import embedded_files
from .page_image import page_png
from .render import render_certificate
from .templates import DESIGNS

__all__ = ["DESIGNS", "embedded_files", "page_png", "render_certificate"]
