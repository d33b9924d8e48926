"""Verify: drop or choose a file, or paste a QR code's text; a coloured verdict, what it says, the checks.

Green "Genuine" only when the credential is valid and its issuer is this organisation or a trusted one;
a valid credential of an unknown issuer gets an amber banner. Everything a credential says is shown as
plain text (never as rich text: a hostile file must not be able to format or link anything).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.verdict import CheckStatus, Outcome, Verdict
from ...i18n import _
from ...services.verify_any import (
    is_unsealed_copy,
    issuer_confirmed,
    trust_book,
    verify_path,
    verify_qr_text,
)
from ..context import UiContext
from ..errors import show_error
from ..widgets.list_page import PageHeader

BANNER_COLOURS = {Outcome.VALID: "#1e7a34", Outcome.INVALID: "#b3261e", Outcome.UNREADABLE: "#5b6573"}
UNKNOWN_ISSUER_COLOUR = "#9a5b00"  # amber, with white text at 4.5:1
CHECK_MARKS = {
    CheckStatus.FAILED: ("✗", "#b3261e"),
    CheckStatus.WARNING: ("!", "#8a5a00"),
    CheckStatus.PASSED: ("✓", "#1e7a34"),
    CheckStatus.NOT_APPLICABLE: ("–", "#5b6573"),
}
ORDER = [CheckStatus.FAILED, CheckStatus.WARNING, CheckStatus.PASSED, CheckStatus.NOT_APPLICABLE]
FILE_FILTER = "*.pdf *.json *.jsonld *.png *.jpg *.jpeg *.svg *.jwt *.webp *.tif *.tiff *.bmp"
STYLE = """
QFrame#dropZone { border: 2px dashed #9aa7b8; border-radius: 10px; background: #f7f9fc; }
QFrame#dropZone[hover="true"] { border-color: #1f5fa8; background: #eef4fb; }
QLabel#dropText { font-size: 17px; color: #2b3440; }
QLabel#banner { font-size: 22px; font-weight: 700; color: white; border-radius: 8px; padding: 14px 18px; }
QLabel#bannerDetail { font-size: 14px; color: #1c2430; }
QLabel#warningLine { background: #fff4e0; border: 1px solid #f0c36d; border-radius: 6px; padding: 8px;
                     color: #4a3500; }
QLabel#sectionTitle { font-size: 15px; font-weight: 600; color: #1c2430; margin-top: 8px; }
QLabel#fact { font-size: 14px; color: #1c2430; }
"""


def banner_text(outcome: Outcome) -> str:
    return {Outcome.VALID: _("Genuine"), Outcome.INVALID: _("Not genuine"),
            Outcome.UNREADABLE: _("Cannot read this file")}[outcome]


def banner_for(verdict: Verdict) -> tuple[str, str]:
    """(text, colour) of the banner: green "Genuine" only when this computer knows the issuer."""
    outcome = verdict.outcome
    if outcome is Outcome.VALID and not issuer_confirmed(verdict):
        return _("Intact — issuer not known to this computer"), UNKNOWN_ISSUER_COLOUR
    if is_unsealed_copy(verdict):
        return _("Nothing to verify"), BANNER_COLOURS[outcome]
    return banner_text(outcome), BANNER_COLOURS[outcome]


def plain_label(text: str = "") -> QLabel:
    """A label that shows its text as it is: never rich text, so tags in a credential stay visible text."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def content_rows() -> list[tuple[str, str]]:
    return [("learner", _("Learner")), ("achievement", _("Course")), ("issuer", _("Issuer")),
            ("valid_from", _("Valid from")), ("valid_until", _("Valid until")), ("credential_id", _("Credential ID"))]


def _shown(key: str, value: str) -> str:
    """Dates as YYYY-MM-DD (the signed value is a full timestamp); anything else as it is."""
    if key.startswith("valid_") and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return value


