"""The EU vocabularies the app uses (a subset shipped in resources/vocabularies/), with labels."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from .resources import read_text


@dataclass(frozen=True)
class Concept:
    uri: str
    scheme: str
    labels: dict[str, str]  # lang -> label; "en" always present
    notation: str = ""

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels["en"]


@cache
def _all() -> dict[str, list[Concept]]:
    """Every shipped concept, by vocabulary name (column `vocabulary` of concepts.csv)."""
    table: dict[str, list[Concept]] = {}
    for row in csv.DictReader(io.StringIO(read_text("vocabularies", "concepts.csv"))):
        labels = {lang: row[lang] for lang in ("en", "lt", "lv") if row.get(lang)}
        concept = Concept(row["uri"], row["scheme"], labels, row.get("notation", ""))
        table.setdefault(row["vocabulary"], []).append(concept)
    return table


def concepts(vocabulary: str) -> list[Concept]:
    return list(_all().get(vocabulary, []))


def by_uri(uri: str) -> Concept | None:
    for group in _all().values():
        for concept in group:
            if concept.uri == uri:
                return concept
    return None


def find(vocabulary: str, value: str) -> Concept | None:
    """The concept whose URI, notation or label (any language, any case) is `value`."""
    wanted = " ".join(value.split()).casefold()
    for concept in _all().get(vocabulary, []):
        names = {concept.uri.casefold(), concept.notation.casefold()}
        names.update(label.casefold() for label in concept.labels.values())
        if wanted in names:
            return concept
    return None
