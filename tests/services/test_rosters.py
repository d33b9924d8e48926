"""Rosters as they really arrive, and every bad-input case: nothing is half-imported."""

from pathlib import Path

import openpyxl
import pytest

from microcred_desktop.domain.errors import ValidationError
from microcred_desktop.services.imports import import_completions, import_learners
from microcred_desktop.storage.catalogue import Catalogue

LT_ROWS = [("Žydrūnė", "Ąžuolaitė-Šimkienė", "zydrune@example.lt"), ("Kęstutis", "Čepulis", "kestas@example.lt")]


def write(path: Path, text: str, encoding: str, bom: bool = False) -> Path:
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def names(catalogue: Catalogue) -> list[tuple[str, str, str | None]]:
    return sorted((x.given_name, x.family_name, x.email) for x in catalogue.learners.page(limit=100))


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter", "headers", "notice"),
    [
        ("utf-8", True, ",", ("Given name", "Family name", "E-mail"), ""),
        ("utf-8", False, ";", ("Vardas", "Pavardė", "El. paštas"), "semicolons and UTF-8"),
        ("cp1257", False, ";", ("VARDAS ", " pavardė", "el.paštas"), "semicolons and Windows-1257"),
        ("utf-8", False, "\t", ("Vārds", "Uzvārds", "E-pasts"), "tabs and UTF-8"),
    ],
)
def test_csv_dialects(tmp_path: Path, catalogue: Catalogue, encoding: str, bom: bool, delimiter: str,
                      headers: tuple[str, ...], notice: str) -> None:
    lines = [delimiter.join(headers)] + [delimiter.join(r) for r in LT_ROWS]
    path = write(tmp_path / "r.csv", "\r\n".join(lines) + "\r\n", encoding, bom)
    report = import_learners(catalogue, path)
    assert report.created == 2
    assert names(catalogue) == sorted(LT_ROWS)
    assert (notice in " ".join(report.notices)) if notice else report.notices == []


def test_windows_1252_with_western_names(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "First name,Last name\nJosé,Müller\nFrançois,Lefèvre\n", "cp1252")
    report = import_learners(catalogue, path)
    assert names(catalogue) == [("François", "Lefèvre", None), ("José", "Müller", None)]
    assert "Windows-1252" in report.notices[0]


def test_xlsx_with_dates(tmp_path: Path, seeded: Catalogue) -> None:
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Vardas", "Pavardė", "El. paštas", "Pažymys", "Baigimo data"])
    sheet.append(["Žydrūnė", "Ąžuolaitė-Šimkienė", "zydrune@example.lt", 10, datetime.datetime(2026, 11, 14)])
    sheet.append(["Jānis", "Bērziņš", "janis@example.lv", 9, datetime.datetime(2026, 11, 15)])
    book.save(tmp_path / "r.xlsx")
    report = import_completions(seeded, tmp_path / "r.xlsx", "WEB-101")
    assert (report.created, report.completions_added) == (2, 2)
    course = seeded.courses.require("WEB-101")
    rows = {(v.learner.family_name, v.award.completion_date.isoformat(), v.award.grade)
            for v in seeded.completions.for_course(course.id)}  # type: ignore[arg-type]
    assert rows == {("Ąžuolaitė-Šimkienė", "2026-11-14", "10"), ("Bērziņš", "2026-11-15", "9")}


def test_reimport_updates_and_never_duplicates(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "ID,Given name,Family name,E-mail\n7,Jonas,Petrauskas,jp@example.lt\n", "utf-8")
    import_learners(catalogue, path)
    write(path, "ID,Given name,Family name,E-mail\n7,Jonas,Petrauskas,jonas.new@example.lt\n", "utf-8")
    report = import_learners(catalogue, path)
    assert (report.created, report.updated) == (0, 1)
    assert names(catalogue) == [("Jonas", "Petrauskas", "jonas.new@example.lt")]
    # matched on e-mail when there is no ID
    write(path, "Given name,Family name,E-mail\nJonas,Petrauskas-Jonaitis,jonas.new@example.lt\n", "utf-8")
    assert import_learners(catalogue, path).updated == 1
    assert catalogue.learners.count() == 1


