"""The bounded canonicaliser agrees with plain RDFC-1.0 and stops poison graphs; undefined terms are found."""

from __future__ import annotations

import time
from typing import Any

import pytest

from microcred_desktop.formats import jsonld
from microcred_desktop.formats.ob3.build import build_ob3
from microcred_desktop.formats.ob3.canon import TooComplex, canonize, undefined_terms, unknown_contexts
from tests.factories import document
from tests.formats.ob3.support import CANON_REFERENCES, VALIDATOR, issuer_signer, load


@pytest.mark.parametrize("path", CANON_REFERENCES, ids=lambda p: p.name)
def test_same_nquads_as_plain_canonicalisation(path: Any) -> None:
    credential = load(path)
    assert canonize(credential) == jsonld.canonize(credential)


def test_same_nquads_for_our_credential() -> None:
    credential = build_ob3(document(), issuer_signer().did, b"\x89PNG fake", "salt")
    assert canonize(credential) == jsonld.canonize(credential)


def _poison(count: int) -> dict[str, Any]:
    """Blank nodes that all look alike and all point at each other: the classic exponential case."""
    nodes = [{"@id": f"_:n{i}", "http://example.org/p": [{"@id": f"_:n{j}"} for j in range(count) if j != i]}
             for i in range(count)]
    return {"@graph": nodes}


def test_look_alike_blank_nodes_still_canonicalise_when_few() -> None:
    assert canonize(_poison(5)) == jsonld.canonize(_poison(5))


def test_blank_nodes_as_graph_names_and_objects_canonicalise_as_plain_rdfc() -> None:
    """Blank nodes in every place a quad has one (subject, object, graph name), first-degree hashed."""
    document = {"@id": "_:g", "http://example.org/name": "outer", "@graph": [
        {"@id": "_:x", "http://example.org/p": {"@id": "_:g"}, "http://example.org/q": {"@id": "_:y"}},
        {"@id": "_:y", "http://example.org/p": {"@id": "_:x"}, "http://example.org/r": "y"},
    ]}
    assert canonize(document) == jsonld.canonize(document)
    assert canonize(document).count("_:c14n") >= 6


def test_poison_graph_is_refused_quickly() -> None:
    start = time.monotonic()
    with pytest.raises(TooComplex):
        canonize(_poison(12))
    assert time.monotonic() - start < 10


def test_no_undefined_terms_in_the_reference_credential() -> None:
    assert undefined_terms(load(VALIDATOR / "simple.json")) == []


def test_added_property_and_undefined_type_are_found() -> None:
    credential = load(VALIDATOR / "simple.json")
    credential["favouriteColour"] = "green"
    credential["credentialSubject"]["achievement"]["shoeSize"] = 44
    credential["type"].append("SuperCredential")
    assert undefined_terms(credential) == ["SuperCredential", "favouriteColour", "shoeSize"]


def test_terms_inside_proofs_are_left_to_the_proof_check() -> None:
    credential = load(VALIDATOR / "simple-multiple-proofs.json")
    assert undefined_terms(credential) == []


def test_unknown_contexts_are_listed() -> None:
    credential = load(VALIDATOR / "simple.json")
    assert unknown_contexts(credential) == []
    credential["@context"].append("https://example.com/my-context.json")
    assert unknown_contexts(credential) == ["https://example.com/my-context.json"]
