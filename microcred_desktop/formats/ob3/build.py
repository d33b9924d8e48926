"""An Open Badges 3.0 `OpenBadgeCredential` from a credential document, and its Data Integrity proof.

Where the learner's name goes: OB 3.0 gives `AchievementSubject` no `name` (the 3.0.3 context would
keep one only as a stray schema.org term, and the data model and JSON Schema do not list it), so the
name is an `IdentityObject` of `identityType` "name", unhashed, next to the hashed e-mail address, as
the spec's IdentifierTypeEnum allows.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from ...crypto.signer import IssuerSigner
from ...domain.course import AchievementKind, Course
from ...domain.credential import CredentialDocument
from ...domain.langmap import pick
from ...vocabularies import by_uri
from .canon_shapes import signing_integrity

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
# Namespace of achievement ids: uuid5(ACHIEVEMENT_NAMESPACE, "<organisation id>\x1f<course code>").
ACHIEVEMENT_NAMESPACE = UUID("0b3c5a52-6d1e-5f0a-9c1e-6d6963726f63")
ACHIEVEMENT_TYPES = {
    AchievementKind.COURSE: "MicroCredential",
    AchievementKind.VOLUNTEERING: "CommunityService",
    AchievementKind.PARTICIPATION: "Course",
}
# ESCO skills are competencies of a framework; "ceasn:Competency" is the enum value for that
# ("ceterms:Skill" is not in the schema's AlignmentTargetType).
ESCO_TARGET_TYPE = "ceasn:Competency"


def achievement_id(organisation_identifier: str, course_code: str) -> str:
    """The same urn:uuid for the same course of the same organisation, on any PC."""
    name = organisation_identifier + "\x1f" + course_code
    return f"urn:uuid:{uuid5(ACHIEVEMENT_NAMESPACE, name)}"


def identity_hash(email: str, salt: str) -> str:
    """`sha256$` + hex SHA-256 of the e-mail address (trimmed, lower case) followed by the salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


def _identifiers(doc: CredentialDocument, salt: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if doc.learner.full_name:
        found.append({"type": "IdentityObject", "hashed": False,
                      "identityHash": doc.learner.full_name, "identityType": "name"})
    if doc.learner.email:
        email: dict[str, Any] = {"type": "IdentityObject", "hashed": True,
                                 "identityHash": identity_hash(doc.learner.email, salt),
                                 "identityType": "emailAddress"}
        if salt:
            email["salt"] = salt
        found.append(email)
    return found


def _narrative(course: Course, lang: str) -> str:
    lines = [pick(o.text, (lang, *course.languages)).strip() for o in course.learning_outcomes]
    return "\n".join(f"- {' '.join(line.split())}" for line in lines if line)


def _alignments(course: Course, lang: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for outcome in course.learning_outcomes:
        if outcome.esco and outcome.esco not in seen:
            seen[outcome.esco] = {
                "type": ["Alignment"],
                "targetName": pick(outcome.text, (lang, *course.languages)) or outcome.esco,
                "targetUrl": outcome.esco,
                "targetFramework": "ESCO",
                "targetType": ESCO_TARGET_TYPE,
            }
    return list(seen.values())


def _achievement(doc: CredentialDocument, lang: str, image_png: bytes | None) -> dict[str, Any]:
    course = doc.course
    name = course.title_in(lang)
    achievement: dict[str, Any] = {
        "id": achievement_id(doc.organisation.legal_identifier, course.code),
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[course.kind],
        "name": name,
        "description": pick(course.description, (lang, *course.languages)) or name,
        "criteria": {"narrative": _narrative(course, lang)},
        "humanCode": course.code,
        "inLanguage": lang,
    }
    if course.ects is not None:
        achievement["creditsAvailable"] = float(course.ects)
    isced = by_uri(course.isced_f) if course.isced_f else None
    if isced is not None:
        achievement["fieldOfStudy"] = isced.label(lang)
    alignments = _alignments(course, lang)
    if alignments:
        achievement["alignment"] = alignments
    if image_png:
        achievement["image"] = {
            "id": "data:image/png;base64," + base64.b64encode(image_png).decode("ascii"),
            "type": "Image",
            "caption": name,
        }
    return achievement


def _issuer(doc: CredentialDocument, issuer_did: str, lang: str) -> dict[str, Any]:
    org = doc.organisation
    issuer: dict[str, Any] = {"id": issuer_did, "type": ["Profile"], "name": org.name_in(lang)}
    if org.website:
        issuer["url"] = org.website
    if org.email:
        issuer["email"] = org.email
    if org.legal_identifier:
        scheme = re.sub(r"[^A-Za-z0-9._-]", "", org.identifier_scheme)
        issuer["otherIdentifier"] = [{"type": "IdentifierEntry", "identifier": org.legal_identifier,
                                      "identifierType": f"ext:{scheme}" if scheme else "identifier"}]
    return issuer


def build_ob3(doc: CredentialDocument, issuer_did: str, image_png: bytes | None, salt: str) -> dict[str, Any]:
    """The unsigned credential: the same dict for the same inputs (texts in the course's first language)."""
    lang = doc.course.main_language
    credential: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": doc.urn,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": doc.course.title_in(lang),
        "issuer": _issuer(doc, issuer_did, lang),
        "validFrom": doc.issued_iso,
    }
    if doc.valid_until_iso:
        credential["validUntil"] = doc.valid_until_iso
    credential["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "identifier": _identifiers(doc, salt),
        "achievement": _achievement(doc, lang, image_png),
    }
    return credential


def sign_ob3(credential: dict[str, Any], signer: IssuerSigner, created: datetime) -> dict[str, Any]:
    """The credential with an eddsa-rdfc-2022 Data Integrity proof by the issuer's did:key."""
    issuer = credential.get("issuer")
    if (issuer.get("id") if isinstance(issuer, dict) else issuer) != signer.did:
        raise ValueError("the signer's did:key is not the credential's issuer")
    return signing_integrity().create_proof(credential, signer, created)
