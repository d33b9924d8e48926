"""Issued credentials: the record of every credential this install issued, and revocations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import UserError
from ..domain.issued import IssuedCredential
from ..i18n import _
from .audit import AuditLog
from .convert import aware_utc, fold, naive_utc
from .models import IssuedCredentialRow


def _issued(row: IssuedCredentialRow) -> IssuedCredential:
    issued_at = aware_utc(row.issued_at)
    assert issued_at is not None
    return IssuedCredential(
        id=row.id, uuid=row.uuid, learner_id=row.learner_id, course_id=row.course_id,
        completion_date=row.completion_date, issued_at=issued_at, folder=row.folder, files=dict(row.files),
        issuer_key_id=row.issuer_key_id, seal_key_id=row.seal_key_id, template=row.template,
        learner_name=row.learner_name, course_title=row.course_title, valid_until=aware_utc(row.valid_until),
        revoked_at=aware_utc(row.revoked_at), revocation_reason=row.revocation_reason,
    )


class IssuedRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditLog) -> None:
        self._sessions = sessions
        self._audit = audit

    def add(self, record: IssuedCredential) -> None:
        """Record a credential whose files are already complete on disk."""
        self.add_many([record])

    def add_many(self, records: Sequence[IssuedCredential]) -> None:
        """Record credentials whose files are already complete on disk, in one transaction."""
        with self._sessions.begin() as session:
            for record in records:
                session.add(IssuedCredentialRow(
                    uuid=record.uuid, learner_id=record.learner_id, course_id=record.course_id,
                    completion_date=record.completion_date, issued_at=naive_utc(record.issued_at),
                    valid_until=naive_utc(record.valid_until), folder=record.folder, files=record.files,
                    issuer_key_id=record.issuer_key_id, seal_key_id=record.seal_key_id, template=record.template,
                    learner_name=record.learner_name, course_title=record.course_title, revocation_reason="",
                ))
                self._audit.record(session, "credential.issue", record.uuid, learner=record.learner_name,
                                   course=record.course_title, folder=record.folder)

    def by_award(self, course_id: int) -> dict[tuple[int, date], list[IssuedCredential]]:
        """The course's issued credentials by (learner id, completion date), oldest first (a whole roster's
        in one query)."""
        awards: dict[tuple[int, date], list[IssuedCredential]] = {}
        with self._sessions() as session:
            rows = session.scalars(select(IssuedCredentialRow).where(IssuedCredentialRow.course_id == course_id)
                                   .order_by(IssuedCredentialRow.id))
            for row in rows:
                awards.setdefault((row.learner_id, row.completion_date), []).append(_issued(row))
        return awards

    def get(self, uuid: str) -> IssuedCredential | None:
        with self._sessions() as session:
            row = session.scalars(select(IssuedCredentialRow).where(IssuedCredentialRow.uuid == uuid)).first()
            return _issued(row) if row else None

    def search(self, text: str = "", course_id: int | None = None, offset: int = 0,
               limit: int = 500) -> list[IssuedCredential]:
        with self._sessions() as session:
            query = select(IssuedCredentialRow).order_by(IssuedCredentialRow.issued_at.desc(),
                                                         IssuedCredentialRow.id.desc())
            if course_id is not None:
                query = query.where(IssuedCredentialRow.course_id == course_id)
            rows = [_issued(r) for r in session.scalars(query)]
        if text:
            words = fold(text).split()
            rows = [r for r in rows if all(w in fold(f"{r.learner_name} {r.course_title} {r.uuid}") for w in words)]
        return rows[offset: offset + limit]

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count(IssuedCredentialRow.id))) or 0

    def revoke(self, uuid: str, reason: str, when: datetime | None = None) -> IssuedCredential:
        if not reason.strip():
            raise UserError(_("Say why the credential is revoked."), _("The reason is kept in the audit log."))
        with self._sessions.begin() as session:
            row = session.scalars(select(IssuedCredentialRow).where(IssuedCredentialRow.uuid == uuid)).first()
            if row is None:
                raise UserError(_("There is no issued credential with the id {id}.").format(id=uuid))
            if row.revoked_at is None:
                row.revoked_at = naive_utc(when or datetime.now(UTC))
                row.revocation_reason = reason.strip()
                self._audit.record(session, "credential.revoke", uuid, reason=reason.strip())
            return _issued(row)

    def revoked(self) -> dict[str, str]:
        """uuid -> reason, for every revoked credential."""
        with self._sessions() as session:
            rows = session.execute(select(IssuedCredentialRow.uuid, IssuedCredentialRow.revocation_reason)
                                   .where(IssuedCredentialRow.revoked_at.is_not(None))).all()
            return {uuid: reason for uuid, reason in rows}
