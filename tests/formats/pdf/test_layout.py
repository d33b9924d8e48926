from __future__ import annotations

import gettext
import io
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.colors import HexColor, white

from microcred_desktop.formats.pdf import page_png, render_certificate, wording
from microcred_desktop.formats.pdf.fonts import SERIF, fit_line, fit_lines, register_fonts, width, wrap
from microcred_desktop.formats.pdf.templates import accent_colours, contrast
from microcred_desktop.formats.qr import make_qr_text
from tests.factories import course, learner
from tests.formats.qr.support import issuer

from .support import Word, formal_document, pdftotext, words_by_page

MARGIN = 20 * 72 / 25.4
NAME_200 = (
    "Maria-Magdalena Žydrūnė Ąžuolaitė Konstantina Aleksandra Francesca "
    "Šimkienė-Wolfeschlegelsteinhausenbergerdorff-Papadopoulou-Vasilopoulou "
    "de la Cruz y Montenegro-Bērziņa Ivanova Smirnova Jānis A Lopez"
)
TITLE_120 = (
    "Advanced web accessibility auditing for public sector content editors and web developers: WCAG 2.2 "
    "level AA, in practice"
)
assert len(NAME_200) == 200 and len(TITLE_120) == 120


def long_document():  # type: ignore[no-untyped-def]
    given, family = NAME_200.split(" ", 1)
    title_lt = "Interneto prieinamumo auditas viešojo sektoriaus turinio redaktoriams ir kūrėjams: WCAG 2.2 AA praktika"
    return replace(formal_document(), learner=learner(given_name=given, family_name=family),
                   course=course(title={"lt": title_lt, "en": TITLE_120}))


@pytest.mark.parametrize("template", ["formal", "volunteering"])
def test_long_name_and_title_stay_inside_the_margins(template: str, tmp_path: Path) -> None:
    pdf = render_certificate(long_document(), None, template=template)
    pages = words_by_page(pdf, tmp_path)
    assert len(pages) == 2
    for page_width, page_height, words in pages:
        assert words
        for w in words:
            assert w.x0 >= MARGIN - 0.5 and w.x1 <= page_width - MARGIN + 0.5, w
            assert w.y0 >= MARGIN - 0.5 and w.y1 <= page_height - MARGIN + 0.5, w
    page1 = [w.text for w in pages[0][2]]
    # every word of the name and of the English title is there, in order
    joined = " ".join(page1)
    for part in ("Maria-Magdalena", "Wolfeschlegelsteinhausenbergerdorff-", "Lopez", "practice"):
        assert part in joined
    name_words = [w for w in pages[0][2] if w.text in ("Maria-Magdalena", "Lopez")]
    first, last = name_words
    assert first.y0 < last.y0  # wrapped onto more lines
    assert 14 <= (first.y1 - first.y0) / 1.36 <= 24  # shrunk from 44 pt towards its 14 pt floor


def test_short_name_is_one_large_line(tmp_path: Path) -> None:
    (_, _, words), _ = words_by_page(render_certificate(formal_document(), None), tmp_path)
    name = [w for w in words if w.text in ("Žydrūnė", "Ąžuolaitė-Šimkienė")]
    assert len(name) == 2 and abs(name[0].y0 - name[1].y0) < 0.5
    assert (name[0].y1 - name[0].y0) > 44  # the largest text on the page
    assert all((w.y1 - w.y0) <= (name[0].y1 - name[0].y0) for w in words)


class _FakeLithuanian(gettext.NullTranslations):
    TEXT: ClassVar[dict[str, str]] = {"Certificate": "Pažymėjimas", "has successfully completed": "sėkmingai baigė",
            "Scan to verify": "Nuskaitykite", "Learning outcomes": "Mokymosi rezultatai"}

    def gettext(self, message: str) -> str:
        return self.TEXT.get(message, message)


