"""The first two steps of the Issue wizard: choose the course, choose the learners."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.course import Course
from ...i18n import _, ngettext
from ...storage.learners import CompletionView
from ..context import UiContext
from .courses import workload


class CourseStep(QWidget):
    chosen = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.list = QListWidget()
        self.list.setAccessibleName(_("Courses"))
        self.list.itemDoubleClicked.connect(lambda _i: self.chosen.emit())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setMinimumWidth(320)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Which course are the credentials for?")))
        left.addWidget(self.list, 1)
        layout.addLayout(left, 1)
        layout.addWidget(self.details, 1)
        self.list.currentRowChanged.connect(self._show)

    def reload(self) -> None:
        current = self.course()
        self.list.clear()
        counts = self.ctx.catalogue.courses.completion_counts()
        for course in self.ctx.catalogue.courses.all():
            n = counts.get(course.id or 0, 0)
            done = ngettext("{n} completion", "{n} completions", n).format(n=n)
            text = f"{course.code} — {course.title_in(course.main_language)}   ({done})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, course)
            self.list.addItem(item)
            if current and current.code == course.code:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    def course(self) -> Course | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def problems(self) -> list[str]:
        course = self.course()
        if course is None:
            return [_("Add a course first (Courses → New course).")]
        return [p.message for p in course.annex_problems()]

    def _show(self, _row: int) -> None:
        course = self.course()
        if course is None:
            self.details.setText("")
            return
        facts = workload(course)
        if course.eqf_level:
            facts += " · " + _("EQF level {n}").format(n=course.eqf_level)
        lines = [f"<h3>{course.title_in(course.main_language)}</h3>", f"<p>{facts}</p>"]
        problems = self.problems()
        if problems:
            lines.append("<p><b>" + _("This course cannot be issued yet:") + "</b></p><ul>"
                         + "".join(f"<li>{p}</li>" for p in problems) + "</ul>")
        self.details.setText("".join(lines))


class LearnersStep(QWidget):
    """Completions of the course with a tick each; those issued before are unticked and marked."""

    import_requested = Signal()
    changed = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.views: list[CompletionView] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        import_button = QPushButton(_("Import a completion roster…"))
        import_button.clicked.connect(self.import_requested.emit)
        all_button = QPushButton(_("Select all"))
        none_button = QPushButton(_("Select none"))
        all_button.clicked.connect(lambda: self._tick_all(True))
        none_button.clicked.connect(lambda: self._tick_all(False))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Learner"), _("E-mail"), _("Completed"), _("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        self.table.setColumnWidth(1, 260)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(all_button)
        top.addWidget(none_button)
        top.addWidget(import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def load(self, course: Course) -> None:
        assert course.id is not None
        self.views = self.ctx.catalogue.completions.for_course(course.id)
        issued_before = self.ctx.catalogue.issued.by_award(course.id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            issued = [c for c in issued_before.get((view.learner.id or 0, view.award.completion_date), [])
                      if not c.revoked]
            name = QTableWidgetItem(view.learner.full_name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked if issued else Qt.CheckState.Checked)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(view.learner.email or ""))
            self.table.setItem(row, 2, QTableWidgetItem(view.award.completion_date.isoformat()))
            status = _("issued on {date}").format(date=issued[-1].issued_at.date().isoformat()) if issued else ""
            self.table.setItem(row, 3, QTableWidgetItem(status))
        self.table.blockSignals(False)
        self._filter(self.search.text())
        self.changed.emit()

    def _filter(self, text: str) -> None:
        wanted = text.casefold()
        for row, view in enumerate(self.views):
            hay = f"{view.learner.full_name} {view.learner.email or ''}".casefold()
            self.table.setRowHidden(row, bool(wanted) and wanted not in hay)

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            if not self.table.isRowHidden(row):
                self.table.item(row, 0).setCheckState(state)

    def selected(self) -> list[CompletionView]:
        return [v for row, v in enumerate(self.views)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def reissue_needed(self) -> bool:
        """Some ticked learners were issued before: issuing them again is on purpose."""
        return any(self.table.item(row, 3).text() for row in range(self.table.rowCount())
                   if self.table.item(row, 0).checkState() == Qt.CheckState.Checked)
