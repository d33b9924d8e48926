"""E-mail learners their files: who gets what, then send with progress and Cancel, state per learner.

The messages go through the outbox (services/send.py): closing the dialog or the app loses nothing;
while the dialog is open, messages the server could not take are retried by themselves at their time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...crypto.secrets import SecretStore
from ...domain.errors import UserError
from ...domain.issued import IssuedCredential
from ...domain.learner import is_email
from ...i18n import _, ngettext
from ...services.mail import load_account, load_settings
from ...services.send import SendSummary, queue_credentials, send_due, state_text
from ...storage.outbox import SENT, OutboxMessage, outbox_of
from ..context import UiContext
from ..errors import show_error
from ..tasks import Task

LONGEST_WAIT_MS = 60 * 60 * 1000


class SendDialog(QDialog):
    """Send `credentials` (a selection or a batch, in roster order) to their learners."""

    def __init__(self, ctx: UiContext, credentials: Sequence[IssuedCredential], secrets: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.secrets = secrets if secrets is not None else SecretStore()
        self.credentials = [c for c in credentials if not c.revoked]
        self.revoked = [c for c in credentials if c.revoked]
        self.batch: list[int] = []
        self.task: Task | None = None
        self.busy = False
        self.summary: SendSummary | None = None
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self.send)
        self.setWindowTitle(_("E-mail credentials to learners"))
        self.resize(760, 560)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.setup_banner = QLabel(_("No mail server is set up yet: enter it in Settings → E-mail first."))
        self.setup_banner.setObjectName("warningBanner")
        self.setup_banner.setWordWrap(True)
        self.missing_banner = QLabel()
        self.missing_banner.setObjectName("warningBanner")
        self.missing_banner.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Learner"), _("Address"), _("State")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Learners and the state of their message"))
        self.resend = QCheckBox(_("Send again to learners who already got it"))
        self.resend.toggled.connect(self._update_buttons)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.send_button = QPushButton(_("Send"))
        self.send_button.setObjectName("primary")
        self.cancel_button = QPushButton(_("Cancel sending"))
        self.cancel_button.hide()
        self.close_button = QPushButton(_("Close"))
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.send_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (self.intro, self.setup_banner, self.missing_banner, self.table, self.resend,
                       self.progress, self.status, self.buttons):
            layout.addWidget(widget, 1 if widget is self.table else 0)
        self.refresh()

    # showing ----------------------------------------------------------------------------------
    def _addresses(self) -> dict[int, str]:
        found = {}
        for record in self.credentials:
            learner = self.ctx.catalogue.learners.get(record.learner_id)
            found[record.learner_id] = (learner.email or "").strip() if learner else ""
        return found

    def refresh(self) -> None:
        settings = load_settings(self.ctx.catalogue)
        self.setup_banner.setVisible(settings is None)
        addresses = self._addresses()
        latest = outbox_of(self.ctx.catalogue).latest(c.uuid for c in self.credentials)
        without = [c for c in self.credentials if not is_email(addresses.get(c.learner_id, ""))]
        n = len(self.credentials)
        sender = settings.sender if settings else ""
        self.intro.setText(ngettext(
            "{n} learner gets the certificate (PDF), the European Digital Credential and the Open Badge by e-mail "
            "from {sender}.",
            "{n} learners get their certificate (PDF), European Digital Credential and Open Badge by e-mail "
            "from {sender}.", n).format(n=n, sender=sender or _("the address set in Settings → E-mail")))
        notes = []
        if without:
            notes.append(ngettext("No e-mail address, so not sent: {names}.",
                                  "No e-mail address, so not sent to these {n}: {names}.", len(without)).format(
                n=len(without), names=", ".join(c.learner_name for c in without)) + " " + _(
                "Add the address on the Learners page, then send again."))
        if self.revoked:
            notes.append(_("Revoked, so not sent: {names}.").format(
                names=", ".join(c.learner_name for c in self.revoked)))
        self.missing_banner.setText("\n".join(notes))
        self.missing_banner.setVisible(bool(notes))
        self.table.setRowCount(n)
        for row, record in enumerate(self.credentials):
            message = latest.get(record.uuid)
            address = addresses.get(record.learner_id, "")
            state = self._state(message, address)
            for column, text in enumerate((record.learner_name, address or "—", state)):
                item = QTableWidgetItem(text)
                if column == 2 and message is not None and message.last_error and message.state != SENT:
                    item.setToolTip(message.last_error)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.already_sent = sum(1 for m in latest.values() if m.state == SENT)
        self.resend.setVisible(self.already_sent > 0)
        self._update_buttons()

    @staticmethod
    def _state(message: OutboxMessage | None, address: str) -> str:
        if not is_email(address):
            return _("No e-mail address")
        if message is None:
            return _("Not sent yet")
        text = state_text(message)
        if message.state != SENT and message.last_error:
            text += " — " + message.last_error
        return text

    def _update_buttons(self) -> None:
        busy = self.busy
        can = load_settings(self.ctx.catalogue) is not None and not busy
        self.send_button.setEnabled(can)
        self.send_button.setToolTip("" if can else _("Set up the mail server in Settings → E-mail first.")
                                    if not busy else "")
        self.cancel_button.setVisible(busy)
        self.close_button.setEnabled(not busy)
        self.resend.setEnabled(not busy)

    # sending ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Queue the messages (once each, unless "send again" is ticked), then send them."""
        settings = load_settings(self.ctx.catalogue)
        if settings is None:
            return
        try:
            result = queue_credentials(self.ctx.catalogue, settings, self.credentials, force=self.resend.isChecked())
        except UserError as error:
            show_error(self, error)
            return
        self.batch = result.ids
        self.refresh()
        if not self.batch:
            self.status.setText(_("Nothing to send: everyone with an address already got the message."))
            return
        self.send()

    def send(self) -> None:
        self.retry_timer.stop()
        if not self.batch or self.busy:
            return
        try:
            account = load_account(self.ctx.catalogue, self.secrets)
        except UserError as error:
            show_error(self, error)
            return
        batch = list(self.batch)
        self.progress.setRange(0, len(batch))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(_("Sending…"))

        def work(progress: Any, cancel: Any) -> SendSummary:
            return send_due(self.ctx.catalogue, account, only=batch, progress=progress, cancel=cancel)

        self.busy = True
        self._update_buttons()
        task = self.ctx.tasks.start(work, self._done, self._failed, self._progress)
        self.task = task if self.busy else None  # a synchronous runner has finished already

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if name:
            self.status.setText(_("Sending to {name} ({done} of {total})…").format(name=name, done=done + 1,
                                                                                 total=total))
        self.refresh()

    def _finish(self) -> None:
        self.task = None
        self.busy = False
        self.progress.hide()
        self.refresh()

    def _done(self, summary: SendSummary) -> None:
        self.summary = summary
        self._finish()
        text = summary.line()
        retry_at = outbox_of(self.ctx.catalogue).next_retry(self.batch)
        if summary.retrying and retry_at is not None:
            wait = max(1000, int((retry_at - datetime.now(UTC)).total_seconds() * 1000))
            self.retry_timer.start(min(wait, LONGEST_WAIT_MS))
            text += " " + _("Trying again at {time} while this window is open; the messages stay queued if "
                            "you close it.").format(time=retry_at.astimezone().strftime("%H:%M:%S"))
        self.status.setText(text)

    def _failed(self, error: Exception) -> None:
        self._finish()
        self.status.setText(_("Not sent: {reason}").format(reason=getattr(error, "message", str(error))))
        show_error(self, error, _("The messages were not sent"))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel_flag.cancel()
            self.status.setText(_("Stopping after the current message…"))

    def reject(self) -> None:
        if self.busy:  # Esc while sending: stop first, the window closes when it has
            self.cancel()
            return
        self.retry_timer.stop()
        super().reject()
