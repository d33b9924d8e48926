"""Add or edit one learner."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.learner import Learner, is_email
from ...i18n import _
from ..widgets.form import Validator


class LearnerDialog(QDialog):
    def __init__(self, learner: Learner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = learner
        self.setWindowTitle(_("Edit learner") if learner else _("New learner"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.validator = Validator(buttons.button(QDialogButtonBox.StandardButton.Ok))
        form = QFormLayout()
        self.given = QLineEdit()
        self.family = QLineEdit()
        self.email = QLineEdit()
        self.has_birth = QCheckBox(_("known"))
        self.birth = QDateEdit()
        self.birth.setCalendarPopup(True)
        self.birth.setDisplayFormat("yyyy-MM-dd")
        self.birth.setDate(QDate(2000, 1, 1))
        self.national_id = QLineEdit()
        self.external_id = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.notes.setTabChangesFocus(True)
        v = self.validator
        v.add(form, _("Given name:"), self.given, lambda: "" if self.given.text().strip() else _("Required."))
        v.add(form, _("Family name:"), self.family, lambda: "" if self.family.text().strip() else _("Required."))
        v.add(form, _("E-mail:"), self.email,
              lambda: "" if not self.email.text().strip() or is_email(self.email.text().strip())
              else _("This is not an e-mail address."))
        birth_row = QWidget()
        from PySide6.QtWidgets import QHBoxLayout

        row = QHBoxLayout(birth_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.has_birth)
        row.addWidget(self.birth, 1)
        v.add(form, _("Date of birth:"), birth_row)
        v.add(form, _("National ID:"), self.national_id)
        v.add(form, _("External ID:"), self.external_id)
        v.add(form, _("Notes:"), self.notes)
        for field in (self.given, self.family, self.email):
            field.textChanged.connect(self.validator.check)
        self.has_birth.toggled.connect(self.birth.setEnabled)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if learner is not None:
            self.given.setText(learner.given_name)
            self.family.setText(learner.family_name)
            self.email.setText(learner.email or "")
            if learner.date_of_birth:
                d = learner.date_of_birth
                self.birth.setDate(QDate(d.year, d.month, d.day))
            self.national_id.setText(learner.national_id or "")
            self.external_id.setText(learner.external_id or "")
            self.notes.setPlainText(learner.notes)
        self.has_birth.setChecked(bool(learner and learner.date_of_birth))
        self.birth.setEnabled(self.has_birth.isChecked())
        self.validator.check()

    def learner(self) -> Learner:
        base = self.original or Learner(given_name="", family_name="")
        return replace(
            base,
            given_name=self.given.text().strip(),
            family_name=self.family.text().strip(),
            email=self.email.text().strip().lower() or None,
            date_of_birth=self.birth.date().toPython() if self.has_birth.isChecked() else None,  # type: ignore[arg-type]
            national_id=self.national_id.text().strip() or None,
            external_id=self.external_id.text().strip() or None,
            notes=self.notes.toPlainText().strip(),
        )
