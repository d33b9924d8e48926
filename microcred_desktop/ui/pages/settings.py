"""Settings: Organisation · Keys and backup · Certificate design · E-mail · Language."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...i18n import LANGUAGES, _
from ..context import UiContext
from ..errors import notify, show_error
from ..widgets.form import Validator
from ..widgets.list_page import PageHeader
from ..widgets.organisation_form import OrganisationForm
from .settings_keys import KeysSettings

log = logging.getLogger(__name__)


class OrganisationSettings(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.save = QPushButton(_("Save"))
        self.save.setObjectName("primary")
        self.validator = Validator(self.save)
        self.form = OrganisationForm(self.validator)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        self.save.clicked.connect(self.do_save)
        self.refresh()

    def refresh(self) -> None:
        org = self.ctx.catalogue.organisation()
        if org is not None:
            self.form.load(org)
        self.validator.check()

    def do_save(self) -> None:
        try:
            self.ctx.catalogue.save_organisation(self.form.organisation(), logo=self.form.logo.data,
                                                 signature=self.form.signature.data)
        except Exception as error:
            show_error(self, error)
            return
        window = self.window()
        if hasattr(window, "refresh_organisation"):
            window.refresh_organisation()
        notify(self, _("Organisation saved."), 5000)


class DesignSettings(QWidget):
    """The accent colour of certificates (and the app), with a preview of both designs."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.colour = QPushButton()
        self.colour.clicked.connect(self.choose_colour)
        self.previews = QHBoxLayout()
        form = QFormLayout()
        form.addRow(_("Accent colour:"), self.colour)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Courses that recognise volunteering use the friendlier design; all others the "
                                  "formal one. Both carry the same data, QR code and seal.")))
        layout.addLayout(self.previews)
        layout.addStretch(1)

    def refresh(self) -> None:
        org = self.ctx.catalogue.organisation()
        colour = org.accent_colour if org else "#1f5fa8"
        self.colour.setText(colour)
        self.colour.setStyleSheet(f"background: {colour}; color: white; padding: 6px 18px;")
        self._render_previews()

    def choose_colour(self) -> None:
        org = self.ctx.catalogue.organisation()
        if org is None:
            return
        chosen = QColorDialog.getColor(QColor(org.accent_colour), self, _("Accent colour"))
        if chosen.isValid():
            from dataclasses import replace

            self.ctx.catalogue.save_organisation(replace(org, accent_colour=chosen.name()))
            self.refresh()

    def _render_previews(self) -> None:
        while self.previews.count():
            item = self.previews.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        org = self.ctx.catalogue.organisation()
        courses = self.ctx.catalogue.courses.all()
        if org is None or not courses:
            return
        from datetime import UTC, date, datetime
        from uuid import uuid4

        from ...domain.credential import CredentialDocument
        from ...domain.learner import Learner
        from ...formats.pdf.page_image import page_png
        from ...formats.pdf.render import render_certificate

        sample = Learner(given_name=_("Given name"), family_name=_("Family name"))
        for template in ("formal", "volunteering"):
            doc = CredentialDocument.create(uuid=uuid4(), learner_uuid=uuid4(), organisation=org, learner=sample,
                                            course=courses[0], completion_date=date.today(),
                                            issued_at=datetime.now(UTC))
            try:
                png = page_png(render_certificate(doc, None, template=template), 0, 40)
            except Exception:  # a preview is a courtesy; the issue wizard reports real problems
                log.debug("design preview failed", exc_info=True)
                continue
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            label = QLabel()
            label.setPixmap(pixmap.scaledToWidth(420, Qt.TransformationMode.SmoothTransformation))
            self.previews.addWidget(label)


class LanguageSettings(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.choice = QComboBox()
        self.choice.addItem(_("As the computer (English if not Lithuanian or Latvian)"), "")
        for code, name in LANGUAGES.items():
            self.choice.addItem(name, code)
        saved = str(ctx.settings.value("language", ""))
        self.choice.setCurrentIndex(max(self.choice.findData(saved), 0))
        self.choice.currentIndexChanged.connect(self.save)
        self.note = QLabel(_("The new language is used from the next start of microcred."))
        self.note.setObjectName("muted")
        form = QFormLayout()
        form.addRow(_("Language of the app:"), self.choice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def save(self) -> None:
        self.ctx.settings.setValue("language", self.choice.currentData())
        notify(self, _("Saved. The new language is used from the next start."), 6000)


class SettingsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.organisation = OrganisationSettings(ctx)
        self.keys = KeysSettings(ctx)
        self.design = DesignSettings(ctx)
        self.language = LanguageSettings(ctx)
        self.tabs.addTab(self.organisation, _("Organisation"))
        self.tabs.addTab(self.keys, _("Keys and backup"))
        self.tabs.addTab(self.design, _("Certificate design"))
        try:
            from .email_settings import EmailSettingsWidget

            self.email: QWidget | None = EmailSettingsWidget(ctx)
            self.tabs.addTab(self.email, _("E-mail"))
        except ImportError:
            self.email = None
        self.tabs.addTab(self.language, _("Language"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(PageHeader(_("Settings")))
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        page = self.tabs.currentWidget()
        if page is self.language:
            return
        refresh = getattr(page, "refresh", None)
        if refresh is not None:
            refresh()

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)
