"""Realistic domain objects for tests: a Lithuanian vocational centre, a full Annex I course, learners."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from microcred_desktop.domain.course import (
    AchievementKind,
    Course,
    LearningOutcome,
    Mode,
    Setting,
    Supervision,
)
from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.domain.learner import Learner
from microcred_desktop.domain.organisation import Organisation

FIXED_NOW = datetime(2026, 11, 20, 10, 30, 0, tzinfo=UTC)
ASSESS_PRACTICAL = "http://data.europa.eu/snb/assessment/6a4db9f11d"
ISCED_COMPUTER_USE = "http://data.europa.eu/snb/isced-f/0611"


def organisation(**changes: object) -> Organisation:
    org = Organisation(
        legal_name={"en": "Kaunas Vocational Training Centre", "lt": "Kauno profesinio mokymo centras"},
        short_name="KPMC",
        legal_identifier="LT100001234",
        identifier_scheme="VAT",
        country="LT",
        address="Taikos pr. 1, LT-51321 Kaunas",
        website="https://kpmc.example.lt",
        email="info@kpmc.example.lt",
        signatory_name="Rūta Petrauskienė",
        signatory_title={"en": "Director", "lt": "Direktorė"},
        default_language="lt",
    )
    return replace(org, **changes)  # type: ignore[arg-type]


def course(**changes: object) -> Course:
    c = Course(
        code="WEB-101",
        title={"en": "Web accessibility basics", "lt": "Interneto prieinamumo pagrindai"},
        description={
            "en": "Make web pages usable by everyone, including people with disabilities.",
            "lt": "Kaip kurti visiems, ir neįgaliesiems, tinkamus tinklalapius.",
        },
        languages=("lt", "en"),
        learning_outcomes=(
            LearningOutcome(
                {"en": "Audit a web page against WCAG 2.2 level AA.",
                 "lt": "Įvertinti tinklalapį pagal WCAG 2.2 AA lygį."},
                esco="http://data.europa.eu/esco/skill/1f7d1b5f-7a0c-4f8f-9ad3-6a9a3c1c2d11",
            ),
            LearningOutcome({"en": "Fix common contrast and labelling faults.",
                             "lt": "Ištaisyti dažnas kontrasto ir žymėjimo klaidas."}),
        ),
        ects=Decimal("3"),
        hours=Decimal("80"),
        eqf_level=5,
        nqf_level="5",
        isced_f=ISCED_COMPUTER_USE,
        assessment=ASSESS_PRACTICAL,
        mode=Mode.BLENDED,
        setting=Setting.NON_FORMAL,
        quality_assurance={"en": "Internal quality assurance under ISO 9001.",
                           "lt": "Vidinis kokybės užtikrinimas pagal ISO 9001."},
        prerequisites={"en": "Basic HTML.", "lt": "HTML pagrindai."},
        supervision=Supervision.SUPERVISED_WITH_ID,
        grading={"en": "Pass / fail.", "lt": "Įskaityta / neįskaityta."},
        stacks_into={"en": "Counts towards the Web developer programme (30 ECTS).",
                     "lt": "Įskaitoma į Interneto kūrėjo programą (30 ECTS)."},
        further_information={"en": "https://kpmc.example.lt/web-101"},
        validity_months=36,
        kind=AchievementKind.COURSE,
        id=1,
    )
    return replace(c, **changes)  # type: ignore[arg-type]


def volunteering_course(**changes: object) -> Course:
    return course(
        code="VOL-YC",
        title={"lv": "Brīvprātīgais darbs jauniešu centrā", "en": "Volunteering at a youth centre"},
        description={"lv": "Atzīst brīvprātīgā darbā apgūto.", "en": "Recognises what volunteers learned."},
        languages=("lv",),
        learning_outcomes=(LearningOutcome({"lv": "Organizēt pasākumu jauniešiem.",
                                            "en": "Organise an event for young people."}),),
        ects=None, hours=Decimal("40"), eqf_level=None, nqf_level=None,
        setting=Setting.NON_FORMAL, mode=Mode.PRESENTIAL, kind=AchievementKind.VOLUNTEERING,
        quality_assurance={"lv": "Jauniešu centra iekšējā kvalitātes kontrole."},
        prerequisites={}, grading={}, stacks_into={}, further_information={}, supervision=Supervision.UNSUPERVISED,
        validity_months=None, id=2, **changes,
    )


def learner(**changes: object) -> Learner:
    person = Learner(
        given_name="Žydrūnė",
        family_name="Ąžuolaitė-Šimkienė",
        email="zydrune@example.lt",
        date_of_birth=date(1994, 3, 8),
        external_id="S-0001",
        id=1,
        uuid="3f1f5c4e-6b1a-4c7e-9d1e-1a2b3c4d5e6f",
    )
    return replace(person, **changes)  # type: ignore[arg-type]


def document(**changes: object) -> CredentialDocument:
    """A credential for the sample learner and course, issued at FIXED_NOW."""
    args: dict[str, object] = dict(
        uuid=UUID("6e9c1a7e-2f4b-4d39-8c1e-5b7a9d0c3e21"),
        learner_uuid=UUID("3f1f5c4e-6b1a-4c7e-9d1e-1a2b3c4d5e6f"),
        organisation=organisation(),
        learner=learner(),
        course=course(),
        completion_date=date(2026, 11, 14),
        issued_at=FIXED_NOW,
        grade=None,
    )
    args.update(changes)
    return CredentialDocument.create(**args)  # type: ignore[arg-type]
