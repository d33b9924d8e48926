"""CLI: microcred verify FILE... [--qr TEXT] [--json] [--strict] | trust export | import | list | remove.

`verify` exits 0 when everything checked is valid, 1 when anything is invalid (not genuine), and 2
when nothing is invalid but something could not be read. A valid credential of an issuer this computer
does not know is valid (its signature is intact) and says so: "issuer unknown". The unsealed copies for
the EU issuer in a folder are listed as skipped, not verified.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..domain.errors import UserError
from ..domain.verdict import CheckStatus, Outcome, Verdict
from ..i18n import _, ngettext
from ..services.trust import export_profile, import_profile, trust_repository
from ..services.verify_any import (
    VerifyRun,
    is_unsealed_copy,
    issuer_confirmed,
    trust_book,
    verify_many,
    verify_qr_text,
)
from ..storage.atomic import write_atomic
from ..storage.catalogue import Catalogue
from .keys_cmds import key_service
from .output import print_json, print_table

MARKS = {
    CheckStatus.PASSED: "[ok]  ",
    CheckStatus.FAILED: "[FAIL]",
    CheckStatus.WARNING: "[warn]",
    CheckStatus.NOT_APPLICABLE: "[n/a] ",
}


def content_labels() -> dict[str, str]:
    return {
        "learner": _("Learner"), "achievement": _("Course"), "issuer": _("Issuer"),
        "valid_from": _("Valid from"), "valid_until": _("Valid until"), "credential_id": _("Credential ID"),
    }


def headline(verdict: Verdict) -> str:
    if verdict.outcome is Outcome.VALID:
        return _("VALID — genuine") if issuer_confirmed(verdict) else _("VALID — signature intact, issuer unknown")
    if is_unsealed_copy(verdict):
        return _("NOT CHECKED — nothing to verify")
    if verdict.outcome is Outcome.INVALID:
        return _("INVALID — not genuine")
    return _("UNREADABLE — cannot read this file")


def print_verdict(verdict: Verdict) -> None:
    print(f"{verdict.source}: {headline(verdict)}")
    if verdict.unreadable_reason:
        print(f"   {verdict.unreadable_reason}")
    labels = content_labels()
    for key, label in labels.items():
        if verdict.content.get(key):
            print(f"   {label}: {verdict.content[key]}")
    for check in verdict.checks:
        print(f"   {MARKS[check.status]} {check.message}")
    print()


class ProgressBar:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.enabled or total <= 1:
            return
        width = 30
        filled = width * done // max(total, 1)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name}"[:100]
        sys.stderr.write("\r" + line.ljust(100))
        if done >= total:
            sys.stderr.write("\r" + " " * 100 + "\r")
        sys.stderr.flush()


def exit_code(verdicts: list[Verdict]) -> int:
    outcomes = {v.outcome for v in verdicts}
    if Outcome.INVALID in outcomes:
        return 1
    if Outcome.UNREADABLE in outcomes or not verdicts:
        return 2
    return 0


def _summary(run: VerifyRun) -> str:
    counts = {o: sum(1 for v in run.verdicts if v.outcome is o) for o in Outcome}
    text = ngettext("{n} checked", "{n} checked", len(run.verdicts)).format(n=len(run.verdicts))
    text += ": " + _("{valid} valid, {invalid} invalid, {unreadable} unreadable").format(
        valid=counts[Outcome.VALID], invalid=counts[Outcome.INVALID], unreadable=counts[Outcome.UNREADABLE])
    if run.skipped:
        text += "; " + ngettext("{n} file skipped (not a credential kind)", "{n} files skipped (not credential kinds)",
                                len(run.skipped)).format(n=len(run.skipped))
    if run.unsealed:
        text += "; " + ngettext("{n} unsealed copy for the EU issuer skipped (nothing to verify)",
                                "{n} unsealed copies for the EU issuer skipped (nothing to verify)",
                                len(run.unsealed)).format(n=len(run.unsealed))
    if run.cancelled:
        text += "; " + _("stopped")
    return text


def cmd_verify(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files]
    if not paths and args.qr is None:
        raise UserError(_("Name a file or folder to verify, or give the QR code's text with --qr."),
                        _("For example: microcred verify certificate.pdf"))
    for path in paths:
        if not path.exists():
            raise UserError(_("There is no file or folder {path}.").format(path=path))
    catalogue = Catalogue.open(Path(args.data_dir))
    try:
        book = trust_book(catalogue)
    finally:
        catalogue.close()
    verdicts: list[Verdict] = []
    if args.qr is not None:
        text = sys.stdin.read() if args.qr == "-" else args.qr
        verdicts.append(verify_qr_text(text, book))
    run = verify_many(paths, book, strict=args.strict, progress=ProgressBar(not args.json))
    verdicts += run.verdicts
    if args.json:
        print_json([v.to_json() for v in verdicts])
    else:
        for verdict in verdicts:
            print_verdict(verdict)
        for path in run.unsealed:
            print(_("{path}: skipped — an unsealed copy for the EU issuer: nothing to verify").format(path=path))
        if len(verdicts) > 1 or run.skipped or run.unsealed:
            print(_summary(VerifyRun(verdicts, run.skipped, run.cancelled, run.unsealed)))
    if not verdicts and not args.json:
        print(_("There were no files to verify."), file=sys.stderr)
    return exit_code(verdicts)


def cmd_trust_export(args: argparse.Namespace) -> int:
    service = key_service(args)
    exported = export_profile(service)
    out = Path(args.out)
    try:
        write_atomic(out, exported.data)
    except OSError as exc:
        raise UserError(_("Cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)) from exc
    print(_("Issuer profile of {name} written to {path}.").format(name=exported.name, path=out))
    print(_("It lists {keys} issuer key(s), {seals} seal certificate(s) and {revoked} revoked credential(s).").format(
        keys=len(exported.dids), seals=exported.seal_count, revoked=exported.revoked_count))
    if exported.left_out:
        print(_("Left out, because their private keys are not in the keychain: {ids}.").format(
            ids=", ".join(exported.left_out)), file=sys.stderr)
    print(_("Send this file to the organisations that verify your credentials; send a new one after you revoke "
            "a credential or change keys."))
    return 0


def cmd_trust_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from exc
    catalogue = Catalogue.open(Path(args.data_dir))
    result = import_profile(catalogue, data)
    issuer = result.issuer
    message = _("Updated the trusted issuer {name}.") if result.updated else _("{name} is now a trusted issuer.")
    print(message.format(name=issuer.name))
    print(_("Legal identifier: {id}; keys: {keys}; seal certificates: {seals}; revoked credentials: {revoked}; "
            "profile made on {date}.").format(id=issuer.legal_identifier or "-", keys=len(issuer.dids),
                                              seals=len(issuer.seal_certificates), revoked=len(issuer.revoked),
                                              date=issuer.issued_at.date().isoformat()))
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    issuers = trust_repository(Catalogue.open(Path(args.data_dir))).all()
    if args.json:
        print_json([{"id": i.id, "name": i.name, "legal_identifier": i.legal_identifier, "country": i.country,
                     "did": i.signer_did, "dids": list(i.dids), "seal_certificates": len(i.seal_certificates),
                     "revoked": len(i.revoked), "profile_date": i.issued_at.isoformat(),
                     "imported_at": i.imported_at.isoformat() if i.imported_at else None} for i in issuers])
        return 0
    if not issuers:
        print(_("No trusted issuers yet. Import an issuer profile with: microcred trust import FILE"))
        return 0
    print_table([_("No."), _("Organisation"), _("Legal identifier"), _("Country"), _("Profile date"), _("Key")],
                [[i.id, i.name, i.legal_identifier, i.country, i.issued_at.date().isoformat(), i.signer_did]
                 for i in issuers])
    return 0


def cmd_trust_remove(args: argparse.Namespace) -> int:
    removed = trust_repository(Catalogue.open(Path(args.data_dir))).remove(args.id)
    print(_("{name} is no longer a trusted issuer.").format(name=removed.name))
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("verify", help=_("verify credentials offline: PDF, EDC, Open Badge, QR photo or text"),
                            description=_("Exit code 0: all valid; 1: something is not genuine; 2: something could "
                                          "not be read."))
    p.add_argument("files", nargs="*", metavar="FILE", help=_("files or folders to verify"))
    p.add_argument("--qr", metavar="TEXT", help=_("the text of a QR code ('-' reads it from the input)"))
    p.add_argument("--json", action="store_true", help=_("print the verdicts as JSON"))
    p.add_argument("--strict", action="store_true",
                   help=_("also check EDCs against every rule of the EDC profile (slower)"))
    p.set_defaults(handler=cmd_verify)

    trust = commands.add_parser("trust", help=_("issuer profiles: share yours, trust other organisations"))
    sub = trust.add_subparsers(dest="trust_command", required=True, metavar=_("ACTION"))
    p = sub.add_parser("export", help=_("write this organisation's signed issuer profile"))
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--key-file-passphrase-file", metavar="FILE",
                   help=_("passphrase of the protected key file, when keys are kept in one"))
    p.set_defaults(handler=cmd_trust_export)
    p = sub.add_parser("import", help=_("trust the organisation whose issuer profile this is"))
    p.add_argument("file")
    p.set_defaults(handler=cmd_trust_import)
    p = sub.add_parser("list", help=_("list the trusted issuers"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_trust_list)
    p = sub.add_parser("remove", help=_("stop trusting an issuer (its number from 'trust list')"))
    p.add_argument("id", type=int)
    p.set_defaults(handler=cmd_trust_remove)
