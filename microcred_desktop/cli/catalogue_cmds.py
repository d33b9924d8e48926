"""CLI commands of the catalogue: init, course, learners, completions, demo, backup, restore."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from .. import vocabularies
from ..domain.errors import UserError
from ..domain.langmap import pick
from ..domain.organisation import Organisation
from ..i18n import _, current_language
from ..services.course_file import course_to_json, load_course_file
from ..services.demo import load_demo
from ..services.imports import import_completions, import_learners
from ..storage.backup import restore_backup, write_backup
from ..storage.catalogue import Catalogue, DataFolder
from .output import print_json, print_table


def open_catalogue(args: argparse.Namespace) -> Catalogue:
    catalogue = Catalogue.open(Path(args.data_dir))
    catalogue.use_sort_language(current_language())
    return catalogue


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("'{value}' is not a date (use YYYY-MM-DD)").format(value=text)) from exc


def cmd_init(args: argparse.Namespace) -> int:
    country = args.country.strip().upper()
    if vocabularies.find("country", country) is None:
        raise UserError(_("'{value}' is not a country code we know (use two letters, e.g. LT, LV).").format(
            value=args.country))
    catalogue = open_catalogue(args)
    existing = catalogue.organisation()
    org = Organisation(
        legal_name={args.lang: args.name.strip()},
        short_name=(args.short_name or args.name).strip()[:120],
        legal_identifier=args.identifier.strip(),
        identifier_scheme=args.scheme or "",
        country=country,
        website=args.website or "",
        email=args.email or "",
        default_language=args.lang,
    )
    catalogue.save_organisation(org)
    message = _("Organisation updated: {name}.") if existing else _("Catalogue created for {name}.")
    print(message.format(name=org.short_name))
    print(_("Data folder: {folder}").format(folder=catalogue.folder.root))
    return 0


def cmd_course_add(args: argparse.Namespace) -> int:
    course = load_course_file(Path(args.file))
    catalogue = open_catalogue(args)
    catalogue.courses.add(course)
    print(_("Course {code} added: {title}").format(code=course.code, title=course.title_in(course.main_language)))
    return 0


def cmd_course_list(args: argparse.Namespace) -> int:
    catalogue = open_catalogue(args)
    courses = catalogue.courses.all()
    counts = catalogue.courses.completion_counts()
    if args.json:
        print_json([course_to_json(c) | {"completions": counts.get(c.id or 0, 0)} for c in courses])
        return 0
    if not courses:
        print(_("No courses yet. Add one with: microcred course add --file course.json"))
        return 0
    print_table(
        [_("Code"), _("Title"), _("Languages"), _("ECTS"), _("Hours"), _("Completions")],
        [[c.code, c.title_in(c.main_language), ", ".join(c.languages), c.ects or "", c.hours or "",
          counts.get(c.id or 0, 0)] for c in courses],
    )
    return 0


def _print_report(report: Any) -> None:
    for notice in report.notices:
        print(notice)
    print(report.summary())


def cmd_learners_import(args: argparse.Namespace) -> int:
    catalogue = open_catalogue(args)
    _print_report(import_learners(catalogue, Path(args.file), dry_run=args.dry_run))
    return 0


def _learner_json(learner: Any) -> dict[str, Any]:
    data = asdict(learner)
    data["date_of_birth"] = learner.date_of_birth.isoformat() if learner.date_of_birth else None
    return data


def cmd_learners_list(args: argparse.Namespace) -> int:
    catalogue = open_catalogue(args)
    learners = catalogue.learners.page(args.filter or "", 0, 10_000_000)
    if args.json:
        print_json([_learner_json(x) for x in learners])
        return 0
    if not learners:
        print(_("No learners yet. Import a roster with: microcred learners import FILE"))
        return 0
    print_table([_("Family name"), _("Given name"), _("E-mail"), _("External ID")],
                [[x.family_name, x.given_name, x.email or "", x.external_id or ""] for x in learners])
    return 0


def cmd_completions_import(args: argparse.Namespace) -> int:
    catalogue = open_catalogue(args)
    report = import_completions(catalogue, Path(args.file), args.course, args.date, dry_run=args.dry_run)
    _print_report(report)
    return 0


def cmd_completions_list(args: argparse.Namespace) -> int:
    catalogue = open_catalogue(args)
    course = catalogue.courses.require(args.course)
    assert course.id is not None
    rows = catalogue.completions.for_course(course.id)
    if args.json:
        print_json([{"learner": _learner_json(r.learner), "completion_date": r.award.completion_date.isoformat(),
                     "grade": r.award.grade} for r in rows])
        return 0
    print_table([_("Learner"), _("E-mail"), _("Completed"), _("Grade")],
                [[r.learner.full_name, r.learner.email or "", r.award.completion_date, r.award.grade or ""]
                 for r in rows])
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    catalogue = open_catalogue(args)
    load_demo(catalogue)
    org = catalogue.organisation()
    print(_("Demo catalogue loaded: {org}, {courses} courses, {learners} learners.").format(
        org=pick(org.legal_name) if org else "", courses=len(catalogue.courses.all()),
        learners=catalogue.learners.count()))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    catalogue = open_catalogue(args)
    manifest = write_backup(catalogue.folder, Path(args.out))
    catalogue.audit.log("catalogue.backup", str(args.out))
    catalogue.set_setting("last_catalogue_backup", manifest["created"])
    print(_("Backup written to {file}.").format(file=args.out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    folder = DataFolder(Path(args.data_dir))
    kept = restore_backup(folder, Path(args.file))
    catalogue = Catalogue.open(folder.root)  # applies migrations when the backup is older
    catalogue.audit.log("catalogue.restore", str(args.file))
    print(_("Catalogue restored from {file}.").format(file=args.file))
    if kept:
        print(_("The previous data was kept in {folder}.").format(folder=kept))
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("init", help=_("create the catalogue for your organisation"))
    p.add_argument("--name", required=True, help=_("legal name of the organisation"))
    p.add_argument("--country", required=True, help=_("country code, e.g. LT or LV"))
    p.add_argument("--identifier", required=True, help=_("legal identifier (VAT or company code)"))
    p.add_argument("--scheme", help=_("kind of identifier, e.g. VAT"))
    p.add_argument("--short-name", help=_("short name shown on certificates"))
    p.add_argument("--lang", choices=["en", "lt", "lv"], default="en", help=_("language of the name"))
    p.add_argument("--website")
    p.add_argument("--email")
    p.set_defaults(handler=cmd_init)

    course = commands.add_parser("course", help=_("courses (micro-credential specifications)"))
    sub = course.add_subparsers(dest="course_command", required=True, metavar=_("ACTION"))
    p = sub.add_parser("add", help=_("add a course from a course file (see docs/course-file.md)"))
    p.add_argument("--file", required=True)
    p.set_defaults(handler=cmd_course_add)
    p = sub.add_parser("list", help=_("list the courses"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_course_list)

    learners = commands.add_parser("learners", help=_("learners"))
    sub = learners.add_subparsers(dest="learners_command", required=True, metavar=_("ACTION"))
    p = sub.add_parser("import", help=_("import learners from a CSV or XLSX file"))
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help=_("check the file, save nothing"))
    p.set_defaults(handler=cmd_learners_import)
    p = sub.add_parser("list", help=_("list the learners"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--filter", help=_("only learners whose name, e-mail or ID contains this"))
    p.set_defaults(handler=cmd_learners_list)

    completions = commands.add_parser("completions", help=_("who completed which course"))
    sub = completions.add_subparsers(dest="completions_command", required=True, metavar=_("ACTION"))
    p = sub.add_parser("import", help=_("import a roster of who completed a course"))
    p.add_argument("file")
    p.add_argument("--course", required=True, help=_("course code"))
    p.add_argument("--date", type=_date, help=_("completion date for rows without one (YYYY-MM-DD)"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file, save nothing"))
    p.set_defaults(handler=cmd_completions_import)
    p = sub.add_parser("list", help=_("list who completed a course"))
    p.add_argument("--course", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_completions_list)

    p = commands.add_parser("demo", help=_("load the demo catalogue"))
    p.set_defaults(handler=cmd_demo)
    p = commands.add_parser("backup", help=_("back up the whole catalogue to one file (keys excluded)"))
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_backup)
    p = commands.add_parser("restore", help=_("restore the catalogue from a backup file"))
    p.add_argument("file")
    p.set_defaults(handler=cmd_restore)
