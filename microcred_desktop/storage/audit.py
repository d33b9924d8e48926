"""The audit log: who did what, when, to what — for every change that matters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .models import AuditRow


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]


class AuditLog:
    def __init__(self, sessions: sessionmaker[Session], actor: str) -> None:
        self._sessions = sessions
        self.actor = actor

    def record(self, session: Session, action: str, subject: str = "", **detail: Any) -> None:
        """Add an entry inside the caller's transaction, so it commits (or not) with the change."""
        session.add(
            AuditRow(
                at=datetime.now(UTC).replace(tzinfo=None),
                actor=self.actor,
                action=action,
                subject=subject[:300],
                detail=detail,
            )
        )

    def log(self, action: str, subject: str = "", **detail: Any) -> None:
        with self._sessions.begin() as session:
            self.record(session, action, subject, **detail)

    def entries(self, limit: int = 200, action_prefix: str = "") -> list[AuditEntry]:
        with self._sessions() as session:
            query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
            if action_prefix:
                query = query.where(AuditRow.action.startswith(action_prefix))
            return [AuditEntry(r.at, r.actor, r.action, r.subject, dict(r.detail)) for r in session.scalars(query)]
