"""The EDC's display image: a picture of the certificate's first page, drawn in the render workers.

The certificates of a course are the same page but for the learner's own texts and the QR code, which the
page's layout names (`CoverLayout.stamps`). So the page is pictured whole once per course and layout, and for
each certificate only its stamps are drawn and pasted in: about half of pdfium's work and a fifth of the
colour mapping. Every picture, the first included, is made the same way, so a credential's picture does not
depend on which certificate of its course a process drew first. A stamp that shows what the course page's own
certificate showed there (the date line, when the dates are the same) is not drawn again: the page holds those
very pixels (`stamps_to_draw`). Its PNG, likewise, compresses only the rows of the stamps drawn; the other
rows' compressed bytes are the course page's (`BandedPng`).

Only what drawing needs is imported here, so a worker process starts quickly and stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from uuid import UUID

from PIL import Image

from ..domain.credential import CredentialDocument
from ..domain.learner import Learner
from ..formats.banded_png import BandedPng
from ..formats.pdf.page_image import Box, page_image, page_regions, palette_of, pixel_box
from ..formats.pdf.render import Draft, course_key, draft_certificate, draw_draft
from ..formats.pdf.templates import PAGE_H, PAGE_W
from ..memo import Memo
from .stopwatch import Stopwatch

IMAGE_DPI = 90  # about 1050 × 740 pixels: sharp in a wallet, light in the file
IMAGE_COMPRESSION = 1  # zlib level: 3 makes the picture 3 % smaller and takes 0.25 ms more, 6 20 % and 1.3 ms


@dataclass(frozen=True)
class Drawn:
    """A credential's certificate drawn once: the draft PDF (finished when the EDC is sealed) and the EDC's
    display image for each course language."""

    draft: bytes
    images: dict[str, bytes]


def draw_credential(doc: CredentialDocument, template: str, issuer: str, clock: Stopwatch | None = None) -> Drawn:
    """The draft certificate (`issuer`: the did:key page 2 names) and the picture of its first page, which
    shows the certificate's languages side by side, so one picture serves them all."""
    clock = clock or Stopwatch()
    with clock.stage("pdf"):
        draft = draw_draft(doc, template=template, issuer=issuer, has_edc=True)
    with clock.stage("page image"):
        image = cover_png(doc, template, draft)
    return Drawn(draft.pdf, dict.fromkeys(doc.languages, image))


@dataclass(frozen=True)
class _Background:
    """A course's page for one layout in its colours, composed as the picture of the certificate it was drawn
    from (`shows`: what that certificate's stamps show), and its PNG's rows compressed."""

    picture: Image.Image
    png: BandedPng
    shows: tuple[object, ...]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def stamps_to_draw(boxes: list[Box], shows: tuple[object, ...], before: tuple[object, ...]) -> list[int]:
    """The stamps a certificate must draw over its course's page: those that show something else than the
    page's own certificate did (the name, the id, the QR code; the date line only when the date differs),
    and every later one that overlaps a stamp drawn. A stamp drawn last wins where stamps overlap, so this
    gives the same pixels as drawing them all."""
    drawn: list[int] = []
    for i, box in enumerate(boxes):
        if i >= len(before) or shows[i] != before[i] or any(_overlap(boxes[k], box) for k in drawn):
            drawn.append(i)
    return drawn


def _paste_stamps(picture: Image.Image, pdf: bytes, boxes: list[Box], palette: Image.Image) -> None:
    for box, part in zip(boxes, page_regions(pdf, 0, IMAGE_DPI, boxes), strict=True):
        picture.paste(_in_colours(part, palette), box[:2])


def _composed(doc: CredentialDocument, template: str, draft: Draft) -> tuple[Image.Image, _Background, list[Box]]:
    """The picture, the course's page it was composed on, and the boxes drawn anew."""
    course = course_key(doc, template)
    palette = course_palette(doc, template)
    boxes = [pixel_box((PAGE_W, PAGE_H), IMAGE_DPI, stamp) for stamp in draft.cover.stamps]

    def course_page() -> _Background:
        picture = _in_colours(page_image(draft.pdf, 0, IMAGE_DPI), palette)
        _paste_stamps(picture, draft.pdf, boxes, palette)  # drawn as on every picture
        return _Background(picture, BandedPng(picture, IMAGE_COMPRESSION), draft.cover.shows)

    background = _backgrounds.get((course, draft.cover.key), course_page)
    redo = [boxes[i] for i in stamps_to_draw(boxes, draft.cover.shows, background.shows)]
    picture = background.picture.copy()
    _paste_stamps(picture, draft.pdf, redo, palette)
    return picture, background, redo


def cover_picture(doc: CredentialDocument, template: str, draft: Draft) -> Image.Image:
    """The first page of `draft` (the certificate of `doc` in `template`) at IMAGE_DPI in the course's 256
    colours: the course's page for this layout, with this certificate's stamps drawn over it."""
    return _composed(doc, template, draft)[0]


def cover_png(doc: CredentialDocument, template: str, draft: Draft) -> bytes:
    """`cover_picture` as PNG, compressed anew only in the rows of the stamps it drew."""
    picture, background, boxes = _composed(doc, template, draft)
    return background.png.png(picture, [(top, bottom) for _left, top, _right, bottom in boxes])


def _in_colours(image: Image.Image, palette: Image.Image) -> Image.Image:
    """`image` in the colours of `palette`, each pixel the nearest (no dithering: a pixel's colour does not
    depend on its neighbours, so parts mapped apart are the same as the whole mapped at once)."""
    return image.quantize(palette=palette, dither=Image.Dither.NONE)


SPECIMEN = Learner(given_name="Specimen", family_name="Learner")
SPECIMEN_DAY = datetime(2000, 1, 1, tzinfo=UTC)


def course_palette(doc: CredentialDocument, template: str) -> Image.Image:
    """The 256 colours of a course's certificates, found once per process in a specimen certificate of the
    course (same design, organisation, logo and texts; a fixed learner), so that the same credential always
    gets the same picture, whichever process draws it."""

    def specimen_palette() -> Image.Image:
        specimen = replace(doc, uuid=UUID(int=0), learner=SPECIMEN, grade=None, completion_date=SPECIMEN_DAY.date(),
                           issued_at=SPECIMEN_DAY, valid_until=SPECIMEN_DAY if doc.valid_until else None)
        return palette_of(page_image(draft_certificate(specimen, template=template), 0, IMAGE_DPI))

    return _palettes.get(course_key(doc, template), specimen_palette)


_palettes: Memo[Image.Image] = Memo(8)
# A course's page in its colours, by course and layout: 0.8 MB each. Nearly every certificate of a course has
# the same layout; a name long enough to wrap brings another.
_backgrounds: Memo[_Background] = Memo(4)
