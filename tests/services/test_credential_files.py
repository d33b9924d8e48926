"""The EDC's display image: the certificate's first page, one picture for all its languages, the same bytes
for the same credential whichever process draws it (the colour palette is the course's, not the batch's)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest
from PIL import Image, ImageChops, ImageStat

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.formats.pdf import render_certificate
from microcred_desktop.formats.pdf.page_image import page_image
from microcred_desktop.memo import Memo
from microcred_desktop.services import display_image as credential_files
from microcred_desktop.services.display_image import IMAGE_DPI, draw_credential
from tests.factories import learner
from tests.formats.pdf.support import formal_document


def display_images(doc: CredentialDocument, template: str) -> dict[str, bytes]:
    return draw_credential(doc, template, issuer="").images


@pytest.fixture(autouse=True)
def fresh_palettes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credential_files, "_palettes", Memo(8))
    monkeypatch.setattr(credential_files, "_backgrounds", Memo(4))


def test_the_display_image_is_the_certificates_first_page_for_every_language() -> None:
    doc = formal_document()
    images = display_images(doc, "formal")
    assert set(images) == set(doc.languages) and len(set(images.values())) == 1
    shown = Image.open(io.BytesIO(images[doc.languages[0]])).convert("RGB")
    page = page_image(render_certificate(doc, None, template="formal"), 0, IMAGE_DPI)
    assert shown.size == page.size
    difference = ImageStat.Stat(ImageChops.difference(shown, page)).mean
    assert max(difference) < 1.5, difference  # only the 256-colour rounding differs
    assert len(images[doc.languages[0]]) < 60_000


def test_the_same_credential_gets_the_same_picture_whoever_came_first() -> None:
    doc = formal_document()
    alone = display_images(doc, "formal")
    credential_files._palettes.clear()
    credential_files._backgrounds.clear()
    other = replace(doc, uuid=uuid4(), learner=learner(given_name="Žydrūnė", family_name="Ąžuolaitė-Šimkienė"),
                    issued_at=doc.issued_at + timedelta(days=40), completion_date=date(2026, 1, 31), grade="10")
    display_images(other, "formal")  # a process that drew another learner first
    assert display_images(doc, "formal") == alone


def test_another_accent_colour_gets_its_own_palette() -> None:
    doc = formal_document()
    display_images(doc, "formal")
    red = replace(doc, organisation=replace(doc.organisation, accent_colour="#c0262a"))
    image = Image.open(io.BytesIO(display_images(red, "formal")[doc.languages[0]])).convert("RGB")
    page = page_image(render_certificate(red, None, template="formal"), 0, IMAGE_DPI)
    assert max(ImageStat.Stat(ImageChops.difference(image, page)).mean) < 1.5
    assert len(credential_files._palettes) == 2
