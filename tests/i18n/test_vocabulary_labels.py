"""Vocabulary labels: every field, activity and credential type readable in lt and lv; our own
translations shown to people but never written into a credential as the EU vocabulary's label."""

from __future__ import annotations

import csv
import io

import pytest
from microcred_desktop.resources import read_text

from microcred_desktop import vocabularies
from microcred_desktop.formats.edc.concepts import concept_json

SHOWN = ("isced-f", "activity", "credential", "opportunity", "credit", "assessment", "mode", "setting",
         "supervision", "eqf")


def unofficial_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_text("vocabularies", "labels-unofficial.csv"))))


@pytest.mark.parametrize("vocabulary", SHOWN)
@pytest.mark.parametrize("lang", ["lt", "lv"])
def test_every_concept_people_see_has_a_label_in_the_language(vocabulary: str, lang: str) -> None:
    concepts = vocabularies.concepts(vocabulary)
    assert concepts
    english = [c.uri for c in concepts if c.label(lang) == c.labels["en"] and not c.labels["en"].isupper()
               and c.label(lang) not in {"Sports", "MOOC"}]
    assert not english, f"{vocabulary}: shown in English in {lang}: {english[:5]}"


def test_our_translations_name_shipped_concepts_and_never_replace_a_sourced_label() -> None:
    rows = unofficial_rows()
    assert len(rows) > 240 and len({r["uri"] for r in rows}) == len(rows)
    for row in rows:
        concept = vocabularies.by_uri(row["uri"])
        assert concept is not None, row["uri"]
        for lang in ("lt", "lv"):
            assert row[lang].strip() == row[lang] and row[lang], (row["uri"], lang)
            if lang in concept.labels:
                assert concept.label(lang) == concept.labels[lang]


def test_the_credential_carries_only_sourced_labels() -> None:
    computer_use = vocabularies.by_uri("http://data.europa.eu/snb/isced-f/0611")
    assert computer_use is not None
    assert computer_use.label("lt") == "Kompiuterių naudojimas" and computer_use.label("en") == "Computer use"
    assert concept_json(computer_use)["prefLabel"] == {"en": "Computer use"}
    assessed = vocabularies.find("assessment", "practical assessment")
    assert assessed is not None and "lt" in concept_json(assessed)["prefLabel"]  # sourced: kept


def test_finding_a_concept_by_any_of_its_names_gives_the_first_that_has_it() -> None:
    """`find` and `by_uri` look names up in an index; the answer is the plain scan's, over every name."""
    from microcred_desktop import vocabularies as v

    def scanned(vocabulary: str, value: str) -> v.Concept | None:
        wanted = " ".join(value.split()).casefold()
        for concept in v._all().get(vocabulary, []):
            if wanted in {n.casefold() for n in (concept.uri, concept.notation, *concept.labels.values())}:
                return concept
        return None

    tried = 0
    for vocabulary, group in v._all().items():
        for concept in group:
            for name in (concept.uri, concept.notation, *concept.labels.values()):
                for value in (name, name.upper(), f"  {name}  "):
                    assert v.find(vocabulary, value) is scanned(vocabulary, value)
                    tried += 1
            assert v.by_uri(concept.uri) is next(c for g in v._all().values() for c in g if c.uri == concept.uri)
    assert tried > 500
    assert v.find("country", "no such place") is None and v.by_uri("http://example.org/none") is None
