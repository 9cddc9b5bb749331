"""The index files from analysed documents (pure): postings, shards, filters, manifest.

Files (paths relative to `output/<output_path>/`):
- `shards/<i>.json`: `{"<token>": [[delta doc ids], [weights]], ...}`, token -> shard by
  FNV-1a 32-bit of its UTF-8 bytes masked to S-1; S = smallest power of two >= total bytes of
  all token entries / shard_target_bytes, clamped to [1, 4096].
- `docs/<id>.json`: the document fragments (analysis.py); `filters.json`; `manifest.json`.
"""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import and_, rshift, sub

from scraper.text import fold_key

from .encoding import encode_json

INDEX_VERSION = 1
MAX_SHARDS = 4096
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def fnv1a32(data: bytes) -> int:
    """FNV-1a 32-bit hash of `data`."""
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return h


class _HashMemo(dict):
    def __missing__(self, token: str) -> int:
        if len(self) > 2_000_000:
            self.clear()
        value = self[token] = fnv1a32(token.encode("utf-8"))
        return value


_HASHES = _HashMemo()


def token_hash(token: str) -> int:
    """FNV-1a 32-bit of the token's UTF-8 bytes (memoised)."""
    return _HASHES[token]


def shard_count(total_entry_bytes: int, target_bytes: int) -> int:
    """Smallest power of two >= total / target, clamped to [1, 4096]."""
    count = 1
    while count < MAX_SHARDS and count * target_bytes < total_entry_bytes:
        count *= 2
    return count


def shard_name(index: int, count: int) -> str:
    """`shards/<i>.json` with i in lowercase hex, zero-padded to the width of hex(count - 1)."""
    width = len(f"{count - 1:x}")
    return f"shards/{index:0{width}x}.json"


def delta_encode(ids: Iterable[int]) -> list[int]:
    """[3, 5, 9] -> [3, 2, 4] (ids ascending)."""
    ids = list(ids)
    return list(map(sub, ids, chain((0,), ids)))


def delta_decode(deltas: Iterable[int]) -> list[int]:
    """[3, 2, 4] -> [3, 5, 9]."""
    return list(accumulate(deltas))


class _NumberText(dict):
    def __missing__(self, number: int) -> str:
        if len(self) > 100_000:
            self.clear()
        value = self[number] = str(number)
        return value


_NUMBERS = _NumberText()


def entry_bytes(token: str, ids: Sequence[int], weights: Iterable[int]) -> bytes:
    """`"<token>":[[deltas],[weights]]` exactly as json.dumps writes it inside a shard."""
    text = _NUMBERS.__getitem__
    deltas = ",".join(map(text, map(sub, ids, chain((0,), ids))))
    ws = ",".join(map(text, weights))
    return f"{json.dumps(token, ensure_ascii=False)}:[[{deltas}],[{ws}]]".encode()


class _Lists(dict):
    def __missing__(self, token: str) -> array:
        value = self[token] = array("I")
        return value


class Postings:
    """Token -> postings in doc id order, filled one document at a time in id order.

    A posting is packed into one 32-bit integer, doc id << 8 | weight, and appending a
    document's postings runs in C (map over the token lists), which matters at millions of them.
    """

    def __init__(self) -> None:
        self.lists: dict[str, array] = _Lists()

    def add(self, doc_id: int, tokens: Sequence[str], weights: bytes) -> None:
        if len(tokens) != len(weights):
            raise ValueError(f"document {doc_id}: {len(tokens)} tokens but {len(weights)} weights")
        if not 0 <= doc_id < 1 << 24:
            raise ValueError(f"document id {doc_id} out of range")
        base = doc_id << 8
        deque(map(array.append, map(self.lists.__getitem__, tokens), map(base.__or__, weights)), 0)

    def get(self, token: str) -> list[tuple[int, int]]:
        packed = self.lists.get(token, ())
        return [(p >> 8, p & 255) for p in packed]

    def entry(self, token: str) -> bytes:
        packed = self.lists[token]
        ids = list(map(rshift, packed, repeat(8)))
        return entry_bytes(token, ids, map(and_, packed, repeat(255)))


