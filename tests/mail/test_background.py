"""The app sends what is queued in the background, so an outage drains by itself once the network is back."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from microcred_desktop.services.mail import save_password
from microcred_desktop.services.send import queue_course
from microcred_desktop.storage.outbox import SENT, outbox_of
from microcred_desktop.ui.context import UiContext
from microcred_desktop.ui.outbox_sender import OutboxSender
from microcred_desktop.ui.tasks import TaskRunner

from .conftest import PASSWORD, Issued, SmtpServer, configure


def test_queued_messages_go_out_in_the_background_once(qtbot, issued: Issued, smtp_down: SmtpServer,  # type: ignore[no-untyped-def]
                                                       memory_secrets, tmp_path) -> None:
    catalogue = issued.catalogue
    configure(catalogue, smtp_down)
    if smtp_down.auth:
        save_password(memory_secrets, PASSWORD)
    queued = queue_course(catalogue, smtp_down.settings(), issued.course_code)
    ctx = UiContext(catalogue, TaskRunner(run_sync=True), tmp_path,
                    QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    sender = OutboxSender(ctx, None)
    sender.tick()  # the server is down: the messages stay queued, with a retry time
    assert not smtp_down.inbox.messages
    assert {m.attempts for m in outbox_of(catalogue).messages(queued.ids)} == {1}
    smtp_down.start()
    with catalogue.sessions.begin() as session:  # the retry time has come
        from microcred_desktop.storage.models import OutboxRow

        for row in session.query(OutboxRow):
            row.next_attempt_at = None
    sender.tick()
    assert len(smtp_down.inbox.messages) == 3
    sender.tick()  # nothing is due any more: nothing is sent twice
    assert len(smtp_down.inbox.messages) == 3
    assert {m.state for m in outbox_of(catalogue).messages(queued.ids)} == {SENT}
