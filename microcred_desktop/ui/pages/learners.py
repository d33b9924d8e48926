"""Learners: a table over SQL that stays quick with 100,000 rows; add, edit, import."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ...domain.errors import UserError
from ...i18n import _, ngettext
from ..context import UiContext
from ..dialogs.import_dialog import ImportDialog
from ..dialogs.learner_dialog import LearnerDialog
from ..errors import notify, show_error
from ..models.learners import LearnerTableModel
from ..widgets.list_page import ListPage


class LearnersPage(ListPage):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(_("Learners"), _("The people you issue credentials to. Import them from a spreadsheet "
                                          "(CSV or Excel) or add them one by one."))
        self.ctx = ctx
        self.model = LearnerTableModel(ctx.catalogue.learners, self)
        self.set_model(self.model)
        self.header.add_button(_("New learner")).clicked.connect(self.new_learner)
        self.import_button = self.header.add_button(_("Import learners…"), primary=True)
        self.import_button.clicked.connect(self.import_learners)
        self.add_empty_button(_("Import learners…")).clicked.connect(self.import_learners)
        self.filter_changed.connect(self.apply_filter)
        self.activated.connect(self.edit_learner)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 160)
        self.table.setColumnWidth(2, 260)
        self.update_state()

    def apply_filter(self, text: str) -> None:
        self.model.set_filter(text)
        self.update_state()

    def refresh(self) -> None:
        self.model.refresh()
        self.update_state()

    def update_state(self) -> None:
        n = self.model.total
        self.count_label.setText(ngettext("{n} learner", "{n} learners", n).format(n=n))
        self.show_empty(n == 0 and not self.search.text())

    def new_learner(self) -> None:
        self._edit(LearnerDialog(parent=self))

    def edit_learner(self, row: int) -> None:
        self._edit(LearnerDialog(self.model.learner_at(row), parent=self))

    def _edit(self, dialog: LearnerDialog) -> None:
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.ctx.catalogue.learners.save(dialog.learner())
            except UserError as error:
                show_error(self, error)
                continue
            break
        self.refresh()

    def import_learners(self) -> None:
        dialog = ImportDialog(self.ctx, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.report:
            notify(self, dialog.report.summary(), 8000)  # type: ignore[attr-defined]
        self.refresh()
