"""Building and signing our OpenBadgeCredentials: schema-valid, nothing lost on expansion, proofs that hold."""

from __future__ import annotations

import base64
import copy
import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from microcred_desktop.domain.course import AchievementKind, LearningOutcome
from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.domain.verdict import Outcome
from microcred_desktop.formats.ob3.build import achievement_id, build_ob3, identity_hash, sign_ob3
from microcred_desktop.formats.ob3.canon import data_integrity, undefined_terms
from microcred_desktop.formats.ob3.image import default_badge_png
from microcred_desktop.formats.ob3.schema import schema_errors
from microcred_desktop.formats.ob3.verify import verify_ob3
from tests import factories
from tests.formats.ob3.support import NOW, SIGNED_AT, independently_verified, issuer_signer

SALT = "b7f3c1d2"
PNG = default_badge_png("Web accessibility basics", "#1f5fa8")

VARIANTS: dict[str, Callable[[], CredentialDocument]] = {
    "full": factories.document,
    "volunteering": lambda: factories.document(course=factories.volunteering_course()),
    "no-esco": lambda: factories.document(course=factories.course(learning_outcomes=(
        LearningOutcome({"en": "Audit a web page.", "lt": "Įvertinti tinklalapį."}),))),
    "no-ects": lambda: factories.document(course=factories.course(ects=None)),
    "no-email": lambda: factories.document(learner=factories.learner(email=None)),
    "participation": lambda: factories.document(course=factories.course(
        kind=AchievementKind.PARTICIPATION, validity_months=None)),
}


def _signed(doc: CredentialDocument, image: bytes | None = PNG) -> dict[str, Any]:
    signer = issuer_signer()
    return sign_ob3(build_ob3(doc, signer.did, image, SALT), signer, SIGNED_AT)


@pytest.fixture(params=sorted(VARIANTS), name="variant")
def _variant(request: pytest.FixtureRequest) -> CredentialDocument:
    return VARIANTS[request.param]()


def test_conforms_to_the_official_schema(variant: CredentialDocument) -> None:
    assert schema_errors(_signed(variant)) == []


def test_keeps_every_term_on_expansion(variant: CredentialDocument) -> None:
    assert undefined_terms(_signed(variant)) == []


def test_proof_verifies_with_our_code_and_independently(variant: CredentialDocument) -> None:
    credential = _signed(variant)
    result = data_integrity().verify_proof(credential)
    assert result.verified and result.key_confirmed
    assert independently_verified(credential)


def test_the_whole_verifier_calls_it_valid(variant: CredentialDocument) -> None:
    verdict = verify_ob3(_signed(variant), NOW)
    assert verdict.outcome is Outcome.VALID, verdict.to_json()


TAMPERINGS: dict[str, Callable[[dict[str, Any]], None]] = {
    "name": lambda c: c.update(name="Advanced web accessibility"),
    "achievement name": lambda c: c["credentialSubject"]["achievement"].update(name="Something else"),
    "learner": lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="Someone Else"),
    "validUntil": lambda c: c.update(validUntil="2099-12-31T23:59:59Z"),
    "issuer name": lambda c: c["issuer"].update(name="Another Centre"),
    "issuer id": lambda c: c["issuer"].update(id=issuer_signer(bytes(32)).did),
    "credits": lambda c: c["credentialSubject"]["achievement"].update(creditsAvailable=30.0),
}


@pytest.mark.parametrize("tamper", sorted(TAMPERINGS))
def test_tampering_breaks_the_proof(tamper: str) -> None:
    credential = _signed(factories.document())
    TAMPERINGS[tamper](credential)
    assert not data_integrity().verify_proof(credential).verified
    assert not independently_verified(credential)
    assert verify_ob3(credential, NOW).outcome is Outcome.INVALID


