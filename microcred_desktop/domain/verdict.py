"""The answer of verification: one overall result and the checks behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNREADABLE = "unreadable"


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not-applicable"
    WARNING = "warning"


@dataclass(frozen=True)
class Check:
    """One check and one plain sentence about its result."""

    name: str
    status: CheckStatus
    message: str


@dataclass
class Verdict:
    """What verification of one input found."""

    source: str
    kind: str = ""  # "edc", "ob3", "pdf", "qr"
    checks: list[Check] = field(default_factory=list)
    unreadable_reason: str = ""
    content: dict[str, str] = field(default_factory=dict)  # learner, course, issuer, dates

    def add(self, name: str, passed: bool | None, message: str) -> None:
        """Record a check: True passed, False failed, None not applicable."""
        status = (
            CheckStatus.NOT_APPLICABLE
            if passed is None
            else CheckStatus.PASSED
            if passed
            else CheckStatus.FAILED
        )
        self.checks.append(Check(name, status, message))

    def warn(self, name: str, message: str) -> None:
        self.checks.append(Check(name, CheckStatus.WARNING, message))

    @property
    def outcome(self) -> Outcome:
        if self.unreadable_reason:
            return Outcome.UNREADABLE
        if any(c.status is CheckStatus.FAILED for c in self.checks):
            return Outcome.INVALID
        if not any(c.status is CheckStatus.PASSED for c in self.checks):
            return Outcome.UNREADABLE
        return Outcome.VALID

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "kind": self.kind,
            "outcome": self.outcome.value,
            "reason": self.unreadable_reason,
            "content": dict(self.content),
            "checks": [{"name": c.name, "status": c.status.value, "message": c.message} for c in self.checks],
        }
