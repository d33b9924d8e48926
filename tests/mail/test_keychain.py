"""The mail server's password in the real OS keychain (GNOME Keyring under tools/with-keyring.sh)."""

from __future__ import annotations

import pytest

from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.secrets import SMTP_PASSWORD, SecretStore
from microcred_desktop.services.mail import load_account, save_password, save_settings
from microcred_desktop.services.send import queue_course, send_due

from .conftest import PASSWORD, Issued, SmtpServer

pytestmark = pytest.mark.keychain


def test_the_password_lives_in_the_os_keychain_and_sends(os_keychain: Keystore, issued: Issued,
                                                         smtp_server: SmtpServer) -> None:
    secrets = SecretStore()
    assert secrets.backend_info().is_os_keychain
    catalogue = issued.catalogue
    save_settings(catalogue, smtp_server.settings())
    save_password(secrets, PASSWORD)
    try:
        for path in catalogue.folder.root.rglob("*"):
            assert not path.is_file() or PASSWORD.encode() not in path.read_bytes(), path
        account = load_account(catalogue, secrets)
        assert account.password == PASSWORD
        queued = queue_course(catalogue, account.settings, issued.course_code)
        assert len(send_due(catalogue, account, only=queued.ids).sent) == 3
        assert len(smtp_server.inbox.messages) == 3
    finally:
        save_password(secrets, None)
    assert secrets.get_secret(SMTP_PASSWORD) is None
