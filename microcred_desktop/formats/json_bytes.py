"""Credential files as JSON bytes, written by orjson: the same bytes as the standard library's
`json.dumps(..., ensure_ascii=False)` (UTF-8, compact or indented by two) for what credentials hold, many
times faster — the standard library indents in pure Python, and a batch writes a hundred kilobytes of
JSON a credential. (Numbers below 0.0001 are written without an exponent; both forms are valid JSON.)"""

from __future__ import annotations

from typing import Any

import orjson


def compact(data: Any) -> bytes:
    """`data` as compact UTF-8 JSON: no spaces between items, as the EDC seal signs it."""
    return orjson.dumps(data)


def pretty(data: Any) -> bytes:
    """`data` as UTF-8 JSON indented by two spaces, for files people may open."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)
