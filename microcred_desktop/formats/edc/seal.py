"""Sealing an EDC the way the Commission's issuer does: the issuer's legal name, eIDAS identifier and
country are taken from the seal certificate, then the JSON is sealed with JAdES (JWS JSON, b64=false)."""

from __future__ import annotations

import copy
from datetime import datetime
from functools import lru_cache
from typing import Any

from cryptography import x509

from ...crypto.certificates import seal_subject
from ...crypto.jades import seal_json
from ...crypto.signer import SealSigner
from ..json_bytes import compact
from . import concepts as cv

JSON = dict[str, Any]


def payload_bytes(edc: JSON) -> bytes:
    """The exact bytes that are sealed: compact UTF-8 JSON, as the Commission's samples carry it."""
    return compact(edc)


def with_seal_subject(edc: JSON, certificate: x509.Certificate) -> JSON:
    """The credential with its issuer named as the seal certificate names the organisation (a new object that
    shares all but the issuer with `edc`)."""
    subject = seal_subject(certificate)
    if not isinstance(edc.get("issuer"), dict):
        return dict(edc)
    result = dict(edc)  # only the issuer changes: copied whole, the rest shared (copying all took 0.4 ms)
    issuer = result["issuer"] = copy.deepcopy(edc["issuer"])
    if subject.legal_name:
        languages = list(issuer.get("legalName") or {"en": ""})
        issuer["legalName"] = {lang: subject.legal_name for lang in languages}
    identifier = issuer.get("eIDASIdentifier")
    if isinstance(identifier, dict):
        if subject.organisation_identifier:
            identifier["notation"] = subject.organisation_identifier
        if subject.country:
            try:
                identifier["spatial"] = cv.concept_json(cv.country(subject.country))
            except cv.UnknownConcept:
                pass
    return result


@lru_cache(maxsize=4)
def _certificate(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


def seal_edc(edc: JSON, seal: SealSigner, now: datetime) -> JSON:
    """The sealed credential (the JWS JSON object written to `<name>.edc.jsonld`)."""
    certificate = _certificate(seal.chain[0])
    return seal_json(payload_bytes(with_seal_subject(edc, certificate)), seal, now)


def sealed_file_bytes(sealed: JSON) -> bytes:
    return compact(sealed)
