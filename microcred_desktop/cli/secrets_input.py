"""Passphrases for the CLI: from a file, or asked on the terminal (twice when it protects something new)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from ..domain.errors import UserError
from ..i18n import _


def read_passphrase(path: str | None, prompt: str, confirm: bool = False) -> str:
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(_("Cannot read the passphrase file {file}: {reason}").format(
                file=path, reason=exc.strerror)) from exc
        return text.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError(_("A passphrase is needed."), _("Give it with --passphrase-file FILE."))
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Type it again: ")) != first:
        raise UserError(_("The two passphrases differ; nothing was done."))
    return first
