"""The PDF certificate: page 1 the certificate with its QR code, page 2 the Annex I details, files attached.

Issuing draws the certificate once, as a draft whose page 1 carries a QR code of just the credential id;
the picture of that page goes into the EDC (the EDC cannot hold a picture of a QR code that contains the
EDC's own digest). Once the EDC is sealed and its SHA-256 signed into the QR text, the draft is finished
(`finish.py`): the signed QR code replaces the draft's and the EDC and badge are attached.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.formats.qr.payload import QrUnreadable, read_qr_text

from .annex_page import annex_frames, annex_story, paint_annex_page
from .cover import CoverLayout, draw_cover
from .finish import finish_certificate
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


def _canvas_class(doc: CredentialDocument) -> type[Canvas]:
    stamp = doc.issued_at.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")

    class CertificateCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1  # the same credential renders to the same bytes
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *_: stamp)

    return CertificateCanvas


@dataclass(frozen=True)
class Draft:
    """A draft certificate and the layout of its first page."""

    pdf: bytes
    cover: CoverLayout


def draft_certificate(doc: CredentialDocument, *, template: str = "formal", issuer: str = "",
                      has_edc: bool = False) -> bytes:
    """Both pages of the certificate, with the QR code of the credential id: the picture for the EDC (which
    cannot show a QR code holding its own digest) is drawn from its first page, and `finish_certificate`
    then puts the signed QR code and the attached files in. `issuer` (the issuer's did:key) and `has_edc`
    are what page 2's "how to verify" says."""
    return draw_draft(doc, template=template, issuer=issuer, has_edc=has_edc).pdf


def draw_draft(doc: CredentialDocument, *, template: str = "formal", issuer: str = "",
               has_edc: bool = False) -> Draft:
    """`draft_certificate`, with where its first page shows the learner's own texts (`CoverLayout`)."""
    register_fonts()
    d = design(template)
    p = d.palette(doc.organisation.accent_colour)
    words = _wordings(doc)

    layouts: list[CoverLayout] = []

    def cover(c: Canvas, _template: BaseDocTemplate) -> None:
        layouts.append(draw_cover(c, doc, d, p, words, doc.urn))

    def annex_page(c: Canvas, _template: BaseDocTemplate) -> None:
        paint_annex_page(c, doc, d, p, words)

    out = io.BytesIO()
    template_doc = _template_doc(out, doc, d.body_font, words[0])
    template_doc.addPageTemplates([
        PageTemplate("cover", frames=[Frame(0, 0, 10, 10, id="none")], onPage=cover),
        PageTemplate("annex", frames=annex_frames(), onPage=annex_page),
    ])
    annex = annex_story(doc, d, p, words, issuer, has_edc)
    template_doc.build([NextPageTemplate("annex"), PageBreak(), *annex], canvasmaker=_canvas_class(doc))
    return Draft(out.getvalue(), layouts[0])


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
    draft = draft_certificate(doc, template=template, issuer=issuer, has_edc=has_edc(files))
    return finish_certificate(draft, qr_text, files, doc.issued_at)


def has_edc(files: Mapping[str, bytes]) -> bool:
    """Whether `files` (name → bytes) hold an EDC, which page 2 then tells how to open."""
    return any(n.lower().endswith((".jsonld", ".edc.json")) for n in files)


def _template_doc(out: io.BytesIO, doc: CredentialDocument, body_font: str, first: Wording) -> BaseDocTemplate:
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
        pageCompression=1,
        initialFontName=body_font,
    )
