from __future__ import annotations

import dataclasses
import hashlib
import zlib
from datetime import date

import cbor2
import pytest

from microcred_desktop.domain.errors import UserError
from microcred_desktop.formats.qr import (
    MAX_VERSION,
    QrUnreadable,
    make_qr_text,
    qr_version,
    read_qr_text,
    verify_qr_claims,
)
from microcred_desktop.formats.qr.base45 import ALPHABET, b45decode, b45encode
from microcred_desktop.formats.qr.payload import PREFIX, SIGNING_CONTEXT
from tests.factories import course, document, learner, organisation, volunteering_course

from .support import NAME_60, TITLE_120, ecdsa_issuer, issuer, mismatched_issuer

EDC = b'{"@context": "edc", "sealed": true}'
DIGEST = hashlib.sha256(EDC).digest()


def long_document(verify_url: str = "", name: str = NAME_60, title: str = TITLE_120):  # type: ignore[no-untyped-def]
    given, family = name.split(" ", 1)
    return document(
        learner=learner(given_name=given, family_name=family),
        course=course(title={"lt": title, "en": "Short"}),
        organisation=organisation(verify_url=verify_url),
    )


def test_round_trip_states_the_credential() -> None:
    doc = document()
    text = make_qr_text(doc, issuer(), DIGEST)
    assert text.startswith(PREFIX) and set(text) <= set(ALPHABET)
    claims = read_qr_text(text)
    assert claims.credential_id == doc.uuid
    assert claims.learner_name == "Žydrūnė Ąžuolaitė-Šimkienė"
    assert claims.course_title == "Interneto prieinamumo pagrindai"  # the first language (lt)
    assert claims.issued == date(2026, 11, 20)
    assert claims.expires == date(2029, 11, 20)
    assert claims.issuer_did == issuer().did
    assert claims.key_id == "issuer-2026"
    assert claims.edc_sha256 == DIGEST
    assert claims.verify_url == ""
    assert claims.matches_edc(EDC) and not claims.matches_edc(EDC + b" ")
    result = verify_qr_claims(claims)
    assert result.valid and bool(result) and issuer().did in result.reason


def test_no_expiry_is_null() -> None:
    doc = document(course=volunteering_course())
    claims = read_qr_text(make_qr_text(doc, issuer(), DIGEST))
    assert claims.expires is None
    assert claims.course_title == "Brīvprātīgais darbs jauniešu centrā"
    assert verify_qr_claims(claims)


def test_same_input_gives_the_same_text() -> None:
    assert make_qr_text(document(), issuer(), DIGEST) == make_qr_text(document(), issuer(), DIGEST)


def test_60_character_name_and_120_character_title_fit_version_15_unshortened() -> None:
    doc = long_document()
    text = make_qr_text(doc, issuer(), DIGEST)
    assert qr_version(text) <= MAX_VERSION == 15
    claims = read_qr_text(text)
    assert claims.learner_name == NAME_60 and not claims.name_truncated
    assert claims.course_title == TITLE_120 and not claims.title_truncated
    assert verify_qr_claims(claims)


@pytest.mark.parametrize(
    "name",
    [
        NAME_60,
        "Αλέξανδρος Παπαδόπουλος-Κωνσταντινίδης Γεώργιος Νικολάου Ιωάννης",  # 2 bytes a letter
        "Александра Константиновна Преображенская-Воскресенская Мария",
    ],
)
@pytest.mark.parametrize("url", ["", "https://verify.kpmc.example.lt/c", "https://kpmc.example.lt/" + "v" * 90])
def test_every_name_fits_version_15_shortened_in_the_qr_only(name: str, url: str) -> None:
    doc = long_document(url, name)
    text = make_qr_text(doc, issuer(key_id="issuer-2026-11-20-ed25519"), DIGEST)
    assert qr_version(text) <= 15
    claims = read_qr_text(text)
    assert verify_qr_claims(claims)
    for full, shown in ((doc.learner.full_name, claims.learner_name), (TITLE_120, claims.course_title)):
        assert shown == full or (shown.endswith("…") and full.startswith(shown[:-1]) and len(shown) >= 16)
    assert claims.verify_url == url


def test_a_name_longer_than_60_characters_is_shortened() -> None:
    doc = long_document(name="Anna " + "Ž" * 80)
    claims = read_qr_text(make_qr_text(doc, issuer(), DIGEST))
    assert claims.name_truncated and len(claims.learner_name) == 60
    assert claims.learner_name == ("Anna " + "Ž" * 80)[:59] + "…"
    assert verify_qr_claims(claims)


def test_url_form_is_a_valid_fragment_and_reads_back() -> None:
    url = "https://verify.kpmc.example.lt/c"
    text = make_qr_text(long_document(url), issuer(), DIGEST)
    base, _, fragment = text.partition("#")
    assert base == url
    assert " " not in fragment
    assert all(fragment[i + 1 : i + 3] in ("20", "25") for i, ch in enumerate(fragment) if ch == "%")
    assert "%20" in fragment or "%25" in fragment  # this payload has at least one escaped character
    assert read_qr_text(text).verify_url == url
    # a phone that opened the address hands over the same text; pasting keeps it too
    assert verify_qr_claims(read_qr_text("  " + text + "\r\n"))


