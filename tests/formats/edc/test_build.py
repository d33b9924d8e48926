"""The EDC built from each kind of course conforms to the official profile and says what the course says."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from microcred_desktop.formats.edc import concepts as cv
from microcred_desktop.formats.edc.build import build_edc, plain_number, uploadable
from microcred_desktop.formats.edc.shapes import dropped_terms
from microcred_desktop.i18n import translator
from tests.factories import course, document

from .cases import CASES, built, case_document, images_for, nodes, official, report

KINDS = sorted(CASES)
LANGUAGE_MAPS = ("title", "description", "legalName", "noteLiteral", "altLabel")
PERSON_NAMES = ("givenName", "familyName", "fullName")


def claim(edc: dict[str, Any]) -> dict[str, Any]:
    (achievement,) = edc["credentialSubject"]["hasClaim"]
    assert isinstance(achievement, dict)
    return achievement


@pytest.mark.parametrize("kind", KINDS)
def test_conforms_to_the_edc_profile(kind: str) -> None:
    assert report(kind) == ()


@pytest.mark.parametrize("kind", KINDS)
def test_drops_no_term_on_expansion(kind: str) -> None:
    assert dropped_terms(built(kind)) == []


@pytest.mark.parametrize("kind", KINDS)
def test_language_maps_carry_each_course_language(kind: str) -> None:
    languages = set(case_document(kind).languages)
    maps = [node[key] for node in nodes(built(kind)) for key in LANGUAGE_MAPS if key in node]
    assert len(maps) > 5
    for value in maps:
        assert set(value) == languages, value
        assert all(text.strip() for text in value.values()), value


@pytest.mark.parametrize("kind", KINDS)
def test_person_names_are_in_the_primary_language_only(kind: str) -> None:
    # The profile allows one value per name (maxCount 1), whatever its language tag.
    doc = case_document(kind)
    person = built(kind)["credentialSubject"]
    assert person["fullName"] == {doc.languages[0]: doc.learner.full_name}
    assert person["givenName"] == {doc.languages[0]: doc.learner.given_name}


@pytest.mark.parametrize("kind", KINDS)
def test_every_coded_value_is_a_full_concept(kind: str) -> None:
    concepts = [node for node in nodes(built(kind)) if node.get("type") == "Concept"]
    assert len(concepts) > 8
    for concept in concepts:
        assert concept["id"].startswith("http"), concept
        assert concept["inScheme"]["type"] == "ConceptScheme"
        if concept["inScheme"]["id"] != cv.ESCO_SKILLS:  # ESCO labels are not shipped
            assert concept["prefLabel"]["en"], concept


@pytest.mark.parametrize("kind", KINDS)
def test_one_display_per_language_with_its_png(kind: str) -> None:
    doc = case_document(kind)
    display = built(kind)["displayParameter"]
    assert display["primaryLanguage"]["id"] == cv.language(doc.languages[0]).uri
    assert [d["language"]["id"] for d in display["individualDisplay"]] == [
        cv.language(lang).uri for lang in doc.languages
    ]
    for lang, individual in zip(doc.languages, display["individualDisplay"], strict=True):
        (detail,) = individual["displayDetail"]
        assert detail["page"] == 1
        image = detail["image"]
        assert base64.b64decode(image["content"]) == images_for(kind)[lang]
        assert image["contentType"]["id"].endswith("/file-type/PNG")
        assert image["contentEncoding"]["prefLabel"] == {"en": "base64"}


@pytest.mark.parametrize("kind", KINDS)
def test_ids_derive_from_the_document_and_each_names_one_node(kind: str) -> None:
    doc = case_document(kind)
    full: dict[str, dict[str, Any]] = {}
    for node in nodes(built(kind)):
        if "id" not in node or node["type"] in ("Concept", "ConceptScheme", "Mailbox", "ShaclValidator2017"):
            continue
        assert str(doc.uuid) in node["id"], node["id"]
        if set(node) - {"id", "type"}:  # a full node, not a reference to one
            assert node["id"] not in full, f"two nodes named {node['id']}"
            full[node["id"]] = node
    references = [n["id"] for n in nodes(built(kind)) if set(n) == {"id", "type"}]
    assert sum(ref in full for ref in references) >= 4  # the issuer and the awarding process, named again
    assert [ref for ref in references if ref.startswith("urn:epass:") and ref not in full] == []


def test_credential_envelope_is_the_sample_s() -> None:
    edc = built("bilingual-eqf")
    sample = official("Sample-MC-Annex1-unsigned.jsonld")
    assert edc["@context"] == sample["@context"]
    assert edc["type"] == sample["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]
    assert edc["id"] == "urn:credential:6e9c1a7e-2f4b-4d39-8c1e-5b7a9d0c3e21"
    assert edc["credentialSchema"] == [sample["credentialSchema"]]
    assert edc["credentialProfiles"] == [sample["credentialProfiles"]]
    assert edc["issuanceDate"] == edc["issued"] == edc["validFrom"] == "2026-11-20T10:30:00Z"
    assert edc["expirationDate"] == "2029-11-20T23:59:59Z"
    assert "expirationDate" not in built("volunteering")
    assert edc["displayParameter"]["title"] == claim(edc)["title"] == {
        "lt": "Interneto prieinamumo pagrindai", "en": "Web accessibility basics",
    }
    assert built("participation")["displayParameter"]["description"] == {"en": "has taken part in"}


def test_issuer_carries_one_eidas_identifier_and_its_contacts() -> None:
    issuer = built("bilingual-eqf")["issuer"]
    identifier = issuer["eIDASIdentifier"]
    assert isinstance(identifier, dict)
    assert identifier["notation"] == "LT100001234"
    assert identifier["spatial"]["id"] == "http://publications.europa.eu/resource/authority/country/LTU"
    assert issuer["legalName"] == {
        "lt": "Kauno profesinio mokymo centras", "en": "Kaunas Vocational Training Centre",
    }
    (location,) = issuer["location"]
    (address,) = location["address"]
    assert address["countryCode"]["id"].endswith("/country/LTU")
    assert address["fullAddress"]["noteLiteral"]["en"] == "Taikos pr. 1, LT-51321 Kaunas"
    assert issuer["homepage"][0]["contentURL"] == "https://kpmc.example.lt"
    assert issuer["contactPoint"][0]["emailAddress"][0]["id"] == "mailto:info@kpmc.example.lt"
    (latvian,) = built("minimal")["issuer"]["location"][0]["address"]
    assert latvian["countryCode"]["id"].endswith("/country/LVA")


def test_subject_optional_details_follow_the_learner() -> None:
    full, minimal = built("bilingual-eqf")["credentialSubject"], built("minimal")["credentialSubject"]
    assert full["dateOfBirth"] == "1994-03-08T00:00:00Z"
    assert full["contactPoint"][0]["emailAddress"][0]["id"] == "mailto:zydrune@example.lt"
    assert "dateOfBirth" not in minimal and "contactPoint" not in minimal


def test_course_with_eqf_is_a_qualification_with_every_annex_element() -> None:
    achievement = claim(built("bilingual-eqf"))
    assert achievement["awardedBy"]["awardingDate"] == "2026-11-14T00:00:00Z"
    spec = achievement["specifiedBy"]
    assert spec["type"] == "Qualification"
    assert spec["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/5"
    assert spec["eqfLevel"]["prefLabel"] == {"en": "Level 5", "lt": "5 lygis", "lv": "5. līmenis"}
    assert [n["prefLabel"]["en"] for n in spec["nqfLevel"]] == ["LTQF Level 5"]
    assert spec["thematicArea"][0]["id"] == "http://data.europa.eu/snb/isced-f/0611"
    (credit,) = spec["creditPoint"]
    assert credit["point"] == "3" and credit["framework"]["id"] == cv.ECTS
    assert spec["volumeOfLearning"] == "PT80H"
    assert spec["mode"][0]["prefLabel"]["en"] == "Blended"
    assert spec["learningSetting"]["id"].endswith("/learning-setting/e207a81fc7")
    assert spec["entryRequirement"]["noteLiteral"] == {"lt": "HTML pagrindai.", "en": "Basic HTML."}
    assert [lang["id"][-3:] for lang in spec["language"]] == ["LIT", "ENG"]
    assert spec["isPartialQualification"] is False
    first, second = spec["learningOutcome"]
    assert first["relatedESCOSkill"][0]["id"].startswith(cv.ESCO_SKILL_PREFIX)
    assert first["relatedESCOSkill"][0]["inScheme"]["id"] == cv.ESCO_SKILLS
    assert "relatedESCOSkill" not in second
    notes = [note["noteLiteral"]["en"] for note in spec["additionalNote"]]
    assert notes == [
        "Quality assurance: Internal quality assurance under ISO 9001.",
        "Integration and stackability: Counts towards the Web developer programme (30 ECTS).",
        "Further information: https://kpmc.example.lt/web-101",
    ]
    # A translation missing in a course language falls back to the first language that has it.
    assert spec["additionalNote"][2]["noteLiteral"]["lt"].endswith("https://kpmc.example.lt/web-101")


def test_assessment_has_type_grade_supervision_and_grading_scheme() -> None:
    (assessment,) = claim(built("bilingual-eqf"))["provenBy"]
    assert assessment["grade"]["noteLiteral"] == {"lt": "9 (excellent)", "en": "9 (excellent)"}
    assert assessment["idVerification"]["id"].endswith("/supervision-verification/70be69aaf9")
    spec = assessment["specifiedBy"]
    assert spec["dcType"]["id"] == "http://data.europa.eu/snb/assessment/6a4db9f11d"
    assert assessment["title"] == {"lt": "Praktinis vertinimas", "en": "Practical assessment"}
    assert spec["gradingScheme"]["description"] == {"lt": "Įskaityta / neįskaityta.", "en": "Pass / fail."}


def test_volunteering_is_a_specification_without_eqf_and_a_volunteering_activity() -> None:
    achievement = claim(built("volunteering"))
    (activity,) = achievement["influencedBy"]
    assert [t["id"] for t in activity["specifiedBy"]["dcType"]] == [cv.ACTIVITY_VOLUNTEERING]
    assert activity["specifiedBy"]["dcType"][0]["prefLabel"]["en"] == "volunteering"
    spec = achievement["specifiedBy"]
    assert spec["type"] == "LearningAchievementSpecification"
    for absent in ("eqfLevel", "nqfLevel", "creditPoint", "isPartialQualification", "dcType"):
        assert absent not in spec
    assert spec["volumeOfLearning"] == "PT40H"
    assert spec["title"] == {"lv": "Brīvprātīgais darbs jauniešu centrā"}
    (assessment,) = achievement["provenBy"]
    assert assessment["idVerification"]["id"].endswith("/supervision-verification/c598449d64")
    assert assessment["grade"]["noteLiteral"] == {"lv": translator("lv").gettext("Completed")}
    assert translator("lv").gettext("Completed") != "Completed"  # the Latvian catalogue has it


def test_course_activity_type_follows_the_form_of_participation() -> None:
    def activity_types(kind: str) -> list[str]:
        return [t["prefLabel"]["en"] for t in claim(built(kind))["influencedBy"][0]["specifiedBy"]["dcType"]]

    assert activity_types("bilingual-eqf") == ["classroom coursework", "e-learning coursework"]
    assert activity_types("participation") == ["e-learning coursework"]
    assert activity_types("minimal") == ["classroom coursework"]


def test_supervised_without_id_check_is_a_note_not_a_concept() -> None:
    (assessment,) = claim(built("participation"))["provenBy"]
    assert "idVerification" not in assessment
    assert assessment["additionalNote"][0]["noteLiteral"] == {
        "en": "Supervised assessment, without identity verification"
    }
    assert assessment["grade"]["noteLiteral"] == {"en": "Participated"}


def test_minimal_course_states_only_what_it_has() -> None:
    spec = claim(built("minimal"))["specifiedBy"]
    assert spec["type"] == "LearningAchievementSpecification"
    assert spec["volumeOfLearning"] == "PT7.5H"
    for absent in ("creditPoint", "entryRequirement", "thematicArea", "description"):
        assert absent not in spec
    assert [n["id"].rsplit(":", 1)[1] for n in spec["additionalNote"]] == ["qualityAssurance"]
    issuer = built("minimal")["issuer"]
    assert issuer["legalName"] == {"lv": "Rīgas mācību centrs", "en": "Rīgas mācību centrs"}
    assert "homepage" not in issuer and "contactPoint" not in issuer
    assert "schemeName" not in issuer["eIDASIdentifier"]


def test_same_input_gives_identical_json() -> None:
    doc = case_document("bilingual-eqf")
    images = images_for("bilingual-eqf")
    again = build_edc(document(grade="9 (excellent)"), dict(reversed(list(images.items()))))
    assert json.dumps(again, ensure_ascii=False) == json.dumps(build_edc(doc, images), ensure_ascii=False)
    other = build_edc(replace(doc, uuid=UUID(int=1)), images)
    assert "6e9c1a7e" not in json.dumps(other["credentialSubject"])


def test_every_course_language_needs_a_png() -> None:
    doc = case_document("bilingual-eqf")
    with pytest.raises(ValueError, match="language"):
        build_edc(doc, {"lt": images_for("bilingual-eqf")["lt"]})
    with pytest.raises(ValueError, match="PNG"):
        build_edc(doc, {"lt": b"GIF89a", "en": images_for("bilingual-eqf")["en"]})


def test_uploadable_wraps_the_credential_as_the_commission_s_samples() -> None:
    edc = built("minimal")
    sample = official("Sample-MC-Annex1-unsigned-uploadable.json")
    assert set(sample) == {"credential"} and sample["credential"]["type"] == edc["type"]
    assert uploadable(edc) == {"credential": edc}


def test_national_framework_level_follows_the_issuer_s_country() -> None:
    assert cv.nqf("5", "LT") is not None and cv.nqf("5", "LT").labels["en"] == "LTQF Level 5"  # type: ignore[union-attr]
    assert cv.nqf("5", "lv").labels["en"] == "LQF Level 5"  # type: ignore[union-attr]
    assert cv.nqf("5", "EE") is None and cv.nqf("", "LT") is None
    assert cv.nqf("http://data.europa.eu/snb/qdr/c_7493dd0e", "EE").labels["en"] == "LQF Level 5"  # type: ignore[union-attr]


def test_unknown_coded_values_are_refused() -> None:
    doc = document(course=course(isced_f="http://data.europa.eu/snb/isced-f/0619x"))
    with pytest.raises(cv.UnknownConcept):
        build_edc(doc, images_for("bilingual-eqf"))
    with pytest.raises(cv.UnknownConcept):
        cv.esco_skill("https://example.org/skill/1")


@pytest.mark.parametrize(("value", "text"), [("3", "3"), ("80", "80"), ("1.50", "1.5"), ("0.25", "0.25")])
def test_numbers_are_written_plainly(value: str, text: str) -> None:
    assert plain_number(Decimal(value)) == text
