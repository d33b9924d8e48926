"""Screenshots of the app's pages for review: python tools/screenshot.py [--lang LL] OUT_DIR [DATA_DIR] [page ...].

Runs the real window (under Xvfb or offscreen), loads the demo catalogue into DATA_DIR when it is
empty, and saves one PNG per page. The language is --lang, else the OS language (LANGUAGE, LANG …),
as the app picks it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    from microcred_desktop.i18n import set_language

    parser = argparse.ArgumentParser(description="Screenshots of the app's pages, one PNG per page.")
    parser.add_argument("--lang", help="language code (en, lt, lv); default: the OS language")
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("data", type=Path, nargs="?", help="data folder (default: a new temporary one)")
    parser.add_argument("pages", nargs="*", help="page keys (default: every page)")
    args = parser.parse_args()
    lang, out, pages = args.lang, args.out, args.pages
    data = args.data or Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    from microcred_desktop.ui.qt_i18n import install_qt_translations

    install_qt_translations(app, set_language(lang))
    from microcred_desktop.services.demo import load_demo
    from microcred_desktop.storage.catalogue import Catalogue
    from microcred_desktop.ui.context import UiContext
    from microcred_desktop.ui.main_window import MainWindow
    from microcred_desktop.ui.style import apply_style
    from microcred_desktop.ui.tasks import TaskRunner

    apply_style(app)
    catalogue = Catalogue.open(data)
    if catalogue.organisation() is None:
        load_demo(catalogue)
    window = MainWindow(UiContext(catalogue, TaskRunner(), data))
    window.resize(1366, 768)
    window.show()
    keys = pages or list(window.pages)

    def shoot() -> None:
        for key in keys:
            window.show_page(key)
            app.processEvents()
            window.grab().save(str(out / f"{key}.png"))
        app.quit()

    QTimer.singleShot(300, shoot)
    app.exec()
    catalogue.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
