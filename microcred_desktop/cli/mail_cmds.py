"""CLI: microcred smtp set | show | test, microcred send, microcred outbox."""

from __future__ import annotations

import argparse
import getpass
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..crypto.secrets import SMTP_PASSWORD, SecretStore
from ..domain.errors import UserError
from ..i18n import _, ngettext
from ..services.mail import (
    DEFAULT_PORTS,
    SECURITY,
    SmtpSettings,
    load_account,
    load_settings,
    parse_sender,
    save_password,
    save_settings,
    send_test_message,
)
from ..services.send import SendSummary, queue_course, send_due, state_text
from ..storage.catalogue import Catalogue
from ..storage.outbox import SENT, OutboxMessage, outbox_of
from .output import print_json, print_table


def _catalogue(args: argparse.Namespace) -> Catalogue:
    return Catalogue.open(Path(args.data_dir))


def _read_password(path: str | None, keep_stored: bool) -> str | None:
    """The password from a file, or asked on the terminal; None keeps the stored one."""
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise UserError(_("Cannot read the password file {file}: {reason}").format(
                file=path, reason=exc.strerror)) from exc
    if sys.stdin.isatty():
        return getpass.getpass(_("Password of the mail server: "))
    if keep_stored:
        return None
    raise UserError(_("The mail server's password is needed."), _("Give it with --password-file FILE."))


def cmd_smtp_set(args: argparse.Namespace) -> int:
    name, address = parse_sender(args.sender)
    port = args.port or DEFAULT_PORTS[args.security]
    settings = SmtpSettings(host=args.host.strip(), port=port, security=args.security, sender_address=address,
                            sender_name=name, user=(args.user or "").strip(), timeout=args.timeout).checked()
    catalogue = _catalogue(args)
    secrets = SecretStore()
    if settings.user:
        stored = secrets.get_secret(SMTP_PASSWORD) is not None
        password = _read_password(args.password_file, keep_stored=stored)
        if password is not None:
            save_password(secrets, password)
    else:
        save_password(secrets, None)
    save_settings(catalogue, settings)
    print(_("Mail server saved: {server} ({security}), sender {sender}.").format(
        server=f"{settings.host}:{settings.port}", security=settings.security, sender=settings.sender))
    if settings.user:
        print(_("The password is kept in: {backend}.").format(backend=secrets.backend_info().name))
    print(_("Try it with: microcred smtp test --to YOUR-ADDRESS"))
    return 0


def cmd_smtp_show(args: argparse.Namespace) -> int:
    settings = load_settings(_catalogue(args))
    if settings is None:
        print(_("No mail server is set up yet. Set one with: microcred smtp set --host … --sender …"))
        return 0
    stored = bool(settings.user) and SecretStore().get_secret(SMTP_PASSWORD) is not None
    if args.json:
        print_json(settings.to_json() | {"password_stored": stored})
        return 0
    print(_("Server: {server} ({security})").format(server=f"{settings.host}:{settings.port}",
                                                    security=settings.security))
    print(_("Sender: {sender}").format(sender=settings.sender))
    if settings.user:
        print(_("User: {user} (password {state})").format(
            user=settings.user, state=_("stored in the keychain") if stored else _("not stored")))
    return 0


def cmd_smtp_test(args: argparse.Namespace) -> int:
    account = load_account(_catalogue(args), SecretStore())
    send_test_message(account, args.to)
    print(_("Test message sent to {address}.").format(address=args.to))
    return 0


