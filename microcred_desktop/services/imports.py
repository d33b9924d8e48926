"""Importing learners and completions from roster files into the catalogue, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..domain.errors import Problem, ValidationError
from ..i18n import _, ngettext
from ..storage.catalogue import Catalogue
from .rosters import Roster, parse_roster
from .tables import Table, read_table


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    completions_added: int = 0
    completions_known: int = 0
    rows: int = 0
    dry_run: bool = False
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = ngettext("{rows} row read.", "{rows} rows read.", self.rows).format(rows=self.rows)
        text += " " + _("Learners: {created} new, {updated} updated, {unchanged} unchanged.").format(
            created=self.created, updated=self.updated, unchanged=self.unchanged
        )
        if self.completions_added or self.completions_known:
            text += " " + _("Completions: {added} recorded, {known} already known.").format(
                added=self.completions_added, known=self.completions_known
            )
        if self.dry_run:
            text += " " + _("(A trial run: nothing was saved.)")
        return text


def import_learners(catalogue: Catalogue, path: Path, dry_run: bool = False,
                    mapping: dict[str, int] | None = None, table: Table | None = None) -> ImportReport:
    table = table or read_table(path)
    roster = parse_roster(table, mapping)
    report = ImportReport(rows=len(roster.rows), dry_run=dry_run, notices=roster.notices)
    with catalogue.sessions() as session:
        for item in roster.rows:
            state = catalogue.learners.upsert_in(session, item.learner)[1]
            setattr(report, state, getattr(report, state) + 1)
        catalogue.audit.record(session, "learners.import", Path(path).name, created=report.created,
                               updated=report.updated, rows=report.rows)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    return report


def import_completions(catalogue: Catalogue, path: Path, course_code: str, default_date: date | None = None,
                       mapping: dict[str, int] | None = None, table: Table | None = None,
                       dry_run: bool = False) -> ImportReport:
    """Record who completed `course_code`; learners not yet known are created."""
    course = catalogue.courses.require(course_code)
    table = table or read_table(path)
    roster = parse_roster(table, mapping, completions=True)
    undated = [r for r in roster.rows if r.completion_date is None]
    if undated and default_date is None:
        raise ValidationError(
            _("Some rows have no completion date; nothing was imported."),
            [Problem(_("Completion date"), _("no date"), r.row) for r in undated],
            _("Add a date column, or give the date for all rows (--date YYYY-MM-DD)."),
        )
    assert course.id is not None
    report = ImportReport(rows=len(roster.rows), dry_run=dry_run, notices=roster.notices)
    with catalogue.sessions() as session:
        for item in roster.rows:
            row, state = catalogue.learners.upsert_in(session, item.learner)
            setattr(report, state, getattr(report, state) + 1)
            day = item.completion_date or default_date
            assert day is not None
            if catalogue.completions.add_in(session, row.id, course.id, day, item.grade):
                report.completions_added += 1
            else:
                report.completions_known += 1
        catalogue.audit.record(session, "completions.import", f"{course.code}: {Path(path).name}",
                               added=report.completions_added, rows=report.rows)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    return report


def preview(path: Path) -> tuple[Table, Roster | ValidationError]:
    """The table and either its parsed roster or the problems, for the import dialog."""
    table = read_table(path)
    try:
        return table, parse_roster(table)
    except ValidationError as exc:
        return table, exc