def test_two_languages_are_stacked_first_language_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = wording.translator
    monkeypatch.setattr(wording, "translator", lambda lang: _FakeLithuanian() if lang == "lt" else real(lang))
    text = pdftotext(render_certificate(formal_document(), None), tmp_path)
    order = ["PAŽYMĖJIMAS", "Certificate", "sėkmingai baigė", "has successfully completed",
             "Interneto prieinamumo pagrindai", "Web accessibility basics", "Nuskaitykite",
             "Mokymosi rezultatai", "Learning outcomes"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert "Scan to verify" not in text  # the QR caption is in the first language only


def test_one_language_course_has_no_second_line(tmp_path: Path) -> None:
    doc = replace(formal_document(), course=course(languages=("en",), title={"en": "Web accessibility basics"}))
    text = pdftotext(render_certificate(doc, None), tmp_path, "-l", "1")
    assert text.count("Web accessibility basics") == 1
    assert "Interneto" not in text


def test_fitting_helpers() -> None:
    register_fonts()
    assert fit_line("Jānis Bērziņš", SERIF, max_size=44, min_size=24, max_width=600).lines == ("Jānis Bērziņš",)
    long = fit_line(NAME_200, SERIF, max_size=44, min_size=24, max_width=600, max_lines=3, floor_size=10)
    assert len(long.lines) <= 3 and 10 <= long.size <= 24
    assert all(width(line, SERIF, long.size) <= 600 for line in long.lines)
    assert " ".join(long.lines).replace("- ", "-") == NAME_200
    two = fit_lines(TITLE_120, SERIF, max_size=23, min_size=12, max_width=500)
    assert len(two.lines) == 2 and all(width(line, SERIF, two.size) <= 500 for line in two.lines)
    cut = fit_lines(TITLE_120 * 3, SERIF, max_size=23, min_size=12, max_width=300)
    assert len(cut.lines) == 2 and cut.size == 12 and cut.lines[-1].endswith("…")
    assert wrap("A" * 60, SERIF, 20, 200) == [line for line in wrap("A" * 60, SERIF, 20, 200) if line]
    assert "".join(wrap("A" * 60, SERIF, 20, 200)) == "A" * 60


def test_accent_colour_is_darkened_until_text_is_readable() -> None:
    shape, text = accent_colours("#ffe14d", "#ffffff")  # a pale yellow logo colour
    assert shape == HexColor("#ffe14d")
    assert contrast(text, white) >= 4.5
    assert accent_colours("#1f5fa8", "#ffffff")[1] == HexColor("#1f5fa8")  # already fine: unchanged
    assert accent_colours("not a colour", "#ffffff")[0] == HexColor("#1f5fa8")


def _overlap(a: Word, b: Word, slack: float = 0.6) -> bool:
    """Whether two word boxes meet. pdftotext boxes span the font's whole ascent and descent (1.36 em
    for Noto), more than the 1.22 em leading of stacked lines, so 15 % is trimmed top and bottom."""
    ta, tb = (a.y1 - a.y0) * 0.15, (b.y1 - b.y0) * 0.15
    return (a.x0 + slack < b.x1 and b.x0 + slack < a.x1
            and a.y0 + ta < b.y1 - tb and b.y0 + tb < a.y1 - ta)


@pytest.mark.parametrize("template", ["formal", "volunteering"])
def test_nothing_on_page_one_overlaps(template: str, tmp_path: Path) -> None:
    doc = long_document()
    qr_text = make_qr_text(doc, issuer(), bytes(32))
    pdf = render_certificate(doc, qr_text, template=template)
    (_, _, words), _ = words_by_page(pdf, tmp_path)
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    image = Image.open(io.BytesIO(page_png(pdf, 0, dpi=144)))  # 2 px a point
    (barcode,) = zxingcpp.read_barcodes(image)
    corners = (barcode.position.top_left, barcode.position.bottom_right)
    quiet = 4 * 30 / 77 * 72 / 25.4  # 4 modules of a version-15 symbol, in points
    qr = Word("QR", corners[0].x / 2 - quiet, corners[0].y / 2 - quiet, corners[1].x / 2 + quiet,
              corners[1].y / 2 + quiet)
    assert not [w for w in words if _overlap(w, qr)]
