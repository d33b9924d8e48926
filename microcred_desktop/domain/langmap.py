"""Language maps: a text in several languages, keyed by ISO 639-1 code ("en", "lt", "lv")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

LangMap = Mapping[str, str]


def pick(text: LangMap | None, languages: Iterable[str] = (), fallback: str = "en") -> str:
    """The text in the first of `languages` that it has, else in `fallback`, else any; '' if empty."""
    if not text:
        return ""
    for lang in (*languages, fallback):
        value = text.get(lang)
        if value:
            return value
    return next((v for v in text.values() if v), "")


def clean(text: Mapping[str, str] | None) -> dict[str, str]:
    """The map without empty values and with surrounding spaces removed."""
    return {k.strip().lower(): v.strip() for k, v in (text or {}).items() if v and v.strip()}
