"""The GUI side of printing: the options dialog, remembered choices, a run with progress and a notice."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from .conftest import Certificate


def test_the_options_dialog_and_remembered_choices(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from microcred_desktop.ui.printing import PrintController, PrintOptions, PrintOptionsDialog

    dialog = PrintOptionsDialog(3, PrintOptions(paper="letter", second_page="separate"))
    qtbot.addWidget(dialog)
    assert dialog.options() == PrintOptions(paper="letter", second_page="separate")
    dialog.paper.setCurrentIndex(dialog.paper.findData("a4"))
    next(b for b in dialog.second.buttons() if b.property("value") == "none").setChecked(True)
    assert dialog.options() == PrintOptions(paper="a4", second_page="none")
    assert "3 certificates" in dialog.intro.text()

    parent = QWidget()
    qtbot.addWidget(parent)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    controller = PrintController(parent, settings)
    assert controller._remembered() == PrintOptions()
    controller._remember(PrintOptions(paper="letter", second_page="none"))
    assert PrintController(parent, settings)._remembered() == PrintOptions(paper="letter", second_page="none")


def test_a_run_prints_the_batch_and_says_so(qtbot, batch: list[Certificate], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QMainWindow

    from microcred_desktop.ui.printing import PrintController, PrintOptions, prepare_printer

    window = QMainWindow()
    qtbot.addWidget(window)
    controller = PrintController(window)
    printer = controller.printer
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    options = PrintOptions(second_page="none", max_dpi=150)
    prepare_printer(printer, options)
    report = controller._run(printer, [c.path for c in batch], options, announce=True)
    assert report.pages == 3 and len(PdfReader(tmp_path / "out.pdf").pages) == 3
    assert window.statusBar().currentMessage() == "3 pages sent to the printer."
