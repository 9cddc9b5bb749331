"""Byte-exact JSON of the index: UTF-8, no spaces, keys sorted, no ASCII escaping."""

from __future__ import annotations

import json
from typing import Any


def encode_json(value: Any) -> bytes:
    """`value` as the index writes it; same value -> same bytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode(
        "utf-8"
    )
