"""Sends queued e-mails in the background while the app is open: every minute, the messages whose
retry time has come go out (on the thread pool), so a batch queued during a network outage drains by
itself once the network is back."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from ..i18n import _
from .context import UiContext
from .errors import notify

log = logging.getLogger(__name__)
INTERVAL_MS = 60_000


class OutboxSender(QObject):
    def __init__(self, ctx: UiContext, window: Any) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        """Start a round when something is due and nobody else is sending."""
        from ..services.mail import load_settings
        from ..storage.outbox import outbox_of

        if self.busy or load_settings(self.ctx.catalogue) is None or not outbox_of(self.ctx.catalogue).due():
            return
        self.busy = True
        self.ctx.tasks.start(self._send, self._done, self._failed)

    def _send(self) -> Any:
        from ..crypto.secrets import SecretStore
        from ..services.mail import load_account
        from ..services.send import send_due

        return send_due(self.ctx.catalogue, load_account(self.ctx.catalogue, SecretStore()))

    def _done(self, summary: Any) -> None:
        self.busy = False
        line = getattr(summary, "line", None)
        if callable(line) and getattr(summary, "sent", None):
            notify(self.window, _("E-mail sent in the background: {summary}").format(summary=line()), 10000)

    def _failed(self, error: Exception) -> None:
        self.busy = False
        log.info("background sending did not go through: %s", error)  # retried at the next tick
