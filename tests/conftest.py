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


@pytest.fixture
def os_keychain():  # type: ignore[no-untyped-def]
    """The real OS keychain (GNOME Keyring over Secret Service under tools/with-keyring.sh).

    Skips only outside the test wrapper; under it (MICROCRED_TEST_KEYRING_DIR set), a keychain that
    does not work fails the test instead of hiding behind a skip.
    """
    import os

    import keyring

    from microcred_desktop.crypto.keystore import Keystore

    store = Keystore()
    info = store.backend_info()
    if not (info.is_os_keychain and info.usable):
        if os.environ.get("MICROCRED_TEST_KEYRING_DIR"):
            pytest.fail(f"the test keychain does not work: {info}")
        pytest.skip("no OS keychain here; run under tools/with-keyring.sh (make test does)")
    assert "SecretService" in type(keyring.get_keyring()).__name__ or info.is_os_keychain
    return store
