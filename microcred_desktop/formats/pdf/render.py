"""The PDF certificate: page 1 the certificate with its QR code, page 2 the Annex I details, files attached.

Issuing draws the certificate once, as a draft whose page 1 carries a QR code of just the credential id;
the picture of that page goes into the EDC (the EDC cannot hold a picture of a QR code that contains the
EDC's own digest). Once the EDC is sealed and its SHA-256 signed into the QR text, the draft is finished
(`finish.py`): the signed QR code replaces the draft's and the EDC and badge are attached.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.formats.qr.payload import QrUnreadable, read_qr_text
from microcred_desktop.memo import Memo

from .annex import own_texts
from .annex_page import annex_frames, annex_story, paint_annex_page, stamp_signature
from .cover import CoverLayout, draw_cover
from .finish import finish_certificate
from .fonts import register_fonts
from .recording import Prime, Recorder, Recording, Replay, prime_fonts, prime_for
from .templates import MARGIN, PAGE_H, PAGE_W, Design, Palette, design
from .wording import Wording

CREATOR = "microcred desktop"

# Binary (Flate only) streams: ASCII85 makes files 25 % larger and reportlab encodes it in pure Python,
# a third of a certificate's render time. Process-wide, but this app has no other reportlab output.
rl_config.useA85 = 0


def _wordings(doc: CredentialDocument) -> list[Wording]:
    """The certificate's languages: the course's first two."""
    return [Wording(lang) for lang in doc.languages[:2]]


def _canvas_class(doc: CredentialDocument, prime: Prime) -> type[Canvas]:
    stamp = doc.issued_at.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")

    class CertificateCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1  # the same credential renders to the same bytes
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *_: stamp)
            prime_fonts(self, prime)

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
    course = (course_key(doc, template), issuer, has_edc, doc.completion_date, doc.issued_at.date(), doc.grade,
              doc.valid_until)
    recording = _recording_for(course, doc, d, p)
    recorder = None if recording else Recorder()
    if recording:
        prime, annex = recording.prime, [Replay(recording, own_texts(doc))]
    else:
        story = annex_story(doc, d, p, words, issuer, has_edc, recorder)
        prime, annex = prime_for(story.texts), story.flowables

    def cover(c: Canvas, _template: BaseDocTemplate) -> None:
        layouts.append(draw_cover(c, doc, d, p, words, doc.urn))

    def annex_page(c: Canvas, _template: BaseDocTemplate) -> None:
        paint_annex_page(c, doc, d, p, words)
        if recorder:
            recorder.begin(c)

    def annex_page_end(c: Canvas, _template: BaseDocTemplate) -> None:
        if recorder:
            recorder.end(c)

    out = io.BytesIO()
    template_doc = _template_doc(out, doc, d.body_font, words[0])
    template_doc.addPageTemplates([
        PageTemplate("cover", frames=[Frame(0, 0, 10, 10, id="none")], onPage=cover),
        PageTemplate("annex", frames=annex_frames(), onPage=annex_page, onPageEnd=annex_page_end),
    ])
    template_doc.build([NextPageTemplate("annex"), PageBreak(), *annex], canvasmaker=_canvas_class(doc, prime))
    if recorder and recorder.ended and not recorder.spoiled:
        spots = recorder.spots()
        if sorted(s.slot for s in spots) == list(range(len(own_texts(doc)))):
            widths = tuple(s.width for s in sorted(spots, key=lambda s: s.slot))
            _keep(course, Recording(tuple(recorder.segments), prime, story.scales,
                                    stamp_signature(doc, d, p, story.scales, widths), widths))
    return Draft(out.getvalue(), layouts[0])


# Page 2 of a course's certificates, recorded: by course, a few layouts each (a long name that wraps brings
# another). A few hundred kilobytes each.
_recordings: Memo[tuple[Recording, ...]] = Memo(8)
LAYOUTS_KEPT = 4


def _recording_for(course: Hashable, doc: CredentialDocument, d: Design, p: Palette) -> Recording | None:
    """A recording of page 2 of `course` that `doc`'s own texts fit into exactly as they would be drawn."""
    for recording in _recordings.find(course) or ():
        if stamp_signature(doc, d, p, recording.scales, recording.widths) == recording.signature:
            return recording
    return None


def _keep(course: Hashable, recording: Recording) -> None:
    kept = _recordings.find(course) or ()
    _recordings.put(course, (recording, *kept[:LAYOUTS_KEPT - 1]))


def course_key(doc: CredentialDocument, template: str) -> bytes:
    """What makes a course's certificates look alike: design, organisation (logo and signature too), course."""
    org = doc.organisation
    return hashlib.sha256(repr((template, replace(org, logo_png=None, signature_png=None), doc.course)).encode()
                          + (org.logo_png or b"") + b"|" + (org.signature_png or b"")).digest()


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