@dataclass
class ShardLayout:
    """Encoded token entries grouped into `count` shards."""

    count: int
    tokens: list[list[str]]  # per shard: its tokens, sorted
    entries: list[list[bytes]]  # per shard: their entries, same order
    totals: list[int]  # per shard: bytes of its entries

    def shard_bytes(self, index: int, *, release: bool = False) -> bytes:
        """The shard's file; with `release`, its entries are dropped afterwards."""
        data = b"{" + b",".join(self.entries[index]) + b"}"
        if release:
            self.entries[index] = []
        return data


def layout_shards(postings: Postings, target_bytes: int) -> ShardLayout:
    """Encode every token entry (dropping each token's postings once encoded) and group the
    entries into shards."""
    encoded: list[tuple[int, str, bytes]] = []
    total = 0
    lists = postings.lists
    for token in list(lists):
        entry = postings.entry(token)
        del lists[token]
        total += len(entry)
        encoded.append((token_hash(token), token, entry))
    count = shard_count(total, target_bytes)
    mask = count - 1
    grouped: list[list[tuple[str, bytes]]] = [[] for _ in range(count)]
    for h, token, entry in encoded:
        grouped[h & mask].append((token, entry))
    del encoded
    layout = ShardLayout(count=count, tokens=[], entries=[], totals=[])
    for group in grouped:
        group.sort()
        layout.tokens.append([token for token, _ in group])
        layout.entries.append([entry for _, entry in group])
        layout.totals.append(sum(len(entry) for _, entry in group))
    return layout


def build_shards(postings: Postings, target_bytes: int) -> dict[str, bytes]:
    """Every shard file (path -> bytes); empty shards are `{}`."""
    layout = layout_shards(postings, target_bytes)
    return {shard_name(i, layout.count): layout.shard_bytes(i) for i in range(layout.count)}


def shard_of(token: str, count: int) -> int:
    return token_hash(token) & (count - 1)


_ENTRY = re.compile(rb'"((?:[^"\\]|\\.)*)":\[\[[0-9,]*\],\[[0-9,]*\]\]')


def split_shard(data: bytes) -> dict[str, bytes]:
    """Shard bytes -> token -> its entry bytes, without decoding the postings."""
    entries = {}
    for match in _ENTRY.finditer(data):
        raw = match.group(1)
        token = json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")
        entries[token] = match.group(0)
    return entries


def decode_entry(entry: bytes) -> list[tuple[int, int]]:
    """One entry's postings: [(doc id, weight), ...]."""
    ((deltas, weights),) = json.loads(b"{" + entry + b"}").values()
    return list(zip(delta_decode(deltas), weights, strict=True))


def decode_shard(data: bytes) -> dict[str, list[tuple[int, int]]]:
    """Shard bytes -> token -> [(doc id, weight), ...] (for tests and incremental updates)."""
    decoded = {}
    for token, (deltas, weights) in json.loads(data).items():
        decoded[token] = list(zip(delta_decode(deltas), weights, strict=True))
    return decoded


def filters_json(doc_filters: Sequence[Mapping[str, Sequence[str]]], names: Sequence[str]) -> bytes:
    """`filters.json`: per filter, values sorted by (fold_key, value) and delta ids of each."""
    result = {}
    for name in names:
        by_value: dict[str, list[int]] = {}
        for doc_id, values in enumerate(doc_filters):
            for value in values.get(name, ()):
                by_value.setdefault(value, []).append(doc_id)
        ordered = sorted(by_value, key=lambda v: (fold_key(v), v))
        result[name] = {
            "docs": [delta_encode(by_value[v]) for v in ordered],
            "values": ordered,
        }
    return encode_json(result)


def build_id(files: Mapping[str, bytes]) -> str:
    """First 16 hex of sha256 over every file (path + bytes), sorted by path."""
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.encode("utf-8"))
        h.update(files[path])
    return h.hexdigest()[:16]


def manifest_json(
    files: Mapping[str, bytes], *, docs: int, shards: int, filters: list[str]
) -> bytes:
    """`manifest.json` for the other files of the index."""
    return encode_json(
        {
            "build": build_id(files),
            "docs": docs,
            "filters": list(filters),
            "shards": shards,
            "version": INDEX_VERSION,
        }
    )


def doc_path(doc_id: int) -> str:
    return f"docs/{doc_id}.json"
