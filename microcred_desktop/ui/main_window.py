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
from .pages.issue import IssuePage
from .pages.issued import IssuedPage
from .pages.learners import LearnersPage
from .pages.settings import SettingsPage

SIDEBAR_WIDTH = 220  # px; wider when a language's section names need it


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(_("microcred — micro-credentials"))
        self.setMinimumSize(QSize(1000, 640))
        self.pages: dict[str, QWidget] = {}

        sidebar = QWidget()
        sidebar.setObjectName("sidebar")
        self.sidebar = sidebar
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
        self.banner = QLabel()
        self.banner.setObjectName("warningBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.banner.linkActivated.connect(lambda _link: self.show_keys_settings())
        right = QVBoxLayout()
        right.setContentsMargins(24, 12, 24, 0)
        right.addWidget(self.banner)
        right_box = QWidget()
        right_layout = QVBoxLayout(right_box)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addLayout(right)
        right_layout.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(sidebar)
        layout.addWidget(right_box, 1)
        self.setCentralWidget(central)

        icons = QStyle.StandardPixmap
        self.add_page("courses", _("Courses"), CoursesPage(ctx), icons.SP_FileDialogDetailedView)
        self.add_page("learners", _("Learners"), LearnersPage(ctx), icons.SP_DirHomeIcon)
        self.add_page("completions", _("Completions"), CompletionsPage(ctx), icons.SP_DialogApplyButton)
        self.add_page("issue", _("Issue credentials"), IssuePage(ctx), icons.SP_ArrowForward)
        self.add_page("issued", _("Issued credentials"), IssuedPage(ctx), icons.SP_FileDialogContentsView)
        try:
            from .pages.verify import VerifyPage
        except ImportError:  # the Verify page ships with the verification work
            pass
        else:
            self.add_page("verify", _("Verify"), VerifyPage(ctx), icons.SP_DialogYesButton)
        self.add_page("settings", _("Settings"), SettingsPage(ctx), icons.SP_FileDialogInfoView)
        self._fit_sidebar()
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
        from .outbox_sender import OutboxSender

        self.outbox_sender = OutboxSender(ctx, self)

    def _fit_sidebar(self) -> None:
        """As wide as the longest section name in this language needs (Latvian names run long), at least 220."""
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.ensurePolished()
        margins = self.sidebar.layout().contentsMargins()
        needed = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + margins.left() + margins.right() + 8
        self.sidebar.setFixedWidth(max(SIDEBAR_WIDTH, min(needed, 2 * SIDEBAR_WIDTH)))

    def add_page(self, key: str, title: str, page: QWidget, icon: QStyle.StandardPixmap) -> None:
        item = QListWidgetItem(self.style().standardIcon(icon), title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        self.stack.addWidget(page)
        self.pages[key] = page

    def _show_row(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        self.check_keys()
        page = self.stack.currentWidget()
        refresh = getattr(page, "on_shown", None) or getattr(page, "refresh", None)
        if refresh is not None:
            refresh()

    def show_keys_settings(self) -> None:
        self.show_page("settings")
        settings = self.pages["settings"]
        assert isinstance(settings, SettingsPage)
        settings.show_tab(settings.keys)

    def check_keys(self) -> None:
        """The standing warnings about keys: none yet, no backup, or kept outside the OS keychain."""
        try:
            service = self.ctx.key_service()
        except Exception as error:  # a protected key file without its passphrase, for instance
            self._show_banner(str(error))
            return
        self.ctx.tasks.start(service.overview, self._keys_checked, lambda e: self._show_banner(str(e)))

    def _keys_checked(self, overview) -> None:  # type: ignore[no-untyped-def]
        link = " <a href='keys'>" + _("Open Keys and backup") + "</a>"
        if not overview.backend.usable:
            self._show_banner(_("The keychain cannot be used now: {detail}").format(detail=overview.backend.detail)
                              + link)
        elif overview.issuer is None:
            self._show_banner(_("There are no signing keys yet: create them before issuing.") + link)
        elif overview.backup_needed:
            self._show_banner(_("No backup exists for the current keys. Back them up now.") + link)
        elif not overview.backend.is_os_keychain:
            self._show_banner(_("The keys are kept in a protected file, not in the OS keychain. Keep its "
                                "passphrase safe."))
        else:
            self.banner.hide()

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

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
