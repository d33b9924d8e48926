"""Mail settings, the password in the keychain, templates, the message, and plain-words SMTP errors."""

from __future__ import annotations

import pytest

from microcred_desktop.crypto.secrets import SMTP_PASSWORD, SecretStore
from microcred_desktop.domain.errors import UserError, ValidationError
from microcred_desktop.services.mail import (
    SmtpProblem,
    SmtpSettings,
    build_message,
    connect,
    load_account,
    load_settings,
    parse_sender,
    save_password,
    save_settings,
    send_test_message,
)
from microcred_desktop.services.mail_templates import (
    MailTemplate,
    built_in,
    fill,
    setting_value,
    template_for,
    template_problem,
)
from microcred_desktop.storage.catalogue import Catalogue

from .conftest import PASSWORD, SmtpServer, free_port


def test_settings_are_stored_without_the_password(catalogue: Catalogue, memory_secrets: SecretStore) -> None:
    settings = SmtpSettings("smtp.example.lt", 587, "starttls", "info@kpmc.example.lt", "KPMC", user="kpmc")
    save_settings(catalogue, settings)
    save_password(memory_secrets, PASSWORD)
    assert load_settings(catalogue) == settings
    assert PASSWORD not in str(catalogue.setting("smtp"))
    assert memory_secrets.get_secret(SMTP_PASSWORD) == PASSWORD
    account = load_account(catalogue, memory_secrets)
    assert account.password == PASSWORD and PASSWORD not in repr(account)
    save_password(memory_secrets, None)
    with pytest.raises(UserError, match="password is not stored"):
        load_account(catalogue, memory_secrets)


def test_incomplete_settings_name_each_field(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError) as caught:
        save_settings(catalogue, SmtpSettings("", 0, "ssl", "not-an-address"))
    assert [p.column for p in caught.value.problems] == ["Server", "Port", "Security", "Sender address"]
    with pytest.raises(UserError, match="No mail server"):
        load_account(catalogue, SecretStore())


def test_sender_is_parsed_from_name_and_address() -> None:
    assert parse_sender("Kauno centras <info@kpmc.example.lt>") == ("Kauno centras", "info@kpmc.example.lt")
    assert parse_sender("info@kpmc.example.lt") == ("", "info@kpmc.example.lt")
    with pytest.raises(UserError):
        parse_sender("Kauno centras")


def test_templates_check_their_placeholders() -> None:
    assert template_problem("Dear {learner}, {course} from {organisation}. {{braces}}") == ""
    assert "{name}" in template_problem("Dear {name}")
    assert "not closed" in template_problem("Dear {learner")
    with pytest.raises(UserError):
        setting_value(MailTemplate("Hi {who}", "body"), "lt")
    assert setting_value(built_in("lv"), "lv") is None  # the built-in text is not stored
    custom = MailTemplate("Sveiki {learner}", "{course}")
    assert template_for(setting_value(custom, "lt"), "lt") == custom
    assert template_for(None, "lt") == built_in("lt")


def test_a_filled_message_names_the_learner_course_and_how_to_use_the_files() -> None:
    text = fill(built_in("en"), "en", learner="Jonas Jonaitis", course="Welding", organisation="KPMC")
    assert text.subject == "Your credential: Welding"
    for part in ("Dear Jonas Jonaitis", "“Welding”", "europass.europa.eu", ".ob3.png", "KPMC"):
        assert part in text.body


def test_attachments_survive_the_message_byte_for_byte() -> None:
    import email
    from email import policy

    blob = bytes(range(256)) * 40
    settings = SmtpSettings("h", 25, "none", "info@kpmc.example.lt", "Kauno centras")
    message = build_message(settings, to_name="Žydrūnė Ąžuolaitė", to_address="z@example.lt", subject="Ąčę",
                            body="Sveiki", language="lt", message_id="<1@kpmc.example.lt>",
                            attachments=[("a.pdf", blob), ("a.ob3.png", blob[::-1])], reply_to="info@kpmc.lt")
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    assert [p.get_content() for p in parsed.iter_attachments()] == [blob, blob[::-1]]  # type: ignore[attr-defined]
    assert parsed["Content-Language"] == "lt" and parsed["Reply-To"] == "info@kpmc.lt"
    assert [p.get_content_type() for p in parsed.iter_attachments()] == ["application/pdf", "image/png"]  # type: ignore[attr-defined]


def test_the_test_message_arrives(smtp_server: SmtpServer) -> None:
    send_test_message(smtp_server.account(), "coordinator@kpmc.example.lt")
    (received,) = smtp_server.inbox.messages
    assert received.rcpt_tos == ["coordinator@kpmc.example.lt"]
    assert "test message" in received.message["Subject"]


def test_connection_errors_are_plain_sentences(smtp_server: SmtpServer) -> None:
    with pytest.raises(SmtpProblem, match="user name or password") as wrong:
        connect(smtp_server.account(password="nope"))
    assert not wrong.value.transient
    with pytest.raises(SmtpProblem, match="secure \\(TLS\\) connection") as tls:
        connect(smtp_server.account(security="tls"))
    assert not tls.value.transient
    with pytest.raises(SmtpProblem, match="does not offer STARTTLS"):
        connect(smtp_server.account(security="starttls"))
    with pytest.raises(SmtpProblem, match="refused the connection") as down:
        connect(smtp_server.account(port=free_port()))
    assert down.value.transient
    with pytest.raises(SmtpProblem, match="could not be found") as unknown:
        connect(smtp_server.account(host="no-such-host.invalid", security="tls"))
    assert unknown.value.transient


def test_a_password_is_never_sent_unencrypted_over_the_network() -> None:
    from microcred_desktop.services.mail import SmtpAccount, SmtpProblem, SmtpSettings, connect

    remote = SmtpSettings(host="smtp.example.org", port=25, security="none", sender_address="x@example.org",
                          user="u")
    with pytest.raises(ValidationError):
        remote.checked()
    with pytest.raises(SmtpProblem, match="unencrypted"):  # refused before any connection is tried
        connect(SmtpAccount(remote, "secret"))
    local = SmtpSettings(host="127.0.0.1", port=2525, security="none", sender_address="x@example.org", user="u")
    assert local.checked() is local
