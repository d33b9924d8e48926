"""The Verify page driven with qtbot: choose a file, paste QR text, drop a file; banner text and colour;
credential text shown as plain text only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from microcred_desktop.domain.verdict import Outcome, Verdict
from microcred_desktop.storage.catalogue import Catalogue
from microcred_desktop.ui.context import UiContext
from microcred_desktop.ui.pages.verify import BANNER_COLOURS, UNKNOWN_ISSUER_COLOUR, VerifyPage
from microcred_desktop.ui.tasks import TaskRunner
from tests.verify.conftest import Kit


@pytest.fixture
def ctx(catalogue: Catalogue, kit: Kit, tmp_path: Path, qapp) -> UiContext:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    kit.install(catalogue)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return UiContext(catalogue, TaskRunner(run_sync=True), catalogue.folder.root, settings)


@pytest.fixture
def page(ctx: UiContext, qtbot) -> VerifyPage:  # type: ignore[no-untyped-def]
    widget = VerifyPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    return widget


def texts(page: VerifyPage) -> list[str]:
    QApplication.processEvents()  # a layout shows the rows it was given on the next turn of the event loop
    return [label.text() for label in page.result.findChildren(QLabel) if label.isVisible()]


def test_choose_a_genuine_pdf(page: VerifyPage, kit: Kit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = kit.write("a", "pdf", tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    page.drop.choose.click()
    assert page.banner.text() == "Genuine"
    assert BANNER_COLOURS[Outcome.VALID] in page.banner.styleSheet()
    shown = texts(page)
    assert "Žydrūnė Ąžuolaitė-Šimkienė" in shown and "Web accessibility basics" in shown
    assert "2029-11-20" in shown  # dates as days, not timestamps
    assert any("Issued by Kauno profesinio mokymo centras (this organisation)." in t for t in shown)
    assert any("The seal is intact" in t for t in shown)
    assert page.ctx.last_folder() == str(tmp_path)


def test_a_changed_file_is_not_genuine(page: VerifyPage, kit: Kit, tmp_path: Path) -> None:
    path = tmp_path / "changed.edc.jsonld"
    path.write_bytes(kit.files["a"].contents["edc"].replace(b"Web accessibility", b"Web accessibilitY"))
    page.verify_file(str(path))
    assert page.banner.text() == "Not genuine"
    assert BANNER_COLOURS[Outcome.INVALID] in page.banner.styleSheet()
    assert "changed after sealing" in page.result.detail.text()


def test_an_unreadable_file(page: VerifyPage, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    page.verify_file(str(path))
    assert page.banner.text() == "Cannot read this file"
    assert BANNER_COLOURS[Outcome.UNREADABLE] in page.banner.styleSheet()


def test_paste_qr_text(page: VerifyPage, kit: Kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert not page.check_button.isEnabled()
    page.qr_text.setText(kit.files["url"].qr_text)
    assert page.check_button.isEnabled()
    with qtbot.waitSignal(page.verified, timeout=5000):
        qtbot.keyClick(page.qr_text, Qt.Key.Key_Return)
    assert page.banner.text() == "Genuine"
    assert page.last_verdict is not None and page.last_verdict.kind == "qr"


def test_an_unknown_issuer_is_intact_under_an_amber_banner_not_genuine(page: VerifyPage, other_kit: Kit,
                                                                         tmp_path: Path) -> None:
    page.verify_file(str(other_kit.write("a", "ob3", tmp_path)))
    assert page.last_verdict is not None and page.last_verdict.outcome is Outcome.VALID  # still exit 0 in the CLI
    assert page.banner.text() == "Intact — issuer not known to this computer"
    assert UNKNOWN_ISSUER_COLOUR in page.banner.styleSheet()
    assert BANNER_COLOURS[Outcome.VALID] not in page.banner.styleSheet()
    assert "nothing confirms who the signer is; import the issuer's profile to trust it" in page.result.detail.text()
    assert page.result.warning.isVisible() and "unknown issuer" in page.result.warning.text()


def test_credential_text_is_never_rich_text(page: VerifyPage) -> None:
    learner = '<b>x</b> <a href="https://evil.example">Click</a>'
    verdict = Verdict(source="<b>certificate.pdf", kind="pdf", content={"learner": learner, "issuer": "<h1>Us</h1>"})
    verdict.add("qr", True, "<b>x</b> signed the QR code")
    verdict.warn("printed-name", f"check that the page shows {learner}")
    page.result.show_verdict(verdict)
    labels = [label for label in page.result.findChildren(QLabel) if label.isVisible()]
    shown = texts(page)
    assert learner in shown and "<h1>Us</h1>" in shown  # the tags are shown as they are, as text
    assert any("<b>x</b> signed the QR code" in t for t in shown)
    assert page.result.detail.text().startswith("<b>certificate.pdf: ")
    assert all(label.textFormat() is Qt.TextFormat.PlainText for label in labels), [
        label.text() for label in labels if label.textFormat() is not Qt.TextFormat.PlainText]
    assert learner in page.result.warning.text()


def test_the_unsealed_copy_has_nothing_to_verify(page: VerifyPage, kit: Kit, tmp_path: Path) -> None:
    page.verify_file(str(kit.write("a", "edc_unsigned", tmp_path)))
    assert page.banner.text() == "Nothing to verify"
    assert "unsealed copy made for the EU issuer" in page.result.detail.text()


def test_drop_a_file(page: VerifyPage, kit: Kit, tmp_path: Path) -> None:
    path = kit.write("a", "ob3_png", tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    page.drop.dropEvent(event)
    assert page.banner.text() == "Genuine"
    assert page.last_verdict is not None and page.last_verdict.kind == "ob3"
