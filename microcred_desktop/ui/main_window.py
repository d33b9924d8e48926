"""The main window: the sidebar (organisation, then the pages) and the current page."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from .context import UiContext
from .pages.completions import CompletionsPage
from .pages.courses import CoursesPage
from .pages.learners import LearnersPage


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(_("microcred — micro-credentials"))
        self.setMinimumSize(QSize(1000, 640))
        self.pages: dict[str, QWidget] = {}

        sidebar = QWidget()
        sidebar.setObjectName("sidebar")
        sidebar.setFixedWidth(220)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(12, 16, 12, 12)
        self.logo = QLabel()
        self.logo.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.org_name = QLabel()
        self.org_name.setObjectName("orgName")
        self.org_name.setWordWrap(True)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(_("Sections"))
        self.nav.setIconSize(QSize(20, 20))
        side.addWidget(self.logo)
        side.addWidget(self.org_name)
        side.addSpacing(12)
        side.addWidget(self.nav, 1)

        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        icons = QStyle.StandardPixmap
        self.add_page("courses", _("Courses"), CoursesPage(ctx), icons.SP_FileDialogDetailedView)
        self.add_page("learners", _("Learners"), LearnersPage(ctx), icons.SP_DirHomeIcon)
        self.add_page("completions", _("Completions"), CompletionsPage(ctx), icons.SP_DialogApplyButton)
        self.nav.currentRowChanged.connect(self._show_row)
        for number in range(1, min(self.nav.count(), 9) + 1):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, activated=lambda n=number: self.nav.setCurrentRow(n - 1))
        self.refresh_organisation()
        self.nav.setCurrentRow(0)
        geometry = ctx.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        self.statusBar()

    def add_page(self, key: str, title: str, page: QWidget, icon: QStyle.StandardPixmap) -> None:
        item = QListWidgetItem(self.style().standardIcon(icon), title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        self.stack.addWidget(page)
        self.pages[key] = page

    def _show_row(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        refresh = getattr(page, "on_shown", None) or getattr(page, "refresh", None)
        if refresh is not None:
            refresh()

    def show_page(self, key: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)

    def refresh_organisation(self) -> None:
        org = self.ctx.catalogue.organisation()
        self.org_name.setText(org.name_in(org.default_language) if org else _("(no organisation yet)"))
        if org and org.logo_png:
            pixmap = QPixmap()
            pixmap.loadFromData(org.logo_png)
            self.logo.setPixmap(pixmap.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation))
            self.logo.show()
        else:
            self.logo.hide()
        completions = self.pages.get("completions")
        if isinstance(completions, CompletionsPage):
            completions.reload_courses()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)