class _Bar:
    """A one-line progress bar on the terminal (nothing when the output is not a terminal)."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.live or not total:
            return
        columns = shutil.get_terminal_size().columns - 1
        width = max(10, min(30, columns - 50))
        filled = width * done // total
        line = f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total} {name}"[:columns]
        sys.stderr.write("\r" + line.ljust(columns))
        sys.stderr.flush()

    def end(self) -> None:
        if self.live:
            sys.stderr.write("\n")


def _print_states(messages: list[OutboxMessage]) -> None:
    print_table([_("Learner"), _("Address"), _("State"), _("Last error")],
                [[m.learner_name, m.address, state_text(m), "" if m.state == SENT else m.last_error]
                 for m in messages])


def cmd_send(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args)
    account = load_account(catalogue, SecretStore())
    queued = queue_course(catalogue, account.settings, args.course, args.credential, force=args.resend)
    for record in queued.without_email:
        print(_("No e-mail address, not sent: {learner} ({id})").format(learner=record.learner_name,
                                                                        id=record.uuid), file=sys.stderr)
    for record in queued.revoked:
        print(_("Revoked, not sent: {learner} ({id})").format(learner=record.learner_name, id=record.uuid),
              file=sys.stderr)
    if queued.already_sent:
        print(ngettext("{n} learner already has the message (send again with --resend).",
                       "{n} learners already have the message (send again with --resend).",
                       len(queued.already_sent)).format(n=len(queued.already_sent)))
    if not queued.messages:
        print(_("Nothing to send."))
        return 0
    deadline = datetime.now(UTC) + timedelta(minutes=args.wait)
    outbox = outbox_of(catalogue)
    while True:
        bar = _Bar()
        summary: SendSummary = send_due(catalogue, account, only=queued.ids, progress=bar)
        bar.end()
        print(summary.line())
        retry_at = outbox.next_retry(queued.ids)
        if summary.all_sent or retry_at is None or retry_at > deadline:
            break
        print(_("Retrying at {time}…").format(time=retry_at.astimezone().strftime("%H:%M:%S")))
        time.sleep(max(0.0, (retry_at - datetime.now(UTC)).total_seconds()))
    messages = outbox.messages(queued.ids)
    _print_states(messages)
    if all(m.state == SENT for m in messages):
        return 0
    if any(m.state == "queued" for m in messages):
        print(_("Messages not sent yet stay queued: run this command again later (or add --wait MINUTES)."),
              file=sys.stderr)
    return 1


def _message_json(m: OutboxMessage) -> dict[str, Any]:
    return {"id": m.id, "credential": m.credential_uuid, "learner": m.learner_name, "course": m.course_title,
            "address": m.address, "language": m.language, "state": m.state, "attempts": m.attempts,
            "last_error": m.last_error, "next_attempt_at": m.next_attempt_at, "sent_at": m.sent_at,
            "message_id": m.message_id, "created_at": m.created_at}


def cmd_outbox(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args)
    course_id = catalogue.courses.require(args.course).id if args.course else None
    messages = outbox_of(catalogue).messages(course_id=course_id)
    if args.json:
        print_json([_message_json(m) for m in messages])
        return 0
    if not messages:
        print(_("The outbox is empty. Send credentials with: microcred send --course CODE --all-issued"))
        return 0
    print_table([_("Learner"), _("Address"), _("State"), _("Attempts"), _("Last error")],
                [[m.learner_name, m.address, state_text(m), m.attempts, "" if m.state == SENT else m.last_error]
                 for m in messages])
    return 0


def register(commands: Any) -> None:
    smtp = commands.add_parser("smtp", help=_("the mail server that sends learners their credentials"))
    sub = smtp.add_subparsers(dest="smtp_command", required=True, metavar=_("ACTION"))
    p = sub.add_parser("set", help=_("set the mail server (the password goes to the OS keychain)"))
    p.add_argument("--host", required=True, help=_("the mail server's name, e.g. smtp.example.org"))
    p.add_argument("--port", type=int, help=_("port (default: 587 for starttls, 465 for tls, 25 for none)"))
    p.add_argument("--security", choices=SECURITY, default="starttls", help=_("encryption of the connection"))
    p.add_argument("--user", help=_("user name, when the server asks for one"))
    p.add_argument("--password-file", help=_("a file holding the password (else it is asked)"))
    p.add_argument("--sender", required=True, help=_('who the messages come from: "Name <address>"'))
    p.add_argument("--timeout", type=float, default=30.0, help=_("seconds to wait for the server"))
    p.set_defaults(handler=cmd_smtp_set)
    p = sub.add_parser("show", help=_("show the mail server settings"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_smtp_show)
    p = sub.add_parser("test", help=_("send a test message"))
    p.add_argument("--to", required=True, metavar=_("ADDRESS"))
    p.set_defaults(handler=cmd_smtp_test)

    p = commands.add_parser("send", help=_("e-mail learners their certificate, credential and badge"))
    p.add_argument("--course", required=True, help=_("course code"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all-issued", action="store_true", help=_("every current credential of the course"))
    which.add_argument("--credential", nargs="+", action="extend", metavar="ID", help=_("these credentials"))
    p.add_argument("--resend", action="store_true", help=_("send again to learners who already got it"))
    p.add_argument("--wait", type=float, default=0.0, metavar=_("MINUTES"),
                   help=_("keep retrying this long while the mail server cannot be reached"))
    p.set_defaults(handler=cmd_send)

    p = commands.add_parser("outbox", help=_("the e-mail queue: per message its state and last error"))
    p.add_argument("--course", help=_("only this course"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_outbox)