BAD = {
    "missing name": (
        "Given name,Family name,E-mail\nJonas,,j@example.lt\n", [(2, "Family name", "family name is missing")]
    ),
    "malformed e-mail": ("Given name,Family name,E-mail\nJonas,P,not-an-email\n", [(2, "E-mail", "not an e-mail")]),
    "impossible date": (
        "Given name,Family name,Date of birth\nJonas,P,2023-02-30\n", [(2, "Date of birth", "not a date")]
    ),
    "duplicate in file": (
        "Given name,Family name,E-mail\nJonas,P,j@example.lt\nAna,Q,x@example.lt\nJonas,P,J@example.lt\n",
        [(4, "E-mail", "same e-mail as row 7")],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_rows_are_reported_and_nothing_is_imported(tmp_path: Path, catalogue: Catalogue, case: str) -> None:
    good = "Given name,Family name,E-mail\n" + "".join(f"Ok{i},Person{i},ok{i}@example.lt\n" for i in range(5))
    text, expected = BAD[case]
    # the bad row follows good rows, so a half-import would leave the good ones behind
    text = good + text.split("\n", 1)[1] if text.startswith("Given name,Family name,E-mail") else text
    offset = 5 if text.startswith(good) else 0
    path = write(tmp_path / "r.csv", text, "utf-8")
    with pytest.raises(ValidationError) as err:
        import_learners(catalogue, path)
    found = [(p.row, p.column, p.message) for p in err.value.problems]
    for row, column, fragment in expected:
        assert any(r == row + offset and c == column and fragment in m for r, c, m in found), found
    assert "nothing was imported" in err.value.message
    assert catalogue.learners.count() == 0


def test_unknown_headers_are_refused(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "Foo,Bar\n1,2\n", "utf-8")
    with pytest.raises(ValidationError) as err:
        import_learners(catalogue, path)
    assert "columns were not recognised" in err.value.message
    assert catalogue.learners.count() == 0


def test_binary_and_missing_files(tmp_path: Path, catalogue: Catalogue) -> None:
    from microcred_desktop.domain.errors import UserError

    (tmp_path / "x.csv").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(UserError, match="not a CSV or XLSX"):
        import_learners(catalogue, tmp_path / "x.csv")
    (tmp_path / "y.xlsx").write_bytes(b"PK\x03\x04broken")
    with pytest.raises(UserError, match="not a readable Excel"):
        import_learners(catalogue, tmp_path / "y.xlsx")
    with pytest.raises(UserError, match="does not exist"):
        import_learners(catalogue, tmp_path / "nope.csv")


def test_completions_need_a_date(tmp_path: Path, seeded: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "Given name,Family name\nJonas,P\n", "utf-8")
    with pytest.raises(ValidationError, match="no completion date"):
        import_completions(seeded, path, "WEB-101")
    assert seeded.learners.count() == 0
    import datetime

    report = import_completions(seeded, path, "WEB-101", datetime.date(2026, 11, 1))
    assert report.completions_added == 1
    again = import_completions(seeded, path, "WEB-101", datetime.date(2026, 11, 1))
    assert (again.completions_added, again.completions_known) == (0, 1)


def test_dry_run_saves_nothing(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "Given name,Family name\nJonas,P\n", "utf-8")
    report = import_learners(catalogue, path, dry_run=True)
    assert report.created == 1 and catalogue.learners.count() == 0


# --- namesakes: two people of one name must not become one learner ------------------------------------


def test_namesakes_without_email_or_id_in_one_file_are_a_problem(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "Given name,Family name,Date of birth\n"
                                     "Jonas,Kazlauskas,1990-01-01\nAna,Q,\n jonas , KAZLAUSKAS ,1985-05-05\n", "utf-8")
    with pytest.raises(ValidationError) as err:
        import_learners(catalogue, path)
    found = [(p.row, p.column, p.message) for p in err.value.problems]
    assert found == [(4, "Given name", "the same name as row 2: add an e-mail or an ID to tell them apart")]
    assert catalogue.learners.count() == 0


def test_namesakes_need_the_same_kind_of_key_to_be_told_apart(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "Full name,E-mail\nJonas Kazlauskas,jonas@example.lt\nJonas Kazlauskas,\n",
                 "utf-8")
    with pytest.raises(ValidationError) as err:
        import_learners(catalogue, path)
    assert [(p.row, p.column, p.message[:25]) for p in err.value.problems] == [
        (3, "Full name", "the same name as row 2: a")]
    # an e-mail on one row and an ID on the other does not tell them apart either: the second row would be
    # matched by name to the learner the first one made
    write(path, "Full name,E-mail,ID\nJonas Kazlauskas,jonas@example.lt,\nJonas Kazlauskas,,S-2\n", "utf-8")
    with pytest.raises(ValidationError, match="1 problem"):
        import_learners(catalogue, path)
    # two e-mails do
    write(path, "Full name,E-mail\nJonas Kazlauskas,jonas@example.lt\nJonas Kazlauskas,jk@example.lt\n", "utf-8")
    assert import_learners(catalogue, path).created == 2


def test_namesakes_told_apart_by_id_alone_stay_two_learners(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "ID,Given name,Family name\nS-1,Jonas,Kazlauskas\nS-2,Jonas,Kazlauskas\n",
                 "utf-8")
    assert import_learners(catalogue, path).created == 2
    assert sorted(x.external_id or "" for x in catalogue.learners.page()) == ["S-1", "S-2"]


def test_a_namesake_with_another_birth_date_is_not_matched(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path / "r.csv", "Given name,Family name,Date of birth\nJonas,Kazlauskas,1990-01-01\n", "utf-8")
    import_learners(catalogue, path)
    write(path, "Given name,Family name,Date of birth\nJonas,Kazlauskas,1985-05-05\n", "utf-8")
    assert import_learners(catalogue, path).created == 1
    births = sorted(str(x.date_of_birth) for x in catalogue.learners.page())
    assert births == ["1985-05-05", "1990-01-01"]
    # with no birth date to tell them apart the name alone matches (as before), when only one has it
    catalogue2_path = write(tmp_path / "s.csv", "Given name,Family name\nAna,Petraitė\n", "utf-8")
    import_learners(catalogue, catalogue2_path)
    write(catalogue2_path, "Given name,Family name,Date of birth\nAna,Petraitė,2001-02-03\n", "utf-8")
    report = import_learners(catalogue, catalogue2_path)
    assert (report.created, report.updated) == (0, 1)


# --- files that break the reader: a sentence, not a crash -------------------------------------------------


def test_a_long_cell_is_read(tmp_path: Path, catalogue: Catalogue) -> None:
    notes = "x" * 200_000  # over the csv module's default limit of 131,072
    path = write(tmp_path / "r.csv", f"Given name,Family name,Notes\nJonas,P,\"{notes}\"\n", "utf-8")
    assert import_learners(catalogue, path).created == 1
    assert catalogue.learners.page()[0].notes == notes


def test_a_cell_too_long_even_for_the_raised_limit_is_a_user_error(tmp_path: Path, catalogue: Catalogue) -> None:
    from microcred_desktop.domain.errors import UserError

    path = write(tmp_path / "r.csv", "Given name,Family name,Notes\nJonas,P,\"" + "x" * (11 * 1024 * 1024)
                 + "\"\n", "utf-8")
    with pytest.raises(UserError) as err:
        import_learners(catalogue, path)
    assert "r.csv cannot be read as CSV" in str(err.value) and "longer than" in str(err.value)
    assert catalogue.learners.count() == 0


def test_a_damaged_sheet_is_a_user_error(tmp_path: Path, catalogue: Catalogue) -> None:
    import zipfile

    from microcred_desktop.domain.errors import UserError

    book = openpyxl.Workbook()
    book.active.append(["Given name", "Family name"])
    book.active.append([1, "Kazlauskas"])
    book.save(tmp_path / "ok.xlsx")
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    assert b"<v>1</v>" in sheet
    members["xl/worksheets/sheet1.xml"] = sheet.replace(b"<v>1</v>", b"<v>not a number</v>")
    with zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(UserError, match=r"bad\.xlsx is not a readable Excel workbook"):
        import_learners(catalogue, tmp_path / "bad.xlsx")
    assert catalogue.learners.count() == 0
