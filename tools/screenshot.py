"""Screenshots of the app's pages for review: python tools/screenshot.py OUT_DIR [DATA_DIR] [page ...].

Runs the real window (under Xvfb or offscreen), loads the demo catalogue into DATA_DIR when it is
empty, and saves one PNG per page.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    out = Path(sys.argv[1])
    data = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp())
    pages = sys.argv[3:]
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
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
