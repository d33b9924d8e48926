"""Printing certificates: each PDF page rendered by pdfium and painted at true scale, the batch as one job.

True scale: a page is painted at its own physical size (a 30 mm QR code stays 30 mm), centred on the
paper, with the page's own orientation. It is never stretched to "fit the page". When the page is
larger than the paper (A4 on Letter: 297 mm is wider than 279.4 mm) only its blank border is cut:
the certificate keeps 20 mm margins, so its content still fits at 1:1. Only a page whose *content*
does not fit is scaled down, and the report names it, so the caller can say so.

The second page (the Annex I details) goes on the back of the sheet (duplex), on a sheet of its own,
or is left out. In duplex every certificate starts on a new sheet (a blank back is added when a PDF
has an odd number of pages). Pages are rendered at the printer's resolution, at most `max_dpi`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageOps
from PySide6.QtCore import QMarginsF, QRectF, QSettings, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..formats.pdf.page_image import pdfium_lock
from ..i18n import _, ngettext
from .errors import notify, show_error

log = logging.getLogger(__name__)
PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
SECOND_PAGE = ("duplex", "separate", "none")
PREVIEW_DPI = 150
BBOX_DPI = 36
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class PrintOptions:
    paper: str = "a4"  # a4 | letter
    second_page: str = "duplex"  # duplex: on the back | separate: a sheet of its own | none: leave it out
    max_dpi: int = 600


@dataclass
class PrintReport:
    pages: int = 0  # page faces sent to the printer (blank backs included)
    scaled: list[tuple[str, int, float]] = field(default_factory=list)  # (file name, page number, factor)
    cancelled: bool = False

    def scaled_text(self) -> str:
        if not self.scaled:
            return ""
        smallest = min(f for _n, _p, f in self.scaled)
        return ngettext(
            "{n} page was larger than the paper and was printed at {percent} % of its size.",
            "{n} pages were larger than the paper and were printed at down to {percent} % of their size.",
            len(self.scaled)).format(n=len(self.scaled), percent=round(smallest * 100))


def prepare_printer(printer: QPrinter, options: PrintOptions) -> None:
    """Paper, no margins (we place pages ourselves), two-sided or not, as the options say."""
    printer.setFullPage(True)
    printer.setPageLayout(_layout(options.paper, landscape=True))
    printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide if options.second_page == "duplex"
                      else QPrinter.DuplexMode.DuplexNone)


def paper_of(printer: QPrinter) -> str:
    """The paper the user chose in the print dialog, as an option value (A4 when it is neither)."""
    return "letter" if printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter else "a4"


def is_preview(printer: QPrinter) -> bool:
    """True while a print preview records the pages (they are drawn on screen, not printed)."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def _layout(paper: str, landscape: bool) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(PAPERS.get(paper, PAPERS["a4"])), orientation, QMarginsF(0, 0, 0, 0))


def _content_box(page: pdfium.PdfPage) -> tuple[float, float, float, float] | None:
    """The part of the page that is not blank, in points (left, top, right, bottom)."""
    image = page.render(scale=BBOX_DPI / 72, fill_color=(255, 255, 255, 255)).to_pil().convert("L")
    box = ImageOps.invert(image).point(lambda v: 255 if v > 16 else 0).getbbox()
    if box is None:
        return None
    k = 72 / BBOX_DPI
    return box[0] * k - k, box[1] * k - k, box[2] * k + k, box[3] * k + k  # a pixel's margin either way


def place(page_w: float, page_h: float, paper_w: float, paper_h: float,
          content: tuple[float, float, float, float] | None) -> tuple[float, float, float]:
    """(x, y, scale) of a page on the paper, all in the same unit: 1:1 and centred whenever its content fits."""
    x, y = (paper_w - page_w) / 2, (paper_h - page_h) / 2
    if page_w <= paper_w + 0.5 and page_h <= paper_h + 0.5:
        return x, y, 1.0
    left, top, right, bottom = content or (0.0, 0.0, page_w, page_h)
    if right - left <= paper_w and bottom - top <= paper_h:
        if x + left < 0 or x + right > paper_w:
            x = (paper_w - (right - left)) / 2 - left
        if y + top < 0 or y + bottom > paper_h:
            y = (paper_h - (bottom - top)) / 2 - top
        return x, y, 1.0
    scale = min(paper_w / page_w, paper_h / page_h)
    return (paper_w - page_w * scale) / 2, (paper_h - page_h * scale) / 2, scale


def _on_grid(offset: float, res: int) -> float:
    """`offset` (device pixels) moved by at most 1/300 inch onto a 1/150 inch grid: so the pixels of the
    page image fall on the printer's dots at 150, 300, 600 and 1200 dpi, with no resampling seams."""
    step = res / 150
    return round(offset / step) * step if step >= 1 else offset


