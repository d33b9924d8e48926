"""Credential JSON written by orjson is byte for byte what the standard library writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_desktop.formats.json_bytes import compact, pretty

# What credentials hold: any text (control characters, quotes, emoji, line separators…), integers,
# decimals as ECTS credits are written (orjson writes 1e-05 as 0.00001, the one place the two differ).
scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1)
           | st.floats(min_value=1e-4, max_value=1e300, allow_nan=False) | st.text())
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(), inner, max_size=4), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_the_same_bytes_as_the_standard_library(data: Any) -> None:
    assert compact(data) == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert pretty(data) == json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def test_awkward_text_and_empty_containers() -> None:
    data = {"ctl": "".join(map(chr, range(32))) + '"\\/\x7f\u2028\u2029', "name": "Žydrūnė Ąžuolaitė 😀",
            "empty": [[], {}], "nested": {"a": [1, 2.5, None, True]}}
    assert pretty(data) == json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    assert json.loads(compact(data)) == data
