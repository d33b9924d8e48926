"""Rosters: rows of learners (and completions) from a table, each row checked, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..domain.errors import Problem, ValidationError
from ..domain.learner import Learner, is_email
from ..i18n import N_, _, ngettext
from ..storage.convert import fold
from .tables import Cell, Table

# field -> the header names it is known by (English, Lithuanian, Latvian), compared folded
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "given_name": ("given name", "first name", "firstname", "given names", "forename", "vardas", "vardai",
                   "vards", "vardi"),
    "family_name": ("family name", "last name", "lastname", "surname", "pavarde", "uzvards"),
    "full_name": ("full name", "name", "learner", "vardas pavarde", "vardas, pavarde", "vards uzvards",
                  "vards, uzvards", "dalyvis", "dalibnieks"),
    "email": ("email", "e-mail", "e mail", "email address", "e-mail address", "el. pastas", "el.pastas",
              "el pastas", "elektroninis pastas", "e-pasts", "epasts", "e-pasta adrese"),
    "date_of_birth": ("date of birth", "birth date", "birthdate", "dob", "gimimo data", "dzimsanas datums"),
    "national_id": ("national id", "personal code", "personal id", "asmens kodas", "personas kods"),
    "external_id": ("id", "external id", "student id", "learner id", "student number", "studento nr.",
                    "studento numeris", "mokinio nr.", "dalyvio nr.", "studenta nr.", "apliecibas nr."),
    "notes": ("notes", "note", "comment", "comments", "pastabos", "piezimes", "komentari", "komentarai"),
    "grade": ("grade", "mark", "result", "pazymys", "ivertinimas", "rezultatas", "atzime", "vertejums"),
    "completion_date": ("date", "completion date", "completed", "completed on", "data", "baigimo data",
                        "datums", "pabeigsanas datums"),
}
FIELD_LABELS = {
    "given_name": N_("Given name"), "family_name": N_("Family name"), "full_name": N_("Full name"),
    "email": N_("E-mail"), "date_of_birth": N_("Date of birth"), "national_id": N_("National ID"),
    "external_id": N_("External ID"), "notes": N_("Notes"), "grade": N_("Grade"),
    "completion_date": N_("Completion date"),
}
LEARNER_FIELDS = ("given_name", "family_name", "full_name", "email", "date_of_birth", "national_id",
                  "external_id", "notes")
COMPLETION_FIELDS = (*LEARNER_FIELDS, "grade", "completion_date")
_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})\.?$"), (3, 2, 1)),
)


def _norm(header: str) -> str:
    return " ".join(fold(str(header)).replace("_", " ").strip(" :*").split())


def guess_mapping(headers: list[str], fields: tuple[str, ...] = COMPLETION_FIELDS) -> dict[str, int]:
    """Field -> column index for the headers we recognise."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = _norm(header)
        for fld in fields:
            if fld not in mapping and name in HEADER_NAMES[fld]:
                mapping[fld] = index
                break
    return mapping


def mapping_problems(mapping: dict[str, int]) -> list[str]:
    """What a mapping lacks to be usable (empty when it is)."""
    has_names = ("given_name" in mapping and "family_name" in mapping) or "full_name" in mapping
    return [] if has_names else [_("Choose the columns with the given and family names (or the full name).")]


def parse_date(cell: Cell) -> date | None:
    """A date from a cell: YYYY-MM-DD, YYYY.MM.DD, DD.MM.YYYY or DD/MM/YYYY; ValueError if impossible."""
    if isinstance(cell, date):
        return cell
    text = cell.strip()
    if not text:
        return None
    for pattern, (y, m, d) in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
    raise ValueError(text)


@dataclass(frozen=True)
class RosterRow:
    row: int  # as the spreadsheet numbers it: the header is row 1
    learner: Learner
    grade: str | None = None
    completion_date: date | None = None


@dataclass
class Roster:
    rows: list[RosterRow]
    notices: list[str] = field(default_factory=list)


