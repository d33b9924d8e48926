"""RDFC-1.0 for many documents of one shape (a course's badges) without expanding each through pyld.

Most of `canon.canonize`'s time is JSON-LD expansion: the contexts' type-scoped terms are processed
again for every document (pyld's cache of processed contexts misses for them). The badges of a course
differ only in a few strings (ids, dates, the learner's name, a salt), so each document is split into
a *shape* (the document with its strings replaced by numbered slot markers) and the strings. The
shape is turned into RDF once; each document's dataset is that RDF with the markers replaced by its
strings, which then goes through the same bounded URDNA2015 as `canon.canonize`.

That is exact only where pyld would copy a string into the RDF unchanged, so a shape is used only when
every marker came out of `to_rdf` whole and unchanged (as a literal, or as an IRI that is absolute and
whose prefix is no term: the marker keeps the string's own scheme, so a defined prefix would have
changed it too). A string that came out changed or not at all (a `@vocab` value such as
`identityType: "name"`, a compact IRI such as `ceasn:Competency`) is kept in the shape as it is, so
it becomes part of the shape's key. Keys, `@context`, `type` and numbers never become slots. Anything
else falls back to `canon.canonize`. Tests compare both on varied badges; issued badges are verified
with the plain canonicaliser.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
from pyld import jsonld

from ...crypto.data_integrity import DataIntegrityProof
from ..jsonld import options
from .canon import MAX_CANON_WORK, _BoundedURDNA2015, _Budget, canonize

MARK = "x-microcred-slot-"
_KEPT_KEYS = frozenset({"@context", "type", "@type", "@language", "@direction", "@base", "@vocab"})
# pyld's own test for an absolute IRI (`jsonld._is_absolute_iri`), whose scheme class "+-." is a range.
_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")
_SLOT = re.compile(rf"(?:[A-Za-z][A-Za-z0-9+-.]*:)?{MARK}(\d+)")
MAX_SHAPES = 32


def _marker(value: str, index: int) -> str:
    """Slot `index`'s marker: with the value's scheme when the value is an absolute IRI."""
    match = _ABSOLUTE.match(value)
    return f"{match.group(1)}:{MARK}{index}" if match else f"{MARK}{index}"


def _split(node: Any, kept: frozenset[int], values: list[str]) -> Any:
    """`node` with each string replaced by its slot's marker (slots in `kept` stay as they are);
    the strings are appended to `values` in slot order."""
    if isinstance(node, str):
        index = len(values)
        values.append(node)
        return node if index in kept else _marker(node, index)
    if isinstance(node, dict):
        return {k: (v if k in _KEPT_KEYS else _split(v, kept, values)) for k, v in node.items()}
    if isinstance(node, list):
        return [_split(item, kept, values) for item in node]
    return node


@dataclass(frozen=True)
class _Shape:
    """A shape's RDF: triples as (graph, subject, predicate, object) with the slot each term holds."""

    quads: tuple[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]], ...]


