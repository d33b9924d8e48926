"""Logos and signatures are compressed once per picture, yet written exactly as reportlab's drawImage writes them."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from microcred_desktop.formats.pdf.images import Picture, picture
from tests.formats.pdf.support import LOGO, SIGNATURE, png


def _page(draw: object, pictures: list[Picture]) -> bytes:
    out = io.BytesIO()
    c = Canvas(out, invariant=1)
    for i, pic in enumerate([*pictures, pictures[0]]):  # the first one twice: one XObject, drawn twice
        w, h = pic.fit(200, 60)
        if draw == "reportlab":
            c.drawImage(pic.reader, 20 + i, 700 - 70 * i, w, h, mask="auto")
        else:
            pic.draw(c, 20 + i, 700 - 70 * i, w, h)
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.mark.parametrize("data", [
    [LOGO, SIGNATURE],  # with soft masks
    [png((300, 100), (200, 40, 40), transparent=False), LOGO],  # one opaque picture, no mask
])
def test_a_cached_picture_writes_the_same_bytes_as_drawimage(data: list[bytes]) -> None:
    pictures = [p for p in map(picture, data) if p is not None]
    expected = _page("reportlab", pictures)
    assert _page("cached", pictures) == expected
    assert _page("cached", pictures) == expected  # a second document reuses the prepared image
    masks = sum(1 for p in pictures if p.reader._dataA)
    assert expected.count(b"/Subtype /Image") == len(pictures) + masks  # each picture once, not per drawing
