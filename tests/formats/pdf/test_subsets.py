"""Font subsets are made once per distinct subset, and the PDF is byte-for-byte reportlab's own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from reportlab.pdfbase import pdfmetrics

from microcred_desktop.formats.pdf.fonts import _FILES, register_fonts
from microcred_desktop.formats.pdf.render import render_certificate
from microcred_desktop.formats.pdf.subsets import remember_subsets
from tests.factories import document, learner

ATTACHED = {"a.json": b"{}"}


def _fonts() -> list[object]:
    register_fonts()
    return [pdfmetrics.getFont(name) for name in _FILES]


@pytest.fixture
def plain_reportlab() -> Iterator[None]:
    """reportlab's own subsetting (the class methods) while the test runs; remembered again after."""
    fonts = _fonts()
    for font in fonts:
        del font.face.makeSubset, font.face.addSubsetObjects, font.addObjects
    try:
        yield
    finally:
        for font in fonts:
            if "makeSubset" not in vars(font.face):
                remember_subsets(font)


def _render(given: str, family: str) -> bytes:
    return render_certificate(document(learner=learner(given_name=given, family_name=family)), None,
                              attachments=ATTACHED)


def _counts() -> tuple[int, int]:
    memos = [memo for font in _fonts() for memo in font.subset_memos]
    return sum(m.hits for m in memos), sum(m.misses for m in memos)


def test_remembered_subsets_give_reportlabs_bytes(plain_reportlab: None) -> None:
    expected = {name: _render(*name) for name in [("Žydrūnė", "Ąžuolaitė"), ("Quentin", "Xavier-Ÿ")]}
    for font in _fonts():  # back to remembering, from empty memos
        remember_subsets(font)
    hits, misses = _counts()
    assert (hits, misses) == (0, 0)
    first = _render("Žydrūnė", "Ąžuolaitė")  # made and compressed
    other = _render("Quentin", "Xavier-Ÿ")  # new letters: a new subset for the name's font
    again = _render("Žydrūnė", "Ąžuolaitė")  # every subset remembered
    assert first == expected[("Žydrūnė", "Ąžuolaitė")] == again
    assert other == expected[("Quentin", "Xavier-Ÿ")]
    hits_after, misses_after = _counts()
    assert misses_after > 0
    assert hits_after >= misses_after  # the third render made nothing anew (nor did most of the second)
    assert sum(font.subset_memos[1].hits for font in _fonts()) > 0  # compressed font programs and maps reused too
    assert sum(font.subset_memos[2].hits for font in _fonts()) > 0  # and written widths
