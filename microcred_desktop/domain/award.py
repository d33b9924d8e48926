"""A completion: a learner who completed a course on a date, the fact a credential attests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Award:
    learner_id: int
    course_id: int
    completion_date: date
    grade: str | None = None
    evidence: str = ""
    id: int | None = None
