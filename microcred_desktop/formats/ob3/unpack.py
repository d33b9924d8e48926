"""From whatever the user dropped (JSON, JWT, baked PNG or SVG) to a credential, without trusting it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ...i18n import _
from .bake import PNG_SIGNATURE, unbake_png, unbake_svg
from .jwt import looks_like_jwt

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 100
MAX_NODES = 50_000  # objects and arrays; JSON-LD processing time grows with them, not with bytes


@dataclass(frozen=True)
class Unpacked:
    """A credential (`data`) or a JWT (`jwt`) and the container it came in; `reason` when neither."""

    container: str = ""  # "json", "jwt", "png", "svg"
    data: dict[str, Any] | None = None
    jwt: str = ""
    reason: str = ""


def _refuse(_value: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def shape_problem(value: object) -> str:
    """A sentence when `value` nests deeper than MAX_DEPTH or has more than MAX_NODES containers."""
    stack: list[tuple[object, int]] = [(value, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            nodes += 1
            if depth > MAX_DEPTH:
                return _("The file is nested too deeply to be a credential.")
            if nodes > MAX_NODES:
                return _("The file is too large to be a credential.")
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return ""


def parse_json(text: str) -> dict[str, Any] | str:
    """The JSON object in `text`, or a sentence saying why there is none."""
    try:
        value = json.loads(text, parse_constant=_refuse)
    except RecursionError:
        return _("The file is nested too deeply to be a credential.")
    except ValueError:
        return _("The file is not valid JSON.")
    if not isinstance(value, dict):
        return _("The file does not contain a credential (a JSON object).")
    return shape_problem(value) or value


def _from_text(text: str, container: str) -> Unpacked:
    text = text.strip().lstrip("\ufeff").strip()
    if text.startswith(("{", "[")):
        parsed = parse_json(text)
        if isinstance(parsed, str):
            return Unpacked(container, reason=parsed)
        return Unpacked(container or "json", data=parsed)
    if looks_like_jwt(text):
        return Unpacked(container or "jwt", jwt=text)
    if container:
        return Unpacked(container, reason=_("The badge image holds something that is not a credential."))
    return Unpacked(reason=_("This file is not an Open Badge: not JSON, not a JWT, not a badge image."))


def unpack(data: bytes | dict[str, Any]) -> Unpacked:
    """Read the input, refusing anything too large or too deep quickly; never raises."""
    if isinstance(data, dict):
        problem = shape_problem(data)
        return Unpacked("json", reason=problem) if problem else Unpacked("json", data=data)
    if len(data) > MAX_BYTES:
        return Unpacked(reason=_("The file is larger than 10 MB; no credential is that large."))
    if data.startswith(PNG_SIGNATURE):
        text = unbake_png(data)
        if text is None:
            return Unpacked("png", reason=_("This image contains no Open Badge."))
        return _from_text(text, "png")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        text = unbake_svg(data)
        if text is None:
            return Unpacked("svg", reason=_("This image contains no Open Badge."))
        return _from_text(text, "svg")
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return Unpacked(reason=_("This file is not an Open Badge: not JSON, not a JWT, not a badge image."))
    return _from_text(decoded, "")
