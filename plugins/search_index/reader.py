"""Reading a built index back in Python (format 2): what the client reads, for tests, benches
and tools. Small indexes only: it decompresses every file it is asked about."""

from __future__ import annotations

import json
from pathlib import Path

from .layout import chunk_of, chunk_path, filters_path, gunzip, shard_path
from .shards import decode_shard, delta_decode, shard_of


def manifest(index: Path) -> dict:
    return json.loads((Path(index) / "manifest.json").read_bytes())


def stored_json(path: Path):
    """The JSON of a stored (gzip) index file."""
    return json.loads(gunzip(Path(path).read_bytes()))


def part_numbers(index: Path, portal: str | None = None) -> list[int]:
    """Every part, or the part of `portal`."""
    parts = manifest(index)["parts"]
    return [i for i, part in enumerate(parts) if portal is None or part["portal"] == portal]


def shard_file(index: Path, token: str, part: int | None = None) -> str:
    """The path (relative to the index) of the shard holding `token`: in the whole archive's
    shards (part None) or in a part's (with two parts or more)."""
    info = manifest(index)
    count = info["shards"] if part is None else info["parts"][part]["shards"]
    return shard_path(part, shard_of(token, count), count)


def postings(index: Path, token: str, parts: list[int] | None = None) -> dict[int, int]:
    """doc id -> weight of `token` in the whole archive (parts None) or in `parts`."""
    index = Path(index)
    found: dict[int, int] = {}
    for part in [None] if parts is None else parts:
        shard = decode_shard(gunzip((index / shard_file(index, token, part)).read_bytes()))
        found.update(shard.get(token, []))
    return found


def all_postings(index: Path, part: int | None = None) -> dict[str, dict[int, int]]:
    """token -> doc id -> weight, in the whole archive (part None) or in one part."""
    out: dict[str, dict[int, int]] = {}
    folder = Path(index) / "shards" / ("" if part is None else str(part))
    for path in sorted(folder.glob("*.json.gz")):
        for token, pairs in decode_shard(gunzip(path.read_bytes())).items():
            out.setdefault(token, {}).update(pairs)
    return out


def documents(index: Path) -> dict[int, dict]:
    """doc id -> its fragment (what a result shows)."""
    out: dict[int, dict] = {}
    for path in sorted((Path(index) / "docs").glob("*.json.gz")):
        out.update({int(k): v for k, v in stored_json(path).items()})
    return out


def document(index: Path, doc_id: int) -> dict:
    """One document's fragment (from its chunk)."""
    return stored_json(Path(index) / chunk_path(chunk_of(doc_id)))[str(doc_id)]


def filters(index: Path) -> dict[str, dict[str, set[int]]]:
    """filter -> value -> doc ids, over every part; portal, level and province come from the
    parts (every document of a part has its portal's values)."""
    index = Path(index)
    info = manifest(index)
    out: dict[str, dict[str, set[int]]] = {}
    for number, part in enumerate(info["parts"]):
        data = stored_json(index / filters_path(number))
        ids_of_part = set(delta_decode(data.pop("_ids")))
        for name, group in data.items():
            for value, deltas in zip(group["values"], group["docs"], strict=True):
                out.setdefault(name, {}).setdefault(value, set()).update(delta_decode(deltas))
        for name in ("portal", "level", "province"):
            if name in info["filters"] and part.get(name):
                out.setdefault(name, {}).setdefault(part[name], set()).update(ids_of_part)
    return out
