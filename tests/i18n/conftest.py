"""Load tools/catalogs.py (a script, not a package) once for the catalogue tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "catalogs.py"


@pytest.fixture(scope="session")
def catalogs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("microcred_catalogs_tool", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def template(catalogs: ModuleType):  # type: ignore[no-untyped-def]
    """The template freshly extracted from the code, not the .pot on disk."""
    return catalogs.extract()
