"""Shared EDC test cases: one credential document per kind of course, built (and SHACL-checked) once."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from microcred_desktop.domain.course import (
    AchievementKind,
    Course,
    LearningOutcome,
    Mode,
    Setting,
    Supervision,
)
from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.formats.edc.build import build_edc
from microcred_desktop.formats.edc.placeholder import placeholder_image
from microcred_desktop.formats.edc.shapes import shape_report
from tests.factories import course, document, learner, organisation, volunteering_course

STANDARDS = Path(__file__).resolve().parents[3].parent / "shared" / "standards" / "edc"
SAMPLES = STANDARDS / "official-samples"
ATTENDANCE = "http://data.europa.eu/snb/assessment/7331eb4762"


def participation_course() -> Course:
    """A one-language webinar recognised by attendance, supervised without an ID check."""
    return course(
        code="WEB-WEBINAR",
        title={"en": "Accessible documents webinar"},
        description={"en": "A two-hour webinar on accessible PDF and office documents."},
        languages=("en",),
        learning_outcomes=(LearningOutcome({"en": "Tag headings and lists in an office document."}),),
        ects=None, hours=Decimal("2"), eqf_level=None, nqf_level=None,
        assessment=ATTENDANCE, mode=Mode.ONLINE, setting=Setting.NON_FORMAL,
        quality_assurance={"en": "Reviewed by the centre's methodology board."},
        prerequisites={}, grading={}, stacks_into={}, further_information={},
        supervision=Supervision.SUPERVISED, validity_months=None, kind=AchievementKind.PARTICIPATION,
    )


def minimal_course() -> Course:
    """Only the mandatory Annex I elements; English and Latvian, the Latvian texts partly missing."""
    return Course(
        code="MIN-1",
        title={"en": "Workplace first aid", "lv": "Pirmā palīdzība darba vietā"},
        languages=("lv", "en"),
        learning_outcomes=(LearningOutcome({"en": "Give first aid to an injured colleague."}),),
        hours=Decimal("7.50"),
        assessment="http://data.europa.eu/snb/assessment/6e6cb2cc78",
        mode=Mode.PRESENTIAL,
        setting=Setting.FORMAL,
        quality_assurance={"en": "Licensed by the State Education Quality Service."},
    )


def minimal_document() -> CredentialDocument:
    org = replace(organisation(country="LV", default_language="lv"),
                  legal_name={"lv": "Rīgas mācību centrs"}, short_name="RMC", identifier_scheme="",
                  address="", website="", email="", signatory_title={})
    person = learner(email=None, date_of_birth=None, given_name="Anna", family_name="Bērziņa")
    return document(course=minimal_course(), organisation=org, learner=person)


CASES: dict[str, Callable[[], CredentialDocument]] = {
    "bilingual-eqf": lambda: document(grade="9 (excellent)"),
    "volunteering": lambda: document(course=volunteering_course()),
    "participation": lambda: document(course=participation_course()),
    "minimal": minimal_document,
}


@cache
def case_document(name: str) -> CredentialDocument:
    return CASES[name]()


@cache
def images_for(name: str) -> dict[str, bytes]:
    doc = case_document(name)
    return {lang: placeholder_image(doc, lang) for lang in doc.languages}


def built(name: str) -> dict[str, Any]:
    """A fresh copy of the case's EDC (tests may mutate it)."""
    return json.loads(_built_json(name))


@cache
def _built_json(name: str) -> str:
    return json.dumps(build_edc(case_document(name), images_for(name)), ensure_ascii=False)


@cache
def report(name: str) -> tuple[str, ...]:
    """The SHACL report of the case's EDC: one pySHACL run per case for the whole session."""
    return tuple(shape_report(built(name)))


def official(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    return data


def nodes(value: Any) -> list[dict[str, Any]]:
    """Every JSON object inside `value`, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(nodes(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(nodes(item))
    return found
