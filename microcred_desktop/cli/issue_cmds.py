"""CLI: microcred issue (a batch), microcred export (one credential again), microcred revoke."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.errors import Problem, UserError, ValidationError
from ..i18n import _
from ..services.export import export_credential
from ..services.imports import import_completions
from ..services.issue import issue_batch
from ..storage.learners import CompletionView
from .catalogue_cmds import _date
from .keys_cmds import key_service
from .progress import ProgressBar


def select_completions(args: argparse.Namespace, views: list[CompletionView]) -> list[CompletionView]:
    if args.date:
        views = [v for v in views if v.award.completion_date == args.date] if not args.roster else views
    if args.learner:
        wanted = {x.strip().lower() for x in args.learner}
        chosen = [v for v in views if (v.learner.email or "").lower() in wanted]
        found = {(v.learner.email or "").lower() for v in chosen}
        missing = sorted(wanted - found)
        if missing:
            raise ValidationError(_("Some learners have no completion of this course; nothing was issued."),
                                  [Problem("--learner", m) for m in missing],
                                  _("Record their completion first (microcred completions import …)."))
        return chosen
    return views


def cmd_issue(args: argparse.Namespace) -> int:
    keys = key_service(args)
    catalogue = keys.catalogue
    course = catalogue.courses.require(args.course)
    assert course.id is not None
    if args.roster:
        report = import_completions(catalogue, Path(args.roster), course.code, args.date)
        for notice in report.notices:
            print(notice)
        print(report.summary())
    views = catalogue.completions.for_course(course.id)
    if args.roster:
        from ..services.rosters import parse_roster
        from ..services.tables import read_table

        rows = parse_roster(read_table(Path(args.roster)), completions=True).rows
        keys_wanted = {((r.learner.email or "").lower(), r.learner.given_name, r.learner.family_name,
                        r.completion_date or args.date) for r in rows}
        views = [v for v in views if ((v.learner.email or "").lower(), v.learner.given_name, v.learner.family_name,
                                      v.award.completion_date) in keys_wanted]
    views = select_completions(args, views)
    if not views:
        raise UserError(_("No completions to issue for {code}.").format(code=course.code),
                        _("Record who completed the course first: microcred completions import FILE --course CODE"))
    summary = issue_batch(catalogue, keys, course, views, Path(args.out), template=args.template,
                          reissue=args.reissue, progress=ProgressBar(_("Issuing")))
    for view, reason in summary.failed:
        print(_("Failed: {learner}: {reason}").format(learner=view.learner.full_name, reason=reason))
    print(summary.line())
    return 1 if summary.failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    keys = key_service(args)
    paths = export_credential(keys.catalogue, keys, args.credential, Path(args.out))
    for path in paths:
        print(path)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    keys = key_service(args)
    record = keys.catalogue.issued.revoke(args.credential.strip().removeprefix("urn:uuid:"), args.reason)
    print(_("Revoked: {learner}, {course} ({id}).").format(learner=record.learner_name, course=record.course_title,
                                                          id=record.uuid))
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("issue", help=_("issue credentials for a course's completions"))
    p.add_argument("--course", required=True, help=_("course code"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--all-completed", action="store_true", help=_("everyone who completed the course"))
    who.add_argument("--learner", action="append", metavar="EMAIL", help=_("a learner, by e-mail (repeatable)"))
    who.add_argument("--roster", metavar="FILE", help=_("a roster of who completed (CSV or XLSX)"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("folder for the files"))
    p.add_argument("--date", type=_date, help=_("completion date (YYYY-MM-DD): only completions of that day; "
                                                 "with --roster, the date of rows without one"))
    p.add_argument("--template", help=_("certificate design: formal or volunteering (default: by course kind)"))
    p.add_argument("--reissue", action="store_true", help=_("issue again to learners who already have one"))
    p.add_argument("--key-file-passphrase-file", metavar="FILE", help=_("passphrase of the protected key file"))
    p.set_defaults(handler=cmd_issue)
    p = commands.add_parser("export", help=_("write an issued credential's files again"))
    p.add_argument("--credential", required=True, metavar="ID")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--key-file-passphrase-file", metavar="FILE", help=_("passphrase of the protected key file"))
    p.set_defaults(handler=cmd_export)
    p = commands.add_parser("revoke", help=_("revoke an issued credential"))
    p.add_argument("--credential", required=True, metavar="ID")
    p.add_argument("--reason", required=True)
    p.add_argument("--key-file-passphrase-file", metavar="FILE", help=_("passphrase of the protected key file"))
    p.set_defaults(handler=cmd_revoke)
