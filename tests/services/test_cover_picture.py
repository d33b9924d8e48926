"""The EDC's picture of page 1, made from the course's page and this certificate's stamps (the learner's own
texts and the QR code): the same picture whichever certificate a process drew first, and the page as pdfium
draws it whole, but for the rounding of a few pixels."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from PIL import Image, ImageChops

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.formats.pdf.page_image import page_image
from microcred_desktop.formats.pdf.render import draw_draft
from microcred_desktop.memo import Memo
from microcred_desktop.services import display_image
from microcred_desktop.services.display_image import IMAGE_DPI, cover_picture, cover_png, stamps_to_draw
from tests.factories import learner
from tests.formats.pdf.support import formal_document, volunteering_document, words_by_page

# Names that reach far above and below the line, other scripts, a name just short of wrapping (shrunk on one
# line), and ids of the widest and narrowest hex digits.
NAMES = [
    ("Žydrūnė", "Ąžuolaitė-Šimkienė"),
    ("Ἀλέξανδρος", "Παπαδόπουλος"),
    ("Анастасия", "Щербакова-Йорк"),
    ("Z̃̃̈̈ǺǾ", "gjpqy̧̨̦̤̤ÅÇ"),  # stacked combining marks above and below
    ("Maximiliana Alexandrina", "Vanderbiltensteinhausen"),
]
IDS = [UUID("ffffffff-ffff-4fff-bfff-ffffffffffff"), UUID("11111111-1111-4111-8111-111111111111")]


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(display_image, "_palettes", Memo(8))
    monkeypatch.setattr(display_image, "_backgrounds", Memo(4))


def variant(doc: CredentialDocument, index: int) -> CredentialDocument:
    given, family = NAMES[index % len(NAMES)]
    return replace(doc, uuid=IDS[index % 2], learner=learner(given_name=given, family_name=family),
                   completion_date=date(2026, 1 + index % 12, 1 + 3 * index))


def picture(doc: CredentialDocument, template: str) -> Image.Image:
    return cover_picture(doc, template, draw_draft(doc, template=template, has_edc=True))


@pytest.mark.parametrize(("template", "first"), [("formal", formal_document), ("volunteering", volunteering_document)])
def test_a_picture_does_not_depend_on_the_certificate_drawn_before_it(
        template: str, first: Callable[[], CredentialDocument]) -> None:
    base = first()
    for index in range(len(NAMES)):
        doc = variant(base, index)
        display_image._backgrounds.clear()
        alone = picture(doc, template)  # the first of its course in this process
        before = variant(base, index + 1)
        assert draw_draft(before, template=template).cover.key == draw_draft(doc, template=template).cover.key
        display_image._backgrounds.clear()
        picture(before, template)  # another learner, another date, another id drawn first
        assert picture(doc, template).tobytes() == alone.tobytes(), NAMES[index]
        same_day = replace(before, completion_date=doc.completion_date)
        display_image._backgrounds.clear()
        picture(same_day, template)  # the same date line: the page's own is kept, not drawn again
        assert picture(doc, template).tobytes() == alone.tobytes(), NAMES[index]


def test_a_picture_is_the_page_drawn_whole_but_for_rounding() -> None:
    base = formal_document()
    for index in range(len(NAMES)):
        doc = variant(base, index)
        display_image._backgrounds.clear()
        picture(variant(base, index + 2), "formal")
        composed = picture(doc, "formal").convert("RGB")
        whole = page_image(draw_draft(doc, template="formal").pdf, 0, IMAGE_DPI)
        whole = whole.quantize(palette=display_image.course_palette(doc, "formal"), dither=Image.Dither.NONE)
        difference = ImageChops.difference(composed, whole.convert("RGB")).convert("L")
        differing = sum(1 for value in difference.get_flattened_data() if value)
        assert differing < 40, (NAMES[index], differing)  # of 784,000: pdfium's rounding where a stamp is cut out


def test_the_learners_own_texts_lie_inside_the_stamps(tmp_path: Path) -> None:
    doc = variant(formal_document(), 0)
    draft = draw_draft(doc, template="formal", has_edc=True)
    _width, height, words = words_by_page(draft.pdf, tmp_path)[0]
    own = [*doc.learner.full_name.split(), str(doc.uuid)]
    found = [w for w in words if w.text in own]
    assert len(found) == len(own)
    for word in found:  # pdftotext measures from the top
        assert any(x0 <= word.x0 and word.x1 <= x1 and y0 <= height - word.y1 and height - word.y0 <= y1
                   for x0, y0, x1, y1 in draft.cover.stamps), word


def test_a_shrunk_name_keeps_the_layout_and_a_wrapped_one_brings_its_own() -> None:
    doc = formal_document()
    short = draw_draft(replace(doc, learner=learner(given_name="Ona", family_name="Rė")), template="formal")
    shrunk = draw_draft(replace(doc, learner=learner(given_name="Maximiliana Alexandrina",
                                                     family_name="Vanderbiltensteinhausen")), template="formal")
    wrapped = draw_draft(replace(doc, learner=learner(given_name="Maximiliana Alexandrina Konstantina",
                                                      family_name="Vanderbiltensteinhausen-Wolfeschlegel")),
                         template="formal")
    assert short.cover.key == shrunk.cover.key and short.cover.stamps == shrunk.cover.stamps
    assert wrapped.cover.key != short.cover.key


@pytest.mark.parametrize(("template", "first"), [("formal", formal_document), ("volunteering", volunteering_document)])
def test_the_edcs_png_is_the_picture(template: str, first: Callable[[], CredentialDocument]) -> None:
    """Made from the course's compressed rows and the stamps' rows compressed anew, it decodes to the picture."""
    base = first()
    for index in range(len(NAMES)):
        doc = variant(base, index)
        draft = draw_draft(doc, template=template, has_edc=True)
        decoded = Image.open(io.BytesIO(cover_png(doc, template, draft)))
        decoded.load()
        expected = cover_picture(doc, template, draft)
        assert decoded.tobytes() == expected.tobytes(), NAMES[index]
        assert decoded.getpalette() == expected.getpalette()


def test_a_stamp_is_drawn_when_it_shows_something_else_or_overlaps_one_drawn_before_it() -> None:
    name, date_line, second_line, qr = (0, 10, 100, 20), (0, 40, 100, 50), (0, 48, 100, 58), (80, 49, 100, 70)
    boxes = [name, date_line, second_line, qr]
    page = ("Ona", "14 May", "May 14", "urn:1")
    assert stamps_to_draw(boxes, ("Jonas", "14 May", "May 14", "urn:2"), page) == [0, 3]  # same day: kept
    assert stamps_to_draw(boxes, ("Jonas", "15 May", "May 14", "urn:2"), page) == [0, 1, 2, 3]  # 2 overlaps 1
    assert stamps_to_draw(boxes, page, page) == []
    assert stamps_to_draw(boxes, page, ()) == [0, 1, 2, 3]
