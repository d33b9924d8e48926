"""The Issue wizard from course to summary, the Issued page, and Settings → Keys, on real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.services.demo import load_demo
from microcred_desktop.services.keys import KeyService
from microcred_desktop.ui.pages.issue import IssuePage
from microcred_desktop.ui.pages.issued import IssuedPage
from microcred_desktop.ui.pages.settings_keys import KeysSettings


@pytest.fixture
def keyed(ctx):  # type: ignore[no-untyped-def]
    load_demo(ctx.catalogue)
    ctx.keys = KeyService(ctx.catalogue, Keystore(MemoryKeyring()))
    return ctx


def test_issue_wizard_from_course_to_summary(qtbot, keyed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = IssuePage(keyed)
    qtbot.addWidget(page)
    # no keys yet is caught when issuing; create them first like the banner says
    keyed.keys.generate()
    page.course_step.list.setCurrentRow(
        next(i for i in range(page.course_step.list.count())
             if page.course_step.list.item(i).text().startswith("FIRST-AID")))
    assert page.next.isEnabled()
    page.forward()
    assert page.stack.currentIndex() == 1
    selected = page.learners_step.selected()
    assert len(selected) == 10
    page.learners_step._tick_all(False)
    assert not page.next.isEnabled() and "Tick at least one" in page.next.toolTip()
    for row in range(3):
        page.learners_step.table.item(row, 0).setCheckState(page.learners_step.table.item(row, 0).checkState().Checked)
    page.forward()
    assert page.stack.currentIndex() == 2
    assert page.preview.pixmap() is not None and not page.preview.pixmap().isNull()
    page.forward()
    assert page.stack.currentIndex() == 3
    page.folder.setText(str(tmp_path / "out"))
    page.forward()  # Issue
    assert page.summary is not None and len(page.summary.issued) == 3
    assert "3 credentials issued" in page.result.text()
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
    assert page.open_folder.isVisibleTo(page) and not page.back.isEnabled()

    issued = IssuedPage(keyed)
    qtbot.addWidget(issued)
    assert issued.model.rowCount() == 3
    record = issued.model.item(0)
    keyed.catalogue.issued.revoke(record.uuid, "issued by mistake")
    issued.refresh()
    statuses = [issued.model.data(issued.model.index(r, 4)) for r in range(3)]
    assert statuses.count("revoked") == 1

    # issuing again: the learners are unticked and marked as issued
    page.go(0)
    page.forward()
    assert page.course_step.course().code == "FIRST-AID"  # type: ignore[union-attr]
    status_texts = [page.learners_step.table.item(r, 3).text() for r in range(10)]
    assert sum(t.startswith("issued on") for t in status_texts) == 2  # the revoked one may be issued again
    assert len(page.learners_step.selected()) == 8


def test_keys_settings_shows_the_backup_reminder(qtbot, keyed) -> None:  # type: ignore[no-untyped-def]
    keyed.keys.generate()
    widget = KeysSettings(keyed)
    qtbot.addWidget(widget)
    widget.refresh()
    qtbot.waitUntil(lambda: widget.overview is not None, timeout=3000)
    assert widget.reminder.isVisibleTo(widget) and "No backup" in widget.reminder.text()
    assert "did:key:z6Mk" in widget.details.text()
    assert "Europass" in widget.seal_note.text()
    keyed.keys.backup_to(keyed.data_dir / "keys.mckeys", "a long enough passphrase")
    widget.refresh()
    qtbot.waitUntil(lambda: not widget.reminder.isVisibleTo(widget), timeout=3000)
