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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import and_, rshift, sub

from archive_core.text import fold_key

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
    """int -> its decimal text, memoised (postings repeat the same small numbers)."""

    def __missing__(self, number: int) -> str:
        if len(self) > 100_000:
            self.clear()
        value = self[number] = str(number)
        return value


NUMBER_TEXT = _NumberText()


def entry_bytes(token: str, ids: Sequence[int], weights: Iterable[int]) -> bytes:
    """`"<token>":[[deltas],[weights]]` exactly as json.dumps writes it inside a shard."""
    text = NUMBER_TEXT.__getitem__
    deltas = ",".join(map(text, map(sub, ids, chain((0,), ids))))
    ws = ",".join(map(text, weights))
    return f"{json.dumps(token, ensure_ascii=False)}:[[{deltas}],[{ws}]]".encode()


class _Lists(dict):
    def __missing__(self, token: str) -> array:
        value = self[token] = array("I")
        return value


class Postings:
    """Token -> postings in doc id order, filled one document at a time in id order.

    A posting is packed into one 32-bit integer, (doc id - base) << 8 | weight, and appending a
    document's postings runs in C (map over the token lists), which matters at millions of them.
    `base` is the build's smallest id (ids are sparse and start far from 0, see ids.py); every
    id must be within 2**24 of it.
    """

    def __init__(self, base: int = 0) -> None:
        self.lists: dict[str, array] = _Lists()
        self.base = base

    def add(self, doc_id: int, tokens: Sequence[str], weights: bytes) -> None:
        if len(tokens) != len(weights):
            raise ValueError(f"document {doc_id}: {len(tokens)} tokens but {len(weights)} weights")
        offset = doc_id - self.base
        if not 0 <= offset < 1 << 24:
            raise ValueError(f"document id {doc_id} out of range (base {self.base})")
        packed = offset << 8
        deque(
            map(array.append, map(self.lists.__getitem__, tokens), map(packed.__or__, weights)), 0
        )

    def get(self, token: str) -> list[tuple[int, int]]:
        packed = self.lists.get(token, ())
        return [((p >> 8) + self.base, p & 255) for p in packed]

    def entry(self, token: str) -> bytes:
        packed = self.lists[token]
        ids = list(map(rshift, packed, repeat(8)))
        if self.base:
            ids = list(map(self.base.__add__, ids))
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
    lists = postings.lists

    def entries() -> Iterator[tuple[str, bytes]]:
        for token in list(lists):
            entry = postings.entry(token)
            del lists[token]
            yield token, entry

    return layout_entries(entries(), target_bytes)


def layout_entries(entries: Iterable[tuple[str, bytes]], target_bytes: int) -> ShardLayout:
    """Group encoded token entries into shards: the count from their total bytes, each shard's
    entries sorted by token."""
    encoded: list[tuple[int, str, bytes]] = []
    total = 0
    for token, entry in entries:
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


_SKIP = 64  # postings summed at a time while looking for a changed id


def patch_entry(token: str, entry: bytes | None, changes: Mapping[int, int | None]) -> bytes | None:
    """`entry` (None: the token had no postings) with the postings of some ids set (doc id ->
    weight) or removed (doc id -> None); None when no posting is left.

    The same bytes as `entry_bytes` over the patched postings, but only the deltas next to a
    changed id are re-encoded, and the deltas are summed only up to the last changed id, a run of
    _SKIP at a time (a common token's entry holds thousands of postings, and an added document
    touches hundreds of entries)."""
    if entry is None:
        prefix = json.dumps(token, ensure_ascii=False).encode()
        deltas: list[bytes] = []
        weights: list[bytes] = []
    else:
        start = entry.rindex(b":[[")  # the token holds no ':' or '[' (letters, digits, space)
        prefix = entry[:start]
        delta_text, weight_text = entry[start + 3 : -2].split(b"],[")
        deltas = delta_text.split(b",")
        weights = weight_text.split(b",")
    at = 0  # the posting at `at` is the first not yet known to be below the changed id
    last = 0  # the id of the posting before `at` (0 before the first: its delta is its id)
    for doc_id, weight in sorted(changes.items()):
        while at < len(deltas):
            run = sum(map(int, deltas[at : at + _SKIP]))
            if last + run >= doc_id:
                break
            last += run
            at += _SKIP
        at = min(at, len(deltas))
        while at < len(deltas) and last + int(deltas[at]) < doc_id:
            last += int(deltas[at])
            at += 1
        gap = doc_id - last
        present = at < len(deltas) and int(deltas[at]) == gap
        if weight is None:
            if present:  # the next posting's delta takes over the removed one's
                del deltas[at], weights[at]
                if at < len(deltas):
                    deltas[at] = b"%d" % (int(deltas[at]) + gap)
            continue
        if present:
            weights[at] = b"%d" % weight
        else:
            if at < len(deltas):
                deltas[at] = b"%d" % (int(deltas[at]) - gap)
            deltas.insert(at, b"%d" % gap)
            weights.insert(at, b"%d" % weight)
        last = doc_id
        at += 1
    if not deltas:
        return None
    return b"".join((prefix, b":[[", b",".join(deltas), b"],[", b",".join(weights), b"]]"))


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


def filters_json(
    doc_filters: Sequence[Mapping[str, Sequence[str]]],
    names: Sequence[str],
    ids: Sequence[int] | None = None,
) -> bytes:
    """`filters.json`: per filter, values sorted by (fold_key, value) and delta ids of each.

    `doc_filters[i]` belongs to document `ids[i]` (ids ascending; default 0, 1, 2, ...)."""
    if ids is None:
        ids = range(len(doc_filters))
    result = {}
    for name in names:
        by_value: dict[str, list[int]] = {}
        for doc_id, values in zip(ids, doc_filters, strict=True):
            for value in values.get(name, ()):
                by_value.setdefault(value, []).append(doc_id)
        ordered = sorted(by_value, key=lambda v: (fold_key(v), v))
        result[name] = {
            "docs": [delta_encode(by_value[v]) for v in ordered],
            "values": ordered,
        }
    return encode_json(result)


def file_digest(data: bytes) -> bytes:
    """sha256 of an index file's bytes (what the build id is made of)."""
    return hashlib.sha256(data).digest()


def build_id_of_digests(digests: Mapping[str, bytes]) -> str:
    """First 16 hex of sha256 over every file, sorted by path: its path (UTF-8), a NUL, and
    the sha256 of its bytes (kept from the build that wrote it, so a patch reads no file)."""
    h = hashlib.sha256()
    for path in sorted(digests):
        h.update(path.encode("utf-8") + b"\0" + digests[path])
    return h.hexdigest()[:16]


def build_id(files: Mapping[str, bytes]) -> str:
    """The build id of files given by their bytes (`build_id_of_digests`)."""
    return build_id_of_digests({path: file_digest(data) for path, data in files.items()})


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
