"""Courses: the micro-credential specifications of the organisation."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ..domain.course import Course
from ..domain.errors import UserError
from ..i18n import _
from .audit import AuditLog
from .convert import course_from_row, course_values, fold
from .models import CompletionRow, CourseRow


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class CourseRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditLog) -> None:
        self._sessions = sessions
        self._audit = audit

    def add(self, course: Course) -> Course:
        with self._sessions.begin() as session:
            if session.scalar(select(CourseRow.id).where(CourseRow.code == course.code)):
                raise UserError(
                    _("A course with the code {code} already exists.").format(code=course.code),
                    _("Choose another code, or edit the existing course."),
                )
            row = CourseRow(**course_values(course), created_at=_now(), updated_at=_now())
            session.add(row)
            session.flush()
            self._audit.record(session, "course.create", course.code)
            return course_from_row(row)

    def update(self, course: Course) -> Course:
        if course.id is None:
            raise ValueError("update needs a stored course")
        with self._sessions.begin() as session:
            row = session.get(CourseRow, course.id)
            if row is None:
                raise UserError(_("This course no longer exists."))
            clash = session.scalar(
                select(CourseRow.id).where(CourseRow.code == course.code, CourseRow.id != course.id)
            )
            if clash:
                raise UserError(_("A course with the code {code} already exists.").format(code=course.code))
            for key, value in course_values(course).items():
                setattr(row, key, value)
            row.updated_at = _now()
            self._audit.record(session, "course.update", course.code)
            return course_from_row(row)

    def all(self, text: str = "") -> list[Course]:
        with self._sessions() as session:
            rows = session.scalars(select(CourseRow).order_by(CourseRow.code)).all()
            courses = [course_from_row(r) for r in rows]
        if text:
            wanted = fold(text)
            courses = [c for c in courses if wanted in fold(" ".join([c.code, *c.title.values()]))]
        return courses

    def get(self, code: str) -> Course | None:
        with self._sessions() as session:
            row = session.scalars(select(CourseRow).where(CourseRow.code == code)).first()
            return course_from_row(row) if row else None

    def require(self, code: str) -> Course:
        course = self.get(code)
        if course is None:
            raise UserError(
                _("There is no course with the code {code}.").format(code=code),
                _("See the codes with: microcred course list"),
            )
        return course

    def by_id(self, course_id: int) -> Course | None:
        with self._sessions() as session:
            row = session.get(CourseRow, course_id)
            return course_from_row(row) if row else None

    def completion_counts(self) -> dict[int, int]:
        with self._sessions() as session:
            rows = session.execute(
                select(CompletionRow.course_id, func.count()).group_by(CompletionRow.course_id)
            ).all()
            return {course_id: count for course_id, count in rows}

    def delete(self, course_id: int) -> None:
        """Delete a course nobody has completed yet (a draft)."""
        with self._sessions.begin() as session:
            row = session.get(CourseRow, course_id)
            if row is None:
                return
            if session.scalar(select(CompletionRow.id).where(CompletionRow.course_id == course_id).limit(1)):
                raise UserError(_("This course has completions and cannot be deleted."))
            self._audit.record(session, "course.delete", row.code)
            session.delete(row)