def test_repetitive_text_is_deflated_when_shorter() -> None:
    title = "Pirmasis modulis. Pirmasis modulis. Pirmasis modulis. Pirmasis modulis. Pirmasis modulis."
    text = make_qr_text(long_document(title=title), issuer(), DIGEST)
    assert text.startswith("MC1Z:")
    claims = read_qr_text(text)
    assert claims.course_title == title and verify_qr_claims(claims)


def test_every_single_character_change_is_caught() -> None:
    text = make_qr_text(document(), issuer(), DIGEST)
    for i in range(len(PREFIX), len(text)):
        replacement = ALPHABET[(ALPHABET.index(text[i]) + 1) % len(ALPHABET)]
        tampered = text[:i] + replacement + text[i + 1 :]
        try:
            claims = read_qr_text(tampered)
        except QrUnreadable:
            continue
        assert not verify_qr_claims(claims), f"change at {i} went unnoticed"


def test_changed_field_with_valid_encoding_fails_the_signature() -> None:
    text = make_qr_text(document(), issuer(), DIGEST)
    body = b45decode(text[len(PREFIX) :])
    fields = cbor2.loads(body[:-64])
    fields[1] = "Jānis Bērziņš"
    forged = PREFIX + b45encode(cbor2.dumps(fields) + body[-64:])
    claims = read_qr_text(forged)
    assert claims.learner_name == "Jānis Bērziņš"
    result = verify_qr_claims(claims)
    assert not result.valid and "signature" in result.reason


def test_wrong_key_fails() -> None:
    claims = read_qr_text(make_qr_text(document(), issuer(1), DIGEST))
    assert not verify_qr_claims(dataclasses.replace(claims, issuer_did=issuer(3).did))
    # re-signed by someone else, with their key in the code: valid, but it is not this issuer's key
    other = read_qr_text(make_qr_text(document(), issuer(3), DIGEST))
    assert verify_qr_claims(other) and other.issuer_did != claims.issuer_did


def test_signature_is_over_context_and_exact_claims() -> None:
    claims = read_qr_text(make_qr_text(document(), issuer(), DIGEST))
    assert claims.signed_bytes.startswith(SIGNING_CONTEXT)
    key = issuer().signer
    assert claims.signature == key.sign(claims.signed_bytes)
    assert not verify_qr_claims(dataclasses.replace(claims, signed_bytes=claims.signed_bytes[len(SIGNING_CONTEXT) :]))


def test_invalid_issuer_key_is_a_reason_not_a_crash() -> None:
    claims = read_qr_text(make_qr_text(document(), issuer(), DIGEST))
    result = verify_qr_claims(dataclasses.replace(claims, issuer_did="did:web:example.org"))
    assert not result.valid and "key" in result.reason


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "hello world",
        "https://example.org/",
        "HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0B",
        "MC1:",
        "MC1:A",
        "MC1:abc",
        "MC1:" + b45encode(b"\x00" * 100),
        "MC1:" + b45encode(cbor2.dumps([1, 2, 3]) + b"\x00" * 64),
        "MC1:" + b45encode(cbor2.dumps(["x"] * 8) + b"\x00" * 64),
        "MC1Z:" + b45encode(b"not deflate at all"),
        "MC1Z:" + b45encode(zlib.compress(b"\x00" * 100_000)[2:-4]),  # inflates beyond the limit
    ],
)
def test_garbage_is_unreadable_with_a_plain_message(garbage: str) -> None:
    with pytest.raises(QrUnreadable) as caught:
        read_qr_text(garbage)
    assert isinstance(caught.value, UserError)
    assert "not a microcred QR code" in caught.value.message


def test_trailing_bytes_after_the_claims_are_refused() -> None:
    text = make_qr_text(document(), issuer(), DIGEST)
    body = b45decode(text[len(PREFIX) :])
    padded = PREFIX + b45encode(body[:-64] + b"\x00" + body[-64:])
    with pytest.raises(QrUnreadable):
        read_qr_text(padded)


def test_bad_inputs_to_make() -> None:
    with pytest.raises(ValueError, match="32-byte"):
        make_qr_text(document(), issuer(), DIGEST[:16])
    with pytest.raises(ValueError, match="Ed25519"):
        make_qr_text(document(), ecdsa_issuer(), DIGEST)
    with pytest.raises(ValueError, match="did:key"):
        make_qr_text(document(), mismatched_issuer(), DIGEST)


def test_a_verification_address_too_long_for_any_qr_is_a_user_error() -> None:
    doc = long_document("https://kpmc.example.lt/" + "x" * 500)
    with pytest.raises(UserError, match="too long"):
        make_qr_text(doc, issuer(), DIGEST)
