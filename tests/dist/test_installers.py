"""The installer files for Windows and macOS, checked here as far as Linux can (installers/check_installers.py)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


checks = load("check_installers", ROOT / "installers" / "check_installers.py")
launcher = load("microcred_launcher", ROOT / "installers" / "launcher.py")


@pytest.mark.parametrize("what", ["Windows (Inno Setup)", "macOS (plists)", "Linux (.desktop, MIME)", "icons"])
def test_the_installer_files_hold_together(what: str) -> None:
    assert checks.check_all()[what] == []


def test_the_iss_checker_catches_an_admin_install_and_a_missing_task(tmp_path: Path) -> None:
    text = checks.ISS.read_text(encoding="utf-8")
    broken = text.replace("PrivilegesRequired=lowest", "PrivilegesRequired=admin").replace(
        "Tasks: desktopicon", "Tasks: desktopicons")
    (tmp_path / "windows").mkdir()
    path = tmp_path / "windows" / "microcred.iss"
    path.write_text(broken, encoding="utf-8")
    problems = "\n".join(checks.check_iss(path))
    assert "PrivilegesRequired" in problems
    assert "'desktopicons'" in problems


def test_the_iss_parser_reads_quoted_values_and_defines() -> None:
    setup, sections, code = checks.parse_iss(checks.ISS.read_text(encoding="utf-8"))
    assert setup["AppVersion"] and "{#" not in setup["AppVersion"]
    command = next(r for r in sections["Registry"] if r["Subkey"].endswith(r"shell\open\command"))
    assert command["ValueData"] == '"{app}\\microcred.exe" "%1"'
    assert "DelTree" in code


def test_a_document_path_from_the_desktop_is_handed_to_the_app(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    document = tmp_path / "a.edc.jsonld"
    document.write_text("{}")
    monkeypatch.delenv("MICROCRED_OPEN_FILE", raising=False)
    assert launcher._arguments(["course", "list"]) == ["course", "list"]
    assert launcher._arguments(["--self-test"]) == ["--self-test"]
    assert "MICROCRED_OPEN_FILE" not in os.environ
    assert launcher._arguments(["verify", str(document)]) == ["verify", str(document)]
    assert "MICROCRED_OPEN_FILE" not in os.environ
    assert launcher._arguments([str(document)]) == []
    assert os.environ["MICROCRED_OPEN_FILE"] == str(document)
    assert launcher._arguments(["--data-dir", "/d", "--lang", "lt", str(document)]) == [
        "--data-dir", "/d", "--lang", "lt"]
