"""Learners and their completions (awards)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from ..domain.award import Award
from ..domain.course import Course
from ..domain.learner import Learner
from .audit import AuditLog
from .convert import course_from_row, fold, learner_from_row, learner_values, search_text, sort_key
from .models import CompletionRow, CourseRow, LearnerRow


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class UpsertCounts:
    created: int
    updated: int
    unchanged: int


def _match(session: Session, learner: Learner) -> LearnerRow | None:
    """The stored learner this one is: same external ID, else same e-mail, else the only one of that name
    (unless both birth dates, or both IDs, are known and differ)."""
    if learner.external_id:
        row = session.scalars(select(LearnerRow).where(LearnerRow.external_id == learner.external_id)).first()
        if row is not None:
            return row
    if learner.email:
        return session.scalars(select(LearnerRow).where(LearnerRow.email == learner.email.strip().lower())).first()
    # no e-mail and no stored ID: the same name, when exactly one learner has it and nothing tells them apart
    same = session.scalars(
        select(LearnerRow).where(
            LearnerRow.given_name == learner.given_name.strip(),
            LearnerRow.family_name == learner.family_name.strip(),
        ).limit(2)
    ).all()
    if len(same) != 1:
        return None
    row = same[0]
    if row.date_of_birth and learner.date_of_birth and row.date_of_birth != learner.date_of_birth:
        return None  # a namesake, not the same person
    if row.external_id and learner.external_id and row.external_id != learner.external_id:
        return None  # likewise: two IDs are two people
    return row


def _filtered(query, text: str):  # type: ignore[no-untyped-def]
    for word in fold(text).split():
        query = query.where(LearnerRow.search_text.contains(word, autoescape=True))
    return query


class LearnerRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditLog) -> None:
        self._sessions = sessions
        self._audit = audit
        self.sort_language = "en"

    def rekey(self, lang: str) -> int:
        """Sort keys for every learner in `lang`'s alphabetical order; returns how many changed."""
        self.sort_language = lang
        changed = 0
        with self._sessions.begin() as session:
            for row in session.scalars(select(LearnerRow)):
                key = sort_key(row.family_name, row.given_name, lang)
                if row.sort_key != key:
                    row.sort_key = key
                    changed += 1
        return changed

    def upsert_in(self, session: Session, learner: Learner) -> tuple[LearnerRow, str]:
        """Create or update inside the caller's transaction; returns the row and "created"/"updated"/"unchanged"."""
        values = learner_values(learner)
        row = session.get(LearnerRow, learner.id) if learner.id else _match(session, learner)
        if row is None:
            row = LearnerRow(**values, uuid=learner.uuid or str(uuid.uuid4()), created_at=_now(), updated_at=_now())
            row.search_text = search_text(row)
            row.sort_key = sort_key(row.family_name, row.given_name, self.sort_language)
            session.add(row)
            session.flush()
            return row, "created"
        changed = False
        for key, value in values.items():
            if key == "notes" and not value:
                continue  # an import without notes keeps the notes staff wrote
            if value is None and key in ("date_of_birth", "national_id", "external_id", "email"):
                continue
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
        if changed:
            row.updated_at = _now()
            row.search_text = search_text(row)
            row.sort_key = sort_key(row.family_name, row.given_name, self.sort_language)
        return row, "updated" if changed else "unchanged"

    def upsert_many(self, learners: Sequence[Learner], source: str = "") -> UpsertCounts:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with self._sessions.begin() as session:
            for learner in learners:
                counts[self.upsert_in(session, learner)[1]] += 1
            self._audit.record(session, "learners.import", source, **counts)
        return UpsertCounts(**counts)

    def save(self, learner: Learner) -> Learner:
        with self._sessions.begin() as session:
            row, state = self.upsert_in(session, learner)
            self._audit.record(session, f"learner.{state}", f"{row.given_name} {row.family_name}")
            return learner_from_row(row)

    def count(self, text: str = "") -> int:
        with self._sessions() as session:
            return session.scalar(_filtered(select(func.count(LearnerRow.id)), text)) or 0

    def page(self, text: str = "", offset: int = 0, limit: int = 200) -> list[Learner]:
        """One page of learners matching `text`, by family then given name."""
        with self._sessions() as session:
            query = _filtered(select(LearnerRow), text).order_by(LearnerRow.sort_key, LearnerRow.id)
            return [learner_from_row(r) for r in session.scalars(query.offset(offset).limit(limit))]

    def get(self, learner_id: int) -> Learner | None:
        with self._sessions() as session:
            row = session.get(LearnerRow, learner_id)
            return learner_from_row(row) if row else None

    def by_email(self, email: str) -> Learner | None:
        with self._sessions() as session:
            row = session.scalars(select(LearnerRow).where(LearnerRow.email == email.strip().lower())).first()
            return learner_from_row(row) if row else None

    def find(self, key: str) -> Learner | None:
        """By e-mail, external ID or uuid."""
        with self._sessions() as session:
            k = key.strip()
            row = session.scalars(
                select(LearnerRow).where(
                    or_(LearnerRow.email == k.lower(), LearnerRow.external_id == k, LearnerRow.uuid == k)
                )
            ).first()
            return learner_from_row(row) if row else None


@dataclass(frozen=True)
class CompletionView:
    """A completion with its learner and course, for lists and for issuing."""

    award: Award
    learner: Learner
    course: Course


class CompletionRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditLog) -> None:
        self._sessions = sessions
        self._audit = audit

    def add_in(self, session: Session, learner_id: int, course_id: int, day: date, grade: str | None,
               evidence: str = "") -> bool:
        """Record a completion inside the caller's transaction; False when it was already recorded."""
        row = session.scalars(
            select(CompletionRow).where(
                CompletionRow.learner_id == learner_id,
                CompletionRow.course_id == course_id,
                CompletionRow.completion_date == day,
            )
        ).first()
        if row is not None:
            if grade and row.grade != grade:
                row.grade = grade
            return False
        session.add(CompletionRow(learner_id=learner_id, course_id=course_id, completion_date=day, grade=grade,
                                  evidence=evidence, created_at=_now()))
        return True

    def for_course(self, course_id: int, text: str = "") -> list[CompletionView]:
        with self._sessions() as session:
            query = (
                select(CompletionRow, LearnerRow, CourseRow)
                .join(LearnerRow, CompletionRow.learner_id == LearnerRow.id)
                .join(CourseRow, CompletionRow.course_id == CourseRow.id)
                .where(CompletionRow.course_id == course_id)
                .order_by(LearnerRow.sort_key, CompletionRow.completion_date)
            )
            query = _filtered(query, text)
            return [
                CompletionView(
                    Award(c.learner_id, c.course_id, c.completion_date, c.grade, c.evidence, c.id),
                    learner_from_row(learner),
                    course_from_row(course),
                )
                for c, learner, course in session.execute(query).all()
            ]

    def count(self, course_id: int | None = None) -> int:
        with self._sessions() as session:
            query = select(func.count(CompletionRow.id))
            if course_id is not None:
                query = query.where(CompletionRow.course_id == course_id)
            return session.scalar(query) or 0
