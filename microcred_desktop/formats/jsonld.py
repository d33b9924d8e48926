"""JSON-LD processing that never touches the network: every context is bundled in resources/contexts/."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from pyld import jsonld  # type: ignore[import-untyped]

from ..resources import read_text

# Every context URL the app knows -> its bundled copy. Anything else is refused.
CONTEXTS: dict[str, str] = {
    "https://www.w3.org/2018/credentials/v1": "2018-credentials-v1.jsonld",
    "https://www.w3.org/2018/credentials/examples/v1": "2018-credentials-examples-v1.jsonld",
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/did/v1": "did-v1.jsonld",
    "http://data.europa.eu/snb/model/context/edc-ap": "edc-ap-context.jsonld",
    "https://data.europa.eu/snb/model/context/edc-ap": "edc-ap-context.jsonld",
    "https://w3id.org/openbadges/v2": "ob-v2p0.json",
    "https://openbadgespec.org/v2/context.json": "ob-v2p0.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "ob-v3p0.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
    # The pre-release OB 3.0 context, as 1EdTech's validator maps it (their obv3.jsonld).
    "https://imsglobal.github.io/openbadges-specification/context.json": "obv3x.jsonld",
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json": "clr-v2p0.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-2.0.1.json",
    "https://www.w3.org/ns/odrl.jsonld": "odrl.jsonld",
    "https://w3id.org/security/v1": "security-v1.jsonld",
    "https://w3id.org/security/v2": "security-v2.jsonld",
    "https://w3id.org/security/v3-unstable": "security-v3-unstable.jsonld",
    "https://w3id.org/security/bbs/v1": "security-bbs-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2018/v1": "suites-ed25519-2018.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "suites-ed25519-2020.jsonld",
    "https://w3id.org/security/suites/jws-2020/v1": "suites-jws-2020.jsonld",
    "https://w3id.org/security/suites/secp256k1-2019/v1": "suites-secp256k1-2019.jsonld",
    "https://w3id.org/security/suites/x25519-2019/v1": "suites-x25519-2019.jsonld",
}


class ContextNotBundled(jsonld.JsonLdError):  # type: ignore[misc]
    """A document asks for a context this app does not ship; we never fetch one."""

    def __init__(self, url: str) -> None:
        super().__init__(f"JSON-LD context not available offline: {url}", "jsonld.LoadDocumentError",
                         code="loading remote context failed")
        self.url = url


@cache
def _context_text(filename: str) -> str:
    return read_text("contexts", filename)


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader over the bundled contexts only."""
    filename = CONTEXTS.get(url.rstrip("#")) or CONTEXTS.get(url.rstrip("/"))
    if filename is None:
        raise ContextNotBundled(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(_context_text(filename)),
        # A bundled context never changes: "static" lets pyld keep it resolved across operations.
        "tag": "static",
    }


def options(**extra: Any) -> dict[str, Any]:
    """pyld options with the offline loader; pass the result to jsonld.expand/normalize/…"""
    return {"documentLoader": document_loader, **extra}


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    return jsonld.expand(document, options())  # type: ignore[no-any-return]


def canonize(document: dict[str, Any]) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0 / URDNA2015) as N-Quads."""
    return jsonld.normalize(  # type: ignore[no-any-return]
        document, options(algorithm="URDNA2015", format="application/n-quads")
    )
