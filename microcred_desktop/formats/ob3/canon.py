"""JSON-LD work for Open Badges, bounded for hostile input: RDFC-1.0 with a work budget, term checks.

`canonize` gives the same N-Quads as `formats.jsonld.canonize` (pyld's URDNA2015, which RDFC-1.0
matches), but stops a crafted document whose blank nodes would make the algorithm run for ages
("poison graphs"): pyld has no such limit of its own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.identifier_issuer import IdentifierIssuer

from ...crypto.data_integrity import DataIntegrityProof
from ..jsonld import CONTEXTS, options

# Steps of the N-degree hashing (calls plus issuer copies, one per permutation tried). A credential
# needs none unless two of its blank nodes look alike; a few dozen look-alikes stay far below this.
MAX_CANON_WORK = 100_000
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"


class TooComplex(ValueError):
    """Canonicalisation would need more work than any honest credential does."""


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooComplex("the document's blank nodes need too much work to canonicalise")


class _CountingIssuer(IdentifierIssuer):
    """An identifier issuer whose copies (one per permutation tried) draw on the budget."""

    def __init__(self, prefix: str, budget: _Budget) -> None:
        super().__init__(prefix)
        self._budget = budget

    @classmethod
    def adopt(cls, issuer: Any, budget: _Budget) -> _CountingIssuer:
        clone = cls(issuer.prefix, budget)
        clone.counter, clone.existing, clone.order = issuer.counter, dict(issuer.existing), list(issuer.order)
        return clone

    def __deepcopy__(self, memo: dict[int, Any]) -> _CountingIssuer:
        self._budget.spend()
        return _CountingIssuer.adopt(self, self._budget)


class _BoundedURDNA2015(URDNA2015):
    def __init__(self, budget: _Budget) -> None:
        super().__init__()
        self._budget = budget

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self._budget.spend()
        if not isinstance(issuer, _CountingIssuer):
            issuer = _CountingIssuer.adopt(issuer, self._budget)
        return super().hash_n_degree_quads(id_, issuer)

    def modify_first_degree_component(self, id_: str, component: Any, key: str) -> Any:
        """pyld's, without its deep copy of each blank node (a dict of two strings): a sixth of a badge's
        signing time went into `copy.deepcopy`."""
        if component["type"] != "blank node":
            return component
        return {**component, "value": "_:a" if component["value"] == id_ else "_:z"}


def canonize(document: dict[str, Any], max_work: int = MAX_CANON_WORK) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, contexts from the bundle only."""
    dataset = jsonld.to_rdf(document, options(produceGeneralizedRdf=False))
    return _BoundedURDNA2015(_Budget(max_work)).main(dataset, {"format": "application/n-quads"})


@cache
def data_integrity() -> DataIntegrityProof:
    """The eddsa-rdfc-2022 signer/verifier over the bundled contexts."""
    return DataIntegrityProof(canonize)


def unknown_contexts(document: dict[str, Any]) -> list[str]:
    """Context URLs the document names at its top that the app does not ship."""
    contexts = document.get("@context")
    items = contexts if isinstance(contexts, list) else [contexts]
    return [c for c in items if isinstance(c, str) and c.rstrip("#/") not in CONTEXTS and c not in CONTEXTS]


def _undefined_type(iri: str) -> str | None:
    # pyld resolves a relative IRI against its placeholder base; jsonld.js would leave it relative.
    for prefix in (ISSUER_DEPENDENT, jsonld.DEFAULT_BASE_IRI):
        if iri.startswith(prefix):
            return iri.removeprefix(prefix)
    return iri if ":" not in iri else None


def undefined_terms(document: dict[str, Any]) -> list[str]:
    """Properties and types that the document's contexts do not define, which JSON-LD would drop or
    file under the VC 2.0 'issuer-dependent' vocabulary. Proofs are left to the proof check.
    Raises on documents JSON-LD cannot process."""
    dropped: list[str] = []
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    expanded = jsonld.expand(unsecured, options(), on_property_dropped=lambda key: dropped.append(f"{key}"))
    found = dict.fromkeys(dropped)
    stack: list[Any] = [expanded]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@type" and "@value" not in node:
                    for t in value if isinstance(value, list) else [value]:
                        name = _undefined_type(t) if isinstance(t, str) else None
                        if name is not None:
                            found[name] = None
                elif key.startswith(ISSUER_DEPENDENT):
                    found[key.removeprefix(ISSUER_DEPENDENT)] = None
                if key not in ("@value", "@type") and isinstance(value, list | dict):
                    stack.append(value)
    return sorted(found)
