"""The e-mail outbox: one row per message to one learner with one credential's files.

Plain database state, so it survives a restart. A message's life:

    queued ──claim──> sending ──SMTP accepted──> sent
       ^                 │
       └── retry later ──┤ (network down, server busy: attempts + 1, next_attempt_at = now + back-off)
                         └──> failed (the server refused this message for good; only a user re-queues it)
    queued ──user cancels──> cancelled

Never twice: `queue` refuses a credential that was already sent unless `force`; `claim` is one
conditional UPDATE, so two processes cannot both take a message; the row is marked sent in its own
commit right after the server accepts. A claim holds a lease (`next_attempt_at` while sending): a
process that died while sending leaves the row in "sending" until the lease runs out, then
`recover_interrupted` puts it back in the queue. That one message may reach the learner twice if the
process died in the moment between the server's "accepted" and our commit; it is re-sent with the
same Message-ID, which mail systems use to drop duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from .audit import AuditLog
from .models import IssuedCredentialRow, LearnerRow, OutboxRow

if TYPE_CHECKING:
    from .catalogue import Catalogue

QUEUED, SENDING, SENT, FAILED, CANCELLED = "queued", "sending", "sent", "failed", "cancelled"
STATES = (QUEUED, SENDING, SENT, FAILED, CANCELLED)
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 3600
LEASE = timedelta(minutes=5)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: 30 s, 1 min, 2 min, 4 min … at most 1 h."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, LONGEST_RETRY_SECONDS))


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _now(now: datetime | None) -> datetime:
    return _naive(now or datetime.now(UTC))


@dataclass(frozen=True)
class OutboxMessage:
    """One message as the lists show it."""

    id: int
    credential_uuid: str
    learner_id: int
    learner_name: str
    course_title: str
    address: str
    language: str
    state: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    sent_at: datetime | None
    message_id: str
    created_at: datetime

    @property
    def waiting_to_retry(self) -> bool:
        return self.state == QUEUED and self.attempts > 0


@dataclass(frozen=True)
class QueueOutcome:
    """What `queue` did: "queued" (new), "requeued" (a failed or cancelled one again),
    "waiting" (already in the queue) or "already_sent" (refused: sent before, not forced)."""

    message: OutboxMessage
    outcome: str


def _message(row: OutboxRow, learner: LearnerRow | None, credential: IssuedCredentialRow | None) -> OutboxMessage:
    created = _aware(row.created_at)
    assert created is not None
    return OutboxMessage(
        id=row.id, credential_uuid=row.credential_uuid, learner_id=row.learner_id,
        learner_name=credential.learner_name if credential else (
            f"{learner.given_name} {learner.family_name}" if learner else ""),
        course_title=credential.course_title if credential else "", address=row.address, language=row.language,
        state=row.state, attempts=row.attempts, last_error=row.last_error,
        next_attempt_at=_aware(row.next_attempt_at), sent_at=_aware(row.sent_at), message_id=row.message_id,
        created_at=created)


class OutboxRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditLog) -> None:
        self._sessions = sessions
        self._audit = audit

    # reading ----------------------------------------------------------------------------------
    def _select(self):  # type: ignore[no-untyped-def]
        return (select(OutboxRow, LearnerRow, IssuedCredentialRow)
                .join(LearnerRow, OutboxRow.learner_id == LearnerRow.id)
                .join(IssuedCredentialRow, OutboxRow.credential_uuid == IssuedCredentialRow.uuid))

    def _fetch(self, session: Session, query) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
        return [_message(o, learner, cred) for o, learner, cred in session.execute(query).all()]

    def get(self, message_id: int) -> OutboxMessage | None:
        with self._sessions() as session:
            found = self._fetch(session, self._select().where(OutboxRow.id == message_id))
            return found[0] if found else None

    def messages(self, ids: Iterable[int] | None = None, course_id: int | None = None,
                 credential_uuids: Iterable[str] | None = None, limit: int = 5000) -> list[OutboxMessage]:
        """Messages for display, oldest first (the order they were queued: roster order within a batch)."""
        query = self._select().order_by(OutboxRow.id)
        if ids is not None:
            query = query.where(OutboxRow.id.in_(list(ids)))
        if course_id is not None:
            query = query.where(IssuedCredentialRow.course_id == course_id)
        if credential_uuids is not None:
            query = query.where(OutboxRow.credential_uuid.in_(list(credential_uuids)))
        with self._sessions() as session:
            return self._fetch(session, query.limit(limit))

    def latest(self, credential_uuids: Iterable[str]) -> dict[str, OutboxMessage]:
        """The newest message of each credential that has one."""
        latest: dict[str, OutboxMessage] = {}
        for message in self.messages(credential_uuids=credential_uuids):
            latest[message.credential_uuid] = message  # ordered by id: the last one wins
        return latest

    def due(self, now: datetime | None = None, only: Sequence[int] | None = None) -> list[OutboxMessage]:
        """Queued messages whose time has come, in queue order."""
        moment = _now(now)
        query = self._select().where(OutboxRow.state == QUEUED).where(
            (OutboxRow.next_attempt_at.is_(None)) | (OutboxRow.next_attempt_at <= moment)).order_by(OutboxRow.id)
        if only is not None:
            query = query.where(OutboxRow.id.in_(list(only)))
        with self._sessions() as session:
            return self._fetch(session, query)

    def next_retry(self, only: Sequence[int] | None = None) -> datetime | None:
        """When the earliest message that waits to be retried is due."""
        query = select(OutboxRow.next_attempt_at).where(
            OutboxRow.state == QUEUED, OutboxRow.next_attempt_at.is_not(None)).order_by(OutboxRow.next_attempt_at)
        if only is not None:
            query = query.where(OutboxRow.id.in_(list(only)))
        with self._sessions() as session:
            return _aware(session.scalars(query.limit(1)).first())

    # queueing ---------------------------------------------------------------------------------
    def queue(self, credential_uuid: str, learner_id: int, address: str, language: str, message_id: str, *,
              force: bool = False, now: datetime | None = None) -> QueueOutcome:
        """Put a credential's message in the queue; refuses one already sent unless `force`."""
        moment = _now(now)
        with self._sessions.begin() as session:
            rows = list(session.scalars(select(OutboxRow).where(OutboxRow.credential_uuid == credential_uuid)
                                        .order_by(OutboxRow.id)))
            active = [r for r in rows if r.state in (QUEUED, SENDING)]
            sent = [r for r in rows if r.state == SENT]
            if active:
                row, outcome = active[-1], "waiting"
                if row.state == QUEUED:  # asked again: try now, not at the back-off time
                    row.address, row.language, row.next_attempt_at = address, language, None
            elif sent and not force:
                row, outcome = sent[-1], "already_sent"
            elif rows and rows[-1].state in (FAILED, CANCELLED):
                row, outcome = rows[-1], "requeued"
                row.state, row.attempts, row.last_error, row.next_attempt_at = QUEUED, 0, "", None
                row.address, row.language = address, language
            else:
                row = OutboxRow(credential_uuid=credential_uuid, learner_id=learner_id, address=address,
                                language=language, state=QUEUED, attempts=0, last_error="", next_attempt_at=None,
                                sent_at=None, message_id=message_id, created_at=moment)
                session.add(row)
                outcome = "queued"
            session.flush()
            found = self._fetch(session, self._select().where(OutboxRow.id == row.id))
            return QueueOutcome(found[0], outcome)

    # sending ----------------------------------------------------------------------------------
    def claim(self, message_id: int, now: datetime | None = None) -> bool:
        """Take a queued message for sending (one conditional update: only one process wins)."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(OutboxRow).where(OutboxRow.id == message_id, OutboxRow.state == QUEUED)
                .values(state=SENDING, next_attempt_at=_now(now) + LEASE))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def mark_sent(self, message_id: int, now: datetime | None = None) -> None:
        with self._sessions.begin() as session:
            row = session.get(OutboxRow, message_id)
            assert row is not None
            row.state, row.sent_at, row.next_attempt_at, row.last_error = SENT, _now(now), None, ""
            row.attempts += 1
            self._audit.record(session, "credential.email", row.credential_uuid, address=row.address,
                               message_id=row.message_id)

    def mark_retry(self, message_ids: Iterable[int], reason: str, now: datetime | None = None) -> None:
        """A try that may work later (network down, server busy): back off and keep it queued."""
        moment = _now(now)
        with self._sessions.begin() as session:
            for message_id in message_ids:
                row = session.get(OutboxRow, message_id)
                if row is None or row.state not in (QUEUED, SENDING):
                    continue
                row.attempts += 1
                row.state, row.last_error = QUEUED, reason
                row.next_attempt_at = moment + retry_delay(row.attempts)

    def mark_failed(self, message_id: int, reason: str) -> None:
        """The server refused this message for good (a bad address, a missing file): no automatic retry."""
        with self._sessions.begin() as session:
            row = session.get(OutboxRow, message_id)
            assert row is not None
            row.attempts += 1
            row.state, row.last_error, row.next_attempt_at = FAILED, reason, None
            self._audit.record(session, "credential.email_failed", row.credential_uuid, address=row.address,
                               reason=reason)

    def release(self, message_ids: Iterable[int], reason: str) -> None:
        """Keep messages queued, untried, saying why they were not sent (wrong password, sender refused)."""
        with self._sessions.begin() as session:
            session.execute(update(OutboxRow).where(OutboxRow.id.in_(list(message_ids)),
                                                    OutboxRow.state.in_((QUEUED, SENDING)))
                            .values(state=QUEUED, last_error=reason, next_attempt_at=None))

    def cancel(self, message_ids: Iterable[int]) -> int:
        """Queued messages that will not be sent after all; returns how many."""
        with self._sessions.begin() as session:
            result = session.execute(update(OutboxRow).where(OutboxRow.id.in_(list(message_ids)),
                                                             OutboxRow.state == QUEUED)
                                     .values(state=CANCELLED, next_attempt_at=None))
            return int(result.rowcount)  # type: ignore[attr-defined]

    def recover_interrupted(self, reason: str, now: datetime | None = None, *, every: bool = False) -> int:
        """Put back in the queue messages whose sender died while sending (its lease ran out).

        `every=True` ignores the lease: only when no other process of this install can be sending.
        """
        query = update(OutboxRow).where(OutboxRow.state == SENDING)
        if not every:
            query = query.where(OutboxRow.next_attempt_at <= _now(now))
        with self._sessions.begin() as session:
            result = session.execute(query.values(state=QUEUED, next_attempt_at=None, last_error=reason))
            return int(result.rowcount)  # type: ignore[attr-defined]


def outbox_of(catalogue: Catalogue) -> OutboxRepository:
    """The catalogue's outbox (until the catalogue carries one itself)."""
    existing = getattr(catalogue, "outbox", None)
    return existing if isinstance(existing, OutboxRepository) else OutboxRepository(catalogue.sessions,
                                                                                    catalogue.audit)
