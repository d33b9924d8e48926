"""The European Digital Credential (ELM v3 JSON-LD, EDC application profile) of a credential document.

A pure function of the document and the rendered certificate pages; the mapping of each Annex I element
is in docs/edc-mapping.md. Properties that may repeat are always lists, single-valued ones never are.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ...domain.course import AchievementKind, Supervision
from ...domain.credential import CredentialDocument
from ...domain.langmap import LangMap, clean, pick
from ...i18n import N_, translator
from ...vocabularies import Concept
from . import concepts as cv

JSON = dict[str, Any]

CONTEXT = ("https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap")
TYPES = ("VerifiableCredential", "EuropeanDigitalCredential")
SCHEMA = "http://data.europa.eu/snb/model/ap/edc-generic-full"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Fixed wording, written in each course language through the certificate translator. The display
# description is the PDF certificate's phrase (same source strings, translated once), as the sample's
# "has successfully completed a micro-module".
KIND_DESCRIPTION = {
    AchievementKind.COURSE: N_("has successfully completed"),
    AchievementKind.PARTICIPATION: N_("has taken part in"),
    AchievementKind.VOLUNTEERING: N_("in recognition of the time, commitment and skills given to"),
}
# The profile wants a grade on every assessment; without one, the award itself is the result.
DEFAULT_GRADE = {
    AchievementKind.COURSE: N_("Passed"),
    AchievementKind.PARTICIPATION: N_("Participated"),
    AchievementKind.VOLUNTEERING: N_("Completed"),
}
QUALITY_ASSURANCE = N_("Quality assurance")
STACKABILITY = N_("Integration and stackability")
FURTHER_INFORMATION = N_("Further information")
SUPERVISED_WITHOUT_ID = N_("Supervised assessment, without identity verification")
ASSESSMENT = N_("Assessment")
GRADING_SCHEME = N_("Grading scheme")


def build_edc(doc: CredentialDocument, images: Mapping[str, bytes]) -> JSON:
    """The unsigned EDC; `images` maps each course language to a PNG of the rendered certificate."""
    return _Builder(doc).credential(images)


def uploadable(edc: JSON) -> JSON:
    """The EDC wrapped as the Commission's issuer expects an upload ({"credential": …})."""
    return {"credential": edc}


def utc_day(day: date) -> str:
    """A calendar date as the xsd:dateTime the profile wants (midnight UTC)."""
    return f"{day.isoformat()}T00:00:00Z"


def plain_number(value: Decimal) -> str:
    """3 -> "3", 1.50 -> "1.5", 80 -> "80" (never "8E+1")."""
    return format(value.normalize(), "f")


