"""Shared fixtures: a fresh data folder and catalogue per test; messages in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcred_desktop.i18n import set_language
from microcred_desktop.storage.catalogue import Catalogue

from . import factories


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def catalogue(data_dir: Path):  # type: ignore[no-untyped-def]
    cat = Catalogue.open(data_dir)
    yield cat
    cat.close()


@pytest.fixture
def seeded(catalogue: Catalogue) -> Catalogue:
    """A catalogue with the sample organisation and course."""
    catalogue.save_organisation(factories.organisation())
    catalogue.courses.add(factories.course(id=None))
    return catalogue
