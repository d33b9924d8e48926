"""The main window in each language: every page opens, and the section names fit the sidebar."""

from __future__ import annotations

import pytest

from microcred_desktop.i18n import _, set_language
from microcred_desktop.services.demo import load_demo
from microcred_desktop.ui.context import UiContext


@pytest.mark.parametrize("lang", ["en", "lt", "lv"])
def test_every_section_name_fits_and_every_page_opens(ctx: UiContext, qtbot, lang: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from microcred_desktop.ui.main_window import SIDEBAR_WIDTH, MainWindow
    from microcred_desktop.ui.style import stylesheet

    load_demo(ctx.catalogue)
    set_language(lang)
    app = QApplication.instance()
    before = app.styleSheet()  # type: ignore[union-attr]
    app.setStyleSheet(stylesheet("#1f5fa8"))  # type: ignore[union-attr]  # the app's padding and font size
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        nav = window.nav
        assert window.sidebar.width() >= SIDEBAR_WIDTH
        assert nav.sizeHintForColumn(0) <= nav.viewport().width(), "a section name is cut off"
        assert not nav.horizontalScrollBar().isVisible()
        names = [nav.item(row).text() for row in range(nav.count())]
        assert _("Issue credentials") in names and _("Issued credentials") in names
        assert len(set(names)) == len(names)
        for key in window.pages:
            window.show_page(key)
            assert window.stack.currentWidget() is window.pages[key]
        window.close()
    finally:
        app.setStyleSheet(before)  # type: ignore[union-attr]
        set_language("en")
