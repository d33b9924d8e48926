"""The credential document: one credential as plain data, from which every format is derived."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from uuid import UUID

from .course import Course
from .learner import Learner
from .organisation import Organisation


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def utc_iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z and whole seconds, as the EDC and OB samples write times."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class CredentialDocument:
    """Everything one credential states. Formats are pure functions of it (plus a signer)."""

    uuid: UUID
    learner_uuid: UUID
    organisation: Organisation
    learner: Learner
    course: Course
    completion_date: date
    issued_at: datetime  # aware, UTC
    grade: str | None = None
    valid_until: datetime | None = None

    @classmethod
    def create(
        cls,
        *,
        uuid: UUID,
        learner_uuid: UUID,
        organisation: Organisation,
        learner: Learner,
        course: Course,
        completion_date: date,
        issued_at: datetime,
        grade: str | None = None,
    ) -> CredentialDocument:
        """A document whose expiry follows from the course's validity in months."""
        valid_until = None
        if course.validity_months:
            end = add_months(issued_at.astimezone(UTC).date(), course.validity_months)
            valid_until = datetime.combine(end, time(23, 59, 59), tzinfo=UTC)
        return cls(
            uuid=uuid,
            learner_uuid=learner_uuid,
            organisation=organisation,
            learner=learner,
            course=course,
            completion_date=completion_date,
            issued_at=issued_at.astimezone(UTC).replace(microsecond=0),
            grade=grade,
            valid_until=valid_until,
        )

    @property
    def edc_id(self) -> str:
        return f"urn:credential:{self.uuid}"

    @property
    def urn(self) -> str:
        return f"urn:uuid:{self.uuid}"

    @property
    def languages(self) -> tuple[str, ...]:
        return self.course.languages or ("en",)

    @property
    def issued_iso(self) -> str:
        return utc_iso(self.issued_at)

    @property
    def valid_until_iso(self) -> str | None:
        return utc_iso(self.valid_until) if self.valid_until else None

    def child_id(self, name: str) -> str:
        """A stable id for a node inside this credential (deterministic for the same uuid)."""
        return f"urn:epass:{name}:{self.uuid}"
