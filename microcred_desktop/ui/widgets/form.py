"""Validation next to the field as the user types; a disabled OK button says why in its tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

Rule = Callable[[], str]  # returns "" when fine, else the problem in one sentence


class FieldWithError(QWidget):
    """A field with a small error line under it."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error)

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class Validator:
    """Runs every rule on each change; shows each problem by its field; enables OK when none."""

    def __init__(self, ok_button: QPushButton) -> None:
        self.ok = ok_button
        self._rules: list[tuple[FieldWithError, Rule]] = []

    def add(self, form: QFormLayout, label: str, field: QWidget, rule: Rule | None = None) -> FieldWithError:
        wrapped = FieldWithError(field)
        form.addRow(label, wrapped)
        field.setAccessibleName(label.rstrip(":*").strip())
        if rule is not None:
            self._rules.append((wrapped, rule))
        return wrapped

    def add_rule(self, target: object, rule: Rule) -> None:
        """A rule whose problem `target.show_problem(text)` shows somewhere other than under one field."""
        self._rules.append((target, rule))  # type: ignore[arg-type]

    def check(self) -> bool:
        problems = []
        for wrapped, rule in self._rules:
            problem = rule()
            wrapped.show_problem(problem)
            if problem:
                problems.append(problem)
        self.ok.setEnabled(not problems)
        self.ok.setToolTip("\n".join(problems))
        return not problems