class _Builder:
    """Builds the nodes of one credential; every id is derived from the document's uuid."""

    def __init__(self, doc: CredentialDocument) -> None:
        self.doc = doc
        self.course = doc.course
        self.languages = doc.languages

    # -- small pieces -------------------------------------------------------------------------

    def id(self, kind: str, suffix: str = "") -> str:
        base = self.doc.child_id(kind)
        return f"{base}:{suffix}" if suffix else base

    def text(self, text: LangMap) -> dict[str, str]:
        """A language map with every course language, missing ones in the first language that has it."""
        text = clean(text)
        return {lang: pick(text, (lang, *self.languages)) for lang in self.languages}

    def same(self, value: str) -> dict[str, str]:
        return {lang: value for lang in self.languages}

    def say(self, message: str) -> dict[str, str]:
        return {lang: translator(lang).gettext(message) for lang in self.languages}

    def labels(self, concept: Concept) -> dict[str, str]:
        """The concept's labels as a title: each course language, first letter capitalised."""
        return {lang: concept.label(lang)[:1].upper() + concept.label(lang)[1:] for lang in self.languages}

    def note(self, suffix: str, literal: dict[str, str]) -> JSON:
        return {"id": self.id("note", suffix), "type": "Note", "noteLiteral": literal}

    def headed_note(self, suffix: str, title: str, text: LangMap) -> JSON:
        body = self.text(text)
        return self.note(suffix, {lang: f"{translator(lang).gettext(title)}: {body[lang]}" for lang in body})

    def language_list(self) -> list[JSON]:
        return [cv.concept_json(cv.language(lang)) for lang in self.languages]

    def media(self, suffix: str, png: bytes) -> JSON:
        if not png.startswith(PNG_SIGNATURE):
            raise ValueError(f"image {suffix!r} is not a PNG")
        return {
            "id": self.id("mediaObject", suffix),
            "type": "MediaObject",
            "content": base64.b64encode(png).decode("ascii"),
            "contentEncoding": cv.concept_json(cv.BASE64),
            "contentType": cv.concept_json(cv.PNG),
        }

    def org_ref(self) -> JSON:
        return {"id": self.id("org"), "type": "Organisation"}

    def awarding_ref(self) -> JSON:
        return {"id": self.id("awardingProcess"), "type": "AwardingProcess"}

    # -- the credential -----------------------------------------------------------------------

    def credential(self, images: Mapping[str, bytes]) -> JSON:
        doc = self.doc
        edc: JSON = {
            "@context": list(CONTEXT),
            "id": doc.edc_id,
            "type": list(TYPES),
            "credentialSchema": [{"id": SCHEMA, "type": "ShaclValidator2017"}],
            "credentialProfiles": [cv.concept_json(cv.uri(cv.GENERIC_PROFILE))],
            "displayParameter": self.display(images),
            "issuer": self.issuer(),
            "issuanceDate": doc.issued_iso,
            "issued": doc.issued_iso,
            "validFrom": doc.issued_iso,
        }
        if doc.valid_until_iso:
            edc["expirationDate"] = doc.valid_until_iso
        edc["credentialSubject"] = self.subject()
        return edc

    def display(self, images: Mapping[str, bytes]) -> JSON:
        missing = [lang for lang in self.languages if lang not in images]
        if missing:
            raise ValueError(f"no certificate image for language(s): {', '.join(missing)}")
        displays = [
            {
                "id": self.id("individualDisplay", lang),
                "type": "IndividualDisplay",
                "language": cv.concept_json(cv.language(lang)),
                "displayDetail": [{
                    "id": self.id("displayDetail", lang),
                    "type": "DisplayDetail",
                    "page": 1,
                    "image": self.media(f"display-{lang}", images[lang]),
                }],
            }
            for lang in self.languages
        ]
        return {
            "id": self.id("displayParameter"),
            "type": "DisplayParameter",
            "title": self.text(self.course.title),
            "description": self.say(KIND_DESCRIPTION[self.course.kind]),
            "language": self.language_list(),
            "primaryLanguage": cv.concept_json(cv.language(self.languages[0])),
            "individualDisplay": displays,
        }

    def issuer(self) -> JSON:
        org = self.doc.organisation
        where = cv.concept_json(cv.country(org.country))
        legal_name = self.text(org.legal_name) if clean(org.legal_name) else self.same(org.short_name)
        identifier: JSON = {
            "id": self.id("legalIdentifier"),
            "type": "LegalIdentifier",
            "notation": org.legal_identifier,
            "spatial": where,
        }
        if org.identifier_scheme.strip():
            identifier["schemeName"] = org.identifier_scheme.strip()
        address: JSON = {"id": self.id("address"), "type": "Address", "countryCode": where}
        if org.address.strip():
            address["fullAddress"] = self.note("address", self.same(org.address.strip()))
        node: JSON = {
            "id": self.id("org"),
            "type": "Organisation",
            "legalName": legal_name,
            "eIDASIdentifier": identifier,
            "location": [{"id": self.id("location"), "type": "Location", "address": [address]}],
        }
        if org.short_name.strip() and org.short_name.strip() not in legal_name.values():
            node["altLabel"] = self.same(org.short_name.strip())
        if org.website.strip():
            node["homepage"] = [{"id": self.id("webResource", "homepage"), "type": "WebResource",
                                 "contentURL": org.website.strip()}]
        if org.email.strip():
            node["contactPoint"] = [self.contact("org", org.email.strip())]
        if org.logo_png:
            node["logo"] = self.media("logo", org.logo_png)
        return node

    def contact(self, suffix: str, email: str) -> JSON:
        return {
            "id": self.id("contactPoint", suffix),
            "type": "ContactPoint",
            "emailAddress": [{"id": f"mailto:{email}", "type": "Mailbox"}],
        }

    def subject(self) -> JSON:
        learner = self.doc.learner
        # The profile allows one value per name (maxCount 1), so names carry the primary language only.
        primary = self.languages[0]
        person: JSON = {"id": self.id("person"), "type": "Person"}
        if learner.given_name.strip():
            person["givenName"] = {primary: learner.given_name.strip()}
        if learner.family_name.strip():
            person["familyName"] = {primary: learner.family_name.strip()}
        person["fullName"] = {primary: learner.full_name}
        if learner.date_of_birth:
            person["dateOfBirth"] = utc_day(learner.date_of_birth)
        if learner.email and learner.email.strip():
            person["contactPoint"] = [self.contact("person", learner.email.strip())]
        person["hasClaim"] = [self.achievement()]
        return person

    # -- the claim ----------------------------------------------------------------------------

    def achievement(self) -> JSON:
        return {
            "id": self.id("learningAchievement"),
            "type": "LearningAchievement",
            "title": self.text(self.course.title),
            "awardedBy": {
                **self.awarding_ref(),
                "awardingBody": [self.org_ref()],
                "awardingDate": utc_day(self.doc.completion_date),
            },
            "provenBy": [self.assessment()],
            "influencedBy": [self.activity()],
            "specifiedBy": self.specification(),
        }

    def assessment(self) -> JSON:
        course = self.course
        kind = cv.assessment(course.assessment) if course.assessment else None
        title = self.labels(kind) if kind else self.say(ASSESSMENT)
        grade = self.same(self.doc.grade.strip()) if self.doc.grade and self.doc.grade.strip() \
            else self.say(DEFAULT_GRADE[course.kind])
        node: JSON = {
            "id": self.id("learningAssessment"),
            "type": "LearningAssessment",
            "title": title,
            "awardedBy": self.awarding_ref(),
            "grade": self.note("grade", grade),
        }
        if course.supervision is not None:
            verification = cv.supervision(course.supervision)
            if verification is not None:
                node["idVerification"] = cv.concept_json(verification)
            elif course.supervision is Supervision.SUPERVISED:
                node["additionalNote"] = [self.note("supervision", self.say(SUPERVISED_WITHOUT_ID))]
        spec: JSON = {
            "id": self.id("learningAssessmentSpec"),
            "type": "LearningAssessmentSpecification",
            "title": title,
            "language": self.language_list(),
        }
        if kind:
            spec["dcType"] = cv.concept_json(kind)
        if clean(course.grading):
            spec["gradingScheme"] = {
                "id": self.id("gradingScheme"),
                "type": "GradingScheme",
                "title": self.say(GRADING_SCHEME),
                "description": self.text(course.grading),
            }
        node["specifiedBy"] = spec
        return node

    def activity(self) -> JSON:
        course = self.course
        spec: JSON = {
            "id": self.id("learningActivitySpec"),
            "type": "LearningActivitySpecification",
            "title": self.text(course.title),
            "language": self.language_list(),
        }
        types = cv.activity_types(course)
        if types:
            spec["dcType"] = [cv.concept_json(t) for t in types]
        if course.mode:
            spec["mode"] = [cv.concept_json(cv.mode(course.mode))]
        if course.hours is not None:
            spec["volumeOfLearning"] = f"PT{plain_number(course.hours)}H"
        return {
            "id": self.id("activity"),
            "type": "LearningActivity",
            "title": self.text(course.title),
            "awardedBy": self.awarding_ref(),
            "directedBy": [self.org_ref()],
            "specifiedBy": spec,
        }

    def specification(self) -> JSON:
        """A Qualification when the course has an EQF level (only a Qualification may carry one)."""
        course = self.course
        qualification = course.eqf_level is not None
        node: JSON = {
            "id": self.id("qualification" if qualification else "learningAchievementSpec"),
            "type": "Qualification" if qualification else "LearningAchievementSpecification",
            "title": self.text(course.title),
        }
        if clean(course.description):
            node["description"] = self.text(course.description)
        if course.kind is not AchievementKind.VOLUNTEERING:
            node["dcType"] = [cv.concept_json(cv.uri(cv.COURSE_OPPORTUNITY))]
        node["language"] = self.language_list()
        if course.eqf_level is not None:
            node["eqfLevel"] = cv.concept_json(cv.eqf(course.eqf_level))
            national = cv.nqf(course.nqf_level, self.doc.organisation.country)
            if national:
                node["nqfLevel"] = [cv.concept_json(national)]
        if course.isced_f:
            node["thematicArea"] = [cv.concept_json(cv.isced(course.isced_f))]
        if course.ects is not None:
            node["creditPoint"] = [{
                "id": self.id("creditPoint"),
                "type": "CreditPoint",
                "framework": cv.concept_json(cv.uri(cv.ECTS)),
                "point": plain_number(course.ects),
            }]
        if course.hours is not None:
            node["volumeOfLearning"] = f"PT{plain_number(course.hours)}H"
        if course.mode:
            node["mode"] = [cv.concept_json(cv.mode(course.mode))]
        if course.setting:
            node["learningSetting"] = cv.concept_json(cv.setting(course.setting))
        if clean(course.prerequisites):
            node["entryRequirement"] = self.note("entryRequirement", self.text(course.prerequisites))
        outcomes = self.outcomes()
        if outcomes:
            node["learningOutcome"] = outcomes
        notes = [
            self.headed_note(suffix, heading, text)
            for suffix, heading, text in (
                ("qualityAssurance", QUALITY_ASSURANCE, course.quality_assurance),
                ("stackability", STACKABILITY, course.stacks_into),
                ("furtherInformation", FURTHER_INFORMATION, course.further_information),
            )
            if clean(text)
        ]
        if notes:
            node["additionalNote"] = notes
        if qualification:
            # Awarded on its own (stackable or not), so never only a part of a broader qualification.
            node["isPartialQualification"] = False
        return node

    def outcomes(self) -> list[JSON]:
        nodes = []
        for number, outcome in enumerate(self.course.learning_outcomes, start=1):
            if not clean(outcome.text):
                continue
            node: JSON = {
                "id": self.id("learningOutcome", str(number)),
                "type": "LearningOutcome",
                "title": self.text(outcome.text),
            }
            if outcome.esco and outcome.esco.strip():
                node["relatedESCOSkill"] = [cv.esco_skill(outcome.esco.strip())]
            nodes.append(node)
        return nodes
