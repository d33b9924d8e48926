"""Learners, the people credentials are issued to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value))


@dataclass(frozen=True)
class Learner:
    given_name: str
    family_name: str
    email: str | None = None
    date_of_birth: date | None = None
    national_id: str | None = None
    external_id: str | None = None
    notes: str = ""
    id: int | None = None
    uuid: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name.strip(), self.family_name.strip()) if p)
