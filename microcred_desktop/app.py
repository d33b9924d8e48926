"""Wiring for the GUI: the application object, the data folder, the catalogue, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .i18n import _, current_language, set_language


def run_gui(data_dir: Path, language: str | None = None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from .domain.errors import UserError
    from .logs import setup_logging
    from .services.demo import load_demo
    from .storage.catalogue import Catalogue
    from .ui.context import UiContext
    from .ui.dialogs.first_run import FirstRunDialog
    from .ui.errors import install_excepthook, show_error
    from .ui.main_window import MainWindow
    from .ui.qt_i18n import install_qt_translations
    from .ui.style import apply_style
    from .ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("microcred")
    app.setOrganizationName("microcred")
    app.setDesktopFileName("microcred")
    from PySide6.QtGui import QIcon

    from .resources import resource

    app.setWindowIcon(QIcon(str(resource("icons", "microcred.svg"))))
    saved = str(QSettings("microcred", "microcred desktop").value("language", "") or "")
    set_language(language or saved or None)
    app.setApplicationDisplayName(_("microcred desktop"))
    install_qt_translations(app, current_language())
    apply_style(app)  # type: ignore[arg-type]
    install_excepthook()
    setup_logging(data_dir / "logs")
    try:
        catalogue = Catalogue.open(data_dir)
        catalogue.use_sort_language(current_language())
        from .services.send import recover_after_crash

        recover_after_crash(catalogue)  # e-mails caught mid-send by a crash go back in the queue
    except UserError as error:
        show_error(None, error, _("Cannot open the catalogue"))
        return 1
    ctx = UiContext(catalogue, TaskRunner(), data_dir)
    if catalogue.setting("key_storage", "keychain") == "protected-file":
        try:
            ctx.key_service()  # asks for the key file's passphrase now, and again later if this fails
        except UserError as error:
            show_error(None, error)
    if catalogue.organisation() is None:
        if os.environ.get("MICROCRED_DEMO") == "1":
            load_demo(catalogue)
        else:
            dialog = FirstRunDialog()
            result = dialog.exec()
            if result == FirstRunDialog.DEMO:
                load_demo(catalogue)
            elif result == QDialog.DialogCode.Accepted:
                form = dialog.form
                catalogue.save_organisation(form.organisation(), logo=form.logo.data, signature=form.signature.data)
            else:
                QMessageBox.information(None, _("microcred"), _("Nothing was set up. Start microcred again "
                                                                "when you are ready."))
                return 0
    window = MainWindow(ctx)
    window.show()
    document = os.environ.pop("MICROCRED_OPEN_FILE", "")
    if document and "verify" in window.pages:  # a credential double-clicked on the desktop
        window.show_page("verify")
        window.pages["verify"].verify_file(document)  # type: ignore[attr-defined]
    code = app.exec()
    ctx.tasks.wait()
    catalogue.close()
    return int(code)