def _key(shape: Any) -> str:
    """A shape's key: its JSON with sorted keys."""
    return orjson.dumps(shape, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def _place(term: dict[str, Any], values: list[str]) -> dict[str, Any]:
    """A fresh copy of `term` (URDNA2015 relabels blank nodes in place), holding its slot's string."""
    match = _SLOT.fullmatch(term["value"]) if MARK in term["value"] else None
    return {**term, "value": values[int(match.group(1))]} if match else dict(term)


class ShapeCanonicalizer:
    """`canon.canonize`, with the RDF of each document shape kept (the most recent `MAX_SHAPES`)."""

    def __init__(self, max_work: int = MAX_CANON_WORK) -> None:
        self.max_work = max_work
        self._kept: OrderedDict[str, frozenset[int]] = OrderedDict()  # shape key -> slots kept literally
        self._shapes: OrderedDict[str, _Shape | None] = OrderedDict()  # key -> RDF (None: not usable)
        self.hits = self.misses = self.fallbacks = 0

    def __call__(self, document: dict[str, Any]) -> str:
        values: list[str] = []
        first = _key(_split(document, frozenset(), values))
        if any(MARK in v for v in values):
            return self._fallback(document)
        kept = self._kept.get(first)
        if kept is None:
            kept = self._learn(document, first)
        values = []
        skeleton = _split(document, kept, values)
        key = _key(skeleton)
        shape = self._shapes.get(key, False)
        if shape is False:
            self.misses += 1
            shape = self._analyse(skeleton, kept, len(values))
            self._remember(self._shapes, key, shape)
        else:
            self.hits += 1
        if shape is None:
            return self._fallback(document)
        return self._canonize(shape, values)

    def _fallback(self, document: dict[str, Any]) -> str:
        self.fallbacks += 1
        return canonize(document, self.max_work)

    def _remember(self, cache: OrderedDict[str, Any], key: str, value: Any) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > MAX_SHAPES:
            cache.popitem(last=False)

    def _learn(self, document: dict[str, Any], key: str) -> frozenset[int]:
        """Which slots pyld does not copy unchanged (found by one run with every string a slot)."""
        values: list[str] = []
        skeleton = _split(document, frozenset(), values)
        seen = self._seen(jsonld.to_rdf(skeleton, options(produceGeneralizedRdf=False)))
        kept = frozenset(i for i in range(len(values)) if seen.get(i) in (None, "changed"))
        self._remember(self._kept, key, kept)
        return kept

    @staticmethod
    def _seen(dataset: dict[str, list[dict[str, Any]]]) -> dict[int, str]:
        """slot -> how its marker appears in `dataset`: "IRI", "literal" or "changed" (mixed into
        another string, as a blank node, a graph name or a predicate, or in two roles)."""
        seen: dict[int, str] = {}

        def note(index: int, role: str) -> None:
            seen[index] = role if seen.get(index, role) == role else "changed"

        for graph, triples in dataset.items():
            for match in re.finditer(rf"{MARK}(\d+)", graph):
                note(int(match.group(1)), "changed")
            for triple in triples:
                for position, term in triple.items():
                    value = term["value"]
                    if MARK not in value:
                        continue
                    whole = _SLOT.fullmatch(value)
                    role = term["type"] if whole and position != "predicate" else "changed"
                    if role not in ("IRI", "literal"):
                        role = "changed"
                    if whole:
                        note(int(whole.group(1)), role)
                    else:
                        for match in re.finditer(rf"{MARK}(\d+)", value):
                            note(int(match.group(1)), "changed")
        return seen

    def _analyse(self, skeleton: dict[str, Any], kept: frozenset[int], count: int) -> _Shape | None:
        dataset = jsonld.to_rdf(skeleton, options(produceGeneralizedRdf=False))
        seen = self._seen(dataset)
        if any(seen.get(i) not in ("IRI", "literal") for i in range(count) if i not in kept):
            return None  # a string no longer copied whole (its neighbours changed): not this way
        quads = tuple((graph, t["subject"], t["predicate"], t["object"]) for graph, ts in dataset.items() for t in ts)
        return _Shape(quads)

    def _canonize(self, shape: _Shape, values: list[str]) -> str:
        dataset: dict[str, list[dict[str, Any]]] = {}
        unique: set[tuple[Any, ...]] = set()
        for graph, subject, predicate, obj in shape.quads:
            triple = {
                "subject": _place(subject, values),
                "predicate": dict(predicate),
                "object": _place(obj, values),
            }
            # Two slots holding the same string give one triple, as pyld's node map would.
            identity = (graph, *(tuple(sorted(term.items())) for term in triple.values()))
            if identity not in unique:
                unique.add(identity)
                dataset.setdefault(graph, []).append(triple)
        return _BoundedURDNA2015(_Budget(self.max_work)).main(dataset, {"format": "application/n-quads"})


@cache
def signing_canonicalizer() -> ShapeCanonicalizer:
    """The process's shape canonicaliser (a course's shapes are learnt by its first badge)."""
    return ShapeCanonicalizer()


@cache
def signing_integrity() -> DataIntegrityProof:
    """eddsa-rdfc-2022 for signing our own badges, canonicalised by shape. Verification keeps
    `canon.data_integrity`: a document from elsewhere has no shape worth learning."""
    return DataIntegrityProof(signing_canonicalizer())
