"""The documented CLI flow: init → course add → learners import → completions import."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from microcred_desktop.cli import run

DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples"


def cli(data: Path, *args: str) -> int:
    return run(["--data-dir", str(data), *args])


def test_documented_flow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, "init", "--name", "Kauno mokymo centras", "--country", "LT", "--identifier",
               "LT100001234", "--lang", "lt") == 0
    assert cli(tmp_path, "course", "add", "--file", str(DOCS / "course.json")) == 0
    assert cli(tmp_path, "learners", "import", str(DOCS / "learners.csv")) == 0
    assert cli(tmp_path, "completions", "import", str(DOCS / "completions.csv"), "--course", "DIGI-101") == 0
    capsys.readouterr()
    assert cli(tmp_path, "learners", "list", "--json") == 0
    learners = json.loads(capsys.readouterr().out)
    assert {x["family_name"] for x in learners} == {"Ąžuolaitė-Šimkienė", "Petrauskas", "Bērziņš", "Kalniņa"}
    assert cli(tmp_path, "course", "list", "--json") == 0
    courses = json.loads(capsys.readouterr().out)
    assert [(c["code"], c["completions"]) for c in courses] == [("DIGI-101", 3)]
    assert cli(tmp_path, "completions", "list", "--course", "DIGI-101", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_bad_input_exit_code_2_with_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, "course", "add", "--file", str(tmp_path / "missing.json")) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "Traceback" not in err
    assert cli(tmp_path, "init", "--name", "X", "--country", "ZZ", "--identifier", "1") == 2
    assert cli(tmp_path, "completions", "import", str(DOCS / "completions.csv"), "--course", "NOPE") == 2
    assert "no course with the code NOPE" in capsys.readouterr().err


def test_entry_point_runs_as_a_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "microcred_desktop", "--data-dir", str(tmp_path), "demo"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "30 learners" in result.stdout


def test_a_data_dir_that_is_a_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder")
    assert cli(path, "learners", "list") == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "is not a folder microcred can use: it is a file" in err
    assert "Traceback" not in err and "a bug" not in err
    assert path.read_text() == "not a folder"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_a_data_dir_that_cannot_be_created_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(Path("/proc/nope"), "learners", "list") == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "/proc/nope is not a folder microcred can use" in err
    assert "Traceback" not in err and "a bug" not in err
