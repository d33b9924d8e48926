"""Qt's own strings (standard buttons and dialogs) in the app's language: qtbase from PySide6, or the
Lithuanian file this app ships (PySide6 has none)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..i18n import locale_dir


def install_qt_translations(app: QCoreApplication, lang: str) -> QTranslator | None:
    translator = QTranslator(app)
    for folder in (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(locale_dir() / "qt")):
        if translator.load(QLocale(lang), "qtbase", "_", folder):
            app.installTranslator(translator)
            return translator
    return None
