"""Settings → E-mail and the send dialog, driven with qtbot against a real SMTP server on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcred_desktop.crypto.secrets import SMTP_PASSWORD, SecretStore
from microcred_desktop.services.mail import load_settings
from microcred_desktop.services.mail_templates import setting_key
from microcred_desktop.storage.catalogue import Catalogue
from microcred_desktop.storage.outbox import SENT, outbox_of

from .conftest import PASSWORD, USER, Issued, SmtpServer, configure, remove_email


@pytest.fixture
def ctx(issued: Issued, tmp_path: Path, qapp):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from microcred_desktop.ui.context import UiContext
    from microcred_desktop.ui.tasks import TaskRunner

    catalogue: Catalogue = issued.catalogue
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return UiContext(catalogue, TaskRunner(run_sync=True), catalogue.folder.root, settings)


def test_settings_are_saved_and_the_test_message_goes_out(ctx, qtbot, smtp_server: SmtpServer,  # type: ignore[no-untyped-def]
                                                          memory_secrets: SecretStore) -> None:
    from microcred_desktop.ui.pages.email_settings import EmailSettingsWidget

    widget = EmailSettingsWidget(ctx, memory_secrets)
    qtbot.addWidget(widget)
    assert not widget.save_button.isEnabled()  # no server yet
    widget.host.setText("127.0.0.1")
    widget.security.setCurrentIndex(widget.security.findData("none"))
    assert widget.port.value() == 25  # the port follows the security choice while it is a default one
    widget.port.setValue(smtp_server.port)
    widget.user.setText(USER)
    assert not widget.save_button.isEnabled() and "password" in widget.save_button.toolTip()
    widget.password.setText(PASSWORD)
    widget.sender_address.setText("info@kpmc.example.lt")
    widget.language.setCurrentIndex(widget.language.findData("lt"))
    widget.subject.setText("Jūsų pažymėjimas: {kursas}")
    assert not widget.save_button.isEnabled() and "{kursas}" in widget.save_button.toolTip()
    widget.subject.setText("Jūsų pažymėjimas: {course}")
    assert widget.save_button.isEnabled()
    assert widget.save()
    saved = load_settings(ctx.catalogue)
    assert saved is not None and (saved.host, saved.port, saved.user) == ("127.0.0.1", smtp_server.port, USER)
    assert memory_secrets.get_secret(SMTP_PASSWORD) == PASSWORD
    assert ctx.catalogue.setting(setting_key("lt"))["subject"] == "Jūsų pažymėjimas: {course}"
    assert ctx.catalogue.setting(setting_key("en")) is None  # untouched: the built-in text
    assert widget.password.text() == "" and "keychain" in widget.password.placeholderText()

    widget.test_to.setText("coordinator@kpmc.example.lt")
    widget.test_button.click()
    assert [r.rcpt_tos for r in smtp_server.inbox.messages] == [["coordinator@kpmc.example.lt"]]
    assert "Test message sent" in widget.test_status.text()


def test_the_send_dialog_lists_who_has_no_address_and_sends_the_rest(ctx, qtbot, issued: Issued,  # type: ignore[no-untyped-def]
                                                                    smtp_server: SmtpServer,
                                                                    memory_secrets: SecretStore) -> None:
    from microcred_desktop.ui.dialogs.send_dialog import SendDialog

    configure(ctx.catalogue, smtp_server)
    memory_secrets.set_secret(SMTP_PASSWORD, PASSWORD)
    remove_email(ctx.catalogue, issued.records[1].learner_id)
    dialog = SendDialog(ctx, issued.records, memory_secrets)
    qtbot.addWidget(dialog)
    assert issued.records[1].learner_name in dialog.missing_banner.text()
    assert dialog.table.rowCount() == 3 and dialog.table.item(1, 2).text() == "No e-mail address"
    assert dialog.table.item(0, 2).text() == "Not sent yet" and dialog.send_button.isEnabled()
    dialog.send_button.click()
    assert len(smtp_server.inbox.messages) == 2
    assert dialog.table.item(0, 2).text().startswith("Sent ") and dialog.table.item(2, 2).text().startswith("Sent ")
    assert "2 messages sent" in dialog.status.text() and dialog.close_button.isEnabled()
    assert not dialog.resend.isHidden()
    dialog.send_button.click()  # nobody twice
    assert len(smtp_server.inbox.messages) == 2 and "Nothing to send" in dialog.status.text()


def test_the_send_dialog_retries_by_itself_when_the_server_is_down(ctx, qtbot, issued: Issued,  # type: ignore[no-untyped-def]
                                                                  smtp_down: SmtpServer,
                                                                  memory_secrets: SecretStore) -> None:
    from microcred_desktop.ui.dialogs.send_dialog import SendDialog

    configure(ctx.catalogue, smtp_down)
    memory_secrets.set_secret(SMTP_PASSWORD, PASSWORD)
    dialog = SendDialog(ctx, issued.records, memory_secrets)
    qtbot.addWidget(dialog)
    dialog.send_button.click()
    assert "3 will be retried" in dialog.status.text() and "Trying again at" in dialog.status.text()
    assert dialog.retry_timer.isActive() and 25_000 <= dialog.retry_timer.remainingTime() <= 32_000
    assert "Waiting to retry at" in dialog.table.item(0, 2).text()
    smtp_down.start()
    for message in outbox_of(ctx.catalogue).messages():  # time passes
        with ctx.catalogue.sessions.begin() as session:
            from microcred_desktop.storage.models import OutboxRow

            session.get(OutboxRow, message.id).next_attempt_at = None  # type: ignore[union-attr]
    dialog.retry_timer.timeout.emit()
    assert len(smtp_down.inbox.messages) == 3
    assert {m.state for m in outbox_of(ctx.catalogue).messages()} == {SENT}
    assert not dialog.retry_timer.isActive()


def test_a_wrong_password_shows_one_sentence(ctx, qtbot, issued: Issued, smtp_server: SmtpServer,  # type: ignore[no-untyped-def]
                                             memory_secrets: SecretStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from microcred_desktop.ui.dialogs import send_dialog

    shown: list[BaseException] = []
    monkeypatch.setattr(send_dialog, "show_error", lambda parent, error, title="": shown.append(error))
    configure(ctx.catalogue, smtp_server)
    memory_secrets.set_secret(SMTP_PASSWORD, "wrong")
    dialog = send_dialog.SendDialog(ctx, issued.records, memory_secrets)
    qtbot.addWidget(dialog)
    dialog.send_button.click()
    assert len(shown) == 1 and "user name or password" in str(shown[0])
    assert "Queued" in dialog.table.item(0, 2).text() and "password" in dialog.table.item(0, 2).text()
    assert smtp_server.inbox.messages == [] and dialog.send_button.isEnabled()
