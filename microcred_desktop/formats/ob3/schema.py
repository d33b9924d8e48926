"""The official OB 3.0 JSON Schema, shipped in resources/schemas/ob3 and resolved there only."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft201909Validator, ValidationError
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from ...resources import resource

SCHEMA_FILES = ("achievementcredential.json",)
ACHIEVEMENT_CREDENTIAL = "achievementcredential.json"


@cache
def _registry() -> tuple[Registry[Any], dict[str, dict[str, Any]]]:
    folder = resource("schemas", "ob3")
    schemas = {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in SCHEMA_FILES}
    # A Registry without a `retrieve` function fails on any $ref it does not hold: it never fetches.
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return registry, schemas


@cache
def validator(name: str = ACHIEVEMENT_CREDENTIAL) -> Draft201909Validator:
    registry, schemas = _registry()
    return Draft201909Validator(
        schemas[name], registry=registry, format_checker=Draft201909Validator.FORMAT_CHECKER
    )


def _describe(error: ValidationError) -> str:
    path = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{path}: {error.message[:160]}"


def schema_errors(credential: object, name: str = ACHIEVEMENT_CREDENTIAL, limit: int = 5) -> list[str]:
    """Up to `limit` problems as 'path: message', the most telling first; [] when it conforms."""
    errors = list(validator(name).iter_errors(credential))
    if not errors:
        return []
    first = best_match(errors)
    rest = sorted((e for e in errors if e is not first), key=lambda e: (len(e.absolute_path), e.message))
    return [_describe(e) for e in [first, *rest][:limit]] if first is not None else []