def print_pdfs(printer: QPrinter, paths: Sequence[Path | str], options: PrintOptions,
               progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> PrintReport:
    """Print every page of `paths` (in that order) as one job on `printer`; see the module's docstring."""
    report = PrintReport()
    painter = QPainter()
    duplex = options.second_page == "duplex"
    try:
        for index, path in enumerate(paths):
            path = Path(path)
            if cancel is not None and cancel():
                report.cancelled = True
                printer.abort()
                break
            if progress:
                progress(index, len(paths), path.name)
            try:
                with pdfium_lock:
                    document = pdfium.PdfDocument(str(path))
                    count = len(document)
            except (OSError, pdfium.PdfiumError) as exc:
                raise UserError(_("The certificate {file} cannot be read.").format(file=path),
                                _("Issue it again, or restore the file from a backup.")) from exc
            try:
                numbers = [0] if options.second_page == "none" and count else list(range(count))
                if duplex and len(numbers) % 2:
                    numbers.append(-1)  # a blank back, so the next certificate starts on its own sheet
                for number in numbers:
                    _print_page(printer, painter, document, number, options, path, report)
            finally:
                with pdfium_lock:
                    document.close()
    finally:
        if painter.isActive():
            painter.end()
    if progress:
        progress(len(paths), len(paths), "")
    return report


def _layout_changes_mid_job(printer: QPrinter) -> bool:
    """Only the PDF engine (also under CUPS) takes a new orientation in the middle of a job; elsewhere
    (Windows, macOS, the preview) a page of the other orientation is turned on the sheet instead."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Pdf


def _render_dpi(res: int, most: int) -> float:
    """The highest resolution up to `most` that divides the printer's: whole dots per image pixel."""
    return res / math.ceil(res / most) if res > most else res


def _print_page(printer: QPrinter, painter: QPainter, document: pdfium.PdfDocument, number: int,
                options: PrintOptions, path: Path, report: PrintReport) -> None:
    with pdfium_lock:  # pdfium is not thread-safe: every call under the process-wide lock
        page = document[max(number, 0)]
        page_w, page_h = page.get_size()  # points
    try:
        landscape = page_w > page_h
        if not painter.isActive() or _layout_changes_mid_job(printer):
            printer.setPageLayout(_layout(options.paper, landscape))
        if not painter.isActive():
            if not painter.begin(printer):
                raise UserError(_("The printer could not be started."),
                                _("Check that it is switched on and connected, then try again."))
        elif not printer.newPage():
            raise UserError(_("The printer stopped taking pages."), _("Check the printer and try again."))
        report.pages += 1
        if number < 0:
            return
        res = printer.resolution()
        sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
        turned = page_w != page_h and landscape != (sheet.width() > sheet.height())
        paper_w, paper_h = (sheet.height(), sheet.width()) if turned else (sheet.width(), sheet.height())
        to_px = res / 72
        content = None
        if page_w * to_px > paper_w + 0.5 or page_h * to_px > paper_h + 0.5:
            with pdfium_lock:
                content = _content_box(page)
        box = (content[0] * to_px, content[1] * to_px, content[2] * to_px, content[3] * to_px) if content else None
        x, y, scale = place(page_w * to_px, page_h * to_px, paper_w, paper_h, box)
        x, y = _on_grid(x, res), _on_grid(y, res)
        if scale < 1.0:
            report.scaled.append((path.name, number + 1, scale))
            log.info("printed %s p.%d at %.1f %%", path.name, number + 1, scale * 100)
        dpi = _render_dpi(res, PREVIEW_DPI if is_preview(printer) else options.max_dpi)
        with pdfium_lock:
            bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255), prefer_bgrx=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32)
        painter.save()
        if turned:
            painter.translate(sheet.width(), 0)
            painter.rotate(90)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        # Each image pixel covers a whole number of dots at 1:1 (the page grows by at most half a pixel).
        per_pixel = res / dpi * scale
        painter.drawImage(QRectF(x, y, bitmap.width * per_pixel, bitmap.height * per_pixel), image)
        painter.restore()
        del image
        with pdfium_lock:
            del bitmap
    finally:
        with pdfium_lock:
            page.close()


