"""Rows to domain objects and back. Nothing outside storage/ sees a row."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from .. import collation
from ..domain.course import AchievementKind, Course, LearningOutcome, Mode, Setting, Supervision
from ..domain.learner import Learner
from ..domain.organisation import Organisation
from .models import CourseRow, LearnerRow, OrganisationRow


def naive_utc(moment: datetime | None) -> datetime | None:
    """What the database stores: UTC without a zone."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment and moment.tzinfo else moment


def aware_utc(moment: datetime | None) -> datetime | None:
    """What the rest of the app uses: UTC with its zone."""
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def fold(text: str) -> str:
    """Text for searching: case and accents ignored ("Žydrūnė" matches "zydrune")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _dec(value: str | None) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def course_from_row(row: CourseRow) -> Course:
    return Course(
        id=row.id,
        code=row.code,
        title=dict(row.title),
        description=dict(row.description or {}),
        languages=tuple(row.languages),
        learning_outcomes=tuple(
            LearningOutcome(dict(lo["text"]), lo.get("esco")) for lo in row.learning_outcomes or []
        ),
        ects=_dec(row.ects),
        hours=_dec(row.hours),
        eqf_level=row.eqf_level,
        nqf_level=row.nqf_level,
        isced_f=row.isced_f,
        assessment=row.assessment,
        mode=Mode(row.mode) if row.mode else None,
        setting=Setting(row.setting) if row.setting else None,
        quality_assurance=dict(row.quality_assurance or {}),
        prerequisites=dict(row.prerequisites or {}),
        supervision=Supervision(row.supervision) if row.supervision else None,
        grading=dict(row.grading or {}),
        stacks_into=dict(row.stacks_into or {}),
        further_information=dict(row.further_information or {}),
        validity_months=row.validity_months,
        kind=AchievementKind(row.kind),
    )


def course_values(course: Course) -> dict[str, Any]:
    return {
        "code": course.code,
        "title": dict(course.title),
        "description": dict(course.description),
        "languages": list(course.languages),
        "learning_outcomes": [
            {"text": dict(lo.text), **({"esco": lo.esco} if lo.esco else {})} for lo in course.learning_outcomes
        ],
        "ects": _text(course.ects),
        "hours": _text(course.hours),
        "eqf_level": course.eqf_level,
        "nqf_level": course.nqf_level,
        "isced_f": course.isced_f,
        "assessment": course.assessment,
        "mode": course.mode.value if course.mode else None,
        "setting": course.setting.value if course.setting else None,
        "quality_assurance": dict(course.quality_assurance),
        "prerequisites": dict(course.prerequisites),
        "supervision": course.supervision.value if course.supervision else None,
        "grading": dict(course.grading),
        "stacks_into": dict(course.stacks_into),
        "further_information": dict(course.further_information),
        "validity_months": course.validity_months,
        "kind": course.kind.value,
    }


def learner_from_row(row: LearnerRow) -> Learner:
    return Learner(
        id=row.id,
        uuid=row.uuid,
        given_name=row.given_name,
        family_name=row.family_name,
        email=row.email,
        date_of_birth=row.date_of_birth,
        national_id=row.national_id,
        external_id=row.external_id,
        notes=row.notes,
    )


def learner_values(learner: Learner) -> dict[str, Any]:
    return {
        "given_name": learner.given_name.strip(),
        "family_name": learner.family_name.strip(),
        "email": (learner.email or "").strip().lower() or None,
        "date_of_birth": learner.date_of_birth,
        "national_id": learner.national_id or None,
        "external_id": learner.external_id or None,
        "notes": learner.notes or "",
    }


def sort_key(family_name: str, given_name: str, lang: str = "en") -> str:
    """The key learners sort by: family then given name, in the alphabetical order of `lang`."""
    return collation.sort_key(f"{family_name} {given_name}", lang)


def search_text(row: LearnerRow) -> str:
    return fold(" ".join(x for x in (row.given_name, row.family_name, row.email, row.external_id) if x))


def organisation_from_row(row: OrganisationRow, logo: bytes | None, signature: bytes | None) -> Organisation:
    return Organisation(
        legal_name=dict(row.legal_name),
        short_name=row.short_name,
        legal_identifier=row.legal_identifier,
        identifier_scheme=row.identifier_scheme,
        country=row.country,
        address=row.address,
        website=row.website,
        email=row.email,
        signatory_name=row.signatory_name,
        signatory_title=dict(row.signatory_title or {}),
        verify_url=row.verify_url,
        accent_colour=row.accent_colour,
        default_language=row.default_language,
        logo_png=logo,
        signature_png=signature,
    )


def organisation_values(org: Organisation) -> dict[str, Any]:
    return {
        "legal_name": dict(org.legal_name),
        "short_name": org.short_name,
        "legal_identifier": org.legal_identifier,
        "identifier_scheme": org.identifier_scheme,
        "country": org.country.upper(),
        "address": org.address,
        "website": org.website,
        "email": org.email,
        "signatory_name": org.signatory_name,
        "signatory_title": dict(org.signatory_title),
        "verify_url": org.verify_url,
        "accent_colour": org.accent_colour,
        "default_language": org.default_language,
    }
