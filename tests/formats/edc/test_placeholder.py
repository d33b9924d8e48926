"""The stand-in certificate image: a small PNG, the same bytes for the same inputs."""

from __future__ import annotations

import io

from PIL import Image

from microcred_desktop.formats.edc.placeholder import SIZE, placeholder_image
from tests.factories import document, learner, organisation


def test_is_a_small_deterministic_png() -> None:
    png = placeholder_image(document(), "lt")
    assert png == placeholder_image(document(), "lt")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) < 100_000
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == SIZE


def test_shows_the_title_in_the_language_and_the_learner() -> None:
    lithuanian = placeholder_image(document(), "lt")
    assert placeholder_image(document(), "en") != lithuanian
    assert placeholder_image(document(learner=learner(given_name="Jonas")), "lt") != lithuanian


def test_tolerates_a_bad_accent_colour() -> None:
    png = placeholder_image(document(organisation=organisation(accent_colour="blue-ish")), "en")
    assert png.startswith(b"\x89PNG")
