"""The validator itself: the official samples prove the SHACL set-up, and the dropped-term check works."""

from __future__ import annotations

import json
from typing import Any

from microcred_desktop.resources import read_bytes

from microcred_desktop.formats.edc.shapes import SHAPE_FILES, dropped_terms, shape_report

from .cases import STANDARDS, built, official


def sealed_payload() -> dict[str, Any]:
    """The credential inside the Commission's sealed micro-credential sample (JAdES payload)."""
    payload: dict[str, Any] = json.loads(official("Sample-MC-Annex1-signed.jsonld")["payload"])
    return payload


def test_shipped_shapes_are_the_official_files() -> None:
    for name in SHAPE_FILES:
        assert read_bytes("shapes", name) == (STANDARDS / "elm-3.1-shapes" / "ap" / "edc" / name).read_bytes()


def test_official_sealed_sample_conforms() -> None:
    assert shape_report(sealed_payload()) == []


def test_official_sample_without_eidas_identifier_does_not_conform() -> None:
    credential = sealed_payload()
    del credential["issuer"]["eIDASIdentifier"]
    report = shape_report(credential)
    assert report
    assert any("eidasLegalIdentifier" in message and "Less than 1" in message for message in report)


def test_official_unsigned_sample_lacks_exactly_what_the_sealing_adds() -> None:
    # The Commission's unsigned samples have no `issued` and no issuer eIDAS identifier: its issuing
    # service adds both when it seals. Everything else in them conforms.
    report = shape_report(official("Sample-MC-Annex1-unsigned.jsonld"))
    assert len(report) == 2, report
    assert report[0].startswith("cred:issued: Less than 1 values")
    assert report[1].startswith("cred:issuer > elm:eidasLegalIdentifier: Less than 1 values")


def test_official_samples_drop_no_term() -> None:
    assert dropped_terms(official("Sample-MC-Annex1-unsigned.jsonld")) == []
    assert dropped_terms(official("Sample-CertOfPart-unsigned.jsonld")) == []


def test_dropped_terms_names_undefined_properties_and_types() -> None:
    edc = built("minimal")
    edc["certificateNumber"] = "C-1"
    edc["issuer"]["shortName"] = "RMC"
    edc["issuer"]["location"][0]["address"][0]["postCode"] = "LV-1050"
    edc["issuer"]["homepage"] = None
    edc["credentialSubject"]["type"] = "Learner"
    assert dropped_terms(edc) == [
        "certificateNumber",
        "issuer/homepage",
        "issuer/location/address/postCode",
        "issuer/shortName",
        "type Learner",
    ]
