"""Check an EDC against the official EDC application profile shapes, and for terms JSON-LD would drop.

Offline: the contexts come from the bundled loader (formats/jsonld.py), the shapes from resources/shapes.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from pyld import jsonld
from pyshacl import validate
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Identifier, Node

from ...resources import read_text
from ..jsonld import options

JSON = dict[str, Any]
SH = Namespace("http://www.w3.org/ns/shacl#")
# EDC-generic-full owl:imports EDC-generic-no-cv; both are loaded side by side, imports are not fetched.
SHAPE_FILES = ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl")


@cache
def shapes_graph() -> Graph:
    """The EDC generic profile shapes (structure and controlled vocabularies), parsed once."""
    graph = Graph()
    for name in SHAPE_FILES:
        graph.parse(data=read_text("shapes", name), format="turtle")
    return graph


def data_graph(document: JSON) -> Graph:
    """The default graph of a JSON-LD document as rdflib triples (pyld with the offline loader).

    pyld's dataset is turned into rdflib terms directly: parsing its N-Quads with rdflib works too
    but is slower and trips rdflib's own deprecation warnings.
    """
    dataset = jsonld.to_rdf(document, options())
    graph = Graph()
    for triple in dataset.get("@default", []):
        graph.add((_term(triple["subject"]), _term(triple["predicate"]), _term(triple["object"])))
    return graph


def _term(node: dict[str, str]) -> Identifier:
    kind, value = node["type"], node["value"]
    if kind == "IRI":
        return URIRef(value)
    if kind == "blank node":
        return BNode(value.removeprefix("_:"))
    if node.get("language"):
        return Literal(value, lang=node["language"])
    datatype = node.get("datatype")
    if not datatype or datatype == str(XSD.string):
        return Literal(value)  # a plain literal, as rdflib reads "…" from N-Quads (RDF 1.1: xsd:string)
    return Literal(value, datatype=URIRef(datatype))


def shape_report(edc: JSON) -> list[str]:
    """Every SHACL violation of `edc` against the EDC profile, as plain sentences; empty = conforms."""
    _conforms, report, _text = validate(
        data_graph(edc),
        shacl_graph=shapes_graph(),
        inference="none",  # RDFS inference gives false violations on these shapes
        abort_on_first=False,
        allow_warnings=False,
    )
    return violations(report)


def violations(report: Graph) -> list[str]:
    """The messages of a pySHACL results graph, nested results (sh:detail) named by their full path."""
    nested = set(report.objects(None, SH.detail))
    messages: set[str] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if result not in nested:
            messages.update(_describe(report, result, ""))
    return sorted(messages)


def _describe(report: Graph, result: Node, trail: str) -> Iterator[str]:
    path = report.value(result, SH.resultPath)
    name = _short(path) if path is not None else "(node)"
    here = f"{trail} > {name}" if trail else name
    details = list(report.objects(result, SH.detail))
    if details:
        for detail in details:
            yield from _describe(report, detail, here)
        return
    if report.value(result, SH.resultSeverity) != SH.Violation:
        return
    texts = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    focus = report.value(result, SH.focusNode)
    source = _short(report.value(result, SH.sourceShape))
    yield f"{here}: {texts[0] if texts else f'<{focus}> does not conform to {source}'}"


def _short(node: Node | None) -> str:
    if node is None:
        return "?"
    try:
        return shapes_graph().namespace_manager.normalizeUri(node)  # type: ignore[arg-type]
    except Exception:  # blank nodes and odd IRIs: their plain form will do
        return str(node)


def dropped_terms(doc: JSON) -> list[str]:
    """The properties (as key paths) and types of `doc` that JSON-LD processing would silently lose.

    Expands the document, compacts it back with its own context and lists the key paths that did not
    survive (a term the contexts do not define, a null value …), plus any type that did not become an
    absolute IRI (RDF conversion drops those). Lists of one are treated like their single item.
    """
    expanded = jsonld.expand(doc, options(base=None))  # else pyld resolves relative IRIs on a dummy base
    back = jsonld.compact(expanded, {"@context": doc.get("@context", {})}, options())
    lost = _key_paths(doc) - _key_paths(back)
    outermost = sorted(p for p in lost if not any(p[:n] in lost for n in range(1, len(p))))
    types = sorted({f"type {t}" for t in _types(expanded) if ":" not in t})
    return ["/".join(p) for p in outermost] + types


def _key_paths(value: Any, trail: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    paths: set[tuple[str, ...]] = set()
    if isinstance(value, list):
        if len(value) == 1:
            return _key_paths(value[0], trail)
        for index, item in enumerate(value):
            paths |= _key_paths(item, (*trail, str(index)))
    elif isinstance(value, dict) and set(value) != {"id"}:  # a bare reference compacts to a plain IRI
        for key, item in value.items():
            if key == "@context":
                continue
            paths.add((*trail, key))
            paths |= _key_paths(item, (*trail, key))
    return paths


def _types(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _types(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "@type" and "@value" not in value:
                yield from (item if isinstance(item, list) else [item])
            else:
                yield from _types(item)
