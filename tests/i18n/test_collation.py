"""Names sort as each language expects (CLDR lt / lv collation), through a plain string key."""

from __future__ import annotations

import random

import pytest

from microcred_desktop.collation import sort_key


def ordered(names: list[str], lang: str) -> list[str]:
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=lambda name: sort_key(name, lang))


def test_lithuanian_letters_of_their_own() -> None:
    names = ["Cukrus", "Čepas", "Dainius", "Saulius", "Sūris", "Šarūnas", "Tomas", "Zigmas", "Žukas"]
    assert ordered(names, "lt") == names


def test_lithuanian_nosine_and_long_vowels_sort_with_their_base_letter() -> None:
    # ą ę ė į ų ū only break ties: Ąžuolas among the A's, Ūla among the U's; y sorts as i (i < į < y).
    names = ["Adomas", "Antanas", "Ąžuolas", "Eglė", "Ėglė", "Ema", "Ieva", "Įeva", "Yeva", "Igas", "Yla",
             "Jonas", "Ugnė", "Ūla", "Urtė"]
    assert ordered(names, "lt") == names


def test_latvian_letters_of_their_own() -> None:
    names = ["Cīrulis", "Čakste", "Dāvis", "Gints", "Ģirts", "Kalniņš", "Ķīsis", "Lapa", "Ļoļa", "Nora",
             "Ņikita", "Sproģis", "Šmits", "Zariņš", "Žagars"]
    assert ordered(names, "lv") == names


def test_latvian_long_vowels_break_ties_only() -> None:
    # CLDR lv and glibc lv_LV (LVS 24): ā ē ī ū sort with a e i u; on otherwise equal words the plain
    # vowel comes first.
    names = ["Abele", "Āboliņš", "Ada", "Ēriks", "Ērika", "Eva"]
    assert ordered(names, "lv") == ["Abele", "Āboliņš", "Ada", "Ērika", "Ēriks", "Eva"]
    assert sort_key("Lasis", "lv") < sort_key("Lāsis", "lv") < sort_key("Latvis", "lv")


def test_english_ignores_accents_but_not_entirely() -> None:
    names = ["adam", "Adam", "Ädam", "Čapek", "Cole", "Dan", "Émile", "Eve", "Zoë"]
    assert ordered(names, "en") == names
    assert sort_key("Čapek", "de") == sort_key("Čapek", "en")  # other languages: the English rules


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
def test_shorter_names_and_family_name_boundaries(lang: str) -> None:
    names = ["Kim Ann", "Kim Zoe", "Kima Ann", "Kimas Jonas"]
    assert ordered(names, lang) == names
    assert sort_key("", lang) < sort_key("A", lang)
    assert sort_key("9 Ona", lang) < sort_key("Ona", lang)


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
def test_lower_case_first_and_distinct_keys(lang: str) -> None:
    assert sort_key("ona", lang) < sort_key("Ona", lang) < sort_key("onas", lang)
    assert sort_key("Ona", lang) != sort_key("Ona ", lang)


def test_keys_are_storable_text() -> None:
    key = sort_key("Žemaitė Čiurlionytė-Ąžuolė 𝔸 李", "lt")
    key.encode("utf-8")  # no lone surrogates: SQLite stores and compares it as UTF-8
    assert isinstance(key, str)
    assert sort_key("Zoë", "lv") == sort_key("Zoe\u0308", "lv")  # NFC and NFD spell the same name


def test_language_codes_with_regions() -> None:
    assert sort_key("Šarūnas", "lt_LT") == sort_key("Šarūnas", "lt") == sort_key("Šarūnas", "LT-lt")
