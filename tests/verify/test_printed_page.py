"""The printed page of a certificate is covered by no signature: its name is never "confirmed".

Our own certificates get a warning that names the signed name; a page with another name laid over the
real one (the classic pypdf merge_page forgery), an update appended to the file, or a name printed
invisibly fail.
"""

from __future__ import annotations

import io
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject
from reportlab.pdfgen.canvas import Canvas

from microcred_desktop.domain.verdict import CheckStatus, Outcome, Verdict
from microcred_desktop.formats.pdf import DESIGNS, render_certificate
from microcred_desktop.services.trust import TrustBook
from microcred_desktop.services.verify_any import verify_bytes
from microcred_desktop.storage.catalogue import Catalogue
from tests.verify.conftest import NOW, Kit

NAME = "Žydrūnė Ąžuolaitė-Šimkienė"


@pytest.fixture
def ours(catalogue: Catalogue, kit: Kit) -> TrustBook:
    kit.install(catalogue)
    return TrustBook.from_catalogue(catalogue)


def printed_name(verdict: Verdict) -> tuple[CheckStatus, str]:
    (check,) = [c for c in verdict.checks if c.name == "printed-name"]
    return check.status, check.message


def name_box(pdf: bytes, name: str = NAME) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the name on page 1, a little larger."""
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        start = textpage.get_text_range().index(name)
        boxes = [textpage.get_charbox(i) for i in range(start, start + len(name))]
    finally:
        document.close()
    return (min(b[0] for b in boxes) - 6, min(b[1] for b in boxes) - 6, max(b[2] for b in boxes) + 6,
            max(b[3] for b in boxes) + 6)


def overlay(pdf: bytes, box: tuple[float, float, float, float], name: str = "Jonas Petrauskas") -> bytes:
    """`pdf` with a white box over `box` and `name` written on it, merged into page 1 with pypdf."""
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(box[0], box[1], box[2] - box[0], box[3] - box[1], stroke=0, fill=1)
    canvas.setFillColorRGB(0.1, 0.1, 0.2)
    canvas.setFont("Times-Roman", 36)
    canvas.drawCentredString((box[0] + box[2]) / 2, box[1] + 12, name)
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=reader)  # keeps the embedded files: the credentials inside stay genuine
    writer.pages[0].merge_page(PdfReader(out).pages[0])
    forged = io.BytesIO()
    writer.write(forged)
    return forged.getvalue()


def one_content_stream(pdf: bytes, prefix: bytes = b"") -> bytes:
    """`pdf` with page 1's content streams joined into one (after `prefix`), as a careful forger would."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    page = writer.pages[0]
    contents: Any = page["/Contents"].get_object()
    parts: list[Any] = contents if isinstance(contents, list) else [contents]
    stream = DecodedStreamObject()
    stream.set_data(prefix + b"\n".join(part.get_object().get_data() for part in parts))
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("design", sorted(DESIGNS))
def test_our_page_is_never_confirmed_only_compared(design: str, kit: Kit, ours: TrustBook) -> None:
    files = kit.files["a"]
    pdf = render_certificate(kit.docs["a"], files.qr_text, template=design,
                             attachments={files.name(k): files.contents[k] for k in ("edc", "ob3")})
    verdict = verify_bytes(pdf, f"{design}.pdf", ours, now=NOW)
    assert verdict.outcome is Outcome.VALID, verdict.to_json()
    status, message = printed_name(verdict)
    assert status is CheckStatus.WARNING
    assert NAME in message and "not signed" in message and "check that the name shown on the page" in message


def test_a_name_laid_over_the_real_one_is_not_confirmed_and_fails(kit: Kit, ours: TrustBook) -> None:
    pdf = kit.files["a"].contents["pdf"]
    forged = overlay(pdf, name_box(pdf))
    assert NAME in PdfReader(io.BytesIO(forged)).pages[0].extract_text()  # the old name is still in the text
    verdict = verify_bytes(forged, "forged.pdf", ours, now=NOW)
    status, message = printed_name(verdict)
    assert status is CheckStatus.FAILED and verdict.outcome is Outcome.INVALID
    assert "is the one in the signed data" not in message
    assert "changed after it was made" in message and NAME in message
    assert "something was drawn over the printed name" in message
    checks = {c.name: c.status for c in verdict.checks}
    assert checks["edc.seal"] is CheckStatus.PASSED and checks["qr-edc"] is CheckStatus.PASSED  # only the page


def test_the_overlay_in_the_same_content_stream_is_found_too(kit: Kit, ours: TrustBook) -> None:
    pdf = kit.files["a"].contents["pdf"]
    forged = one_content_stream(overlay(pdf, name_box(pdf)))
    assert not isinstance(PdfReader(io.BytesIO(forged)).pages[0]["/Contents"].get_object(), list)
    status, message = printed_name(verify_bytes(forged, "forged.pdf", ours, now=NOW))
    assert status is CheckStatus.FAILED and "something was drawn over the printed name" in message


def test_a_box_elsewhere_on_the_page_is_a_layer_added(kit: Kit, ours: TrustBook) -> None:
    forged = overlay(kit.files["a"].contents["pdf"], (70, 70, 200, 110), name="x")
    status, message = printed_name(verify_bytes(forged, "forged.pdf", ours, now=NOW))
    assert status is CheckStatus.FAILED and "a layer was added over the first page" in message


def test_an_invisible_name_fails(kit: Kit, ours: TrustBook) -> None:
    forged = one_content_stream(kit.files["a"].contents["pdf"], prefix=b"3 Tr\n")  # every text invisible
    status, message = printed_name(verify_bytes(forged, "forged.pdf", ours, now=NOW))
    assert status is CheckStatus.FAILED and "the printed name is invisible" in message


def test_an_update_appended_to_the_file_fails(kit: Kit, ours: TrustBook) -> None:
    pdf = kit.files["a"].contents["pdf"]
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_metadata({"/Title": "Jonas Petrauskas"})
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(pdf)  # an incremental update keeps the original bytes
    status, message = printed_name(verify_bytes(out.getvalue(), "updated.pdf", ours, now=NOW))
    assert status is CheckStatus.FAILED and "the file was updated after it was saved" in message
