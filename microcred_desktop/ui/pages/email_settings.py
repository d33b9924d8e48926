"""Settings → E-mail: the mail server (password in the keychain), a test message, the message per language."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...crypto.secrets import SMTP_PASSWORD, SecretStore
from ...domain.errors import UserError
from ...domain.learner import is_email
from ...i18n import LANGUAGES, N_, _
from ...services.mail import (
    DEFAULT_PORTS,
    SmtpAccount,
    SmtpSettings,
    load_settings,
    save_password,
    save_settings,
    send_test_message,
)
from ...services.mail_templates import (
    PLACEHOLDERS,
    MailTemplate,
    built_in,
    setting_key,
    setting_value,
    template_for,
    template_problem,
)
from ..context import UiContext
from ..errors import notify, show_error
from ..widgets.form import FieldWithError, Validator

SECURITY_CHOICES = (("starttls", N_("STARTTLS (usually port 587)")), ("tls", N_("TLS (usually port 465)")),
                    ("none", N_("None: not encrypted (only for a server on this computer or network)")))


class EmailSettingsWidget(QWidget):
    """The mail server's settings and the message learners get; saved together with Save."""

    def __init__(self, ctx: UiContext, secrets: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.secrets = secrets if secrets is not None else SecretStore()
        self.templates: dict[str, MailTemplate] = {}
        self.password_stored = False
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("primary")
        self.validator = Validator(self.save_button)

        intro = QLabel(_("Learners get their certificate, credential and badge by e-mail from this address. "
                         "The password is kept in the computer's keychain, like the signing keys."))
        intro.setWordWrap(True)
        intro.setObjectName("muted")

        server_box = QGroupBox(_("Mail server"))
        form = QFormLayout(server_box)
        self.host = QLineEdit()
        self.host.setPlaceholderText("smtp.example.org")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORTS["starttls"])
        self.port.setMaximumWidth(120)
        self.security = QComboBox()
        for value, label in SECURITY_CHOICES:
            self.security.addItem(_(label), value)
        self.security.currentIndexChanged.connect(self._security_changed)
        self._last_security = "starttls"
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_name = QLineEdit()
        self.sender_address = QLineEdit()
        self.sender_address.setPlaceholderText("info@example.org")
        self.validator.add(form, _("Server:"), self.host,
                           lambda: "" if self.host.text().strip() else _("Enter the mail server's name."))
        self.validator.add(form, _("Port:"), self.port)
        self.validator.add(form, _("Security:"), self.security)
        self.validator.add(form, _("User name:"), self.user)
        self.validator.add(form, _("Password:"), self.password, self._password_problem)
        self.validator.add(form, _("Sender name:"), self.sender_name)
        self.validator.add(form, _("Sender address:"), self.sender_address, lambda: "" if is_email(
            self.sender_address.text().strip()) else _("Enter the address messages come from."))

        self.test_to = QLineEdit()
        self.test_to.setPlaceholderText(_("your address"))
        self.test_to.setAccessibleName(_("Address for the test message"))
        self.test_button = QPushButton(_("Send a test message"))
        self.test_button.clicked.connect(self.send_test)
        test_row = QHBoxLayout()
        test_row.addWidget(QLabel(_("Test message to:")))
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.test_button)
        form.addRow(test_row)
        self.test_status = QLabel()
        self.test_status.setObjectName("muted")
        self.test_status.setWordWrap(True)
        form.addRow(self.test_status)

        message_box = QGroupBox(_("Message to learners"))
        message_form = QFormLayout(message_box)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setAccessibleName(_("Language of the message"))
        self._shown_language = str(self.language.currentData())
        self.language.currentIndexChanged.connect(self._language_changed)
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setMinimumHeight(220)
        self.body.setAccessibleName(_("Message"))
        message_form.addRow(_("Language:"), self.language)
        note = QLabel(_("Each learner gets the message in their course's language."))
        note.setObjectName("muted")
        message_form.addRow("", note)
        self.validator.add(message_form, _("Subject:"), self.subject,
                           lambda: template_problem(self.subject.text()))
        self.body_field = FieldWithError(self.body)
        message_form.addRow(_("Message:"), self.body_field)
        self.validator.add_rule(self.body_field, lambda: template_problem(self.body.toPlainText()))
        placeholders = QLabel(_("Placeholders: {names}").format(names="  ".join("{" + p + "}" for p in PLACEHOLDERS)))
        placeholders.setObjectName("muted")
        placeholders.setWordWrap(True)
        restore = QPushButton(_("Restore the built-in text"))
        restore.clicked.connect(self.restore_template)
        hint_row = QHBoxLayout()
        hint_row.addWidget(placeholders, 1)
        hint_row.addWidget(restore)
        message_form.addRow("", hint_row)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(intro)
        inner.addWidget(server_box)
        inner.addWidget(message_box)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        for field in (self.host, self.user, self.password, self.sender_address, self.subject):
            field.textChanged.connect(self.validator.check)
        self.body.textChanged.connect(self.validator.check)
        self.save_button.clicked.connect(self.save)
        self.refresh()

    # loading ----------------------------------------------------------------------------------
    def _read_password_stored(self, user: str) -> bool:
        """Asked once per refresh (the keychain may prompt to unlock), and only when a user name is set."""
        if not user:
            return False
        try:
            return self.secrets.get_secret(SMTP_PASSWORD) is not None
        except UserError:  # no keychain: said when saving or sending
            return False

    def refresh(self) -> None:
        settings = load_settings(self.ctx.catalogue)
        org = self.ctx.catalogue.organisation()
        if settings is None:
            self.sender_name.setText(org.short_name if org else "")
            self.sender_address.setText(org.email if org else "")
        else:
            self.host.setText(settings.host)
            self._last_security = settings.security
            self.security.setCurrentIndex(max(self.security.findData(settings.security), 0))
            self.port.setValue(settings.port)
            self.user.setText(settings.user)
            self.sender_name.setText(settings.sender_name)
            self.sender_address.setText(settings.sender_address)
        self.password_stored = self._read_password_stored(settings.user if settings else "")
        self.password.clear()
        self.password.setPlaceholderText(_("stored in the keychain; type to change") if self.password_stored
                                         else "")
        self.templates = {lang: template_for(self.ctx.catalogue.setting(setting_key(lang)), lang)
                          for lang in LANGUAGES}
        self._show_template(self._shown_language)
        self.validator.check()

    def _show_template(self, lang: str) -> None:
        template = self.templates.get(lang) or built_in(lang)
        self.subject.setText(template.subject)
        self.body.setPlainText(template.body)
        self._shown_language = lang

    def _keep_shown_template(self) -> None:
        self.templates[self._shown_language] = MailTemplate(self.subject.text(), self.body.toPlainText())

    def _language_changed(self) -> None:
        self._keep_shown_template()
        self._show_template(str(self.language.currentData()))

    def _security_changed(self) -> None:
        new = str(self.security.currentData())
        if self.port.value() == DEFAULT_PORTS.get(self._last_security):
            self.port.setValue(DEFAULT_PORTS[new])
        self._last_security = new

    def _password_problem(self) -> str:
        if self.user.text().strip() and not self.password.text() and not self.password_stored:
            return _("Enter the password of this user name.")
        return ""

    def restore_template(self) -> None:
        built = built_in(self._shown_language)
        self.subject.setText(built.subject)
        self.body.setPlainText(built.body)

    # acting -----------------------------------------------------------------------------------
    def settings_from_form(self) -> SmtpSettings:
        return SmtpSettings(host=self.host.text().strip(), port=self.port.value(),
                            security=str(self.security.currentData()),
                            sender_address=self.sender_address.text().strip(),
                            sender_name=self.sender_name.text().strip(), user=self.user.text().strip())

    def save(self) -> bool:
        if not self.validator.check():
            return False
        self._keep_shown_template()
        settings = self.settings_from_form()
        try:
            values = {lang: setting_value(t, lang) for lang, t in self.templates.items()}
            if settings.user:
                if self.password.text():
                    save_password(self.secrets, self.password.text())
            else:
                save_password(self.secrets, None)
            save_settings(self.ctx.catalogue, settings)
            for lang, value in values.items():
                self.ctx.catalogue.set_setting(setting_key(lang), value)
        except UserError as error:
            show_error(self, error)
            return False
        self.refresh()
        notify(self, _("E-mail settings saved."), 5000)
        return True

    def send_test(self) -> None:
        address = self.test_to.text().strip()
        if not is_email(address):
            show_error(self, UserError(_("Enter the address the test message goes to."),
                                       _("For example your own address.")))
            return
        try:
            settings = self.settings_from_form().checked()
            password = (self.password.text() or self.secrets.get_secret(SMTP_PASSWORD)) if settings.user else None
        except UserError as error:
            show_error(self, error)
            return
        account = SmtpAccount(settings, password)
        self.test_button.setEnabled(False)
        self.test_button.setText(_("Sending…"))
        self.test_status.setText("")

        def done(_result: object) -> None:
            self._test_finished()
            self.test_status.setText(_("Test message sent to {address}. If it does not arrive within a few "
                                       "minutes, look in the spam folder.").format(address=address))

        def failed(error: Exception) -> None:
            self._test_finished()
            self.test_status.setText(_("The test message was not sent."))
            show_error(self, error, _("The test message was not sent"))

        self.ctx.tasks.start(lambda: send_test_message(account, address), done, failed)

    def _test_finished(self) -> None:
        self.test_button.setEnabled(True)
        self.test_button.setText(_("Send a test message"))
