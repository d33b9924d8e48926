"""Issue: a wizard — Course → Learners → Preview → Issue — then progress with Cancel and a summary."""

from __future__ import annotations

import time
from pathlib import Path
from uuid import uuid4

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.credential import CredentialDocument
from ...i18n import N_, _, ngettext
from ...services.issue import IssueSummary, default_template, issue_batch
from ..context import UiContext
from ..dialogs.import_dialog import ImportDialog
from ..errors import notify, show_error
from ..widgets.list_page import PageHeader
from ..widgets.steps import StepBar
from .issue_steps import CourseStep, LearnersStep

DESIGN_NAMES = {"formal": N_("Formal certificate"), "volunteering": N_("Recognition (volunteering)")}


class IssuePage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.task = None
        self.running = False
        self.summary: IssueSummary | None = None
        self.header = PageHeader(_("Issue credentials"))
        self.steps = StepBar([_("Course"), _("Learners"), _("Preview"), _("Issue")])
        self.course_step = CourseStep(ctx)
        self.learners_step = LearnersStep(ctx)
        self.preview_step = self._preview_step()
        self.run_step = self._run_step()
        self.stack = QStackedWidget()
        for page in (self.course_step, self.learners_step, self.preview_step, self.run_step):
            self.stack.addWidget(page)
        self.back = QPushButton(_("Back"))
        self.next = QPushButton(_("Next"))
        self.next.setObjectName("primary")
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.back.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next.clicked.connect(self.forward)
        nav = QHBoxLayout()
        nav.addWidget(self.problem, 1)
        nav.addWidget(self.back)
        nav.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.header)
        layout.addWidget(self.steps)
        layout.addWidget(self.stack, 1)
        layout.addLayout(nav)
        self.course_step.chosen.connect(self.forward)
        self.course_step.list.currentRowChanged.connect(lambda _r: self.update_buttons())
        self.learners_step.changed.connect(self.update_buttons)
        self.learners_step.import_requested.connect(self.import_roster)
        self.go(0)

    # steps 3 and 4 -----------------------------------------------------------------------------
    def _preview_step(self) -> QWidget:
        page = QWidget()
        self.design = QComboBox()
        for key, label in DESIGN_NAMES.items():
            self.design.addItem(_(label), key)
        self.design.currentIndexChanged.connect(lambda _i: self.render_preview())
        self.preview = QLabel(_("The certificate of the first learner appears here."))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Design:")))
        top.addWidget(self.design)
        top.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        return page

    def _run_step(self) -> QWidget:
        page = QWidget()
        self.folder = QLineEdit()
        self.folder.setAccessibleName(_("Output folder"))
        choose = QPushButton(_("Choose…"))
        choose.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.progress_text = QLabel()
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.hide()
        self.cancel.clicked.connect(self.cancel_run)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.open_folder = QPushButton(_("Open folder"))
        self.open_folder.hide()
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text())))
        self.print_button = QPushButton(_("Print…"))
        self.print_button.hide()
        self.print_button.clicked.connect(self.print_batch)
        self.email_button = QPushButton(_("E-mail to learners…"))
        self.email_button.hide()
        self.email_button.clicked.connect(self.email_batch)
        self.start_over = QPushButton(_("Issue more"))
        self.start_over.hide()
        self.start_over.clicked.connect(lambda: self.go(0))
        form = QFormLayout()
        form.addRow(_("Save the files in:"), row)
        done_row = QHBoxLayout()
        done_row.addWidget(self.open_folder)
        done_row.addWidget(self.print_button)
        done_row.addWidget(self.email_button)
        done_row.addWidget(self.start_over)
        done_row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.plan)
        layout.addWidget(self.progress)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_text, 1)
        progress_row.addWidget(self.cancel)
        layout.addLayout(progress_row)
        layout.addWidget(self.result)
        layout.addLayout(done_row)
        layout.addStretch(1)
        return page

    # navigation --------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if self.stack.currentIndex() == 0:
            self.course_step.reload()
        self.update_buttons()

    def go(self, index: int) -> None:
        index = max(0, min(index, 3))
        if index == 0:
            self.course_step.reload()
            self._reset_run()
        if index == 1:
            course = self.course_step.course()
            if course is not None:
                self.learners_step.load(course)
        if index == 2:
            course = self.course_step.course()
            if course is not None:
                self.design.setCurrentIndex(max(self.design.findData(default_template(course)), 0))
            self.render_preview()
        if index == 3:
            self._prepare_run()
        self.stack.setCurrentIndex(index)
        self.steps.set_current(index)
        self.update_buttons()

    def forward(self) -> None:
        if self.stack.currentIndex() == 3:
            self.start()
        elif self.next.isEnabled():
            self.go(self.stack.currentIndex() + 1)

    def update_buttons(self) -> None:
        index = self.stack.currentIndex()
        problem = ""
        if index == 0:
            problems = self.course_step.problems()
            problem = problems[0] if problems else ""
        elif index == 1 and not self.learners_step.selected():
            problem = _("Tick at least one learner.")
        running = self.task is not None
        self.problem.setText(problem)
        self.next.setEnabled(not problem and not running and not (index == 3 and self.summary is not None))
        self.next.setToolTip(problem)
        self.next.setText(_("Issue") if index == 3 else _("Next"))
        self.back.setEnabled(index > 0 and not running and self.summary is None)

    def import_roster(self) -> None:
        course = self.course_step.course()
        dialog = ImportDialog(self.ctx, completions=True, course_code=course.code if course else None, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and course is not None:
            self.learners_step.load(course)

    def render_preview(self) -> None:
        course = self.course_step.course()
        views = self.learners_step.selected()
        org = self.ctx.catalogue.organisation()
        if course is None or not views or org is None:
            return
        from ...formats.pdf.page_image import page_png
        from ...formats.pdf.render import render_certificate

        view = views[0]
        doc = CredentialDocument.create(
            uuid=uuid4(), learner_uuid=uuid4(), organisation=org, learner=view.learner, course=course,
            completion_date=view.award.completion_date, issued_at=_now(), grade=view.award.grade)
        try:
            png = page_png(render_certificate(doc, None, template=self.design.currentData()), 0, 100)
        except Exception as error:  # a preview that fails must not stop issuing; say why
            show_error(self, error)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png)
        self.preview.setPixmap(pixmap.scaledToWidth(min(1000, max(600, self.width() - 120)),
                                                    Qt.TransformationMode.SmoothTransformation))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Where should the files go?"), self.folder.text())
        if folder:
            self.folder.setText(folder)
            self._prepare_run()

    def _prepare_run(self) -> None:
        course = self.course_step.course()
        if not self.folder.text() and course is not None:
            base = Path(self.ctx.last_folder())
            self.folder.setText(str(base / f"microcred-{course.code}"))
        n = len(self.learners_step.selected())
        self.plan.setText(
            ngettext("{n} credential will be issued: for each learner a PDF certificate, a sealed European Digital "
                     "Credential, its unsigned copy, and an Open Badge (JSON and image).",
                     "{n} credentials will be issued: for each learner a PDF certificate, a sealed European Digital "
                     "Credential, its unsigned copy, and an Open Badge (JSON and image).", n).format(n=n)
            + " " + _("Files go into {folder}.").format(folder=self.folder.text()))

    def _reset_run(self) -> None:
        self.summary = None
        for widget in (self.progress, self.cancel, self.open_folder, self.print_button, self.email_button,
                       self.start_over):
            widget.hide()
        self.result.setText("")
        self.progress_text.setText("")

    # running -----------------------------------------------------------------------------------
    def start(self) -> None:
        course = self.course_step.course()
        views = self.learners_step.selected()
        if course is None or not views:
            return
        try:
            keys = self.ctx.key_service()
        except Exception as error:
            show_error(self, error)
            return
        out = Path(self.folder.text()).expanduser()
        self.ctx.remember_folder(out.parent)
        template = self.design.currentData()
        reissue = self.learners_step.reissue_needed()
        self.progress.setRange(0, len(views))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel.show()
        self.started = time.monotonic()

        def work(progress, cancel):  # type: ignore[no-untyped-def]
            return issue_batch(self.ctx.catalogue, keys, course, views, out, template=template, reissue=reissue,
                               progress=progress, cancel=lambda: bool(cancel))

        self.running = True
        task = self.ctx.tasks.start(work, self._done, self._failed, self._progress)
        self.task = task if self.running else None  # a synchronous runner may have finished already
        self.update_buttons()

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setValue(done)
        elapsed = time.monotonic() - self.started
        left = elapsed / done * (total - done) if done else 0
        text = _("{done} of {total}").format(done=done, total=total)
        if done and done < total:
            text += " · " + _("about {m} min {s} s left").format(m=int(left // 60), s=int(left % 60))
        if message:
            text += " · " + message
        self.progress_text.setText(text)

    def cancel_run(self) -> None:
        if self.task is not None:
            self.task.cancel_flag.cancel()
            self.progress_text.setText(_("Stopping after the current credential…"))

    def _done(self, summary: IssueSummary) -> None:
        self.task = None
        self.running = False
        self.summary = summary
        self.cancel.hide()
        lines = [summary.line()]
        lines += [_("{learner}: {reason}").format(learner=v.learner.full_name, reason=r) for v, r in summary.failed]
        self.result.setText("\n".join(lines))
        self.open_folder.show()
        self.print_button.setVisible(bool(summary.issued))
        self.email_button.setVisible(bool(summary.issued))
        self.start_over.show()
        self.update_buttons()
        notify(self, summary.line(), 10000)

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.running = False
        self.progress.hide()
        self.cancel.hide()
        self.update_buttons()
        show_error(self, error)

    def email_batch(self) -> None:
        if self.summary is not None and self.summary.issued:
            from ..dialogs.send_dialog import SendDialog

            SendDialog(self.ctx, self.summary.issued, parent=self).exec()

    def print_batch(self) -> None:
        if self.summary is None:
            return
        paths = [Path(r.folder) / r.files["pdf"]["name"] for r in self.summary.issued]
        from ..printing import PrintController

        PrintController(self).print_paths(paths)


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)
