"""Trusted issuers: organisations whose signed issuer profile this install imported (see docs/trust-profile.md)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import UserError
from ..i18n import _
from .audit import AuditLog
from .convert import aware_utc, naive_utc
from .models import TrustedIssuerRow


@dataclass(frozen=True)
class TrustedIssuer:
    """One trusted organisation as plain data: who they are, their keys, what they revoked."""

    name: str
    legal_identifier: str
    country: str
    signer_did: str  # the current did:key, which signed the profile
    dids: tuple[str, ...]  # every did:key of theirs, current last
    seal_certificates: tuple[bytes, ...] = field(repr=False)  # DER
    revoked: dict[str, str]  # credential uuid -> reason
    issued_at: datetime  # when they made the profile (aware, UTC)
    profile: dict[str, Any] = field(default_factory=dict, repr=False)  # the signed file, as imported
    imported_at: datetime | None = None
    id: int | None = None


def _naive(moment: datetime) -> datetime:
    stored = naive_utc(moment)
    assert stored is not None
    return stored


def _aware(moment: datetime) -> datetime:
    read = aware_utc(moment)
    assert read is not None
    return read


def _issuer(row: TrustedIssuerRow) -> TrustedIssuer:
    return TrustedIssuer(
        id=row.id, name=row.name, legal_identifier=row.legal_identifier, country=row.country,
        signer_did=row.signer_did, dids=tuple(str(d) for d in row.dids or []),
        seal_certificates=tuple(base64.b64decode(c) for c in row.seal_certificates or []),
        revoked={str(k): str(v) for k, v in (row.revoked or {}).items()},
        issued_at=_aware(row.issued_at), profile=dict(row.profile or {}), imported_at=_aware(row.imported_at),
    )


class TrustRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditLog) -> None:
        self._sessions = sessions
        self._audit = audit

    def all(self) -> list[TrustedIssuer]:
        with self._sessions() as session:
            rows = session.scalars(select(TrustedIssuerRow).order_by(TrustedIssuerRow.name, TrustedIssuerRow.id))
            return [_issuer(r) for r in rows]

    def get(self, issuer_id: int) -> TrustedIssuer | None:
        with self._sessions() as session:
            row = session.get(TrustedIssuerRow, issuer_id)
            return _issuer(row) if row else None

    def sharing_keys(self, dids: tuple[str, ...]) -> TrustedIssuer | None:
        """The trusted issuer that already holds one of `dids` (an earlier profile of the same issuer)."""
        wanted = set(dids)
        return next((i for i in self.all() if wanted & set(i.dids)), None)

    def save(self, issuer: TrustedIssuer) -> TrustedIssuer:
        """Add the issuer, or replace the stored one with the same id; returns it as stored."""
        now = datetime.now(UTC)
        with self._sessions.begin() as session:
            row = session.get(TrustedIssuerRow, issuer.id) if issuer.id is not None else None
            if issuer.id is not None and row is None:
                raise UserError(_("That trusted issuer was removed meanwhile."))
            clash = session.scalars(select(TrustedIssuerRow).where(
                TrustedIssuerRow.signer_did == issuer.signer_did)).first()
            if clash is not None and clash is not row:
                session.delete(clash)  # the same key under an older entry: this profile supersedes it
                session.flush()
            created = row is None
            if row is None:
                row = TrustedIssuerRow()
                session.add(row)
            row.name = issuer.name
            row.legal_identifier = issuer.legal_identifier
            row.country = issuer.country
            row.signer_did = issuer.signer_did
            row.dids = list(issuer.dids)
            row.seal_certificates = [base64.b64encode(c).decode("ascii") for c in issuer.seal_certificates]
            row.revoked = dict(issuer.revoked)
            row.profile = dict(issuer.profile)
            row.issued_at = _naive(issuer.issued_at)
            row.imported_at = _naive(now)
            session.flush()
            self._audit.record(session, "trust.import" if created else "trust.update", issuer.name,
                               did=issuer.signer_did, keys=len(issuer.dids), revoked=len(issuer.revoked))
            return _issuer(row)

    def remove(self, issuer_id: int) -> TrustedIssuer:
        with self._sessions.begin() as session:
            row = session.get(TrustedIssuerRow, issuer_id)
            if row is None:
                raise UserError(_("There is no trusted issuer number {id}.").format(id=issuer_id),
                                _("List them with: microcred trust list"))
            removed = _issuer(row)
            session.delete(row)
            self._audit.record(session, "trust.remove", removed.name, did=removed.signer_did)
            return removed
