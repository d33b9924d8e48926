"""The app ships the official schema unmodified and resolves references only from what it ships."""

from __future__ import annotations

import pytest
from jsonschema import Draft201909Validator
from microcred_desktop.resources import read_bytes
from referencing.exceptions import Unresolvable

from microcred_desktop.formats.ob3.schema import _registry, schema_errors, validator
from tests.formats.ob3.support import OB3, VALIDATOR, load


def test_shipped_schema_is_the_official_file() -> None:
    shipped = read_bytes("schemas", "ob3", "achievementcredential.json")
    assert shipped == (OB3 / "schemas" / "achievementcredential.json").read_bytes()
    assert validator().schema["$schema"].startswith("https://json-schema.org/draft/2019-09/")


def test_a_reference_outside_the_bundle_fails_instead_of_fetching() -> None:
    registry, _ = _registry()
    remote = Draft201909Validator({"$ref": "https://example.com/elsewhere.json"}, registry=registry)
    with pytest.raises(Unresolvable):
        remote.validate({})


def test_errors_name_the_place() -> None:
    credential = load(VALIDATOR / "simple.json")
    assert schema_errors(credential) == []
    credential["credentialSubject"]["type"] = ["Person"]
    (problem,) = schema_errors(credential, limit=1)
    assert problem.startswith("credentialSubject/type:")
