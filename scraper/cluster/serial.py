"""JSON for everything that goes through Redis: Scrapy requests (scrapy-redis'
SCHEDULER_SERIALIZER is this module: `loads`/`dumps`), articles and image bytes.

Never pickle: whoever can write to the Redis server could otherwise run code in every worker.
Bytes, datetimes, tuples and dicts with non-text keys (Scrapy's headers) are tagged so that they
come back as they were."""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import datetime
from typing import Any

from archive_core.models import OtherNewsItem
from scraper.models import Article, Image

_BYTES, _DATETIME, _MAP, _TUPLE = "$b", "$dt", "$map", "$t"


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {_BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {_MAP: [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot send a {type(value).__name__} through Redis: {value!r:.80}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, inner),) = value.items()
            if key == _BYTES:
                return base64.b64decode(inner)
            if key == _DATETIME:
                return datetime.fromisoformat(inner)
            if key == _TUPLE:
                return tuple(_decode(v) for v in inner)
            if key == _MAP:
                return {_decode(k): _decode(v) for k, v in inner}
        return {k: _decode(v) for k, v in value.items()}
    return value


def dumps(value: Any) -> bytes:
    """JSON bytes, ASCII only, keys sorted (the same value gives the same bytes)."""
    return json.dumps(_encode(value), sort_keys=True, separators=(",", ":")).encode("ascii")


def loads(data: bytes | str) -> Any:
    return _decode(json.loads(data))


def article_to_dict(article: Article) -> dict[str, Any]:
    data = {f.name: getattr(article, f.name) for f in dataclasses.fields(Article)}
    data["images"] = [dataclasses.asdict(image) for image in article.images]
    data["other_news"] = [dataclasses.asdict(item) for item in article.other_news]
    data["removed"] = dict(article.removed)
    return data


def article_from_dict(data: dict[str, Any]) -> Article:
    known = {f.name for f in dataclasses.fields(Article)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"article from the cluster: unknown field(s) {sorted(unknown)}")
    values = dict(data)
    values["images"] = [Image(**image) for image in data.get("images", [])]
    values["other_news"] = [OtherNewsItem(**item) for item in data.get("other_news", [])]
    return Article(**values)
