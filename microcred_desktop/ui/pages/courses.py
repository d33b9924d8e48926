"""Courses: the micro-credential specifications; new, edit, add from a course file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog

from ...domain.course import Course
from ...domain.errors import UserError
from ...i18n import _, ngettext
from ...services.course_file import load_course_file
from ..context import UiContext
from ..dialogs.course_dialog import CourseDialog
from ..errors import show_error
from ..models.rows import RowsModel
from ..widgets.list_page import ListPage


def workload(course: Course) -> str:
    parts = []
    if course.ects is not None:
        parts.append(_("{n} ECTS").format(n=course.ects))
    if course.hours is not None:
        parts.append(_("{n} h").format(n=course.hours))
    return " · ".join(parts)


class CoursesPage(ListPage):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(_("Courses"), _("Courses describe what a credential recognises: title, learning outcomes, "
                                         "workload, level and assessment. Add your first course."))
        self.ctx = ctx
        self.counts: dict[int, int] = {}
        self.model: RowsModel[Course] = RowsModel([
            (_("Code"), lambda c: c.code),
            (_("Title"), lambda c: c.title_in(c.main_language)),
            (_("Languages"), lambda c: ", ".join(c.languages)),
            (_("Workload"), workload),
            (_("EQF"), lambda c: c.eqf_level or ""),
            (_("Completions"), lambda c: self.counts.get(c.id or 0, 0)),
        ])
        self.set_model(self.model)
        self.header.add_button(_("Add from file…")).clicked.connect(self.add_from_file)
        self.new_button = self.header.add_button(_("New course"), primary=True)
        self.new_button.clicked.connect(self.new_course)
        self.add_empty_button(_("New course")).clicked.connect(self.new_course)
        self.filter_changed.connect(lambda _t: self.refresh())
        self.activated.connect(self.edit_course)
        self.refresh()
        self.table.setColumnWidth(1, 340)

    def refresh(self) -> None:
        self.counts = self.ctx.catalogue.courses.completion_counts()
        courses = self.ctx.catalogue.courses.all(self.search.text())
        self.model.set_rows(courses)
        self.count_label.setText(ngettext("{n} course", "{n} courses", len(courses)).format(n=len(courses)))
        self.show_empty(not courses and not self.search.text())

    def new_course(self) -> None:
        dialog = CourseDialog(parent=self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.ctx.catalogue.courses.add(dialog.course())
            except UserError as error:
                show_error(self, error)
                continue
            break
        self.refresh()

    def edit_course(self, row: int) -> None:
        dialog = CourseDialog(self.model.item(row), parent=self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.ctx.catalogue.courses.update(dialog.course())
            except UserError as error:
                show_error(self, error)
                continue
            break
        self.refresh()

    def add_from_file(self) -> None:
        name, _f = QFileDialog.getOpenFileName(self, _("Add a course from a file"), self.ctx.last_folder(),
                                               _("Course files (*.json)"))
        if not name:
            return
        self.ctx.remember_folder(name)
        try:
            self.ctx.catalogue.courses.add(load_course_file(Path(name)))
        except UserError as error:
            show_error(self, error)
        self.refresh()
