"""`microcred verify` and `microcred trust`: exit codes 0/1/2, --json, folders, --qr, profiles."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from microcred_desktop import cli
from microcred_desktop.cli import keys_cmds, verify_cmds
from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.storage.catalogue import Catalogue
from tests.verify.conftest import Kit


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands, whether or not the lead has added verify_cmds to cli.MODULES yet."""
    if verify_cmds not in cli.MODULES:
        monkeypatch.setattr(cli, "MODULES", [*cli.MODULES, verify_cmds])


@pytest.fixture
def data(tmp_path: Path, kit: Kit) -> Path:
    folder = tmp_path / "data"
    catalogue = Catalogue.open(folder)
    kit.install(catalogue)
    catalogue.close()
    return folder


def run(data: Path, *args: str) -> int:
    return cli.run(["--data-dir", str(data), *args])


def test_exit_codes(data: Path, kit: Kit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = kit.write("a", "pdf", tmp_path)
    assert run(data, "verify", str(pdf)) == 0
    out = capsys.readouterr().out
    assert "VALID — genuine" in out and "[ok]" in out and "Issued by Kauno profesinio mokymo centras" in out
    assert "Learner: Žydrūnė Ąžuolaitė-Šimkienė" in out
    changed = tmp_path / "changed.edc.jsonld"
    changed.write_bytes(kit.files["a"].contents["edc"].replace(b"Web accessibility", b"Web accessibilitY"))
    assert run(data, "verify", str(changed)) == 1
    assert "INVALID — not genuine" in capsys.readouterr().out
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list")
    assert run(data, "verify", str(junk)) == 2
    assert "UNREADABLE" in capsys.readouterr().out
    assert run(data, "verify", str(pdf), str(changed), str(junk)) == 1  # not genuine outweighs unreadable
    assert run(data, "verify", str(tmp_path / "missing.pdf")) == 2
    assert capsys.readouterr().err.startswith("Error: There is no file")
    assert run(data, "verify") == 2


def test_json_output(data: Path, kit: Kit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = kit.write("a", "edc", tmp_path)
    assert run(data, "verify", str(path), "--json", "--strict") == 0
    (verdict,) = json.loads(capsys.readouterr().out)
    assert verdict["outcome"] == "valid" and verdict["kind"] == "edc"
    assert {c["name"]: c["status"] for c in verdict["checks"]}["shapes"] == "passed"


def test_qr_text(data: Path, kit: Kit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(data, "verify", "--qr", kit.files["url"].qr_text) == 0
    assert "The QR code leads to the verification page of Kauno profesinio mokymo centras." in capsys.readouterr().out
    assert run(data, "verify", "--qr", "MC1:NOT-A-CODE") == 2
    assert "not a microcred QR code" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(kit.files["a"].qr_text + "\n"))
    assert run(data, "verify", "--qr", "-", "--json") == 0
    (verdict,) = json.loads(capsys.readouterr().out)
    assert verdict["kind"] == "qr" and verdict["content"]["learner"] == "Žydrūnė Ąžuolaitė-Šimkienė"


def test_a_folder(data: Path, kit: Kit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for kind in ("pdf", "edc", "ob3", "ob3_png"):
        kit.write("a", kind, folder)
    kit.write("b", "pdf", folder / "sub")
    (folder / "readme.md").write_text("not a credential")
    (folder / ".hidden.json").write_text("{}")
    assert run(data, "verify", str(folder)) == 0
    out = capsys.readouterr().out
    assert "5 checked: 5 valid, 0 invalid, 0 unreadable; 1 file skipped" in out
    assert run(data, "verify", str(folder), "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 5


def test_the_apps_own_output_folder_verifies(data: Path, kit: Kit, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for which in ("a", "b"):
        for kind in ("pdf", "edc", "edc_unsigned", "ob3", "ob3_png"):  # every file an issue run writes
            kit.write(which, kind, out)
    assert run(data, "verify", str(out)) == 0
    printed = capsys.readouterr().out
    assert "8 checked: 8 valid, 0 invalid, 0 unreadable; 2 unsealed copies for the EU issuer skipped (nothing to " \
           "verify)" in printed
    unsealed = kit.files["a"].name("edc_unsigned")
    assert f"{out / unsealed}: skipped — an unsealed copy for the EU issuer: nothing to verify" in printed
    assert "not genuine" not in printed
    assert run(data, "verify", str(out / unsealed)) == 2  # named on purpose: a clear answer, not "not genuine"
    printed = capsys.readouterr().out
    assert "NOT CHECKED — nothing to verify" in printed and "unsealed copy made for the EU issuer" in printed
    assert "INVALID" not in printed


def test_trust_export_import_list(tmp_path: Path, data: Path, other_kit: Kit, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = tmp_path / "theirs"
    keystore = Keystore(MemoryKeyring())
    catalogue = Catalogue.open(theirs)
    other_kit.install(catalogue, keystore=keystore)
    catalogue.close()
    monkeypatch.setattr(keys_cmds, "open_keystore", lambda _catalogue, _passphrase=None: keystore)
    profile = tmp_path / "rjc-profile.json"
    assert run(theirs, "trust", "export", "--out", str(profile)) == 0
    assert "Issuer profile of Rīgas jauniešu centrs written" in capsys.readouterr().out
    pdf = other_kit.write("a", "pdf", tmp_path)
    assert run(data, "verify", str(pdf)) == 0
    printed = capsys.readouterr().out
    assert "unknown issuer" in printed and "VALID — signature intact, issuer unknown" in printed
    assert run(data, "trust", "import", str(profile)) == 0
    assert "Rīgas jauniešu centrs is now a trusted issuer." in capsys.readouterr().out
    assert run(data, "verify", str(pdf)) == 0
    printed = capsys.readouterr().out
    assert "Issued by Rīgas jauniešu centrs (trusted)." in printed and "VALID — genuine" in printed
    assert run(data, "trust", "list", "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["name"] == "Rīgas jauniešu centrs" and listed["did"] == other_kit.issuer.did
    assert run(data, "trust", "list") == 0
    assert "Rīgas jauniešu centrs" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text(profile.read_text().replace("Rīgas", "Evil"))
    assert run(data, "trust", "import", str(broken)) == 2
    assert "not a valid issuer profile" in capsys.readouterr().err
    assert run(data, "trust", "remove", str(listed["id"])) == 0
    assert run(data, "trust", "list") == 0
    assert "No trusted issuers yet" in capsys.readouterr().out
