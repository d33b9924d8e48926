"""Sort keys that order names as Lithuanian, Latvian or English readers expect (CLDR collation rules).

``sort_key(text, lang)`` returns a plain string whose code-point order (Python's ``<``, SQLite's
BINARY collation on UTF-8) is the language's alphabetical order, so it can be stored in a column and
sorted by the database. Pure Python, no ICU:

- lt (CLDR lt, glibc lt_LT): Č, Š, Ž are letters of their own after C, S, Z; Ą Ę Ė Į Ų Ū and Y sort
  with their base letters (A, E, I, U; Y with I) and only break ties (i < į < y).
- lv (CLDR lv = LVS 24, glibc lv_LV): Č Ģ Ķ Ļ Ņ Ŗ Š Ž are letters of their own after C G K L N R S Z;
  the long vowels Ā Ē Ī Ū sort with A E I U and only break ties; Y sorts with I.
- anything else (en): accents only break ties.

Three levels, compared one after the other: letters, then accents, then case (lower first); the text
itself ends the key so different texts never get equal keys.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_LEVEL = "\x01"  # below every weight: a shorter text sorts before a longer one sharing its start
_SPACE = "\x02"
_PUNCT = "\x03"
_OTHER = "\ue000"  # letters of other scripts sort after the Latin alphabet, by code point
_LATIN = "abcdefghijklmnopqrstuvwxyz"
# The letters that are letters of their own in each language, each placed after its base letter.
_OWN_LETTERS = {"lt": "čšž", "lv": "čģķļņŗšž"}
# Tie-breaking order of the letters that sort with a base letter (secondary level); lower sorts first.
_ACCENTS = {
    "lt": {"ą": "b", "ę": "b", "ė": "c", "į": "b", "y": "c", "ų": "b", "ū": "c"},
    "lv": {"y": "b", "ā": "c", "ē": "c", "ī": "c", "ō": "c", "ū": "c"},
}
_SAME_AS = {"lt": {"y": "i"}, "lv": {"y": "i"}}
# Letters that Unicode does not decompose but readers treat as a base letter (or two).
_EXPAND = {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ŋ": "n"}


def _language(lang: str) -> str:
    code = (lang or "").replace("-", "_").split("_")[0].lower()
    return code if code in _OWN_LETTERS else "en"


@cache
def _primary(lang: str) -> dict[str, str]:
    """Letter -> weight; the language's own letters right after their base letter."""
    own = _OWN_LETTERS.get(lang, "")
    order: list[str] = []
    for letter in _LATIN:
        order.append(letter)
        order += [c for c in own if unicodedata.normalize("NFD", c)[0] == letter]
    return {letter: chr(0x100 + 4 * i) for i, letter in enumerate(order)}


def _units(text: str) -> list[str]:
    """The text as letters each with its combining marks (NFC), e.g. 'Že' -> ['Ž', 'e']."""
    units: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if units and unicodedata.combining(ch):
            units[-1] += ch
        else:
            units.append(ch)
    return [unicodedata.normalize("NFC", u) for u in units]


def sort_key(text: str, lang: str) -> str:
    """A key that sorts `text` alphabetically for language `lang` ('lt', 'lv', 'en', …) by plain comparison."""
    lang = _language(lang)
    primary_of, accents, same_as = _primary(lang), _ACCENTS.get(lang, {}), _SAME_AS.get(lang, {})
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    for unit in _units(text):
        lower = unit.lower()
        case = "b" if lower != unit else "a"
        if lower in same_as:  # y in lt and lv
            weights, accent = primary_of[same_as[lower]], accents.get(lower, "a")
        elif lower in primary_of:  # a letter of the alphabet as it is (a, č in lt, ģ in lv …)
            weights, accent = primary_of[lower], "a"
        else:
            base = unicodedata.normalize("NFD", lower)
            letter, marks = base[0], base[1:]
            letter = same_as.get(letter) or _EXPAND.get(letter, letter)
            if all(c in primary_of for c in letter):
                weights = "".join(primary_of[c] for c in letter)
                accent = accents.get(lower) or (chr(0x70 + min(ord(marks[0]) - 0x300, 0x6F)) if marks else "a")
            elif letter.isdigit():
                weights, accent = str(unicodedata.digit(letter, 0)), "a"
            elif letter.isspace():
                weights, accent = _SPACE, "a"
            elif letter.isalpha():
                weights, accent = _OTHER + letter, "a"
            else:
                weights, accent = _PUNCT, "a"
        primary.append(weights)
        secondary.append(accent * len(weights))
        tertiary.append(case * len(weights))
    return _LEVEL.join(("".join(primary), "".join(secondary), "".join(tertiary), unicodedata.normalize("NFC", text)))