def parse_roster(table: Table, mapping: dict[str, int] | None = None, completions: bool = False) -> Roster:
    """Check every row; raise ValidationError naming each bad row and column, or return all rows."""
    fields = COMPLETION_FIELDS if completions else LEARNER_FIELDS
    mapping = guess_mapping(table.headers, fields) if mapping is None else mapping
    missing = mapping_problems(mapping)
    if missing:
        raise ValidationError(
            _("{file}: the columns were not recognised.").format(file=table.source),
            [Problem(_("columns"), m) for m in missing],
            _("Name the columns e.g. Given name, Family name, E-mail (or Vardas, Pavardė, El. paštas)."),
        )
    problems: list[Problem] = []
    rows: list[RosterRow] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    # name (case and spaces ignored) -> [(row, has an ID, has an e-mail)] of the rows before
    same_names: dict[tuple[str, str], list[tuple[int, bool, bool]]] = {}

    def header(fld: str) -> str:
        return table.headers[mapping[fld]] or _(FIELD_LABELS[fld])

    for number, cells in enumerate(table.rows, start=2):

        def cell(fld: str, cells: list[Cell] = cells) -> Cell:
            index = mapping.get(fld)
            return cells[index] if index is not None and index < len(cells) else ""

        def text(fld: str) -> str:
            value = cell(fld)
            return value.isoformat() if isinstance(value, date) else " ".join(value.split())

        given, family = text("given_name"), text("family_name")
        if "full_name" in mapping and not (given or family):
            parts = text("full_name").rsplit(" ", 1)
            given, family = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
        if not given:
            col = "given_name" if "given_name" in mapping else "full_name"
            problems.append(Problem(header(col), _("the given name is missing"), number))
        if not family:
            col = "family_name" if "family_name" in mapping else "full_name"
            problems.append(Problem(header(col), _("the family name is missing"), number))
        email = text("email").lower()
        if email and not is_email(email):
            problems.append(Problem(header("email"), _("'{value}' is not an e-mail address").format(value=email),
                                    number))
        dates: dict[str, date | None] = {}
        for fld in ("date_of_birth", "completion_date"):
            try:
                dates[fld] = parse_date(cell(fld))
            except ValueError:
                dates[fld] = None
                problems.append(Problem(header(fld), _("'{value}' is not a date (use YYYY-MM-DD)").format(
                    value=text(fld)), number))
        external = text("external_id")
        if external:
            if external in seen_ids:
                problems.append(Problem(header("external_id"), _("the same ID as row {row}").format(
                    row=seen_ids[external]), number))
            seen_ids.setdefault(external, number)
        elif email:
            if email in seen_emails:
                problems.append(Problem(header("email"), _("the same e-mail as row {row}").format(
                    row=seen_emails[email]), number))
            seen_emails.setdefault(email, number)
        if given and family:
            # rows of one name are matched to learners by name unless both have IDs or both have e-mails:
            # two people would become one learner
            key = (" ".join(given.casefold().split()), " ".join(family.casefold().split()))
            earlier = same_names.setdefault(key, [])
            for other, other_id, other_email in earlier:
                if not ((external and other_id) or (email and other_email)):
                    col = "given_name" if "given_name" in mapping else "full_name"
                    problems.append(Problem(header(col), _(
                        "the same name as row {row}: add an e-mail or an ID to tell them apart").format(row=other),
                        number))
                    break
            earlier.append((number, bool(external), bool(email)))
        learner = Learner(given_name=given, family_name=family, email=email or None,
                          date_of_birth=dates["date_of_birth"], national_id=text("national_id") or None,
                          external_id=external or None, notes=text("notes"))
        rows.append(RosterRow(number, learner, text("grade") or None, dates["completion_date"]))
    if not rows:
        problems.append(Problem(_("rows"), _("the file has a header but no learners")))
    if problems:
        raise ValidationError(
            ngettext(
                "{file} has {count} problem; nothing was imported.",
                "{file} has {count} problems; nothing was imported.",
                len(problems),
            ).format(file=table.source, count=len(problems)),
            problems,
            _("Correct the rows named above and import the file again."),
        )
    return Roster(rows, list(table.notices))
