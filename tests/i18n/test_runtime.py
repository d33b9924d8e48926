"""The catalogues at work: GUI strings, plural forms, certificate wording, dates and numbers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from microcred_desktop import i18n
from microcred_desktop.i18n import _, format_date, format_decimal, ngettext, set_language, translator


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize(("lang", "courses", "learner"), [
    ("lt", "Kursai", "Besimokantysis"),
    ("lv", "Kursi", "Izglītojamais"),
    ("en", "Courses", "Learner"),
])
def test_set_language_translates_gui_strings(english_after: None, lang: str, courses: str, learner: str) -> None:
    assert set_language(lang) == lang
    assert _("Courses") == courses
    assert _("Learner") == learner


@pytest.mark.parametrize(("lang", "expected"), [
    # LT: 1, 21 -> [0]; 2-9, 22-29 -> [1]; 0, 10-20, 25… -> [2]
    ("lt", {1: "1 kursas", 2: "2 kursai", 5: "5 kursai", 10: "10 kursų", 11: "11 kursų", 21: "21 kursas",
            0: "0 kursų", 12: "12 kursų", 101: "101 kursas", 111: "111 kursų"}),
    # LV: 1, 21 (not 11) -> [0]; every other non-zero -> [1]; 0 -> [2]
    ("lv", {1: "1 kurss", 2: "2 kursi", 5: "5 kursi", 11: "11 kursi", 21: "21 kurss", 0: "0 kursu", 111: "111 kursi"}),
])
def test_ngettext_picks_the_form(english_after: None, lang: str, expected: dict[int, str]) -> None:
    set_language(lang)
    for n, text in expected.items():
        assert ngettext("{n} course", "{n} courses", n).format(n=n) == text, n


def test_lithuanian_5_takes_the_genitive_plural(english_after: None) -> None:
    # The brief's example numbers 1, 2, 5, 11, 21 under the GNU expression: 5 -> form [1] ("kursai") is the
    # nominative plural for 2-9, as in "5 kursai"; 10-20 and round tens take the genitive ("kursų").
    set_language("lt")
    assert [ngettext("{n} learner", "{n} learners", n).format(n=n) for n in (1, 2, 5, 11, 21)] == [
        "1 besimokantysis", "2 besimokantieji", "5 besimokantieji", "11 besimokančiųjų", "21 besimokantysis"]


def test_plural_expressions_match_the_glossary() -> None:
    lt = translator("lt").plural  # type: ignore[attr-defined]
    lv = translator("lv").plural  # type: ignore[attr-defined]
    assert [lt(n) for n in (1, 21, 31, 101)] == [0, 0, 0, 0]
    assert [lt(n) for n in (2, 9, 22, 29, 102)] == [1, 1, 1, 1, 1]
    assert [lt(n) for n in (0, 10, 11, 19, 20, 30, 111)] == [2] * 7
    assert [lv(n) for n in (1, 21, 101)] == [0, 0, 0]
    assert [lv(n) for n in (2, 10, 11, 19, 111)] == [1] * 5
    assert lv(0) == 2


@pytest.mark.parametrize(("lang", "heading", "phrase", "outcomes"), [
    ("lt", "Pažymėjimas", "sėkmingai baigė", "Mokymosi rezultatai"),
    ("lv", "Apliecība", "sekmīgi apguva", "Mācīšanās rezultāti"),
    ("en", "Certificate", "has successfully completed", "Learning outcomes"),
    ("de", "Certificate", "has successfully completed", "Learning outcomes"),  # no catalogue: English
])
def test_certificate_wording_in_the_course_language(lang: str, heading: str, phrase: str, outcomes: str) -> None:
    tr = translator(lang)
    assert (tr.gettext("Certificate"), tr.gettext("has successfully completed"), tr.gettext("Learning outcomes")) == (
        heading, phrase, outcomes)


def test_certificate_wording_does_not_follow_the_app_language(english_after: None) -> None:
    set_language("lv")
    assert translator("lt").gettext("Certificate") == "Pažymėjimas"
    assert _("Certificate") == "Apliecība"


def test_official_terms() -> None:
    lt, lv = translator("lt"), translator("lv")
    assert lt.gettext("EQF level {level}").format(level=4) == "EKS 4 lygis"
    assert lv.gettext("EQF level {level}").format(level=4) == "EKI 4. līmenis"
    assert lt.gettext("Title of the micro-credential") == "Mikrokredencialo pavadinimas"
    assert lv.gettext("Title of the micro-credential") == "Mikroapliecinājuma nosaukums"
    assert [lt.ngettext("{hours} hour", "{hours} hours", n).format(hours=n) for n in (1, 3, 10)] == [
        "1 valanda", "3 valandos", "10 valandų"]
    assert [lv.ngettext("{hours} hour", "{hours} hours", n).format(hours=n) for n in (1, 3, 0)] == [
        "1 stunda", "3 stundas", "0 stundu"]


def test_dates_and_numbers_follow_the_language(english_after: None) -> None:
    day = date(2024, 3, 5)
    assert format_date(day, "lt", "long") == "2024 m. kovo 5 d."
    assert format_date(day, "lv", "long") == "2024. gada 5. marts"
    assert format_date(day, "en", "long") == "March 5, 2024"
    assert format_decimal(Decimal("1234.5"), "lt").replace("\xa0", " ") == "1 234,5"
    assert format_decimal(Decimal("1234.5"), "lv").replace("\xa0", " ") == "1 234,5"
    assert format_decimal(Decimal("1234.5"), "en") == "1,234.5"
    set_language("lt")
    assert format_date(day) == "2024-03-05"  # the app's language by default
    assert format_date(day, "xx") == format_date(day, "en")


def test_the_catalogues_ship_inside_the_package() -> None:
    for lang in ("lt", "lv"):
        assert (i18n.locale_dir() / lang / "LC_MESSAGES" / "microcred.mo").is_file()
