"""Completions: who completed which course, and when."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog

from ...domain.course import Course
from ...i18n import _, ngettext
from ...storage.learners import CompletionView
from ..context import UiContext
from ..dialogs.import_dialog import ImportDialog
from ..errors import notify
from ..models.rows import RowsModel
from ..widgets.list_page import ListPage


class CompletionsPage(ListPage):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(_("Completions"), _("Record who completed a course: import the course's list of "
                                             "participants, with their grades and dates."))
        self.ctx = ctx
        self.course = QComboBox()
        self.course.setAccessibleName(_("Course"))
        self.course.setMinimumWidth(320)
        self.header.actions.addWidget(self.course)
        self.import_button = self.header.add_button(_("Import completions…"), primary=True)
        self.import_button.clicked.connect(self.import_roster)
        self.add_empty_button(_("Import completions…")).clicked.connect(self.import_roster)
        self.model: RowsModel[CompletionView] = RowsModel([
            (_("Learner"), lambda v: v.learner.full_name),
            (_("E-mail"), lambda v: v.learner.email or ""),
            (_("Completed"), lambda v: v.award.completion_date.isoformat()),
            (_("Grade"), lambda v: v.award.grade or ""),
        ])
        self.set_model(self.model)
        self.course.currentIndexChanged.connect(lambda _i: self.refresh())
        self.filter_changed.connect(lambda _t: self.refresh())
        self.reload_courses()
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 260)

    def reload_courses(self) -> None:
        current = self.course.currentData()
        self.course.blockSignals(True)
        self.course.clear()
        courses: list[Course] = self.ctx.catalogue.courses.all()
        for course in courses:
            self.course.addItem(f"{course.code} — {course.title_in(course.main_language)}", course.id)
        if current is not None:
            self.course.setCurrentIndex(max(self.course.findData(current), 0))
        self.course.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        course_id = self.course.currentData()
        rows = self.ctx.catalogue.completions.for_course(course_id, self.search.text()) if course_id else []
        self.model.set_rows(rows)
        self.count_label.setText(ngettext("{n} completion", "{n} completions", len(rows)).format(n=len(rows)))
        self.show_empty(not rows and not self.search.text())
        self.import_button.setEnabled(self.course.count() > 0)

    def import_roster(self) -> None:
        code = None
        if self.course.currentData():
            course = self.ctx.catalogue.courses.by_id(self.course.currentData())
            code = course.code if course else None
        dialog = ImportDialog(self.ctx, completions=True, course_code=code, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.report:
            notify(self, dialog.report.summary(), 8000)  # type: ignore[attr-defined]
        self.refresh()
