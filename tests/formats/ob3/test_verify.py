"""verify_ob3 on our own badges and on hostile input: every check named, content shown, never an exception."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred_desktop.domain.verdict import CheckStatus, Outcome, Verdict
from microcred_desktop.formats.ob3.bake import bake_png
from microcred_desktop.formats.ob3.build import build_ob3, sign_ob3
from microcred_desktop.formats.ob3.canon import data_integrity
from microcred_desktop.formats.ob3.image import default_badge_png
from microcred_desktop.formats.ob3.verify import verify_ob3
from tests import factories
from tests.formats.ob3.support import NOW, SIGNED_AT, issuer_signer

PNG = default_badge_png("Web accessibility basics", "#1f5fa8")


def _signed(**changes: Any) -> dict[str, Any]:
    signer = issuer_signer()
    return sign_ob3(build_ob3(factories.document(**changes), signer.did, PNG, "salt"), signer, SIGNED_AT)


def _status(verdict: Verdict) -> dict[str, CheckStatus]:
    return {c.name: c.status for c in verdict.checks}


def test_our_badge_passes_every_check_and_shows_its_content() -> None:
    verdict = verify_ob3(json.dumps(_signed()).encode(), NOW, "badge.json")
    assert verdict.outcome is Outcome.VALID and verdict.kind == "ob3" and verdict.source == "badge.json"
    assert _status(verdict) == {
        "readable": CheckStatus.PASSED, "type": CheckStatus.PASSED, "proof": CheckStatus.PASSED,
        "issuer": CheckStatus.PASSED, "valid-from": CheckStatus.PASSED, "valid-until": CheckStatus.PASSED,
        "schema": CheckStatus.PASSED, "terms": CheckStatus.PASSED,
    }
    assert verdict.content == {
        "learner": "Žydrūnė Ąžuolaitė-Šimkienė", "achievement": "Interneto prieinamumo pagrindai",
        "issuer": "Kauno profesinio mokymo centras", "valid_from": "2026-11-20T10:30:00Z",
        "valid_until": "2029-11-20T23:59:59Z",
    }
    assert all(c.message and "{" not in c.message for c in verdict.checks)


def test_the_same_for_a_dict_a_baked_png_and_bytes_with_a_bom() -> None:
    credential = _signed()
    for data in (credential, bake_png(PNG, credential), b"\xef\xbb\xbf" + json.dumps(credential).encode()):
        assert verify_ob3(data, NOW).outcome is Outcome.VALID


def test_not_yet_valid_and_expired() -> None:
    early = verify_ob3(_signed(), datetime(2026, 11, 19, tzinfo=UTC))
    assert _status(early)["valid-from"] is CheckStatus.FAILED and "2026-11-20" in early.checks[4].message
    late = verify_ob3(_signed(), datetime(2030, 1, 1, tzinfo=UTC))
    assert _status(late)["valid-until"] is CheckStatus.FAILED
    assert late.outcome is Outcome.INVALID


def test_a_badge_without_expiry_says_so() -> None:
    verdict = verify_ob3(_signed(course=factories.volunteering_course()), NOW)
    assert _status(verdict)["valid-until"] is CheckStatus.NOT_APPLICABLE
    assert verdict.outcome is Outcome.VALID


def test_an_added_undefined_property_is_invisible_to_the_proof_but_caught_by_terms() -> None:
    credential = _signed()
    credential["credentialSubject"]["grade"] = "A"  # JSON-LD drops it, so the signature still matches
    verdict = verify_ob3(credential, NOW)
    assert _status(verdict)["proof"] is CheckStatus.PASSED
    assert _status(verdict)["terms"] is CheckStatus.FAILED and "grade" in verdict.checks[-1].message
    assert verdict.outcome is Outcome.INVALID


def test_a_foreign_key_signing_as_our_issuer_is_caught() -> None:
    credential = build_ob3(factories.document(), issuer_signer().did, None, "salt")
    credential["issuer"]["id"] = issuer_signer(bytes(32)).did
    forged = sign_ob3(credential, issuer_signer(bytes(32)), SIGNED_AT)
    forged["issuer"]["id"] = issuer_signer().did  # claims our issuer after signing
    assert _status(verify_ob3(forged, NOW))["proof"] is CheckStatus.FAILED
    honest_other = sign_ob3(credential, issuer_signer(bytes(32)), SIGNED_AT)
    assert verify_ob3(honest_other, NOW).outcome is Outcome.VALID  # a different, self-consistent issuer


def test_a_key_that_is_not_the_issuers_fails_the_issuer_check() -> None:
    signer, other = issuer_signer(), issuer_signer(bytes(32))
    credential = build_ob3(factories.document(), signer.did, None, "salt")
    signed_by_other = data_integrity().create_proof(credential, other, SIGNED_AT)
    status = _status(verify_ob3(signed_by_other, NOW))
    assert status["proof"] is CheckStatus.PASSED and status["issuer"] is CheckStatus.FAILED


DEEP = ("[" * 5000 + "]" * 5000).encode()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "not an Open Badge"),
        (b"hello", "not an Open Badge"),
        (b"\xff\xfe\x00garbage", "not an Open Badge"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"a": NaN}', "not valid JSON"),
        (b'{"a": ' + b"9" * 5000 + b"}", "not valid JSON"),
        (b'{"a":' * 150 + b"1" + b"}" * 150, "nested too deeply"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "nested too deeply"),
        (DEEP, "nested too deeply"),
        (b"{" + b" " * (10 * 1024 * 1024) + b"}", "larger than 10 MB"),
        (PNG, "contains no Open Badge"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "contains no Open Badge"),
        (bake_png(PNG, "just some words"), "not a credential"),
        (b"eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.AAAA", "holds no credential"),
    ],
)
def test_unreadable_input_gets_a_reason_quickly(data: bytes, words: str) -> None:
    start = time.monotonic()
    verdict = verify_ob3(data, NOW)
    assert time.monotonic() - start < 2
    assert verdict.outcome is Outcome.UNREADABLE
    assert words in verdict.unreadable_reason


def test_too_many_objects_is_refused() -> None:
    wide = {"@context": [], "items": [{"a": i} for i in range(60_000)]}
    assert "too large" in verify_ob3(wide, NOW).unreadable_reason


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=10,
)
KEYS = ["@context", "type", "issuer", "proof", "validFrom", "validUntil", "credentialSubject", "id", "name"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(KEYS), value=JSON_VALUES)
def test_mangled_credentials_never_raise(key: str, value: Any) -> None:
    credential = _signed()
    unchanged = credential.get(key) == value
    credential[key] = value
    verdict = verify_ob3(credential, NOW)
    assert verdict.outcome is not Outcome.VALID or unchanged
    assert not any(c.name == "internal" for c in verdict.checks), verdict.to_json()


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    verdict = verify_ob3(data, NOW)
    assert verdict.outcome is not Outcome.VALID
    assert not any(c.name == "internal" for c in verdict.checks)
