"""What every page and dialog needs: the catalogue, the task runner, remembered settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings

from ..services.keys import KeyService
from ..storage.catalogue import Catalogue
from .tasks import TaskRunner


@dataclass
class UiContext:
    catalogue: Catalogue
    tasks: TaskRunner
    data_dir: Path
    settings: QSettings = field(default_factory=lambda: QSettings("microcred", "microcred desktop"))
    keys: KeyService | None = None  # None until the keystore is open (a protected file needs its passphrase)

    def key_service(self) -> KeyService:
        """The key service, opening the keystore on first use (asking for the key file's passphrase if the
        keys are kept in a protected file; a wrong or cancelled answer is asked again next time)."""
        if self.keys is None:
            from ..services.keys import open_keystore

            passphrase = None
            if self.catalogue.setting("key_storage", "keychain") == "protected-file":
                from PySide6.QtWidgets import QInputDialog, QLineEdit

                from ..i18n import _

                passphrase, ok = QInputDialog.getText(
                    None, _("Protected key file"), _("The signing keys are kept in a protected file. Its passphrase:"),
                    QLineEdit.EchoMode.Password)
                if not ok:
                    passphrase = None
            self.keys = KeyService(self.catalogue, open_keystore(self.catalogue, passphrase))
        return self.keys

    def last_folder(self) -> str:
        return str(self.settings.value("last_folder", str(Path.home())))

    def remember_folder(self, path: str | Path) -> None:
        folder = Path(path)
        self.settings.setValue("last_folder", str(folder if folder.is_dir() else folder.parent))
