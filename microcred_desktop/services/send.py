"""Sending learners their files: queue a course's issued credentials, then send what is due.

`queue_credentials` puts one message per credential in the outbox (storage/outbox.py) and lists the
learners it cannot write to. `send_due` sends the queued messages whose time has come over one SMTP
connection, each marked sent right after the server accepts it; a network that is down leaves them
queued with back-off; a wrong password or a refused sender stops the batch with a plain error and
keeps every message queued. Both take plain data, a progress callback and a cancel flag, no Qt.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from ..domain.course import Course
from ..domain.errors import UserError
from ..domain.issued import IssuedCredential
from ..domain.learner import is_email
from ..i18n import _, ngettext
from ..storage.catalogue import Catalogue
from ..storage.outbox import OutboxMessage, outbox_of
from .mail import (
    SmtpAccount,
    SmtpProblem,
    SmtpSettings,
    build_message,
    close,
    connect,
    credential_attachments,
    new_message_id,
    send_failure,
)
from .mail_templates import fill, setting_key, template_for

Progress = Callable[[int, int, str], None]
Connector = Callable[[SmtpAccount], smtplib.SMTP]


def _cancelled(cancel: Any) -> bool:
    if cancel is None:
        return False
    return bool(cancel()) if callable(cancel) else bool(cancel)


@dataclass
class QueueResult:
    messages: list[OutboxMessage] = field(default_factory=list)  # this batch, in roster order
    already_sent: list[OutboxMessage] = field(default_factory=list)  # not queued again (no `force`)
    without_email: list[IssuedCredential] = field(default_factory=list)  # learner has no usable address
    revoked: list[IssuedCredential] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [m.id for m in self.messages]


def issued_for_course(catalogue: Catalogue, course: Course) -> list[IssuedCredential]:
    """The current credential of each completion of `course` (not revoked, the newest), in roster order."""
    assert course.id is not None
    newest: dict[tuple[int, Any], IssuedCredential] = {}
    for record in catalogue.issued.search(course_id=course.id, limit=10_000_000):  # newest first
        if not record.revoked:
            newest.setdefault((record.learner_id, record.completion_date), record)
    return in_roster_order(catalogue, course, newest.values())


def in_roster_order(catalogue: Catalogue, course: Course,
                    records: Iterable[IssuedCredential]) -> list[IssuedCredential]:
    """Family then given name, as the roster lists the course's completions."""
    assert course.id is not None
    rank = {(v.learner.id, v.award.completion_date): i
            for i, v in enumerate(catalogue.completions.for_course(course.id))}
    return sorted(records, key=lambda r: (rank.get((r.learner_id, r.completion_date), len(rank)), r.learner_name))


def credentials_of(catalogue: Catalogue, course: Course, uuids: Sequence[str]) -> list[IssuedCredential]:
    """The named credentials of `course`, in roster order; a UserError names any that is not one."""
    found = []
    for uuid in uuids:
        record = catalogue.issued.get(uuid.strip())
        if record is None or record.course_id != course.id:
            raise UserError(_("There is no issued credential {id} of the course {code}.").format(
                id=uuid, code=course.code), _("See the ids with: microcred outbox, or on the Issued page."))
        found.append(record)
    return in_roster_order(catalogue, course, found)


def queue_credentials(catalogue: Catalogue, settings: SmtpSettings, records: Sequence[IssuedCredential], *,
                      force: bool = False, now: datetime | None = None) -> QueueResult:
    """One message per credential to its learner, in the course's language; never a second unless `force`."""
    outbox = outbox_of(catalogue)
    result = QueueResult()
    courses: dict[int, Course | None] = {}
    for record in records:
        if record.revoked:
            result.revoked.append(record)
            continue
        learner = catalogue.learners.get(record.learner_id)
        address = (learner.email or "").strip() if learner else ""
        if not is_email(address):
            result.without_email.append(record)
            continue
        if record.course_id not in courses:
            courses[record.course_id] = catalogue.courses.by_id(record.course_id)
        course = courses[record.course_id]
        language = course.main_language if course else "en"
        outcome = outbox.queue(record.uuid, record.learner_id, address, language, new_message_id(settings),
                               force=force, now=now)
        if outcome.outcome == "already_sent":
            result.already_sent.append(outcome.message)
        else:
            result.messages.append(outcome.message)
    return result


def queue_course(catalogue: Catalogue, settings: SmtpSettings, code: str, uuids: Sequence[str] | None = None, *,
                 force: bool = False, now: datetime | None = None) -> QueueResult:
    """Queue every current credential of the course `code` (or the named ones)."""
    course = catalogue.courses.require(code)
    records = credentials_of(catalogue, course, uuids) if uuids else issued_for_course(catalogue, course)
    if not records:
        raise UserError(_("No credentials of the course {code} have been issued yet.").format(code=course.code),
                        _("Issue them first, then send them."))
    return queue_credentials(catalogue, settings, records, force=force, now=now)


