import json
from decimal import Decimal
from pathlib import Path

import pytest

from microcred_desktop.domain.course import Mode, Supervision
from microcred_desktop.domain.errors import UserError, ValidationError
from microcred_desktop.services.course_file import load_course_file, parse_course

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "course.json"


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_documented_example_parses_with_every_annex_element() -> None:
    course = load_course_file(EXAMPLE)
    assert course.code == "DIGI-101" and course.languages == ("lt", "en")
    assert course.ects == Decimal(2) and course.hours == Decimal(48) and course.eqf_level == 3
    assert course.assessment == "http://data.europa.eu/snb/assessment/6e6cb2cc78"
    assert course.isced_f == "http://data.europa.eu/snb/isced-f/0611"
    assert course.mode is Mode.BLENDED and course.supervision is Supervision.SUPERVISED_WITH_ID
    assert course.learning_outcomes[0].esco and course.quality_assurance["lt"]
    assert course.annex_problems() == []


@pytest.mark.parametrize(
    ("change", "key", "fragment"),
    [
        ({"colour": "red"}, "colour", "not a known key"),
        ({"mode": "bike"}, "mode", "online | presential | blended"),
        ({"ects": "lots"}, "ects", "must be a number"),
        ({"eqf_level": 9}, "eqf_level", "from 1 to 8"),
        ({"assessment": "telepathy"}, "assessment", "not a known value"),
        ({"languages": ["xx"]}, "languages", "not a known language"),
        ({"title": "plain text"}, "title", "texts by language"),
        ({"learning_outcomes": [{"txt": 1}]}, "learning_outcomes[1]", '"text"'),
        ({"kind": "party"}, "kind", "course | volunteering | participation"),
        ({"quality_assurance": None}, "quality_assurance", "quality assurance is required"),
        ({"ects": None, "hours": None}, "ects", "workload is required"),
    ],
)
def test_each_problem_names_its_key(change: dict, key: str, fragment: str) -> None:
    data = example() | change
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(ValidationError) as err:
        parse_course(data)
    assert any(p.column == key and fragment in p.message for p in err.value.problems), err.value.problems


def test_not_json(tmp_path: Path) -> None:
    bad = tmp_path / "c.json"
    bad.write_text('{"code": "X",', encoding="utf-8")
    with pytest.raises(UserError, match="not valid JSON"):
        load_course_file(bad)
