from __future__ import annotations

from pathlib import Path

import pytest

from microcred_desktop.storage.catalogue import Catalogue
from microcred_desktop.ui.context import UiContext
from microcred_desktop.ui.tasks import TaskRunner


@pytest.fixture
def ctx(catalogue: Catalogue, tmp_path: Path, qapp, monkeypatch: pytest.MonkeyPatch) -> UiContext:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return UiContext(catalogue, TaskRunner(run_sync=True), catalogue.folder.root, settings)
