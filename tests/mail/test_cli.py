"""microcred smtp set | test, send, outbox: against a real SMTP server on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcred_desktop import cli as cli_package
from microcred_desktop.cli import mail_cmds, run
from microcred_desktop.crypto.secrets import SMTP_PASSWORD, SecretStore

from .conftest import PASSWORD, USER, Issued, SmtpServer, remove_email


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    if mail_cmds not in cli_package.MODULES:
        monkeypatch.setattr(cli_package, "MODULES", [*cli_package.MODULES, mail_cmds])


def cli(issued: Issued, *args: str) -> int:
    return run(["--data-dir", str(issued.catalogue.folder.root), *args])


def smtp_set(issued: Issued, server: SmtpServer, tmp_path: Path, password: str = PASSWORD) -> int:
    secret = tmp_path / "password.txt"
    secret.write_text(password + "\n", encoding="utf-8")
    return cli(issued, "smtp", "set", "--host", "127.0.0.1", "--port", str(server.port), "--security", "none",
               "--user", USER, "--password-file", str(secret), "--sender", "Kauno centras <info@kpmc.example.lt>",
               "--timeout", "5")


def test_set_test_send_and_list_the_outbox(issued: Issued, smtp_server: SmtpServer, memory_secrets: SecretStore,
                                           tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remove_email(issued.catalogue, issued.records[2].learner_id)
    assert smtp_set(issued, smtp_server, tmp_path) == 0
    assert memory_secrets.get_secret(SMTP_PASSWORD) == PASSWORD
    assert PASSWORD not in json.dumps(issued.catalogue.setting("smtp"))
    assert cli(issued, "smtp", "test", "--to", "coordinator@kpmc.example.lt") == 0
    assert len(smtp_server.inbox.messages) == 1
    capsys.readouterr()

    assert cli(issued, "send", "--course", issued.course_code, "--all-issued") == 0
    out, err = capsys.readouterr()
    assert "2 messages sent" in out
    assert f"No e-mail address, not sent: {issued.records[2].learner_name}" in err
    assert len(smtp_server.inbox.messages) == 3

    assert cli(issued, "outbox", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(m["learner"], m["state"], m["attempts"]) for m in listed] == [
        (r.learner_name, "sent", 1) for r in issued.records[:2]]

    assert cli(issued, "send", "--course", issued.course_code, "--all-issued") == 0
    assert "already have the message" in capsys.readouterr().out
    assert len(smtp_server.inbox.messages) == 3
    assert cli(issued, "send", "--course", issued.course_code, "--credential", issued.records[0].uuid,
               "--resend") == 0
    assert len(smtp_server.inbox.messages) == 4


def test_server_down_exit_1_and_the_messages_wait(issued: Issued, smtp_down: SmtpServer,
                                                  memory_secrets: SecretStore, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert smtp_set(issued, smtp_down, tmp_path) == 0
    capsys.readouterr()
    assert cli(issued, "send", "--course", issued.course_code, "--all-issued") == 1
    assert "3 will be retried" in capsys.readouterr().out
    assert cli(issued, "outbox") == 0
    table = capsys.readouterr().out
    assert table.count("Waiting to retry at") == 3 and "refused the connection" in table


def test_wrong_password_is_one_sentence_and_exit_2(issued: Issued, smtp_server: SmtpServer,
                                                   memory_secrets: SecretStore, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert smtp_set(issued, smtp_server, tmp_path, password="wrong") == 0
    capsys.readouterr()
    assert cli(issued, "send", "--course", issued.course_code, "--all-issued") == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "user name or password" in err and "Traceback" not in err
    assert cli(issued, "smtp", "test", "--to", "x@kpmc.example.lt") == 2
    assert smtp_server.inbox.messages == []
    assert cli(issued, "smtp", "set", "--host", "127.0.0.1", "--sender", "nobody") == 2
