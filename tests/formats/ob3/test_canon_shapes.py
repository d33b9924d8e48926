"""Canonicalising by document shape gives exactly pyld's N-Quads, and is really used for our badges."""

from __future__ import annotations

import copy
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from microcred_desktop.formats import jsonld
from microcred_desktop.formats.ob3.build import build_ob3
from microcred_desktop.formats.ob3.canon_shapes import MARK, ShapeCanonicalizer, signing_canonicalizer
from tests.factories import course, document, learner
from tests.formats.ob3.support import CANON_REFERENCES, independently_verified, issuer_signer, load

NAMES = ["Jonas Petraitis", "Žydrūnė Ąžuolaitė-Šimkienė", "Jānis Bērziņš", 'Anna "Ana" O\'Neil\\', "Λένα Ωμέγα",
         "Дарья Лебедева", "Line\nbreak", "  spaced  ", "😀 Emoji", "urn:uuid:looks-like-an-iri", "ext:VAT",
         "https://example.org/not-a-name", "_:b0", ""]


def _badges(count: int) -> list[dict[str, Any]]:
    rnd = random.Random(5)
    signer = issuer_signer()
    courses = [course(), course(code="DATA-2", title={"en": "Data basics", "lt": "Duomenų pagrindai"})]
    out = []
    for i in range(count):
        name = NAMES[i % len(NAMES)]
        given, _, family = name.partition(" ")
        doc = document(uuid=uuid.UUID(int=rnd.getrandbits(128)), course=courses[i % 2],
                       learner=learner(given_name=given or "X", family_name=family or "Y", email=f"p{i}@example.lt"),
                       issued_at=datetime(2026, 11, 23, tzinfo=UTC) + timedelta(seconds=rnd.randrange(10**7)))
        out.append(build_ob3(doc, signer.did, b"\x89PNG fake" + bytes([i % 3]), f"salt{i}"))
    return out


def test_badges_of_varied_learners_and_courses_canonicalise_as_pyld_does() -> None:
    canon = ShapeCanonicalizer()
    badges = _badges(42)
    for badge in badges:
        assert canon(badge) == jsonld.canonize(badge)
    # Shapes are per course and image, not per learner: the cache is what serves them.
    assert canon.misses <= 6
    assert canon.hits >= 36
    for badge in badges[:5]:  # from the cache, again
        assert canon(badge) == jsonld.canonize(badge)


def test_proof_configurations_canonicalise_as_pyld_does() -> None:
    canon = ShapeCanonicalizer()
    for i in range(6):
        config = {"type": "DataIntegrityProof", "created": f"2026-11-2{i}T10:00:00Z",
                  "verificationMethod": f"{issuer_signer(bytes([i] * 32)).verification_method}",
                  "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod",
                  "@context": ["https://www.w3.org/ns/credentials/v2",
                               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]}
        assert canon(config) == jsonld.canonize(config)
    assert canon.hits == 5


@pytest.mark.parametrize("path", CANON_REFERENCES, ids=lambda p: p.name)
def test_reference_credentials_canonicalise_as_pyld_does_twice(path: Any) -> None:
    canon = ShapeCanonicalizer()
    credential = load(path)
    assert canon(credential) == jsonld.canonize(credential)
    assert canon(credential) == jsonld.canonize(credential)


def _tricky(value: str, other: str) -> dict[str, Any]:
    """Strings in every kind of place: @id, @vocab-typed, compact IRIs, literals."""
    return {
        "@context": {"@vocab": "https://example.org/v#", "ex": "https://example.org/ns#",
                     "urn:odd:term": {"@id": "urn:odd:term", "@type": "@id"},  # JSON-LD 1.1: itself
                     "ref": {"@id": "https://example.org/v#ref", "@type": "@id"},
                     "kind": {"@id": "https://example.org/v#kind", "@type": "@vocab"},
                     "when": {"@id": "https://example.org/v#when", "@type": "http://www.w3.org/2001/XMLSchema#date"},
                     "Apple": "https://example.org/fruit#Apple"},
        "@id": value,
        "name": value,
        "ref": [value, other],
        "kind": other,
        "when": value,
        "nested": {"@id": other, "label": other, "ref": value, "urn:odd:term": value},
    }


@pytest.mark.parametrize("value, other", [
    ("urn:a:1", "urn:a:2"),
    ("urn:a:1", "urn:a:1"),  # two slots, one IRI: pyld merges the nodes
    ("ex:thing", "ex:other"),  # a defined prefix: expanded, so kept in the shape
    ("Apple", "Apple"),  # a term in @vocab place
    ("relative/path", "https://example.org/x"),
    ("_:b0", "_:b1"),  # blank node ids
    ("https://example.org/a b", "urn:x"),  # not an IRI pyld accepts (a space)
    ("urn:a:1", "ex:other"),
    (f"urn:{MARK}0", "urn:a:2"),  # our own marker in the data
    ("urn:a:1", "urn:odd:term"),  # a term that looks like an IRI, in @vocab place
])
def test_tricky_strings_canonicalise_as_pyld_does(value: str, other: str) -> None:
    canon = ShapeCanonicalizer()
    # Same shape first with plain values, then the tricky ones, so a wrongly reused shape would show.
    plain = _tricky("urn:p:1", "urn:p:2")
    assert canon(plain) == jsonld.canonize(plain)
    doc = _tricky(value, other)
    assert canon(doc) == jsonld.canonize(doc)
    assert canon(copy.deepcopy(doc)) == jsonld.canonize(doc)


def test_issued_badges_are_signed_through_shapes_and_verify_independently() -> None:
    from microcred_desktop.formats.ob3.build import sign_ob3

    canon = signing_canonicalizer()
    before = canon.hits
    signer = issuer_signer()
    for badge in _badges(6):
        signed = sign_ob3(badge, signer, datetime(2026, 11, 23, 12, tzinfo=UTC))
        assert independently_verified(signed)  # the reference contexts and plain pyld, none of our code
    assert canon.hits > before
