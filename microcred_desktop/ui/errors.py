"""How the GUI shows problems: a user error is one sentence and what to do; a bug gets a report dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import UserError, ValidationError
from ..i18n import _

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException, title: str = "") -> None:
    """A dialog for any failure: plain words for a UserError, a report for a bug."""
    if isinstance(error, UserError):
        box = QMessageBox(QMessageBox.Icon.Warning, title or _("Cannot do that"), error.message,
                          QMessageBox.StandardButton.Ok, parent)
        details = ""
        if isinstance(error, ValidationError) and error.problems:
            details = "\n".join(str(p) for p in error.problems)
        if error.hint:
            box.setInformativeText(error.hint)
        if details:
            box.setDetailedText(details)
        box.exec()
        return
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Critical, _("Something went wrong"),
                      _("microcred ran into a problem it did not expect. Your data is safe; "
                        "what you were doing may not have finished."),
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(_("Please send the details below to your support contact."))
    box.setDetailedText("".join(traceback.format_exception(type(error), error, error.__traceback__)))
    box.exec()


def install_excepthook() -> None:
    """Uncaught exceptions in slots show the report dialog instead of vanishing or killing the app."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        show_error(None, value)

    sys.excepthook = hook


def notify(widget: QWidget | None, text: str, msecs: int = 8000) -> None:
    """A short, non-blocking notice in the main window's status bar (nothing when there is none)."""
    if widget is None:
        return
    window = widget.window()
    status_bar = getattr(window, "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(text, msecs)