class DropZone(QFrame):
    """A large target for files (and dragged QR text), with the "Choose file…" button inside."""

    dropped_file = Signal(str)
    dropped_text = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.setMinimumHeight(150)
        self.setAccessibleName(_("Drop zone for a certificate, credential or QR photo"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addStretch(1)
        text = plain_label(_("Drop a certificate, credential or QR photo here"))
        text.setObjectName("dropText")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = plain_label(_("PDF certificates, EDC and Open Badge files, photos or scans of the QR code"))
        hint.setObjectName("muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose = QPushButton(_("Choose file…"))
        self.choose.setObjectName("primary")
        self.choose.setToolTip(_("Ctrl+O"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.choose)
        row.addStretch(1)
        layout.addWidget(text)
        layout.addWidget(hint)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addStretch(1)

    def _hover(self, on: bool) -> None:
        self.setProperty("hover", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if any(u.isLocalFile() for u in mime.urls()) or mime.hasText():
            event.acceptProposedAction()
            self._hover(True)

    def dragLeaveEvent(self, event: object) -> None:
        self._hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover(False)
        mime = event.mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if files:
            self.dropped_file.emit(files[0])
        elif mime.hasText():
            self.dropped_text.emit(mime.text())
        event.acceptProposedAction()


class VerdictView(QWidget):
    """The banner, what the credential says, and the checks in plain words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.banner = plain_label()
        self.banner.setObjectName("banner")
        self.banner.setAccessibleName(_("Verdict"))
        self.detail = plain_label()
        self.detail.setObjectName("bannerDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = plain_label()
        self.warning.setObjectName("warningLine")
        self.warning.setWordWrap(True)
        self.facts_title = plain_label()
        self.facts_title.setObjectName("sectionTitle")
        self.facts = QFormLayout()
        self.facts.setHorizontalSpacing(18)
        self.facts.setVerticalSpacing(6)
        self.checks_title = plain_label(_("What was checked"))
        self.checks_title.setObjectName("sectionTitle")
        self.checks = QVBoxLayout()
        self.checks.setSpacing(4)
        for widget in (self.banner, self.detail, self.warning, self.facts_title):
            layout.addWidget(widget)
        layout.addLayout(self.facts)
        layout.addWidget(self.checks_title)
        layout.addLayout(self.checks)
        layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        for widget in (self.banner, self.detail, self.warning, self.facts_title, self.checks_title):
            widget.hide()
        while self.facts.rowCount():
            self.facts.removeRow(0)
        while self.checks.count():
            item = self.checks.takeAt(0)
            row = item.widget() if item is not None else None
            if row is not None:
                row.hide()  # deleteLater waits for the event loop; the old rows must go now
                row.setParent(None)
                row.deleteLater()

    def busy(self, source: str) -> None:
        self.clear()
        self._banner(_("Checking…"), "#5b6573")
        self.detail.setText(source)
        self.detail.show()

    def _banner(self, text: str, colour: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"background: {colour};")
        self.banner.show()

    def show_verdict(self, verdict: Verdict) -> None:
        self.clear()
        outcome = verdict.outcome
        self._banner(*banner_for(verdict))
        self.detail.setText(self._detail(verdict))
        self.detail.show()
        warnings = [c.message for c in verdict.checks if c.status is CheckStatus.WARNING]
        if warnings and outcome is Outcome.VALID:
            self.warning.setText("⚠ " + "\n⚠ ".join(warnings))
            self.warning.show()
        rows = [(label, _shown(key, verdict.content[key])) for key, label in content_rows() if verdict.content.get(key)]
        if rows:
            self.facts_title.setText(_("What the credential says") if outcome is Outcome.VALID
                                     else _("What the file claims (not confirmed)"))
            self.facts_title.show()
        for label, value in rows:
            shown = plain_label(value)
            shown.setObjectName("fact")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name = plain_label(label + ":")
            name.setObjectName("muted")
            self.facts.addRow(name, shown)
        checks = sorted(verdict.checks, key=lambda c: ORDER.index(c.status))
        self.checks_title.setVisible(bool(checks))
        for check in checks:
            self.checks.addWidget(self._check_row(check.status, check.message))

    @staticmethod
    def _detail(verdict: Verdict) -> str:
        name = Path(verdict.source).name
        if verdict.outcome is Outcome.UNREADABLE:
            reason = verdict.unreadable_reason or _("nothing in it could be checked.")
            return f"{name}: {reason}"
        if verdict.outcome is Outcome.INVALID:
            failed = next(c.message for c in verdict.checks if c.status is CheckStatus.FAILED)
            return f"{name}: {failed}"
        if not issuer_confirmed(verdict):
            return f"{name}: " + _("The signature is valid, but nothing confirms who the signer is; import the "
                                   "issuer's profile to trust it.")
        issuer = next((c.message for c in verdict.checks if c.name == "issued-by" and c.status is CheckStatus.PASSED),
                      _("The signatures are intact and the credential is in force."))
        return f"{name}: {issuer}"

    @staticmethod
    def _check_row(status: CheckStatus, message: str) -> QWidget:
        mark, colour = CHECK_MARKS[status]
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        symbol = plain_label(mark)
        symbol.setStyleSheet(f"color: {colour}; font-weight: 700; font-size: 15px;")
        symbol.setFixedWidth(18)
        symbol.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        text = plain_label(message)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if status is CheckStatus.NOT_APPLICABLE:
            text.setObjectName("muted")
        row.setAccessibleName(f"{status.value}: {message}")
        layout.addWidget(symbol)
        layout.addWidget(text, 1)
        return row


class VerifyPage(QWidget):
    """The Verify page of the main window."""

    verified = Signal(object)  # the Verdict, once shown

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last_verdict: Verdict | None = None
        self.setStyleSheet(STYLE)
        self.header = PageHeader(_("Verify"))
        self.drop = DropZone()
        self.drop.choose.clicked.connect(self.choose_file)
        self.drop.dropped_file.connect(self.verify_file)
        self.drop.dropped_text.connect(self.verify_text)
        self.qr_text = QLineEdit()
        self.qr_text.setPlaceholderText(_("…or paste the text of the QR code here"))
        self.qr_text.setAccessibleName(_("QR code text"))
        self.qr_text.setClearButtonEnabled(True)
        self.qr_text.returnPressed.connect(self._check_pasted)
        self.check_button = QPushButton(_("Check text"))
        self.check_button.setEnabled(False)
        self.check_button.setToolTip(_("Paste the QR code's text first"))
        self.check_button.clicked.connect(self._check_pasted)
        self.qr_text.textChanged.connect(lambda t: self.check_button.setEnabled(bool(t.strip())))
        paste_row = QHBoxLayout()
        paste_row.addWidget(self.qr_text, 1)
        paste_row.addWidget(self.check_button)

        self.result = VerdictView()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.result)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.header)
        layout.addWidget(self.drop)
        layout.addLayout(paste_row)
        layout.addWidget(scroll, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, self.choose_file)

    @property
    def banner(self) -> QLabel:
        return self.result.banner

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a certificate, credential or QR photo"), self.ctx.last_folder(),
            _("Credentials and pictures") + f" ({FILE_FILTER});;" + _("All files") + " (*)")
        if path:
            self.ctx.remember_folder(path)
            self.verify_file(path)

    def _check_pasted(self) -> None:
        if self.qr_text.text().strip():
            self.verify_text(self.qr_text.text())

    def verify_file(self, path: str) -> None:
        """Verify one file on the task runner; the verdict replaces whatever was shown."""
        book = trust_book(self.ctx.catalogue)  # read here: workers get plain data
        self.result.busy(Path(path).name)
        self.ctx.tasks.start(lambda: verify_path(Path(path), book), self._show, self._failed)

    def verify_text(self, text: str) -> None:
        """Verify the text of a QR code."""
        book = trust_book(self.ctx.catalogue)
        self.result.busy(_("QR code text"))
        self.ctx.tasks.start(lambda: verify_qr_text(text, book), self._show, self._failed)

    def _show(self, verdict: object) -> None:
        assert isinstance(verdict, Verdict)
        self.last_verdict = verdict
        self.result.show_verdict(verdict)
        self.verified.emit(verdict)

    def _failed(self, error: Exception) -> None:
        self.result.clear()
        show_error(self, error)
