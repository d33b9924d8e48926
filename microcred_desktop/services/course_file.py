"""The course file (docs/course-file.md): JSON describing one course with every Annex I element."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .. import vocabularies
from ..domain.course import AchievementKind, Course, LearningOutcome, Mode, Setting, Supervision
from ..domain.errors import Problem, UserError, ValidationError
from ..i18n import _

LANG_MAP_KEYS = ("title", "description", "quality_assurance", "prerequisites", "grading", "stacks_into",
                 "further_information")
KNOWN_KEYS = {
    "code", "title", "description", "learning_outcomes", "ects", "hours", "eqf_level", "nqf_level", "isced_f",
    "languages", "assessment", "mode", "setting", "quality_assurance", "prerequisites", "supervision", "grading",
    "stacks_into", "further_information", "validity_months", "kind",
}


class _Reader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(key, message))

    def lang_map(self, key: str, required: bool = False) -> dict[str, str]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, _("is required"))
            return {}
        if isinstance(value, str):
            self.fail(key, _('must be an object of texts by language, e.g. {"en": "…", "lt": "…"}'))
            return {}
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            self.fail(key, _('must be an object of texts by language, e.g. {"en": "…", "lt": "…"}'))
            return {}
        cleaned = {k.strip().lower(): v.strip() for k, v in value.items() if v.strip()}
        for lang in cleaned:
            if vocabularies.find("language", lang) is None:
                self.fail(key, _("'{lang}' is not a known language code").format(lang=lang))
        return cleaned

    def decimal(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(key, _("must be a number"))
            return None
        if not number.is_finite() or number <= 0 or number > 10000:
            self.fail(key, _("must be a number greater than 0"))
            return None
        return number

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key, _("must be a whole number from {low} to {high}").format(low=low, high=high))
            return None
        return value

    def concept(self, key: str, vocabulary: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        concept = vocabularies.find(vocabulary, str(value))
        if concept is None:
            self.fail(key, _("'{value}' is not a known value").format(value=value))
            return None
        return concept.uri

    def choice(self, key: str, enum: Any) -> Any:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = " | ".join(e.value for e in enum)
            self.fail(key, _("must be one of: {allowed}").format(allowed=allowed))
            return None


def parse_course(data: Any) -> Course:
    """A Course from the decoded JSON of a course file; every problem is reported with its key."""
    if not isinstance(data, dict):
        raise ValidationError(_("The course file must hold one JSON object."))
    r = _Reader(data)
    for key in sorted(set(data) - KNOWN_KEYS):
        r.fail(key, _("is not a known key"))
    code = data.get("code")
    if not isinstance(code, str) or not code.strip():
        r.fail("code", _("is required"))
        code = ""
    languages = data.get("languages")
    langs: list[str] = []
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        r.fail("languages", _('must be a list of language codes, e.g. ["lt", "en"]'))
    else:
        for lang in languages:
            if vocabularies.find("language", lang.strip().lower()) is None:
                r.fail("languages", _("'{lang}' is not a known language code").format(lang=lang))
            else:
                langs.append(lang.strip().lower())
    maps = {key: r.lang_map(key, required=key == "title") for key in LANG_MAP_KEYS}
    outcomes: list[LearningOutcome] = []
    raw_outcomes = data.get("learning_outcomes", [])
    if not isinstance(raw_outcomes, list):
        r.fail("learning_outcomes", _("must be a list"))
    else:
        for index, item in enumerate(raw_outcomes, start=1):
            where = f"learning_outcomes[{index}]"
            if not isinstance(item, dict) or not isinstance(item.get("text"), dict) or not item["text"]:
                r.fail(where, _('must be an object with "text": {"en": "…"}'))
                continue
            extra = set(item) - {"text", "esco"}
            if extra:
                r.fail(where, _("unknown key: {keys}").format(keys=", ".join(sorted(extra))))
            esco = item.get("esco")
            if esco is not None and (not isinstance(esco, str) or not esco.startswith("http")):
                r.fail(where, _("esco must be an ESCO skill URI"))
                esco = None
            text = {k.strip().lower(): str(v).strip() for k, v in item["text"].items() if str(v).strip()}
            outcomes.append(LearningOutcome(text, esco))
    nqf = data.get("nqf_level")
    course = Course(
        code=code.strip(),
        title=maps["title"],
        languages=tuple(langs),
        description=maps["description"],
        learning_outcomes=tuple(outcomes),
        ects=r.decimal("ects"),
        hours=r.decimal("hours"),
        eqf_level=r.integer("eqf_level", 1, 8),
        nqf_level=str(nqf).strip() if nqf not in (None, "") else None,
        isced_f=r.concept("isced_f", "isced-f"),
        assessment=r.concept("assessment", "assessment"),
        mode=r.choice("mode", Mode),
        setting=r.choice("setting", Setting),
        quality_assurance=maps["quality_assurance"],
        prerequisites=maps["prerequisites"],
        supervision=r.choice("supervision", Supervision),
        grading=maps["grading"],
        stacks_into=maps["stacks_into"],
        further_information=maps["further_information"],
        validity_months=r.integer("validity_months", 1, 600),
        kind=r.choice("kind", AchievementKind) or AchievementKind.COURSE,
    )
    if not r.problems:
        r.problems.extend(course.annex_problems())
    if r.problems:
        raise ValidationError(_("The course file has problems; nothing was saved."), r.problems)
    return course


def load_course_file(path: Path) -> Course:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from exc
    except UnicodeDecodeError as exc:
        raise UserError(_("{path} is not a UTF-8 text file.").format(path=path)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            _("{path} is not valid JSON (line {line}, column {col}: {msg}).").format(
                path=path, line=exc.lineno, col=exc.colno, msg=exc.msg
            )
        ) from exc
    return parse_course(data)


def course_to_json(course: Course) -> dict[str, Any]:
    """The course as a course file would hold it (labels for coded values where they are plain)."""
    data: dict[str, Any] = {"code": course.code, "title": dict(course.title), "languages": list(course.languages)}
    for key in LANG_MAP_KEYS[1:]:
        value = getattr(course, key)
        if value:
            data[key] = dict(value)
    data["learning_outcomes"] = [
        {"text": dict(lo.text), **({"esco": lo.esco} if lo.esco else {})} for lo in course.learning_outcomes
    ]
    for key in ("ects", "hours"):
        value = getattr(course, key)
        if value is not None:
            data[key] = float(value) if value != value.to_integral() else int(value)
    for key in ("eqf_level", "nqf_level", "validity_months"):
        if getattr(course, key) is not None:
            data[key] = getattr(course, key)
    for key, vocab in (("isced_f", "isced-f"), ("assessment", "assessment")):
        uri = getattr(course, key)
        if uri:
            concept = vocabularies.by_uri(uri)
            data[key] = concept.notation or concept.label() if concept and vocab == "isced-f" else (
                concept.label() if concept else uri)
    for key in ("mode", "setting", "supervision"):
        value = getattr(course, key)
        if value is not None:
            data[key] = value.value
    data["kind"] = course.kind.value
    return data