@dataclass
class SendSummary:
    sent: list[OutboxMessage] = field(default_factory=list)
    retrying: list[OutboxMessage] = field(default_factory=list)  # queued again, with back-off
    failed: list[tuple[OutboxMessage, str]] = field(default_factory=list)  # refused for good
    cancelled: int = 0
    problem: str = ""  # why the server could not be used at all, when it could not

    @property
    def all_sent(self) -> bool:
        return not (self.retrying or self.failed or self.cancelled)

    def line(self) -> str:
        parts = [ngettext("{n} message sent", "{n} messages sent", len(self.sent)).format(n=len(self.sent))]
        if self.retrying:
            parts.append(ngettext("{n} will be retried", "{n} will be retried", len(self.retrying)).format(
                n=len(self.retrying)))
        if self.failed:
            parts.append(ngettext("{n} failed", "{n} failed", len(self.failed)).format(n=len(self.failed)))
        if self.cancelled:
            parts.append(ngettext("{n} cancelled", "{n} cancelled", self.cancelled).format(n=self.cancelled))
        text = ", ".join(parts)
        return f"{text}. {self.problem}" if self.problem else text


class _Composer:
    """Messages for outbox rows; the organisation, courses and templates read once per batch."""

    def __init__(self, catalogue: Catalogue, settings: SmtpSettings) -> None:
        self.catalogue = catalogue
        self.settings = settings
        self.organisation = catalogue.organisation()
        self._courses: dict[int, Course | None] = {}

    def compose(self, message: OutboxMessage) -> EmailMessage:
        record = self.catalogue.issued.get(message.credential_uuid)
        if record is None:
            raise UserError(_("The credential {id} is no longer in the catalogue.").format(id=message.credential_uuid))
        if record.revoked:
            raise UserError(_("The credential was revoked, so it is not sent."))
        if record.course_id not in self._courses:
            self._courses[record.course_id] = self.catalogue.courses.by_id(record.course_id)
        course = self._courses[record.course_id]
        lang = message.language
        org = self.organisation
        text = fill(template_for(self.catalogue.setting(setting_key(lang)), lang), lang,
                    learner=record.learner_name, course=course.title_in(lang) if course else record.course_title,
                    organisation=org.name_in(lang) if org else self.settings.sender_name)
        return build_message(self.settings, to_name=record.learner_name, to_address=message.address,
                             subject=text.subject, body=text.body, language=lang, message_id=message.message_id,
                             attachments=credential_attachments(record), reply_to=org.email if org else "")


def send_due(catalogue: Catalogue, account: SmtpAccount, *, only: Sequence[int] | None = None,
             progress: Progress | None = None, cancel: Any = None, now: datetime | None = None,
             connector: Connector = connect) -> SendSummary:
    """Send the queued messages that are due (only those of `only` when given), in queue order.

    Cancel stops between messages; the batch's unsent messages become "cancelled". A wrong password or
    a refused sender raises a `SmtpProblem` after keeping every message queued.
    """
    def clock() -> datetime:
        return now or datetime.now(UTC)

    outbox = outbox_of(catalogue)
    recover_after_crash(catalogue, clock())
    due = outbox.due(clock(), only)
    summary = SendSummary()
    composer = _Composer(catalogue, account.settings)
    conn: smtplib.SMTP | None = None
    total = len(due)
    try:
        for index, message in enumerate(due):
            if _cancelled(cancel):
                summary.cancelled = outbox.cancel(m.id for m in due[index:])
                break
            if progress:
                progress(index, total, message.learner_name)
            if conn is None:
                try:
                    conn = connector(account)
                except SmtpProblem as unusable:
                    rest = [m.id for m in due[index:]]
                    if not unusable.transient:
                        outbox.release(rest, unusable.message)
                        raise
                    outbox.mark_retry(rest, unusable.message, clock())
                    summary.retrying += due[index:]
                    summary.problem = unusable.message
                    break
            if not outbox.claim(message.id, clock()):
                continue  # another process took it
            try:
                email = composer.compose(message)
            except UserError as error:
                outbox.mark_failed(message.id, error.message)
                summary.failed.append((message, error.message))
                continue
            try:
                conn.send_message(email)
            except smtplib.SMTPSenderRefused as exc:
                problem = SmtpProblem(
                    _("The mail server does not accept messages from {sender}.").format(sender=exc.sender),
                    _("Check the sender address in Settings → E-mail; nothing was sent and nothing is lost."))
                outbox.release([m.id for m in due[index:]], problem.message)
                raise problem from exc
            except (smtplib.SMTPException, OSError) as exc:
                reason, permanent = send_failure(exc, message.address)
                if permanent:
                    outbox.mark_failed(message.id, reason)
                    summary.failed.append((message, reason))
                else:
                    outbox.mark_retry([message.id], reason, clock())
                    summary.retrying.append(message)
                if not isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
                    close(conn)  # the connection broke: the next message opens a new one
                    conn = None
                continue
            outbox.mark_sent(message.id, clock())
            summary.sent.append(message)
    finally:
        close(conn)
    if progress:
        progress(total, total, "")
    return summary


def recover_after_crash(catalogue: Catalogue, now: datetime | None = None) -> int:
    """At start: messages a crashed process left "sending" go back to the queue once their lease ran out."""
    return outbox_of(catalogue).recover_interrupted(
        _("The app stopped while sending; sent again with the same Message-ID."), now)


def state_text(message: OutboxMessage) -> str:
    """The state of a message in a few words, times in local time."""
    def at(moment: datetime | None) -> str:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""

    if message.state == "sent":
        return _("Sent {time}").format(time=at(message.sent_at))
    if message.state == "queued" and message.attempts and message.next_attempt_at:
        return _("Waiting to retry at {time}").format(time=at(message.next_attempt_at))
    return {"queued": _("Queued"), "sending": _("Sending"), "failed": _("Failed"),
            "cancelled": _("Cancelled")}.get(message.state, message.state)