def test_shape_of_the_full_credential() -> None:
    doc = factories.document()
    credential = build_ob3(doc, issuer_signer().did, PNG, SALT)
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == "urn:uuid:6e9c1a7e-2f4b-4d39-8c1e-5b7a9d0c3e21"
    assert credential["validFrom"] == "2026-11-20T10:30:00Z"
    assert credential["validUntil"] == "2029-11-20T23:59:59Z"
    issuer = credential["issuer"]
    assert issuer["id"] == issuer_signer().did and issuer["type"] == ["Profile"]
    assert (issuer["name"], issuer["url"], issuer["email"]) == (
        "Kauno profesinio mokymo centras", "https://kpmc.example.lt", "info@kpmc.example.lt")
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    name, email = subject["identifier"]
    assert name == {"type": "IdentityObject", "hashed": False, "identityType": "name",
                    "identityHash": "Žydrūnė Ąžuolaitė-Šimkienė"}
    expected_hash = "sha256$" + hashlib.sha256(("zydrune@example.lt" + SALT).encode()).hexdigest()
    assert email == {"type": "IdentityObject", "hashed": True, "identityType": "emailAddress",
                     "identityHash": expected_hash, "salt": SALT}
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["name"] == "Interneto prieinamumo pagrindai"
    assert achievement["description"].startswith("Kaip kurti")
    assert achievement["criteria"]["narrative"] == (
        "- Įvertinti tinklalapį pagal WCAG 2.2 AA lygį.\n- Ištaisyti dažnas kontrasto ir žymėjimo klaidas.")
    assert achievement["creditsAvailable"] == 3.0
    assert achievement["inLanguage"] == "lt"
    assert achievement["alignment"] == [{
        "type": ["Alignment"], "targetName": "Įvertinti tinklalapį pagal WCAG 2.2 AA lygį.",
        "targetUrl": "http://data.europa.eu/esco/skill/1f7d1b5f-7a0c-4f8f-9ad3-6a9a3c1c2d11",
        "targetFramework": "ESCO", "targetType": "ceasn:Competency"}]
    image = achievement["image"]
    assert image["type"] == "Image"
    assert base64.b64decode(image["id"].removeprefix("data:image/png;base64,")) == PNG


def test_variants_differ_where_they_should() -> None:
    volunteering = build_ob3(VARIANTS["volunteering"](), "did:key:z6Mkx", None, SALT)
    achievement = volunteering["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "CommunityService"
    assert achievement["inLanguage"] == "lv" and achievement["name"] == "Brīvprātīgais darbs jauniešu centrā"
    assert "creditsAvailable" not in achievement and "alignment" not in achievement
    assert "image" not in achievement and "validUntil" not in volunteering
    participation = build_ob3(VARIANTS["participation"](), "did:key:z6Mkx", None, SALT)
    assert participation["credentialSubject"]["achievement"]["achievementType"] == "Course"
    no_email = build_ob3(VARIANTS["no-email"](), "did:key:z6Mkx", None, SALT)
    assert [i["identityType"] for i in no_email["credentialSubject"]["identifier"]] == ["name"]


def test_output_is_deterministic() -> None:
    assert _signed(factories.document()) == _signed(factories.document())


def test_achievement_id_depends_on_course_and_organisation_only() -> None:
    a = build_ob3(factories.document(), "did:key:z6Mkx", None, "one")["credentialSubject"]["achievement"]["id"]
    other_learner = factories.document(learner=factories.learner(given_name="Jonas"))
    b = build_ob3(other_learner, "did:key:z6Mkx", None, "two")["credentialSubject"]["achievement"]["id"]
    assert a == b == achievement_id("LT100001234", "WEB-101")
    assert a.startswith("urn:uuid:")
    assert achievement_id("LT100001234", "WEB-102") != a
    assert achievement_id("LT100009999", "WEB-101") != a


def test_identity_hash_ignores_case_and_spaces_of_the_address() -> None:
    assert identity_hash(" Zydrune@Example.LT ", "s") == identity_hash("zydrune@example.lt", "s")
    assert identity_hash("zydrune@example.lt", "s") != identity_hash("zydrune@example.lt", "t")


def test_sign_refuses_a_key_that_is_not_the_issuer() -> None:
    credential = build_ob3(factories.document(), issuer_signer().did, None, SALT)
    with pytest.raises(ValueError, match="issuer"):
        sign_ob3(credential, issuer_signer(bytes(32)), SIGNED_AT)


def test_signing_does_not_change_the_unsigned_credential() -> None:
    credential = build_ob3(factories.document(), issuer_signer().did, None, SALT)
    before = copy.deepcopy(credential)
    sign_ob3(credential, issuer_signer(), SIGNED_AT)
    assert credential == before
