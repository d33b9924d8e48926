"""A credential that was issued: its ids, its files and their digests, the keys that signed it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

FILE_KINDS = ("pdf", "edc", "edc_unsigned", "ob3", "ob3_png")


@dataclass(frozen=True)
class IssuedCredential:
    uuid: str
    learner_id: int
    course_id: int
    completion_date: date
    issued_at: datetime
    folder: str
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> {"name", "sha256"}
    issuer_key_id: str = ""
    seal_key_id: str = ""
    template: str = "formal"
    learner_name: str = ""
    course_title: str = ""
    valid_until: datetime | None = None
    revoked_at: datetime | None = None
    revocation_reason: str = ""
    id: int | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def path_of(self, kind: str) -> str:
        entry = self.files.get(kind)
        return f"{self.folder}/{entry['name']}" if entry else ""
