"""Import a roster: preview the file, map its columns, see every problem, then import all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError, ValidationError
from ...i18n import _, ngettext
from ...services.imports import ImportReport, import_completions, import_learners
from ...services.rosters import COMPLETION_FIELDS, FIELD_LABELS, LEARNER_FIELDS, guess_mapping, parse_roster
from ...services.tables import Table, read_table
from ..context import UiContext
from ..errors import show_error

PREVIEW_ROWS = 50


class ImportDialog(QDialog):
    """`course_code` set (or chosen here) imports completions; otherwise learners."""

    def __init__(self, ctx: UiContext, completions: bool = False, course_code: str | None = None,
                 path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.completions = completions
        self.table: Table | None = None
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.fields = COMPLETION_FIELDS if completions else LEARNER_FIELDS
        self.setWindowTitle(_("Import who completed a course") if completions else _("Import learners"))
        self.resize(900, 640)

        self.file_label = QLabel(_("Choose a CSV or Excel file with one learner per row."))
        self.file_label.setWordWrap(True)
        choose = QPushButton(_("Choose file…"))
        choose.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.course = QComboBox()
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        course_box = QWidget()
        course_form = QFormLayout(course_box)
        course_form.setContentsMargins(0, 0, 0, 0)
        course_form.addRow(_("Course:"), self.course)
        course_form.addRow(_("Completion date (for rows without one):"), self.date)
        course_box.setVisible(completions)
        for course in ctx.catalogue.courses.all():
            self.course.addItem(f"{course.code} — {course.title_in(course.main_language)}", course.code)
        if course_code:
            self.course.setCurrentIndex(max(self.course.findData(course_code), 0))

        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setDefaultSectionSize(22)

        self.mapping_box = QGroupBox(_("Which column holds what"))
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping_combos: dict[str, QComboBox] = {}
        for i, fld in enumerate(self.fields):
            combo = QComboBox()
            combo.setAccessibleName(_(FIELD_LABELS[fld]))
            combo.currentIndexChanged.connect(self.recheck)
            self.mapping_combos[fld] = combo
            self.mapping_grid.addWidget(QLabel(_(FIELD_LABELS[fld]) + ":"), i // 3, (i % 3) * 2)
            self.mapping_grid.addWidget(combo, i // 3, (i % 3) * 2 + 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("Problems"))
        self.problems.setMaximumHeight(140)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Import"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(course_box)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        if path is not None:
            self.load(path)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a roster"), self.ctx.last_folder(), _("Rosters (*.csv *.xlsx *.txt);;All files (*)"))
        if name:
            self.ctx.remember_folder(name)
            self.load(Path(name))

    def load(self, path: Path) -> None:
        try:
            table = read_table(path)
        except UserError as error:
            show_error(self, error)
            return
        self.path, self.table = path, table
        self.file_label.setText(str(path))
        self.notice.setText(" ".join(table.notices))
        self.notice.setVisible(bool(table.notices))
        self.preview.setColumnCount(len(table.headers))
        self.preview.setHorizontalHeaderLabels([str(h) for h in table.headers])
        rows = table.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells[: len(table.headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(str(value)))
        guessed = guess_mapping(table.headers, self.fields)
        for fld, combo in self.mapping_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("— not in the file —"), None)
            for index, header in enumerate(table.headers):
                combo.addItem(str(header) or _("column {n}").format(n=index + 1), index)
            combo.setCurrentIndex(combo.findData(guessed[fld]) if fld in guessed else 0)
            combo.blockSignals(False)
        self.recheck()

    def mapping(self) -> dict[str, int]:
        return {fld: combo.currentData() for fld, combo in self.mapping_combos.items()
                if combo.currentData() is not None}

    def recheck(self) -> None:
        self.problems.clear()
        if self.table is None:
            self.ok.setEnabled(False)
            return
        try:
            roster = parse_roster(self.table, self.mapping(), completions=self.completions)
        except ValidationError as error:
            self.status.setText(error.message + (" " + error.hint if error.hint else ""))
            self.status.setObjectName("fieldError")
            for problem in error.problems:
                self.problems.addItem(str(problem))
            self.ok.setEnabled(False)
            self.ok.setToolTip(_("Correct the problems listed first."))
        else:
            n = len(roster.rows)
            ready = ngettext("{n} learner ready to import.", "{n} learners ready to import.", n)
            self.status.setText(ready.format(n=n))
            self.status.setObjectName("")
            self.ok.setEnabled(not self.completions or self.course.count() > 0)
            self.ok.setToolTip("")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def do_import(self) -> None:
        assert self.table is not None and self.path is not None
        try:
            if self.completions:
                day: date = self.date.date().toPython()  # type: ignore[assignment]
                self.report = import_completions(self.ctx.catalogue, self.path, self.course.currentData(), day,
                                                 mapping=self.mapping(), table=self.table)
            else:
                self.report = import_learners(self.ctx.catalogue, self.path, mapping=self.mapping(), table=self.table)
        except UserError as error:
            show_error(self, error)
            return
        self.accept()
