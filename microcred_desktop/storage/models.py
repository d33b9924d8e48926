"""The catalogue's tables (SQLAlchemy 2 ORM). Rows stay inside storage/; callers get domain objects."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class OrganisationRow(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    short_name: Mapped[str] = mapped_column(String(120))
    legal_identifier: Mapped[str] = mapped_column(String(80))
    identifier_scheme: Mapped[str] = mapped_column(String(40), default="")
    country: Mapped[str] = mapped_column(String(2))
    address: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    verify_url: Mapped[str] = mapped_column(String(300), default="")
    accent_colour: Mapped[str] = mapped_column(String(9), default="#1f5fa8")
    default_language: Mapped[str] = mapped_column(String(8), default="en")
    logo_file: Mapped[str] = mapped_column(String(200), default="")
    signature_file: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CourseRow(Base):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[dict[str, Any]] = mapped_column(JSON)
    description: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    languages: Mapped[list[Any]] = mapped_column(JSON)
    learning_outcomes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ects: Mapped[str | None] = mapped_column(String(12))  # Decimal as text: exact
    hours: Mapped[str | None] = mapped_column(String(12))
    eqf_level: Mapped[int | None] = mapped_column(Integer)
    nqf_level: Mapped[str | None] = mapped_column(String(40))
    isced_f: Mapped[str | None] = mapped_column(String(200))
    assessment: Mapped[str | None] = mapped_column(String(200))
    mode: Mapped[str | None] = mapped_column(String(20))
    setting: Mapped[str | None] = mapped_column(String(20))
    quality_assurance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prerequisites: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    supervision: Mapped[str | None] = mapped_column(String(30))
    grading: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    stacks_into: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    further_information: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    validity_months: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="course")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class LearnerRow(Base):
    __tablename__ = "learner"
    __table_args__ = (
        Index("ix_learner_sort", "family_name", "given_name"),
        Index("ix_learner_sort_key", "sort_key"),
        Index("ix_learner_email", "email"),
        Index("ix_learner_external_id", "external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(300))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    national_id: Mapped[str | None] = mapped_column(String(60))
    external_id: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")  # casefolded, accents removed
    sort_key: Mapped[str] = mapped_column(Text, default="")  # family then given name, in the catalogue's collation
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CompletionRow(Base):
    __tablename__ = "completion"
    __table_args__ = (UniqueConstraint("learner_id", "course_id", "completion_date", name="uq_completion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="RESTRICT"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="RESTRICT"), index=True)
    completion_date: Mapped[date] = mapped_column(Date)
    grade: Mapped[str | None] = mapped_column(String(60))
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SettingRow(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class KeyRow(Base):
    """A signing key's public half and metadata; the private half lives in the OS keychain."""

    __tablename__ = "signing_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # "issuer" | "seal"
    algorithm: Mapped[str] = mapped_column(String(10))
    did: Mapped[str | None] = mapped_column(String(120))
    certificate_chain: Mapped[list[Any]] = mapped_column(JSON, default=list)  # base64 DER, leaf first
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # SubjectPublicKeyInfo DER
    fingerprint: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(400), default="")
    not_after: Mapped[datetime | None] = mapped_column(DateTime)
    origin: Mapped[str] = mapped_column(String(20), default="generated")  # generated | imported | restored
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | retired
    storage: Mapped[str] = mapped_column(String(20), default="keychain")  # keychain | protected-file
    created_at: Mapped[datetime] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)


class IssuedCredentialRow(Base):
    """One issued credential: its ids, the digests of its files, the keys that signed it."""

    __tablename__ = "issued_credential"
    __table_args__ = (Index("ix_issued_award", "learner_id", "course_id", "completion_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="RESTRICT"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="RESTRICT"))
    completion_date: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    valid_until: Mapped[datetime | None] = mapped_column(DateTime)
    folder: Mapped[str] = mapped_column(Text)
    files: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # kind -> {"name", "sha256"}
    issuer_key_id: Mapped[str] = mapped_column(String(80))
    seal_key_id: Mapped[str] = mapped_column(String(80))
    template: Mapped[str] = mapped_column(String(40), default="formal")
    learner_name: Mapped[str] = mapped_column(String(400))
    course_title: Mapped[str] = mapped_column(String(400))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revocation_reason: Mapped[str] = mapped_column(Text, default="")


class TrustedIssuerRow(Base):
    """An issuer profile imported from another install: who they are and which keys are theirs."""

    __tablename__ = "trusted_issuer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    legal_identifier: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2), default="")
    signer_did: Mapped[str] = mapped_column(String(120), unique=True)  # the did:key that signed the profile
    dids: Mapped[list[Any]] = mapped_column(JSON, default=list)  # every did:key of theirs, current last
    seal_certificates: Mapped[list[Any]] = mapped_column(JSON, default=list)  # base64 DER
    revoked: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # credential uuid -> reason
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the signed profile as imported
    issued_at: Mapped[datetime] = mapped_column(DateTime)  # when they made the profile
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class OutboxRow(Base):
    """One e-mail to one learner with one credential's files: queued until sent, retried with back-off."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_state", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_uuid: Mapped[str] = mapped_column(ForeignKey("issued_credential.uuid", ondelete="RESTRICT"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="RESTRICT"))
    address: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(12), default="queued")  # queued | sending | sent | failed | cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    message_id: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
