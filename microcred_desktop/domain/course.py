"""The micro-credential specification: a course with every element of Annex I of the
Council Recommendation on micro-credentials (2022)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from gettext import gettext as _

from .errors import Problem
from .langmap import LangMap, pick


class Mode(StrEnum):
    """Form of participation: how the learning took place."""

    ONLINE = "online"
    PRESENTIAL = "presential"
    BLENDED = "blended"


class Setting(StrEnum):
    """Learning setting."""

    FORMAL = "formal"
    NON_FORMAL = "non-formal"


class Supervision(StrEnum):
    """Supervision and identity verification during assessment."""

    UNSUPERVISED = "unsupervised"
    SUPERVISED = "supervised"
    SUPERVISED_WITH_ID = "supervised-with-id"


class AchievementKind(StrEnum):
    """What the credential recognises."""

    COURSE = "course"
    VOLUNTEERING = "volunteering"
    PARTICIPATION = "participation"


@dataclass(frozen=True)
class LearningOutcome:
    """One learning outcome, its text per language, optionally tied to an ESCO skill."""

    text: LangMap
    esco: str | None = None


@dataclass(frozen=True)
class Course:
    """A micro-credential specification. Coded values hold EU vocabulary URIs."""

    code: str
    title: LangMap
    languages: tuple[str, ...]
    description: LangMap = field(default_factory=dict)
    learning_outcomes: tuple[LearningOutcome, ...] = ()
    ects: Decimal | None = None
    hours: Decimal | None = None
    eqf_level: int | None = None
    nqf_level: str | None = None
    isced_f: str | None = None
    assessment: str | None = None
    mode: Mode | None = None
    setting: Setting | None = None
    quality_assurance: LangMap = field(default_factory=dict)
    prerequisites: LangMap = field(default_factory=dict)
    supervision: Supervision | None = None
    grading: LangMap = field(default_factory=dict)
    stacks_into: LangMap = field(default_factory=dict)
    further_information: LangMap = field(default_factory=dict)
    validity_months: int | None = None
    kind: AchievementKind = AchievementKind.COURSE
    id: int | None = None

    def title_in(self, lang: str) -> str:
        return pick(self.title, (lang, *self.languages))

    @property
    def main_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    def annex_problems(self) -> list[Problem]:
        """The mandatory Annex I elements this course lacks (empty when it can be issued)."""
        problems: list[Problem] = []

        def need(ok: object, key: str, what: str) -> None:
            if not ok:
                problems.append(Problem(key, what))

        need(self.code.strip(), "code", _("A course code is required."))
        need(self.languages, "languages", _("At least one teaching language is required."))
        for lang in self.languages:
            need(self.title.get(lang), "title", _("The title is missing in language '{lang}'.").format(lang=lang))
        need(self.learning_outcomes, "learning_outcomes", _("At least one learning outcome is required."))
        need(
            self.ects is not None or self.hours is not None,
            "ects",
            _("The workload is required: ECTS credits, hours, or both."),
        )
        need(self.assessment, "assessment", _("The type of assessment is required."))
        need(self.mode, "mode", _("The form of participation (online, presential or blended) is required."))
        need(self.setting, "setting", _("The learning setting (formal or non-formal) is required."))
        need(self.quality_assurance, "quality_assurance", _("The type of quality assurance is required."))
        return problems
