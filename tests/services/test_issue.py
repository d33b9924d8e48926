"""Issuing batches: five whole files per credential, records after files, nobody issued twice."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from microcred_desktop.crypto.jades import verify_jades
from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.domain.errors import UserError, ValidationError
from microcred_desktop.formats.pdf.attachments import embedded_files
from microcred_desktop.formats.qr.payload import read_qr_text, verify_qr_claims
from microcred_desktop.services.demo import load_demo
from microcred_desktop.services.issue import issue_batch
from microcred_desktop.services.keys import KeyService
from microcred_desktop.storage.catalogue import Catalogue

KINDS = {".pdf", ".edc.jsonld", ".edc-unsigned.json", ".ob3.json", ".ob3.png"}


@pytest.fixture
def demo(catalogue: Catalogue) -> tuple[Catalogue, KeyService]:
    load_demo(catalogue)
    keys = KeyService(catalogue, Keystore(MemoryKeyring()))
    keys.generate()
    return catalogue, keys


def completions(catalogue: Catalogue, code: str):  # type: ignore[no-untyped-def]
    course = catalogue.courses.require(code)
    return course, catalogue.completions.for_course(course.id)  # type: ignore[arg-type]


def suffix(name: str) -> str:
    return next(k for k in KINDS if name.endswith(k))


def test_a_batch_writes_five_files_each_and_records_them(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys = demo
    course, views = completions(catalogue, "YOUTH-VOL")
    out = tmp_path / "out"
    seen: list[tuple[int, int]] = []
    summary = issue_batch(catalogue, keys, course, views[:3], out, progress=lambda d, t, m: seen.append((d, t)))
    assert len(summary.issued) == 3 and not summary.failed and seen[-1] == (3, 3)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 15 and {suffix(n) for n in names} == KINDS
    for record in summary.issued:
        assert record.template == "volunteering"
        for kind, entry in record.files.items():
            data = (out / entry["name"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], kind
        pdf = (out / record.files["pdf"]["name"]).read_bytes()
        attached = embedded_files(pdf)
        sealed = (out / record.files["edc"]["name"]).read_bytes()
        assert attached[record.files["edc"]["name"]] == sealed
        assert attached[record.files["ob3"]["name"]] == (out / record.files["ob3"]["name"]).read_bytes()
        payload = json.loads(verify_jades(json.loads(sealed)).payload)
        assert payload["id"] == f"urn:credential:{record.uuid}"
        assert len(PdfReader(out / record.files["pdf"]["name"]).pages) == 2
    assert catalogue.issued.count() == 3


def test_running_again_issues_nobody_twice_unless_asked(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys = demo
    course, views = completions(catalogue, "FIRST-AID")
    first = issue_batch(catalogue, keys, course, views[:2], tmp_path)
    again = issue_batch(catalogue, keys, course, views[:2], tmp_path)
    assert (len(again.issued), len(again.skipped)) == (0, 2)
    reissued = issue_batch(catalogue, keys, course, views[:1], tmp_path, reissue=True)
    assert len(reissued.issued) == 1
    assert reissued.issued[0].uuid not in {r.uuid for r in first.issued}
    assert catalogue.issued.count() == 3


def test_the_qr_binds_the_sealed_edc(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys = demo
    course, views = completions(catalogue, "DIGI-BI")
    record = issue_batch(catalogue, keys, course, views[:1], tmp_path).issued[0]
    import pypdfium2
    import zxingcpp

    # 300 dpi, as a scanner reads a printed page: at 150 dpi a version-15 code has 2.3 px a module, below
    # what a decoder reads reliably (zxing-cpp missed about 1 in 40 there)
    page = pypdfium2.PdfDocument(str(tmp_path / record.files["pdf"]["name"]))[0].render(scale=300 / 72).to_pil()
    (found,) = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    text = found.text
    claims = read_qr_text(text)
    assert verify_qr_claims(claims).valid  # type: ignore[attr-defined]
    sealed = (tmp_path / record.files["edc"]["name"]).read_bytes()
    assert claims.edc_sha256 == hashlib.sha256(sealed).digest()  # type: ignore[attr-defined]


def test_problems_are_said_before_anything_is_issued(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys = demo
    course, views = completions(catalogue, "WELD-01")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="Cannot write to the folder"):
        issue_batch(catalogue, keys, course, views, blocker / "out")
    incomplete = replace(course, assessment=None, quality_assurance={})
    with pytest.raises(ValidationError) as err:
        issue_batch(catalogue, keys, incomplete, views, tmp_path / "out")
    assert {p.column for p in err.value.problems} == {"assessment", "quality_assurance"}
    (catalogue.folder.assets / "logo.png").unlink()
    with pytest.raises(UserError, match=r"logo\.png"):
        issue_batch(catalogue, keys, course, views, tmp_path / "out")
    assert catalogue.issued.count() == 0
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_full_disk_is_said_before_anything_is_issued(demo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from collections import namedtuple

    catalogue, keys = demo
    course, views = completions(catalogue, "WELD-01")
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 1000, 1000))  # the OS's answer
    with pytest.raises(UserError, match="too little free space"):
        issue_batch(catalogue, keys, course, views, tmp_path / "out")
    assert catalogue.issued.count() == 0


def test_cancel_stops_between_credentials(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys = demo
    course, views = completions(catalogue, "FIRST-AID")
    calls = []
    summary = issue_batch(catalogue, keys, course, views, tmp_path, progress=lambda d, t, m: calls.append(d),
                          cancel=lambda: len(calls) >= 2)
    # what was signed is finished (at most two are written while the third is signed); nothing new starts
    assert summary.cancelled and 1 <= len(summary.issued) <= 3 < len(views)
    assert len(list(tmp_path.glob("*.pdf"))) == len(summary.issued) == catalogue.issued.count()


def test_records_are_committed_a_few_at_a_time_and_all_at_the_end(demo, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    import microcred_desktop.services.issue as issue_module

    catalogue, keys = demo
    course, views = completions(catalogue, "DIGI-BI")
    monkeypatch.setattr(issue_module, "RECORDS_AT_ONCE", 4)
    groups: list[int] = []
    add_many = catalogue.issued.add_many

    def counted(records):  # type: ignore[no-untyped-def]
        groups.append(len(records))
        on_disk = {p.name for p in tmp_path.iterdir()}
        assert all(entry["name"] in on_disk for r in records for entry in r.files.values())  # files first
        add_many(records)

    monkeypatch.setattr(catalogue.issued, "add_many", counted)
    synced: list[int] = []  # how many groups were committed when the folder was fsynced
    fsync_dir = issue_module.fsync_dir
    monkeypatch.setattr(issue_module, "fsync_dir", lambda folder: (synced.append(len(groups)), fsync_dir(folder)))
    summary = issue_batch(catalogue, keys, course, views, tmp_path)
    assert len(summary.issued) == len(views) > 8
    n = len(views)
    assert groups == [4] * (n // 4) + ([n % 4] if n % 4 else [])
    assert synced == list(range(len(groups)))  # the renames made durable before each group's records
    assert {r.uuid for r in catalogue.issued.search()} == {r.uuid for r in summary.issued}


@pytest.mark.keychain
@pytest.mark.slow
def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_batch_leaves_whole_files_and_completes_when_run_again(tmp_path: Path, os_keychain) -> None:  # type: ignore[no-untyped-def]
    data, out = tmp_path / "data", tmp_path / "out"
    cli = [sys.executable, "-m", "microcred_desktop", "--data-dir", str(data)]
    subprocess.run([*cli, "demo"], check=True, capture_output=True)
    subprocess.run([*cli, "keys", "generate"], check=True, capture_output=True)
    command = [*cli, "issue", "--course", "DIGI-BI", "--all-completed", "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 4:
        time.sleep(0.02)
    workers = children(process.pid)
    assert workers, "the batch renders on worker processes"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    lingering = [pid for pid in workers if alive(pid)]
    while lingering and time.monotonic() < deadline:
        time.sleep(0.05)
        lingering = [pid for pid in workers if alive(pid)]
    assert not lingering, "render workers outlived the killed batch"
    done_before = len(list(out.glob("*.pdf")))
    assert 4 <= done_before < 15, "the kill did not land mid-batch"

    def check_whole_files() -> None:
        for path in out.iterdir():
            if path.name.startswith("."):
                continue  # a temporary name: never a credential file
            data_bytes = path.read_bytes()
            if path.suffix == ".pdf":
                assert len(PdfReader(path).pages) == 2
            elif path.suffix == ".png":
                assert data_bytes.startswith(b"\x89PNG") and data_bytes.rstrip().endswith(b"IEND\xaeB`\x82")
            else:
                json.loads(data_bytes)

    check_whole_files()
    catalogue = Catalogue.open(data)
    for record in catalogue.issued.search():
        for entry in record.files.values():  # every recorded credential is complete on disk
            assert hashlib.sha256((out / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    catalogue.close()

    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    check_whole_files()
    catalogue = Catalogue.open(data)
    records = catalogue.issued.search()
    assert len(records) == 15
    assert len({(r.learner_id, r.course_id, r.completion_date) for r in records}) == 15
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 15 * 5
    assert not list(out.glob(".*.part"))
    for key_id in {k for r in records for k in (r.issuer_key_id, r.seal_key_id)}:
        if os_keychain.has(key_id):
            os_keychain.delete(key_id)
    catalogue.close()


def test_a_disk_that_fills_up_mid_batch_stops_it_cleanly(demo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    import microcred_desktop.services.issue as issue_module

    catalogue, keys = demo
    course, views = completions(catalogue, "FIRST-AID")
    real_replace = os.replace
    calls = {"n": 0}

    def replace_until_full(src, dst):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > 10:  # two credentials' files fit, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(issue_module.os, "replace", replace_until_full)
    summary = issue_batch(catalogue, keys, course, views, tmp_path)
    assert len(summary.issued) == 2 and len(summary.failed) == 1
    assert "No space left" in summary.failed[0][1]
    assert catalogue.issued.count() == 2
    assert not list(tmp_path.glob(".*.part"))  # the temporary files of the failed one are gone
    assert len([p for p in tmp_path.iterdir() if p.is_file()]) == 10


def test_a_render_process_lost_mid_batch_stops_it_with_a_message(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    catalogue, keys = demo
    course, views = completions(catalogue, "FIRST-AID")
    killed = []

    def progress(done: int, _total: int, _message: str) -> None:
        if done == 2 and not killed:  # as if the system had ended it, short of memory
            for child in multiprocessing.active_children():
                os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
                killed.append(child.pid)

    summary = issue_batch(catalogue, keys, course, views, tmp_path / "out", progress=progress, workers=1)
    assert killed
    assert len(summary.failed) == 1 and "run it again" in summary.failed[0][1]
    assert 2 <= len(summary.issued) and len(summary.issued) + 1 < len(views)  # stopped, not a failure for each
    assert catalogue.issued.count() == len(summary.issued)
    again = issue_batch(catalogue, keys, course, views, tmp_path / "out", workers=1)
    assert len(again.issued) + len(again.skipped) == len(views) and not again.failed
