"""One text per course language: a field for each, labelled with the language's name."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from ...i18n import language_display_name


def language_name(code: str) -> str:
    return language_display_name(code)


class LangMapEdit(QWidget):
    changed = Signal()

    def __init__(self, multiline: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.multiline = multiline
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._values: dict[str, str] = {}

    def set_languages(self, languages: list[str]) -> None:
        self._values.update(self.value())
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._fields = {}
        for lang in languages:
            field: QLineEdit | QPlainTextEdit
            if self.multiline:
                field = QPlainTextEdit()
                field.setTabChangesFocus(True)
                field.setFixedHeight(64)
                field.setPlainText(self._values.get(lang, ""))
                field.textChanged.connect(lambda *_a: self.changed.emit())
            else:
                field = QLineEdit(self._values.get(lang, ""))
                field.textChanged.connect(lambda *_a: self.changed.emit())
            field.setAccessibleName(language_name(lang))
            self._fields[lang] = field
            self._layout.addRow(language_name(lang) + ":", field)

    def set_value(self, value: dict[str, str]) -> None:
        self._values = dict(value)
        for lang, field in self._fields.items():
            text = value.get(lang, "")
            if isinstance(field, QPlainTextEdit):
                field.setPlainText(text)
            else:
                field.setText(text)

    def value(self) -> dict[str, str]:
        result = {}
        for lang, field in self._fields.items():
            text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
            if text.strip():
                result[lang] = text.strip()
        return result

    def missing(self) -> list[str]:
        return [lang for lang in self._fields if lang not in self.value()]

    def first_field(self) -> QWidget | None:
        return next(iter(self._fields.values()), None)
