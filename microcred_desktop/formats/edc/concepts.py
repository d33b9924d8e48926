"""Coded values of the EDC as ELM Concepts: EU vocabulary terms with their scheme and labels."""

from __future__ import annotations

from typing import Any

from ...domain.course import AchievementKind, Course, Mode, Setting, Supervision
from ...vocabularies import Concept, by_uri, find

JSON = dict[str, Any]

GENERIC_PROFILE = "http://data.europa.eu/snb/credential/e34929035b"
ECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
COURSE_OPPORTUNITY = "http://data.europa.eu/snb/learning-opportunity/05053c1cbe"
ACTIVITY_VOLUNTEERING = "http://data.europa.eu/snb/learning-activity/59eaf34fab"
ACTIVITY_E_LEARNING = "http://data.europa.eu/snb/learning-activity/bf2e3a7bae"
ACTIVITY_CLASSROOM = "http://data.europa.eu/snb/learning-activity/ff436ea7c9"
ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
ESCO_SKILLS = "http://data.europa.eu/esco/concept-scheme/skills"

# Not in concepts.csv because no user ever picks them; URIs and labels as in the ELM vocabulary XSDs.
BASE64 = Concept("http://data.europa.eu/snb/encoding/6146cde7dd", "http://data.europa.eu/snb/encoding/25831c2",
                 {"en": "base64"})
PNG = Concept("http://publications.europa.eu/resource/authority/file-type/PNG",
              "http://publications.europa.eu/resource/authority/file-type", {"en": "PNG"})

# National qualification frameworks in concepts.csv, by the issuer's country: "<prefix> Level <n>".
NQF_PREFIX = {"LT": "LTQF", "LV": "LQF", "NL": "NLQF"}


class UnknownConcept(ValueError):
    """A coded value that the shipped vocabularies do not hold: a bug or corrupt catalogue data."""

    def __init__(self, vocabulary: str, value: object) -> None:
        super().__init__(f"no concept for {value!r} in vocabulary {vocabulary!r}")
        self.vocabulary = vocabulary
        self.value = value


def concept_json(concept: Concept) -> JSON:
    """An ELM Concept node: id, type, scheme and every label the app knows (en first)."""
    node: JSON = {
        "id": concept.uri,
        "type": "Concept",
        "inScheme": {"id": concept.scheme, "type": "ConceptScheme"},
    }
    if concept.labels:
        node["prefLabel"] = dict(concept.labels)
    return node


def required(vocabulary: str, value: str) -> Concept:
    """The concept of `vocabulary` whose URI, notation or label is `value`."""
    concept = find(vocabulary, value)
    if concept is None:
        raise UnknownConcept(vocabulary, value)
    return concept


def uri(value: str) -> Concept:
    """A concept the app ships, by URI."""
    concept = by_uri(value)
    if concept is None:
        raise UnknownConcept("*", value)
    return concept


def language(code: str) -> Concept:
    """The EU language authority concept of an ISO 639-1 code ("lt" -> .../language/LIT)."""
    return required("language", code)


def country(code: str) -> Concept:
    """The EU country authority concept of an ISO 3166-1 alpha-2 code ("LT" -> .../country/LTU)."""
    return required("country", code.upper())


def mode(value: Mode) -> Concept:
    return required("mode", value.value)


def setting(value: Setting) -> Concept:
    return required("setting", value.value)


def eqf(level: int) -> Concept:
    return required("eqf", str(level))


def isced(value: str) -> Concept:
    return required("isced-f", value)


def assessment(value: str) -> Concept:
    return required("assessment", value)


def supervision(value: Supervision) -> Concept | None:
    """The supervision-verification concept; None for "supervised without ID check", which has none."""
    if value is Supervision.SUPERVISED:
        return None
    return required("supervision", value.value)


def nqf(level: str | None, issuer_country: str) -> Concept | None:
    """The national framework level: a URI as is, or a bare level number in the issuer's framework."""
    if not level or not level.strip():
        return None
    level = level.strip()
    if "://" in level:
        return by_uri(level)
    prefix = NQF_PREFIX.get(issuer_country.upper())
    return find("nqf", f"{prefix} Level {level}") if prefix else None


def activity_types(course: Course) -> list[Concept]:
    """The learning activity types: volunteering, else how the course was taught."""
    if course.kind is AchievementKind.VOLUNTEERING:
        return [uri(ACTIVITY_VOLUNTEERING)]
    by_mode = {
        Mode.ONLINE: [ACTIVITY_E_LEARNING],
        Mode.PRESENTIAL: [ACTIVITY_CLASSROOM],
        Mode.BLENDED: [ACTIVITY_CLASSROOM, ACTIVITY_E_LEARNING],
    }
    return [uri(u) for u in by_mode.get(course.mode, [])] if course.mode else []


def esco_skill(value: str) -> JSON:
    """An ESCO skill as a Concept; labelled only when concepts.csv holds it (ESCO is not shipped)."""
    if not value.startswith(ESCO_SKILL_PREFIX):
        raise UnknownConcept("esco-skill", value)
    known = by_uri(value)
    return concept_json(known or Concept(value, ESCO_SKILLS, {}))
