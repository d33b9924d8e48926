"""A batch printed through the real print path (Qt's PDF output): pages, paper, true scale, the QR decodes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader, PdfWriter

from .conftest import Certificate

DPI = 150
MM = DPI / 25.4
SCAN_DPI = 300  # the QR is read as a scanner would; at 150 dpi a module is only 2.3 px
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def print_to_pdf(paths: list[Path], target: Path, **options: object):  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    from microcred_desktop.ui.printing import PrintOptions, prepare_printer, print_pdfs

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    chosen = PrintOptions(**options)  # type: ignore[arg-type]
    prepare_printer(printer, chosen)
    return print_pdfs(printer, paths, chosen)


def page_image(pdf: Path, index: int, dpi: int = DPI) -> Image.Image:
    return pdfium.PdfDocument(str(pdf))[index].render(scale=dpi / 72).to_pil()


def qr_on(pdf: Path, index: int) -> tuple[str, float]:
    """The text of the QR on page `index` and its printed width in mm."""
    image = page_image(pdf, index, SCAN_DPI)
    (found,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    p = found.position
    width = ((p.top_right.x - p.top_left.x) ** 2 + (p.top_right.y - p.top_left.y) ** 2) ** 0.5
    return found.text, width / (SCAN_DPI / 25.4)


def sizes(pdf: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(pdf).pages]


def same(size: tuple[float, float], paper: tuple[float, float]) -> bool:
    return sorted(size) == pytest.approx(sorted(paper), abs=1.0)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_batch_prints_at_true_scale_and_the_qr_decodes(qapp, batch: list[Certificate], tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         paper: str) -> None:
    out = tmp_path / f"printed-{paper}.pdf"
    report = print_to_pdf([c.path for c in batch], out, paper=paper, second_page="duplex")
    assert report.pages == 6 and not report.scaled and not report.cancelled
    printed = sizes(out)
    assert len(printed) == 6
    originals = [size for c in batch for size in sizes(c.path)]
    for got, original in zip(printed, originals, strict=True):
        assert same(got, A4 if paper == "a4" else LETTER)
        assert (got[0] > got[1]) == (original[0] > original[1])  # each page keeps its orientation
    for index, certificate in enumerate(batch):  # roster order: certificate i is on page 2i
        text, width_mm = qr_on(out, 2 * index)
        assert text == certificate.qr_text
        assert width_mm == pytest.approx(30, abs=1.0)


def content_mm(pdf: Path, index: int) -> tuple[float, float, float, float]:
    """The non-blank part of a page in mm (left, top, right, bottom), measured at 150 dpi."""
    from PIL import ImageOps

    gray = page_image(pdf, index).convert("L")
    box = ImageOps.invert(gray).point(lambda v: 255 if v > 64 else 0).getbbox()
    assert box is not None
    return box[0] / MM, box[1] / MM, box[2] / MM, box[3] / MM


def test_on_letter_only_the_blank_border_is_cut(qapp, batch: list[Certificate], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "letter.pdf"
    print_to_pdf([batch[0].path], out, paper="letter", second_page="none")
    original, printed = content_mm(batch[0].path, 0), content_mm(out, 0)
    assert printed[2] - printed[0] == pytest.approx(original[2] - original[0], abs=1.0)
    assert printed[3] - printed[1] == pytest.approx(original[3] - original[1], abs=1.0)
    assert printed[0] > 8 and printed[2] < 279.4 - 8  # all of it on the sheet, with room to spare


def test_a_page_of_the_other_orientation_is_turned_when_the_printer_cannot_switch(  # type: ignore[no-untyped-def]
        qapp, batch: list[Certificate], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from microcred_desktop.ui import printing

    mixed = tmp_path / "mixed.pdf"
    writer = PdfWriter()
    writer.add_page(PdfReader(batch[0].path).pages[0])
    writer.add_page(PdfReader(batch[1].path).pages[0])
    writer.pages[1].rotate(90)  # a portrait page
    with mixed.open("wb") as handle:
        writer.write(handle)
    monkeypatch.setattr(printing, "_layout_changes_mid_job", lambda printer: False)
    out = tmp_path / "turned.pdf"
    assert print_to_pdf([mixed], out, second_page="separate", max_dpi=300).pages == 2
    assert all(size[0] > size[1] for size in sizes(out))  # both sheets as the job began
    text, width_mm = qr_on(out, 1)
    assert text == batch[1].qr_text and width_mm == pytest.approx(30, abs=1.0)


def test_certificate_only_and_separate_sheets(qapp, batch: list[Certificate], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = [c.path for c in batch]
    assert print_to_pdf(paths, tmp_path / "cover.pdf", second_page="none", max_dpi=300).pages == 3
    assert len(PdfReader(tmp_path / "cover.pdf").pages) == 3
    assert qr_on(tmp_path / "cover.pdf", 2)[0] == batch[2].qr_text
    assert print_to_pdf(paths, tmp_path / "separate.pdf", second_page="separate", max_dpi=300).pages == 6


def test_duplex_starts_each_certificate_on_a_new_sheet(qapp, batch: list[Certificate], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    single = tmp_path / "one-page.pdf"
    writer = PdfWriter()
    writer.add_page(PdfReader(batch[0].path).pages[0])
    with single.open("wb") as handle:
        writer.write(handle)
    out = tmp_path / "duplex.pdf"
    # 1 page, a blank back, then 2 pages
    assert print_to_pdf([single, batch[1].path], out, second_page="duplex", max_dpi=300).pages == 4
    assert qr_on(out, 2)[0] == batch[1].qr_text
    blank = page_image(out, 1).convert("L")
    assert blank.getextrema()[0] > 250
    assert print_to_pdf([single, batch[1].path], tmp_path / "simplex.pdf", second_page="separate",
                        max_dpi=300).pages == 3


def test_only_content_larger_than_the_paper_is_scaled() -> None:
    from microcred_desktop.ui.printing import PrintReport, place

    mm = 72 / 25.4
    a4_landscape, letter_landscape = (297 * mm, 210 * mm), (279.4 * mm, 215.9 * mm)
    content = (20 * mm, 20 * mm, 277 * mm, 190 * mm)
    x, _y, scale = place(*a4_landscape, *letter_landscape, content)
    assert scale == 1.0 and x == pytest.approx(-8.8 * mm, abs=0.1)
    full_bleed = (0.0, 0.0, *a4_landscape)
    *_, scale = place(*a4_landscape, *letter_landscape, full_bleed)
    assert scale == pytest.approx(279.4 / 297, abs=0.001)
    report = PrintReport(pages=1, scaled=[("a.pdf", 1, scale)])
    assert "94 %" in report.scaled_text()


def test_the_preview_draws_every_page(qapp, batch: list[Certificate]) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

    from microcred_desktop.ui.printing import PrintOptions, is_preview, prepare_printer, print_pdfs

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    options = PrintOptions(paper="a4", second_page="duplex")
    prepare_printer(printer, options)
    widget = QPrintPreviewWidget(printer)
    seen: list[bool] = []

    def paint(target: QPrinter) -> None:
        seen.append(is_preview(target))
        print_pdfs(target, [c.path for c in batch], options)

    widget.paintRequested.connect(paint)
    widget.updatePreview()
    assert seen == [True] and widget.pageCount() == 6


def test_an_unreadable_file_is_a_user_error(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from microcred_desktop.domain.errors import UserError

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    with pytest.raises(UserError, match="cannot be read"):
        print_to_pdf([broken], tmp_path / "x.pdf")
