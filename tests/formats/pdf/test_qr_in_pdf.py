from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from microcred_desktop.domain.errors import UserError
from microcred_desktop.formats.pdf import page_png, render_certificate
from microcred_desktop.formats.qr import qr_version, read_qr_text, verify_qr_claims
from tests.formats.qr.support import NAME_60, TITLE_120

from .support import EDC, Rendered, formal_document, render

MM_AT_150_DPI = 150 / 25.4


def _decode(image: Image.Image) -> zxingcpp.Barcode:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("which", ["formal", "volunteering"])
def test_qr_printed_on_page_one_decodes_and_verifies(which: str, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(which)
    image = Image.open(io.BytesIO(page_png(rendered.pdf, 0, dpi=150)))
    assert abs(image.width - 297 * MM_AT_150_DPI) <= 1 and abs(image.height - 210 * MM_AT_150_DPI) <= 1
    barcode = _decode(image)
    assert barcode.text == rendered.qr_text
    claims = read_qr_text(barcode.text)
    assert verify_qr_claims(claims) and claims.matches_edc(EDC)
    assert claims.credential_id == rendered.doc.uuid
    # 30 mm wide, in the bottom right quarter, inside the 20 mm margins
    xs = [p.x for p in (barcode.position.top_left, barcode.position.top_right)]
    ys = [p.y for p in (barcode.position.top_left, barcode.position.bottom_left)]
    assert abs((xs[1] - xs[0]) / MM_AT_150_DPI - 30) < 1.5
    assert xs[0] > image.width * 0.6 and ys[0] > image.height * 0.5
    assert xs[1] < image.width - 20 * MM_AT_150_DPI and ys[1] < image.height - 20 * MM_AT_150_DPI


def test_pdftoppm_rendering_decodes_too(formal: Rendered, tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    path.write_bytes(formal.pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")], check=True)
    (page,) = tmp_path.glob("p*.png")
    assert _decode(Image.open(page)).text == formal.qr_text


def test_largest_qr_with_long_name_and_title_decodes() -> None:
    from tests.factories import course, learner

    given, family = NAME_60.split(" ", 1)
    doc = formal_document()
    long = type(doc)(**{**doc.__dict__, "learner": learner(given_name=given, family_name=family),
                        "course": course(title={"lt": TITLE_120, "en": "Web accessibility basics"})})
    rendered = render(long, "formal")
    assert qr_version(rendered.qr_text) == 15  # the verification address fills it to the limit
    image = Image.open(io.BytesIO(page_png(rendered.pdf, 0, dpi=150)))
    assert _decode(image).text == rendered.qr_text


def test_preview_without_qr_text_shows_the_credential_id() -> None:
    doc = formal_document()
    pdf = render_certificate(doc, None)
    assert _decode(Image.open(io.BytesIO(page_png(pdf, 0, dpi=150)))).text == doc.urn


def test_page_png_sizes_and_errors(formal: Rendered) -> None:
    page2 = Image.open(io.BytesIO(page_png(formal.pdf, 1, dpi=72)))
    assert page2.format == "PNG" and page2.width in (841, 842) and page2.height in (595, 596)
    with pytest.raises(IndexError):
        page_png(formal.pdf, 2)
    with pytest.raises(UserError):
        page_png(b"%PDF-1.4 broken")


@pytest.mark.parametrize("text", ["urn:credential:0f57ae5c-c59b-50b1-b361-6f592207aa24", "A" * 400, "1" * 50])
def test_qr_form_rectangles_cover_exactly_the_dark_modules(text: str) -> None:
    """The QR form's rectangles, painted on a grid, are the symbol: every dark module once, no light one (a
    run cut short, shifted or joined across a row's end would show here before any scanner missed it)."""
    from microcred_desktop.formats.pdf.qr_form import qr_operators
    from microcred_desktop.formats.qr.image import qr_matrix

    symbol = qr_matrix(text)
    painted = [[0] * len(symbol) for _ in symbol]
    for line in qr_operators(text).splitlines():
        if line.endswith(" 1 re"):
            x, y, width = (int(v) for v in line.split()[:3])
            assert width > 0
            for column in range(x, x + width):
                painted[y][column] += 1
    assert painted == [[int(dark) for dark in row] for row in symbol]
