"""Reading a built index back in Python (format 2): what the client reads, for tests, benches
and tools. Small indexes only: it decompresses every file it is asked about."""

from __future__ import annotations

import json
from pathlib import Path

from .layout import chunk_path, filters_path, gunzip, shard_path
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


def shard_file(index: Path, token: str, part: int) -> str:
    """The path (relative to the index) of the shard holding `token` in `part`."""
    count = manifest(index)["parts"][part]["shards"]
    return shard_path(part, shard_of(token, count), count)


def postings(index: Path, token: str, parts: list[int] | None = None) -> dict[int, int]:
    """doc id -> weight of `token` over `parts` (default: all)."""
    index = Path(index)
    found: dict[int, int] = {}
    for part in part_numbers(index) if parts is None else parts:
        shard = decode_shard(gunzip((index / shard_file(index, token, part)).read_bytes()))
        found.update(shard.get(token, []))
    return found


def all_postings(index: Path) -> dict[str, dict[int, int]]:
    """token -> doc id -> weight, over every part."""
    out: dict[str, dict[int, int]] = {}
    for path in sorted((Path(index) / "shards").glob("*/*.json.gz")):
        for token, pairs in decode_shard(gunzip(path.read_bytes())).items():
            out.setdefault(token, {}).update(pairs)
    return out


def documents(index: Path) -> dict[int, dict]:
    """doc id -> its fragment (what a result shows)."""
    out: dict[int, dict] = {}
    for path in sorted((Path(index) / "docs").glob("*/*.json.gz")):
        out.update({int(k): v for k, v in stored_json(path).items()})
    return out


def document(index: Path, doc_id: int) -> dict:
    """One document's fragment, from the chunk of whichever part holds it."""
    for number, part in enumerate(manifest(index)["parts"]):
        path = Path(index) / chunk_path(number, doc_id >> part["chunk_bits"])
        if path.is_file():
            found = stored_json(path).get(str(doc_id))
            if found is not None:
                return found
    raise KeyError(f"document {doc_id} is in no chunk of {index}")


def chunk_files(index: Path) -> set[str]:
    """The chunk files the manifest's parts and the documents call for (relative paths)."""
    parts = manifest(index)["parts"]
    out = set()
    for doc_id in documents(index):
        for number, part in enumerate(parts):
            path = chunk_path(number, doc_id >> part["chunk_bits"])
            if (Path(index) / path).is_file() and str(doc_id) in stored_json(Path(index) / path):
                out.add(path)
    return out


def filters(index: Path) -> dict[str, dict[str, set[int]]]:
    """filter -> value -> doc ids, over every part; portal, level and province come from the
    parts (every document of a part has its portal's values)."""
    index = Path(index)
    info = manifest(index)
    out: dict[str, dict[str, set[int]]] = {}
    for number, part in enumerate(info["parts"]):
        data = stored_json(index / filters_path(number))
        ids_of_part: set[int] = set()
        for name, group in data.items():
            for value, deltas in zip(group["values"], group["docs"], strict=True):
                ids = set(delta_decode(deltas))
                out.setdefault(name, {}).setdefault(value, set()).update(ids)
                if name == "year":
                    ids_of_part |= ids
        for name in ("portal", "level", "province"):
            if name in info["filters"] and part.get(name):
                out.setdefault(name, {}).setdefault(part[name], set()).update(ids_of_part)
    return out
