"""Issued: every credential this install issued — search, open, re-export, print, revoke."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ...domain.issued import IssuedCredential
from ...i18n import _, ngettext
from ...services.export import export_credential
from ..context import UiContext
from ..errors import notify, show_error
from ..models.rows import RowsModel
from ..widgets.list_page import ListPage


def status(record: IssuedCredential) -> str:
    if record.revoked:
        return _("revoked")
    if record.valid_until and record.valid_until < _now():
        return _("expired")
    return _("valid")


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


class IssuedPage(ListPage):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(_("Issued credentials"), _(
            "Credentials you issue appear here: open them, print them, send them again, or revoke one issued "
            "by mistake."))
        self.ctx = ctx
        self.model: RowsModel[IssuedCredential] = RowsModel([
            (_("Issued on"), lambda r: r.issued_at.astimezone().strftime("%Y-%m-%d %H:%M")),
            (_("Learner"), lambda r: r.learner_name),
            (_("Course"), lambda r: r.course_title),
            (_("Valid until"), lambda r: r.valid_until.date().isoformat() if r.valid_until else _("no expiry")),
            (_("Status"), status),
            (_("Credential ID"), lambda r: r.uuid),
        ])
        self.set_model(self.model)
        self.header.add_button(_("Open PDF")).clicked.connect(self.open_pdf)
        self.header.add_button(_("Open folder")).clicked.connect(self.open_folder)
        self.header.add_button(_("Export again…")).clicked.connect(self.export_again)
        self.header.add_button(_("Revoke…")).clicked.connect(self.revoke)
        self.header.add_button(_("E-mail…")).clicked.connect(self.email_selected)
        self.print_button = self.header.add_button(_("Print…"), primary=True)
        self.print_button.clicked.connect(self.print_selected)
        self.filter_changed.connect(lambda _t: self.refresh())
        self.activated.connect(lambda _row: self.open_pdf())
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 220)
        self.table.setColumnWidth(2, 300)
        self.refresh()

    def refresh(self) -> None:
        rows = self.ctx.catalogue.issued.search(self.search.text())
        self.model.set_rows(rows)
        self.count_label.setText(ngettext("{n} credential", "{n} credentials", len(rows)).format(n=len(rows)))
        self.show_empty(not rows and not self.search.text())

    def selected_records(self) -> list[IssuedCredential]:
        rows = self.selected_rows()
        if not rows and self.current_row() is not None:
            rows = [self.current_row()]  # type: ignore[list-item]
        return [self.model.item(r) for r in rows]

    def _one(self) -> IssuedCredential | None:
        records = self.selected_records()
        if not records:
            QMessageBox.information(self, _("Issued credentials"), _("Select a credential in the list first."))
            return None
        return records[0]

    def open_pdf(self) -> None:
        record = self._one()
        if record is None:
            return
        path = Path(record.folder) / record.files["pdf"]["name"]
        if not path.exists():
            QMessageBox.warning(self, _("File not found"), _("The PDF is no longer at {path}. Use “Export again…” "
                                                             "to write the files anew.").format(path=path))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_folder(self) -> None:
        record = self._one()
        if record is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(record.folder))

    def export_again(self) -> None:
        record = self._one()
        if record is None:
            return
        folder = QFileDialog.getExistingDirectory(self, _("Export the files to"), self.ctx.last_folder())
        if not folder:
            return
        try:
            paths = export_credential(self.ctx.catalogue, self.ctx.key_service(), record.uuid, Path(folder))
        except Exception as error:
            show_error(self, error)
            return
        notify(self, ngettext("{n} file written to {folder}", "{n} files written to {folder}", len(paths)).format(
                n=len(paths), folder=folder), 8000)

    def revoke(self) -> None:
        record = self._one()
        if record is None:
            return
        if record.revoked:
            QMessageBox.information(self, _("Revoke"), _("This credential is already revoked: {reason}").format(
                reason=record.revocation_reason))
            return
        reason, ok = QInputDialog.getText(
            self, _("Revoke a credential"),
            _("Revoking marks the credential of {learner} as no longer valid. This install, and those that import "
              "your issuer profile, will show it as revoked. It cannot be undone.\n\nWhy is it revoked?").format(
                learner=record.learner_name))
        if not ok:
            return
        try:
            self.ctx.catalogue.issued.revoke(record.uuid, reason)
        except Exception as error:
            show_error(self, error)
        self.refresh()

    def email_selected(self) -> None:
        from ..dialogs.send_dialog import SendDialog

        records = self.selected_records() or [self.model.item(r) for r in range(self.model.rowCount())]
        if records:
            SendDialog(self.ctx, list(reversed(records)), parent=self).exec()

    def print_selected(self) -> None:
        records = self.selected_records() or [self.model.item(r) for r in range(self.model.rowCount())]
        paths = [Path(r.folder) / r.files["pdf"]["name"] for r in records]
        missing = [p for p in paths if not p.exists()]
        if missing:
            QMessageBox.warning(self, _("File not found"), _("{n} PDF files are missing, e.g. {path}.").format(
                n=len(missing), path=missing[0]))
            return
        if not paths:
            return
        from ..printing import PrintController

        PrintController(self).print_paths(list(reversed(paths)))
