"""The organisation's details: used by the first-run dialog and by Settings → Organisation."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ... import vocabularies
from ...domain.errors import UserError
from ...domain.learner import is_email
from ...domain.organisation import Organisation
from ...i18n import LANGUAGES, _, country_display_name, current_language
from .form import Validator

MAX_IMAGE_BYTES = 5 * 1024 * 1024


def to_png(path: Path) -> bytes:
    """Any common image file as PNG bytes (what certificates embed); a clear message if it is not one."""
    from PIL import Image, UnidentifiedImageError

    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise UserError(_("{file} is larger than 5 MB; use a smaller image.").format(file=path.name))
        with Image.open(path) as image:
            image.load()
            if max(image.size) > 1200:
                image.thumbnail((1200, 1200))
            out = io.BytesIO()
            image.convert("RGBA").save(out, "PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise UserError(_("{file} is not an image this app can read (use PNG or JPEG).").format(
            file=path.name)) from exc


class ImagePicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: bytes | None = None
        self.preview = QLabel(_("(none)"))
        self.preview.setFixedHeight(56)
        self.preview.setMinimumWidth(120)
        choose = QPushButton(_("Choose…"))
        clear = QPushButton(_("Remove"))
        choose.clicked.connect(self.choose)
        clear.clicked.connect(lambda: self.set_data(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(choose)
        layout.addWidget(clear)
        layout.addStretch(1)

    def choose(self) -> None:
        name, _f = QFileDialog.getOpenFileName(self, _("Choose an image"), str(Path.home()),
                                               _("Images (*.png *.jpg *.jpeg)"))
        if name:
            try:
                self.set_data(to_png(Path(name)))
            except UserError as error:
                from ..errors import show_error

                show_error(self, error)

    def set_data(self, data: bytes | None) -> None:
        self.data = data
        if data:
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            self.preview.setPixmap(pixmap.scaledToHeight(52, Qt.TransformationMode.SmoothTransformation))
        else:
            self.preview.setText(_("(none)"))
        self.changed.emit()


class OrganisationForm(QWidget):
    def __init__(self, validator: Validator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.identifier = QLineEdit()
        self.identifier.setPlaceholderText(_("VAT number or company code, e.g. LT100001234"))
        self.scheme = QComboBox()
        for label, value in ((_("VAT number"), "VAT"), (_("Company code"), "company code"), (_("Other"), "other")):
            self.scheme.addItem(label, value)
        self.country = QComboBox()
        lang = current_language()
        countries = {c.notation for c in vocabularies.concepts("country") if c.notation != "GR"}
        for name, code in sorted((country_display_name(code), code) for code in countries):
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(self.country.findData("LT"), 0))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(lang), 0))
        self.address = QLineEdit()
        self.website = QLineEdit()
        self.website.setPlaceholderText("https://")
        self.email = QLineEdit()
        self.signatory = QLineEdit()
        self.signatory_title = QLineEdit()
        self.verify_url = QLineEdit()
        self.verify_url.setPlaceholderText(_("optional: a web page that verifies credentials"))
        self.logo = ImagePicker()
        self.signature = ImagePicker()
        v = validator
        v.add(form, _("Legal name:"), self.name, lambda: "" if self.name.text().strip() else _("Required."))
        v.add(form, _("Short name:"), self.short_name)
        v.add(form, _("Legal identifier:"), self.identifier,
              lambda: "" if self.identifier.text().strip() else _("Required: it identifies you as the issuer."))
        v.add(form, _("Kind of identifier:"), self.scheme)
        v.add(form, _("Country:"), self.country)
        v.add(form, _("Language of the name:"), self.language)
        v.add(form, _("Address:"), self.address)
        v.add(form, _("Website:"), self.website)
        v.add(form, _("E-mail:"), self.email, lambda: "" if not self.email.text().strip()
              or is_email(self.email.text().strip()) else _("This is not an e-mail address."))
        v.add(form, _("Signatory:"), self.signatory)
        v.add(form, _("Signatory's title:"), self.signatory_title)
        v.add(form, _("Logo:"), self.logo)
        v.add(form, _("Signature image:"), self.signature)
        v.add(form, _("Verification web address:"), self.verify_url)
        for field in (self.name, self.identifier, self.email):
            field.textChanged.connect(v.check)
        self._base: Organisation | None = None

    def load(self, org: Organisation) -> None:
        self._base = org
        lang = org.default_language
        self.name.setText(org.legal_name.get(lang) or next(iter(org.legal_name.values()), ""))
        self.short_name.setText(org.short_name)
        self.identifier.setText(org.legal_identifier)
        self.scheme.setCurrentIndex(max(self.scheme.findData(org.identifier_scheme), 0))
        self.country.setCurrentIndex(max(self.country.findData(org.country), 0))
        self.language.setCurrentIndex(max(self.language.findData(lang), 0))
        self.address.setText(org.address)
        self.website.setText(org.website)
        self.email.setText(org.email)
        self.signatory.setText(org.signatory_name)
        self.signatory_title.setText(org.signatory_title.get(lang, ""))
        self.verify_url.setText(org.verify_url)
        self.logo.set_data(org.logo_png)
        self.signature.set_data(org.signature_png)

    def organisation(self) -> Organisation:
        lang = self.language.currentData()
        base = self._base
        legal_name = dict(base.legal_name) if base else {}
        legal_name[lang] = self.name.text().strip()
        titles = dict(base.signatory_title) if base else {}
        if self.signatory_title.text().strip():
            titles[lang] = self.signatory_title.text().strip()
        org = Organisation(
            legal_name=legal_name,
            short_name=self.short_name.text().strip() or self.name.text().strip()[:120],
            legal_identifier=self.identifier.text().strip(),
            identifier_scheme=self.scheme.currentData(),
            country=self.country.currentData(),
            address=self.address.text().strip(),
            website=self.website.text().strip(),
            email=self.email.text().strip(),
            signatory_name=self.signatory.text().strip(),
            signatory_title=titles,
            verify_url=self.verify_url.text().strip(),
            default_language=lang,
        )
        return replace(org, accent_colour=base.accent_colour) if base else org