class PrintOptionsDialog(QDialog):
    """Paper and where the second page goes; then Preview… or Print…."""

    PREVIEW = 2

    def __init__(self, count: int, options: PrintOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print certificates"))
        self.intro = intro = QLabel(ngettext("{n} certificate, printed at true size (the QR code stays 30 mm).",
                                "{n} certificates in one print job, in roster order, at true size "
                                "(the QR code stays 30 mm).", count).format(n=count))
        intro.setWordWrap(True)
        self.paper = QComboBox()
        self.paper.addItem(_("A4"), "a4")
        self.paper.addItem(_("Letter"), "letter")
        self.paper.setCurrentIndex(max(self.paper.findData(options.paper), 0))
        self.paper.setAccessibleName(_("Paper"))
        self.second = QButtonGroup(self)
        choices = QVBoxLayout()
        for value, label in (("duplex", _("On the back of the certificate (two-sided printing)")),
                             ("separate", _("On a sheet of its own")),
                             ("none", _("Do not print it (certificate only)"))):
            button = QRadioButton(label)
            button.setProperty("value", value)
            button.setChecked(value == options.second_page)
            self.second.addButton(button)
            choices.addWidget(button)
        form = QFormLayout()
        form.addRow(_("Paper:"), self.paper)
        form.addRow(_("Annex I details (page 2):"), choices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        preview = buttons.addButton(_("Preview…"), QDialogButtonBox.ButtonRole.ActionRole)
        print_button = buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        print_button.setObjectName("primary")
        print_button.setDefault(True)
        preview.clicked.connect(lambda: self.done(self.PREVIEW))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def options(self) -> PrintOptions:
        checked = self.second.checkedButton()
        return PrintOptions(paper=self.paper.currentData(),
                            second_page=str(checked.property("value")) if checked else "duplex")


class PrintController:
    """Print certificates from the GUI: options, the system's preview or print dialog, progress, Cancel."""

    def __init__(self, parent: QWidget, settings: QSettings | None = None) -> None:
        self.parent = parent
        ctx = getattr(parent, "ctx", None)
        self.settings = settings if settings is not None else getattr(ctx, "settings", None)
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)

    def _remembered(self) -> PrintOptions:
        if self.settings is None:
            return PrintOptions()
        paper = str(self.settings.value("print/paper", "a4"))
        second = str(self.settings.value("print/second_page", "duplex"))
        return PrintOptions(paper if paper in PAPERS else "a4", second if second in SECOND_PAGE else "duplex")

    def _remember(self, options: PrintOptions) -> None:
        if self.settings is not None:
            self.settings.setValue("print/paper", options.paper)
            self.settings.setValue("print/second_page", options.second_page)

    def print_paths(self, paths: Sequence[Path]) -> PrintReport | None:
        """Ask how, then preview or print; returns what was printed (None when the user stopped)."""
        if not paths:
            return None
        dialog = PrintOptionsDialog(len(paths), self._remembered(), self.parent)
        choice = dialog.exec()
        if choice == QDialog.DialogCode.Rejected:
            return None
        options = dialog.options()
        self._remember(options)
        prepare_printer(self.printer, options)
        if choice == PrintOptionsDialog.PREVIEW:
            return self.preview(paths, options)
        return self.print_(paths, options)

    def preview(self, paths: Sequence[Path], options: PrintOptions) -> PrintReport | None:
        """The system preview; its Print button prints at full resolution."""
        result: list[PrintReport] = []
        dialog = QPrintPreviewDialog(self.printer, self.parent)
        dialog.setWindowTitle(_("Print preview"))

        def paint(printer: QPrinter) -> None:
            previewing = is_preview(printer)
            report = self._run(printer, paths, replace(options, paper=paper_of(printer)), announce=not previewing)
            if not previewing:
                result.append(report)

        dialog.paintRequested.connect(paint)
        dialog.resize(1000, 760)
        dialog.exec()
        return result[-1] if result else None

    def print_(self, paths: Sequence[Path], options: PrintOptions) -> PrintReport | None:
        dialog = QPrintDialog(self.printer, self.parent)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self._run(self.printer, paths, replace(options, paper=paper_of(self.printer)), announce=True)

    def _run(self, printer: QPrinter, paths: Sequence[Path], options: PrintOptions, announce: bool) -> PrintReport:
        """Print (or draw the preview) with a progress dialog and Cancel; `announce` the result when printed."""
        progress = QProgressDialog(_("Preparing the pages…"), _("Cancel"), 0, len(paths), self.parent)
        progress.setWindowTitle(_("Printing"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int, name: str) -> None:
            progress.setValue(done)
            progress.setLabelText(_("Certificate {done} of {total}: {name}").format(
                done=min(done + 1, total), total=total, name=name))
            QApplication.processEvents()

        try:
            report = print_pdfs(printer, paths, options, step, progress.wasCanceled)
        except UserError as error:
            show_error(self.parent, error)
            return PrintReport(cancelled=True)
        finally:
            progress.close()
        if announce and not report.cancelled:
            text = ngettext("{n} page sent to the printer.", "{n} pages sent to the printer.",
                            report.pages).format(n=report.pages)
            if report.scaled:
                text += " " + report.scaled_text() + " " + _("Choose A4 paper to print at true size.")
            notify(self.parent, text, 15000 if report.scaled else 6000)
        return report
