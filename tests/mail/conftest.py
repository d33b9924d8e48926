"""A real SMTP server on loopback (aiosmtpd) and a catalogue with credentials really issued."""

from __future__ import annotations

import email
import socket
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring, install_memory_keyring
from microcred_desktop.crypto.secrets import SecretStore
from microcred_desktop.domain.issued import IssuedCredential
from microcred_desktop.services.demo import load_demo
from microcred_desktop.services.issue import issue_batch
from microcred_desktop.services.keys import KeyService
from microcred_desktop.services.mail import SmtpAccount, SmtpSettings, save_settings
from microcred_desktop.storage.catalogue import Catalogue
from microcred_desktop.storage.models import LearnerRow

USER, PASSWORD = "kpmc", "s3cret pass"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Inbox:
    """What the test server received."""

    port: int
    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [r.message for r in self.messages if address in r.rcpt_tos]


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=ok)  # handled=False: the server answers 535 itself


class SmtpServer:
    """Start and stop an aiosmtpd server on a fixed loopback port (so it can be 'down, then up')."""

    def __init__(self, auth: bool = True) -> None:
        self.inbox = Inbox(free_port())
        self.auth = auth
        self._controller: Controller | None = None

    @property
    def port(self) -> int:
        return self.inbox.port

    def start(self) -> SmtpServer:
        kwargs: dict[str, Any] = {}
        if self.auth:
            kwargs = {"authenticator": _authenticate, "auth_require_tls": False}
        with warnings.catch_warnings():  # AUTH without TLS: on loopback, on purpose
            warnings.simplefilter("ignore", UserWarning)
            self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **kwargs)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def settings(self, **changes: Any) -> SmtpSettings:
        values: dict[str, Any] = {"host": "127.0.0.1", "port": self.port, "security": "none",
                                  "sender_address": "info@kpmc.example.lt", "sender_name": "KPMC",
                                  "user": USER if self.auth else "", "timeout": 5.0}
        values.update(changes)
        return SmtpSettings(**values)

    def account(self, password: str | None = PASSWORD, **changes: Any) -> SmtpAccount:
        return SmtpAccount(self.settings(**changes), password if self.auth else None)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down() -> Iterator[SmtpServer]:
    """A server that is not started yet: its port refuses connections until the test calls start()."""
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def memory_secrets() -> Iterator[SecretStore]:
    """The process keyring swapped for an in-memory one (restored afterwards)."""
    previous = keyring.get_keyring()
    backend = install_memory_keyring()
    yield SecretStore(backend)
    keyring.set_keyring(previous)


@dataclass
class Issued:
    catalogue: Catalogue
    records: list[IssuedCredential]
    course_code: str
    folder: Path


def issue(catalogue: Catalogue, tmp_path: Path, code: str = "WELD-01", count: int = 3) -> Issued:
    load_demo(catalogue)
    keys = KeyService(catalogue, Keystore(MemoryKeyring()))
    keys.generate()
    course = catalogue.courses.require(code)
    assert course.id is not None
    views = catalogue.completions.for_course(course.id)[:count]
    summary = issue_batch(catalogue, keys, course, views, tmp_path / "out")
    assert len(summary.issued) == count
    return Issued(catalogue, summary.issued, code, tmp_path / "out")


@pytest.fixture
def issued(catalogue: Catalogue, tmp_path: Path) -> Issued:
    """Three learners of WELD-01 (course language: Lithuanian), really issued, each with an e-mail."""
    return issue(catalogue, tmp_path)


def remove_email(catalogue: Catalogue, learner_id: int) -> None:
    with catalogue.sessions.begin() as session:
        row = session.get(LearnerRow, learner_id)
        assert row is not None
        row.email = None


def configure(catalogue: Catalogue, server: SmtpServer) -> None:
    save_settings(catalogue, server.settings())
