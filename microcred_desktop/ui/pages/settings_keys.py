"""Settings → Keys and backup: the keychain in use, the keys, and their backups; the catalogue backup."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...i18n import _
from ...services.keys import KeysOverview
from ...storage.atomic import read_chosen_file
from ...storage.backup import write_backup
from ..context import UiContext
from ..errors import notify, show_error

BACKUP_REMINDER_DAYS = 30


def self_made_seal_text() -> str:
    return _("This seal was made by the app: anyone can check files sealed with it, but the Europass wallet "
             "accepts only credentials sealed with a qualified eSeal, which a trust service provider sells. "
             "Import one with “Use a qualified eSeal…”.")


def ask_passphrase(parent: QWidget, title: str, confirm: bool) -> str | None:
    text, ok = QInputDialog.getText(parent, title, _("Passphrase (at least 12 characters):"),
                                    QLineEdit.EchoMode.Password)
    if not ok:
        return None
    if confirm:
        again, ok = QInputDialog.getText(parent, title, _("Type the passphrase again:"), QLineEdit.EchoMode.Password)
        if not ok:
            return None
        if again != text:
            QMessageBox.warning(parent, title, _("The two passphrases differ; nothing was done."))
            return None
    return text


class KeysSettings(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.backend = QLabel()
        self.backend.setWordWrap(True)
        self.reminder = QLabel()
        self.reminder.setObjectName("warningBanner")
        self.reminder.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seal_note = QLabel()
        self.seal_note.setWordWrap(True)
        self.seal_note.setObjectName("muted")
        self.generate = QPushButton(_("Create the keys"))
        self.generate.setObjectName("primary")
        self.backup = QPushButton(_("Back up the keys…"))
        self.restore = QPushButton(_("Restore keys from a backup…"))
        self.import_p12 = QPushButton(_("Use a qualified eSeal…"))
        self.rotate = QPushButton(_("Make new keys…"))
        self.use_file = QPushButton(_("Keep keys in a protected file instead…"))
        self.use_file.clicked.connect(self.do_use_file)
        self.use_file.hide()
        self.generate.clicked.connect(self.do_generate)
        self.backup.clicked.connect(self.do_backup)
        self.restore.clicked.connect(self.do_restore)
        self.import_p12.clicked.connect(self.do_import)
        self.rotate.clicked.connect(self.do_rotate)
        keys_box = QGroupBox(_("Signing keys"))
        box = QVBoxLayout(keys_box)
        box.addWidget(QLabel(_("The keys sign every credential, so anyone can check that it comes from you and was "
                               "not changed. They are kept in this computer's keychain.")))
        box.addWidget(self.backend)
        box.addWidget(self.details)
        box.addWidget(self.seal_note)
        row = QHBoxLayout()
        for button in (self.generate, self.backup, self.restore, self.import_p12, self.rotate, self.use_file):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)

        self.catalogue_backup_text = QLabel()
        self.catalogue_backup_text.setWordWrap(True)
        backup_catalogue = QPushButton(_("Back up the catalogue…"))
        backup_catalogue.clicked.connect(self.do_catalogue_backup)
        catalogue_box = QGroupBox(_("Catalogue backup"))
        cbox = QVBoxLayout(catalogue_box)
        cbox.addWidget(QLabel(_("One file with your organisation, courses, learners, completions and the record of "
                                "issued credentials (not the keys: they have their own backup).")))
        cbox.addWidget(self.catalogue_backup_text)
        restore_catalogue = QPushButton(_("Restore the catalogue…"))
        restore_catalogue.clicked.connect(self.do_catalogue_restore)
        crow = QHBoxLayout()
        crow.addWidget(backup_catalogue)
        crow.addWidget(restore_catalogue)
        crow.addStretch(1)
        cbox.addLayout(crow)

        layout = QVBoxLayout(self)
        layout.addWidget(self.reminder)
        layout.addWidget(keys_box)
        layout.addWidget(catalogue_box)
        layout.addStretch(1)
        self.overview: KeysOverview | None = None

    def refresh(self) -> None:
        """Reads the keychain on the thread pool: the OS may take a moment (or ask to unlock)."""
        try:
            service = self.ctx.key_service()
        except Exception as error:
            self.backend.setText(str(error))
            return
        self.ctx.tasks.start(service.overview, self._show, lambda e: self.backend.setText(str(e)))
        self._show_catalogue_backup()

    def _show(self, o: KeysOverview) -> None:
        self.overview = o
        where = _("the OS keychain") if o.backend.is_os_keychain else _("a protected file (not the OS keychain)")
        state = _("working") if o.backend.usable else _("not usable now: {detail}").format(detail=o.backend.detail)
        self.backend.setText(_("Keys are kept in: {name} — {where}, {state}.").format(
            name=o.backend.name, where=where, state=state))
        has_keys = o.issuer is not None
        if has_keys:
            seal = o.seal
            lines = [_("Issuer key (did:key): {did}").format(did=o.issuer.did)]  # type: ignore[union-attr]
            if seal is not None:
                lines.append(_("Seal: {subject}").format(subject=seal.subject))
                lines.append(_("Seal fingerprint (SHA-256): {fp}").format(fp=seal.fingerprint))
                if seal.not_after:
                    lines.append(_("Seal valid until: {date}").format(date=seal.not_after.date().isoformat()))
            if o.retired:
                lines.append(_("Retired keys: {n} (they still verify what they signed)").format(n=len(o.retired)))
            self.details.setText("\n".join(lines))
            self.seal_note.setText(self_made_seal_text() if seal and seal.origin == "generated" else "")
        else:
            self.details.setText(_("No keys yet. Create them to issue credentials."))
            self.seal_note.setText("")
        self.generate.setVisible(not has_keys)
        self.use_file.setVisible(not o.backend.usable and not has_keys)
        for button in (self.backup, self.import_p12, self.rotate):
            button.setEnabled(has_keys)
        self.reminder.setText(_("No backup exists for the current keys. If this computer breaks, credentials can no "
                                "longer be issued in your name. Back up the keys now.") if o.backup_needed else "")
        self.reminder.setVisible(o.backup_needed)

    def _show_catalogue_backup(self) -> None:
        last = self.ctx.catalogue.setting("last_catalogue_backup")
        if not last:
            self.catalogue_backup_text.setText(_("The catalogue has never been backed up."))
            return
        when = datetime.strptime(last, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        days = (datetime.now(UTC) - when).days
        text = _("Last backup: {date}.").format(date=when.date().isoformat())
        if days > BACKUP_REMINDER_DAYS:
            text += " " + _("That is more than {n} days ago: make a new one.").format(n=BACKUP_REMINDER_DAYS)
        self.catalogue_backup_text.setText(text)

    # actions ------------------------------------------------------------------------------------
    def _run(self, fn, done_message: str) -> None:  # type: ignore[no-untyped-def]
        def done(_result: object) -> None:
            notify(self, done_message, 8000)
            self.refresh()

        self.ctx.tasks.start(fn, done, lambda e: (show_error(self, e), self.refresh()))

    def do_use_file(self) -> None:
        from ...services.keys import KeyService, use_protected_file

        answer = QMessageBox.warning(
            self, _("Keep keys in a protected file"),
            _("This computer has no usable keychain. The keys can instead be kept in a file in the data folder, "
              "encrypted with a passphrase you choose. Anyone who has the file and guesses the passphrase can "
              "issue credentials in your name, and without the passphrase the keys are lost. Continue?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        passphrase = ask_passphrase(self, _("Keep keys in a protected file"), confirm=True)
        if passphrase is None:
            return
        try:
            self.ctx.keys = KeyService(self.ctx.catalogue, use_protected_file(self.ctx.catalogue, passphrase))
        except Exception as error:
            show_error(self, error)
        self.refresh()

    def do_generate(self) -> None:
        self._run(self.ctx.key_service().generate, _("Keys created. Now back up the keys."))

    def do_backup(self) -> None:
        name, _f = QFileDialog.getSaveFileName(self, _("Back up the keys"),
                                               str(Path(self.ctx.last_folder()) / "microcred-keys.mckeys"),
                                               _("Key backups (*.mckeys)"))
        if not name:
            return
        passphrase = ask_passphrase(self, _("Back up the keys"), confirm=True)
        if passphrase is None:
            return
        service = self.ctx.key_service()
        self._run(lambda: service.backup_to(Path(name), passphrase),
                  _("Key backup written. Keep it and its passphrase in two different safe places."))

    def do_restore(self) -> None:
        name, _f = QFileDialog.getOpenFileName(self, _("Restore keys"), self.ctx.last_folder(),
                                               _("Key backups (*.mckeys);;All files (*)"))
        if not name:
            return
        passphrase = ask_passphrase(self, _("Restore keys"), confirm=False)
        if passphrase is None:
            return
        self._run(lambda: self.ctx.key_service().restore(read_chosen_file(name), passphrase), _("Keys restored."))

    def do_import(self) -> None:
        answer = QMessageBox.information(
            self, _("Use a qualified eSeal"),
            _("Only a qualified eSeal, bought from a trust service provider on the EU trusted lists, makes your "
              "European Digital Credentials acceptable to the Europass wallet. Choose its .p12 or .pfx file. "
              "The current seal is retired: it keeps verifying what it sealed."),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Ok:
            return
        name, _f = QFileDialog.getOpenFileName(self, _("Choose the eSeal file"), self.ctx.last_folder(),
                                               _("eSeal files (*.p12 *.pfx)"))
        if not name:
            return
        text, ok = QInputDialog.getText(self, _("Use a qualified eSeal"), _("Passphrase of the file:"),
                                        QLineEdit.EchoMode.Password)
        if not ok:
            return
        passphrase = text.encode("utf-8") if text else None
        self._run(lambda: self.ctx.key_service().import_p12(read_chosen_file(name), passphrase),
                  _("eSeal imported. Back up the keys again."))

    def do_rotate(self) -> None:
        answer = QMessageBox.question(
            self, _("Make new keys"),
            _("New keys will sign everything issued from now on. The current keys are retired: credentials they "
              "signed stay valid. Make a new key backup afterwards. Continue?"))
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: self.ctx.key_service().rotate(new_seal=self.overview is not None and
                                                           self.overview.seal is not None and
                                                           self.overview.seal.origin != "imported"),
                      _("New keys made. Back up the keys again."))

    def do_catalogue_backup(self) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d")
        name, _f = QFileDialog.getSaveFileName(self, _("Back up the catalogue"),
                                               str(Path(self.ctx.last_folder()) / f"microcred-{stamp}.mcbackup"),
                                               _("Catalogue backups (*.mcbackup)"))
        if not name:
            return

        def work() -> None:
            manifest = write_backup(self.ctx.catalogue.folder, Path(name))
            self.ctx.catalogue.set_setting("last_catalogue_backup", manifest["created"])
            self.ctx.catalogue.audit.log("catalogue.backup", name)

        self._run(work, _("Catalogue backed up."))

    def do_catalogue_restore(self) -> None:

        from ...storage.backup import read_backup

        name, _f = QFileDialog.getOpenFileName(self, _("Restore the catalogue"), self.ctx.last_folder(),
                                               _("Catalogue backups (*.mcbackup);;All files (*)"))
        if not name:
            return
        self.ctx.tasks.start(lambda: read_backup(Path(name)), lambda _r: self._confirm_restore(name),
                             lambda error: show_error(self, error))  # checked before anything changes

    def _confirm_restore(self, name: str) -> None:
        from PySide6.QtWidgets import QApplication

        from ...storage.backup import restore_backup

        answer = QMessageBox.question(
            self, _("Restore the catalogue"),
            _("The catalogue will be replaced by the one in the backup. The current data is kept in the data "
              "folder's backups/ folder. microcred closes afterwards; start it again. Continue?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.tasks.wait()
        self.ctx.catalogue.close()
        try:
            restore_backup(self.ctx.catalogue.folder, Path(name))
        except Exception as error:
            show_error(self, error)
        QApplication.quit()
