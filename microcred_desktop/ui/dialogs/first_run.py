"""First start: set up the organisation, or explore with demo data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...i18n import _
from ..widgets.form import Validator
from ..widgets.organisation_form import OrganisationForm


class FirstRunDialog(QDialog):
    DEMO = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to microcred"))
        self.resize(640, 720)
        intro = QLabel(_("<h2>Welcome</h2><p>microcred issues micro-credentials — certificates, European "
                         "Digital Credentials and Open Badges — for your organisation, from this computer.</p>"
                         "<p>First, tell us who issues them. You can change this later in Settings.</p>"))
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start"))
        self.demo_button = QPushButton(_("Explore with demo data"))
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.demo_button.clicked.connect(lambda: self.done(self.DEMO))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.validator = Validator(buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.form = OrganisationForm(self.validator)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.validator.check()
