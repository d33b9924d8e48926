"""GUI tests that drive real widgets: create a course, import a roster, filter learners."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from microcred_desktop.domain.course import Mode
from microcred_desktop.services.demo import load_demo
from microcred_desktop.ui.dialogs.course_dialog import CourseDialog
from microcred_desktop.ui.dialogs.import_dialog import ImportDialog
from microcred_desktop.ui.models.learners import PAGE
from microcred_desktop.ui.pages.courses import CoursesPage
from microcred_desktop.ui.pages.learners import LearnersPage


def ok_button(dialog: QDialog):  # type: ignore[no-untyped-def]
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_create_a_course_through_the_dialog(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = CourseDialog()
    qtbot.addWidget(dialog)
    ok = ok_button(dialog)
    assert not ok.isEnabled() and "course code is required" in ok.toolTip()
    qtbot.keyClicks(dialog.code, "WELD-02")
    dialog.lang1.setCurrentIndex(dialog.lang1.findData("lt"))
    dialog.lang2.setCurrentIndex(dialog.lang2.findData("en"))
    qtbot.keyClicks(dialog.title._fields["lt"], "Suvirinimas")
    assert not ok.isEnabled() and "title is missing" in ok.toolTip()  # English title still missing
    qtbot.keyClicks(dialog.title._fields["en"], "Welding")
    dialog.outcomes._fields["lt"].setPlainText("Suvirinti siūlę.\nDirbti saugiai.")
    dialog.outcomes._fields["en"].setPlainText("Weld a seam.")
    assert "same number of learning outcomes" in ok.toolTip()
    dialog.outcomes._fields["en"].setPlainText("Weld a seam.\nWork safely.")
    dialog.hours.setValue(40)
    dialog.assessment.setCurrentIndex(dialog.assessment.findText("practical assessment"))
    dialog.mode.setCurrentIndex(dialog.mode.findData(Mode.PRESENTIAL))
    dialog.quality._fields["lt"].setPlainText("Vidinė kokybės sistema.")
    assert ok.isEnabled(), ok.toolTip()

    course = dialog.course()
    assert course.annex_problems() == []
    page = CoursesPage(ctx)
    qtbot.addWidget(page)
    ctx.catalogue.courses.add(course)
    page.refresh()
    stored = ctx.catalogue.courses.require("WELD-02")
    assert stored.title == {"lt": "Suvirinimas", "en": "Welding"}
    assert [lo.text for lo in stored.learning_outcomes] == [
        {"lt": "Suvirinti siūlę.", "en": "Weld a seam."}, {"lt": "Dirbti saugiai.", "en": "Work safely."}]
    assert page.model.rowCount() == 1


def test_import_a_csv_through_the_import_dialog(qtbot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "sąrašas.csv"
    roster.write_bytes("Vardas;Pavardė;El. paštas\nŽydrūnė;Ąžuolaitė-Šimkienė;zydrune@example.lt\n"
                       "Jānis;Bērziņš;janis@example.lv\n".encode("cp1257"))
    dialog = ImportDialog(ctx, path=roster)
    qtbot.addWidget(dialog)
    assert "Windows-1257" in dialog.notice.text()
    assert dialog.preview.rowCount() == 2 and dialog.preview.item(0, 1).text() == "Ąžuolaitė-Šimkienė"
    assert dialog.ok.isEnabled()
    # unmap the family name: the dialog shows the problem and refuses to import
    dialog.mapping_combos["family_name"].setCurrentIndex(0)
    assert not dialog.ok.isEnabled()
    assert "not recognised" in dialog.status.text()
    assert "family names" in dialog.problems.item(0).text()
    dialog.mapping_combos["family_name"].setCurrentIndex(2)
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.report is not None and dialog.report.created == 2
    assert ctx.catalogue.learners.count() == 2


def test_import_dialog_lists_bad_rows_and_imports_nothing(qtbot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "bad.csv"
    roster.write_text("Given name,Family name,E-mail\nA,B,a@example.lt\nC,,not-mail\n", encoding="utf-8")
    dialog = ImportDialog(ctx, path=roster)
    qtbot.addWidget(dialog)
    items = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("row 3" in t and "Family name" in t for t in items)
    assert any("row 3" in t and "E-mail" in t for t in items)
    assert not dialog.ok.isEnabled()
    assert ctx.catalogue.learners.count() == 0


def test_filter_the_learner_table(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    load_demo(ctx.catalogue)
    page = LearnersPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 30
    qtbot.keyClicks(page.search, "zydrune")  # accents and case ignored
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.learner_at(0).family_name == "Ąžuolaitė-Šimkienė"
    assert page.count_label.text() == "1 learner"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 30, timeout=2000)


def test_learner_table_pages_instead_of_loading_everything(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from microcred_desktop.domain.learner import Learner

    ctx.catalogue.learners.upsert_many(
        [Learner(given_name=f"Vardas{i}", family_name=f"Pavarde{i:05d}", external_id=f"X{i}") for i in range(1500)]
    )
    page = LearnersPage(ctx)
    qtbot.addWidget(page)
    assert page.model.total == 1500
    assert page.model.rowCount() == PAGE  # only the first page is loaded
    page.model.fetchMore()
    assert page.model.rowCount() == 2 * PAGE
    page.model.set_filter("pavarde01499")
    assert page.model.rowCount() == page.model.total == 1


def test_empty_pages_say_what_they_are_for(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = LearnersPage(ctx)
    qtbot.addWidget(page)
    assert page.stack.currentWidget() is page.empty
    assert "Import" in page.empty_label.text()
