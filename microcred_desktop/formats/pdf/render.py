"""The PDF certificate: page 1 the certificate with its QR code, page 2 the Annex I details, files attached.

Issuing renders twice. First with ``qr_text=None``: page 1 then carries a QR code of just the credential
id, and its image goes into the EDC (the EDC cannot hold a picture of a QR code that contains the EDC's
own digest). Then, once the EDC is sealed and its SHA-256 signed into the QR text, the final PDF is
rendered with that text and the EDC and badge attached.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.formats.qr.payload import QrUnreadable, read_qr_text

from .annex_page import annex_frames, annex_story, paint_annex_page
from .attachments import embed_files
from .cover import draw_cover
from .fonts import register_fonts
from .templates import MARGIN, PAGE_H, PAGE_W, design
from .wording import Wording

CREATOR = "microcred desktop"

# Binary (Flate only) streams: ASCII85 makes files 25 % larger and reportlab encodes it in pure Python,
# a third of a certificate's render time. Process-wide, but this app has no other reportlab output.
rl_config.useA85 = 0


def _wordings(doc: CredentialDocument) -> list[Wording]:
    """The certificate's languages: the course's first two."""
    return [Wording(lang) for lang in doc.languages[:2]]


def _canvas_class(doc: CredentialDocument, attachments: Mapping[str, bytes]) -> type[Canvas]:
    issued = doc.issued_at.astimezone(UTC)
    stamp = issued.strftime("D:%Y%m%d%H%M%S+00'00'")

    class CertificateCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1  # the same credential renders to the same bytes
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *_: stamp)

        def save(self) -> None:
            embed_files(self, attachments, issued)
            super().save()

    return CertificateCanvas


def render_certificate(
    doc: CredentialDocument,
    qr_text: str | None,
    *,
    template: str = "formal",
    attachments: Mapping[str, bytes] | None = None,
) -> bytes:
    """The certificate PDF of `doc`: A4 landscape, page 1 with the QR code of `qr_text` (None: of the
    credential id only, for the preview image), page 2 the Annex I details, `attachments` (name → bytes)
    embedded as files."""
    register_fonts()
    d = design(template)
    p = d.palette(doc.organisation.accent_colour)
    words = _wordings(doc)
    files = dict(attachments or {})
    issuer = ""
    if qr_text is not None:
        try:
            claims = read_qr_text(qr_text)
        except QrUnreadable:
            raise ValueError("qr_text is not a microcred QR text made by make_qr_text") from None
        if claims.credential_id != doc.uuid:
            raise ValueError("qr_text belongs to another credential")
        issuer = claims.issuer_did
    code = qr_text if qr_text is not None else doc.urn

    def cover(c: Canvas, _template: BaseDocTemplate) -> None:
        draw_cover(c, doc, d, p, words, code)

    def annex_page(c: Canvas, _template: BaseDocTemplate) -> None:
        paint_annex_page(c, doc, d, p, words)

    out = io.BytesIO()
    template_doc = _template_doc(out, doc, d.body_font, words[0])
    template_doc.addPageTemplates([
        PageTemplate("cover", frames=[Frame(0, 0, 10, 10, id="none")], onPage=cover),
        PageTemplate("annex", frames=annex_frames(), onPage=annex_page),
    ])
    has_edc = any(n.lower().endswith((".jsonld", ".edc.json")) for n in files)
    annex = annex_story(doc, d, p, words, issuer, has_edc)
    template_doc.build([NextPageTemplate("annex"), PageBreak(), *annex], canvasmaker=_canvas_class(doc, files))
    return out.getvalue()


def render_first_page(doc: CredentialDocument, *, template: str = "formal") -> bytes:
    """Page 1 of the certificate alone, exactly as in `render_certificate` but with the QR code of the
    credential id: the picture for the EDC, which cannot show a QR code holding its own digest."""
    register_fonts()
    d = design(template)
    p = d.palette(doc.organisation.accent_colour)
    words = _wordings(doc)

    def cover(c: Canvas, _template: BaseDocTemplate) -> None:
        draw_cover(c, doc, d, p, words, doc.urn)

    out = io.BytesIO()
    # Never saved, only drawn: compressing its streams would only cost time on both sides.
    template_doc = _template_doc(out, doc, d.body_font, words[0], compress=False)
    template_doc.addPageTemplates([PageTemplate("cover", frames=[Frame(0, 0, 10, 10, 0, 0, 0, 0, id="none")],
                                                onPage=cover)])
    template_doc.build([PageBreak()], canvasmaker=_canvas_class(doc, {}))
    return out.getvalue()


def _template_doc(out: io.BytesIO, doc: CredentialDocument, body_font: str, first: Wording, *,
                  compress: bool = True) -> BaseDocTemplate:
    name = doc.learner.full_name
    title = doc.course.title_in(first.lang)
    return BaseDocTemplate(
        out,
        pagesize=(PAGE_W, PAGE_H),
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=f"{first.heading(doc.course.kind)}: {name} · {title}",
        author=doc.organisation.name_in(first.lang),
        subject=f"{title} · {doc.urn}",
        keywords=["micro-credential", doc.urn, doc.course.code],
        creator=CREATOR,
        producer=CREATOR,
        lang=first.lang,
        pageCompression=1 if compress else 0,
        initialFontName=body_font,
    )
