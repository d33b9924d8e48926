"""The EU vocabularies the app uses (a subset shipped in resources/vocabularies/), with labels."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache

from .resources import read_text


@dataclass(frozen=True)
class Concept:
    uri: str
    scheme: str
    labels: dict[str, str]  # lang -> label from a source (EU vocabulary, glossary); "en" always present
    notation: str = ""
    # lang -> our own translation, for people to read (certificate, screens) where no sourced label
    # exists; never written into a credential as the vocabulary's label
    unofficial: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """The label to show in `lang`: sourced, else our translation, else English."""
        return self.labels.get(lang) or self.unofficial.get(lang) or self.labels["en"]


@cache
def _unofficial() -> dict[str, dict[str, str]]:
    """uri -> {lang: label} from labels-unofficial.csv (translations awaiting a terminologist's review)."""
    table: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(read_text("vocabularies", "labels-unofficial.csv"))):
        table[row["uri"]] = {lang: row[lang] for lang in ("lt", "lv") if row.get(lang)}
    return table


@cache
def _all() -> dict[str, list[Concept]]:
    """Every shipped concept, by vocabulary name (column `vocabulary` of concepts.csv)."""
    table: dict[str, list[Concept]] = {}
    unofficial = _unofficial()
    for row in csv.DictReader(io.StringIO(read_text("vocabularies", "concepts.csv"))):
        labels = {lang: row[lang] for lang in ("en", "lt", "lv") if row.get(lang)}
        ours = {lang: text for lang, text in unofficial.get(row["uri"], {}).items() if lang not in labels}
        concept = Concept(row["uri"], row["scheme"], labels, row.get("notation", ""), ours)
        table.setdefault(row["vocabulary"], []).append(concept)
    return table


def concepts(vocabulary: str) -> list[Concept]:
    return list(_all().get(vocabulary, []))


@cache
def _uris() -> dict[str, Concept]:
    """Every concept by URI (the first, in the order of concepts.csv)."""
    index: dict[str, Concept] = {}
    for group in _all().values():
        for concept in group:
            index.setdefault(concept.uri, concept)
    return index


@cache
def _names(vocabulary: str) -> dict[str, Concept]:
    """A vocabulary's concepts by URI, notation and label, case-folded (the first concept that has a name)."""
    index: dict[str, Concept] = {}
    for concept in _all().get(vocabulary, []):
        for name in (concept.uri, concept.notation, *concept.labels.values()):
            index.setdefault(name.casefold(), concept)
    return index


def by_uri(uri: str) -> Concept | None:
    return _uris().get(uri)


def find(vocabulary: str, value: str) -> Concept | None:
    """The concept whose URI, notation or label (any language, any case) is `value`."""
    return _names(vocabulary).get(" ".join(value.split()).casefold())
