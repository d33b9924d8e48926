"""Key records: the public halves of the organisation's signing keys, active and retired."""

from __future__ import annotations

import base64
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..domain.keys import KeyKind, KeyRecord, KeyStatus
from .audit import AuditLog
from .convert import aware_utc, naive_utc
from .models import KeyRow


def _record(row: KeyRow) -> KeyRecord:
    created = aware_utc(row.created_at)
    assert created is not None
    return KeyRecord(
        key_id=row.key_id,
        kind=KeyKind(row.kind),
        algorithm=row.algorithm,
        public_key_der=row.public_key,
        fingerprint=row.fingerprint,
        created_at=created,
        did=row.did,
        certificate_chain=tuple(base64.b64decode(c) for c in row.certificate_chain or []),
        subject=row.subject,
        not_after=aware_utc(row.not_after),
        origin=row.origin,
        status=KeyStatus(row.status),
        storage=row.storage,
        retired_at=aware_utc(row.retired_at),
    )


class KeyRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditLog) -> None:
        self._sessions = sessions
        self._audit = audit

    def add(self, record: KeyRecord, retire_others: bool = True, action: str = "key.create") -> None:
        """Store a new key; by default the other active keys of its kind become retired (still verifying)."""
        with self._sessions.begin() as session:
            if retire_others and record.active:
                self._retire_kind(session, record.kind, record.created_at)
            existing = session.scalars(select(KeyRow).where(KeyRow.key_id == record.key_id)).first()
            row = existing or KeyRow(key_id=record.key_id)
            row.kind = record.kind.value
            row.algorithm = record.algorithm
            row.did = record.did
            row.certificate_chain = [base64.b64encode(c).decode("ascii") for c in record.certificate_chain]
            row.public_key = record.public_key_der
            row.fingerprint = record.fingerprint
            row.subject = record.subject
            row.not_after = naive_utc(record.not_after)
            row.origin = record.origin
            row.status = record.status.value
            row.storage = record.storage
            row.created_at = naive_utc(record.created_at)  # type: ignore[assignment]
            row.retired_at = naive_utc(record.retired_at)
            if existing is None:
                session.add(row)
            self._audit.record(session, action, record.key_id, kind=record.kind.value, fingerprint=record.fingerprint,
                               did=record.did or "")

    def _retire_kind(self, session: Session, kind: KeyKind, when: datetime) -> None:
        for row in session.scalars(select(KeyRow).where(KeyRow.kind == kind.value, KeyRow.status == "active")):
            row.status = KeyStatus.RETIRED.value
            row.retired_at = naive_utc(when)
            self._audit.record(session, "key.retire", row.key_id, kind=kind.value)

    def all(self) -> list[KeyRecord]:
        with self._sessions() as session:
            return [_record(r) for r in session.scalars(select(KeyRow).order_by(KeyRow.created_at, KeyRow.id))]

    def active(self, kind: KeyKind) -> KeyRecord | None:
        with self._sessions() as session:
            row = session.scalars(
                select(KeyRow).where(KeyRow.kind == kind.value, KeyRow.status == "active").order_by(KeyRow.id.desc())
            ).first()
            return _record(row) if row else None

    def active_id(self, kind: str) -> str:
        record = self.active(KeyKind(kind))
        return record.key_id if record else ""

    def get(self, key_id: str) -> KeyRecord | None:
        with self._sessions() as session:
            row = session.scalars(select(KeyRow).where(KeyRow.key_id == key_id)).first()
            return _record(row) if row else None

    def by_did(self, did: str) -> KeyRecord | None:
        with self._sessions() as session:
            row = session.scalars(select(KeyRow).where(KeyRow.did == did)).first()
            return _record(row) if row else None

    def by_fingerprint(self, fingerprint: str) -> KeyRecord | None:
        with self._sessions() as session:
            row = session.scalars(select(KeyRow).where(KeyRow.fingerprint == fingerprint)).first()
            return _record(row) if row else None
