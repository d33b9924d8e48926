"""Page 2 recorded once per course and replayed with each learner's own texts: the certificate is byte for
byte the one drawn whole, whatever was drawn before it, and page 2 shows the learner's name as typed."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from pypdf import PdfReader

from microcred_desktop.domain.course import LearningOutcome
from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.formats.pdf import render
from microcred_desktop.formats.pdf.render import draw_draft
from microcred_desktop.memo import Memo
from tests.factories import course, learner
from tests.formats.pdf.support import formal_document, pdftotext, volunteering_document

ISSUER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"

# Short and long names, names bringing letters the course's texts lack (after the fonts were primed), a name
# that wraps on page 2, one that fills three lines, a grade and another completion date (other courses' keys).
LEARNERS: list[dict[str, object]] = [
    {"given_name": "Ona", "family_name": "Ona"},
    {"given_name": "Žydrūnė", "family_name": "Ąžuolaitė-Šimkienė"},
    {"given_name": "Ἀλέξανδρος", "family_name": "Παπαδόπουλος"},
    {"given_name": "Анастасия", "family_name": "Щербакова-Йорк"},
    {"given_name": "Maximiliana Alexandrina Konstantina", "family_name": "Vanderbiltensteinhausen-Oppenheimer"},
    {"given_name": "Jānis", "family_name": "Bērziņš"},
    {"given_name": "W" * 90, "family_name": "Ž" * 110},
    {"given_name": "Ieva", "family_name": "Zaķe", "grade": "9"},
    {"given_name": "Ugnė", "family_name": "Ąžuolė", "completion_date": date(2026, 2, 3)},
]


@pytest.fixture(autouse=True)
def fresh_recordings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "_recordings", Memo(8))


def variant(doc: CredentialDocument, index: int, fields: dict[str, object]) -> CredentialDocument:
    names = {k: v for k, v in fields.items() if k in ("given_name", "family_name")}
    others = {k: v for k, v in fields.items() if k not in names}
    return replace(doc, uuid=UUID(int=0x1234_0000_4000_8000_0000_0000_0000 + index),
                   learner=learner(**names), **others)  # type: ignore[arg-type]


def drawn_whole(doc: CredentialDocument, template: str) -> bytes:
    """The certificate drawn with nothing recorded before it."""
    kept = render._recordings
    render._recordings = Memo(8)
    try:
        return draw_draft(doc, template=template, issuer=ISSUER, has_edc=True).pdf
    finally:
        render._recordings = kept


@pytest.mark.parametrize(("template", "first"), [("formal", formal_document), ("volunteering", volunteering_document)])
def test_a_replayed_page_is_byte_for_byte_the_page_drawn_whole(
        template: str, first: Callable[[], CredentialDocument]) -> None:
    base = first()
    for _round in range(2):  # the second round finds every layout recorded
        for index, fields in enumerate(LEARNERS):
            doc = variant(base, index, fields)
            replayed = draw_draft(doc, template=template, issuer=ISSUER, has_edc=True).pdf
            assert replayed == drawn_whole(doc, template), (template, fields)
    assert render._recordings.hits >= len(LEARNERS)  # most certificates were replays


def test_the_name_on_a_replayed_page_is_the_learners(tmp_path: Path) -> None:
    base = formal_document()
    for index, fields in enumerate(LEARNERS[:6]):
        doc = variant(base, index, fields)
        pdf = draw_draft(doc, template="formal", issuer=ISSUER, has_edc=True).pdf
        page2 = " ".join(pdftotext(pdf, tmp_path, "-f", "2", "-l", "2").split())
        assert doc.learner.full_name in page2
        assert doc.urn in page2
        assert "Vanderbiltensteinhausen" not in page2 or index == 4  # nothing of a recorded learner is left
    assert render._recordings.hits >= 4


def test_a_course_whose_details_need_more_pages_is_not_recorded() -> None:
    outcomes = tuple(LearningOutcome({"en": f"Outcome number {i}: " + "apply the method to a real case. " * 6})
                     for i in range(60))
    doc = replace(formal_document(), course=course(learning_outcomes=outcomes))
    first = draw_draft(doc, template="formal", issuer=ISSUER, has_edc=True).pdf
    assert len(PdfReader(io.BytesIO(first)).pages) >= 3
    assert len(render._recordings) == 0
    again = variant(doc, 1, LEARNERS[1])
    assert draw_draft(again, template="formal", issuer=ISSUER, has_edc=True).pdf == drawn_whole(again, "formal")
