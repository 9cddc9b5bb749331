"""Format 2 of the index files (pure): files stored gzip-compressed, fragments in chunks, and
with two portals or more a second copy of the postings split per portal.

- Every file but the manifest is gzip (level 6, no name, mtime 0: same input, same bytes). The
  client decompresses it (DecompressionStream), so the bytes on disk are the bytes sent, whether
  or not the host compresses.
- `shards/<i>.json.gz`: every token's postings over the whole archive (what a query over all
  portals reads: one shard per token).
- A *part* holds one portal's documents (the articles' `Portal` metadata; documents without one
  form the part of portal ""). Parts are numbered in the order of their portal key. With two
  parts or more, `shards/<part>/<i>.json.gz` holds the postings of the part's documents only (its
  own shard count), so a query restricted to one portal reads what an archive of that portal
  alone would; `filters/<part>.json.gz` holds the part's filter values and ids.
- Inside the builder a posting list is keyed by the bare token (whole archive) or by
  "<portal>\x1f<token>" (a part); the files hold the bare token.
- Fragments: `docs/<chunk>.json.gz` holds `{"<id>": fragment, ...}` for the ids with
  `id >> CHUNK_BITS == chunk` (ids hold about two slots per document: about 4 per chunk).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping

from .encoding import encode_json

INDEX_VERSION = 2
CHUNK_BITS = 3  # 8 id slots: about 4 documents
SEP = "\x1f"
ALL = "\x1e"  # the layout of the whole archive's postings (not a portal key)
GZIP_LEVEL = 6


def gz(data: bytes) -> bytes:
    """`data` gzip-compressed, the same bytes for the same input (mtime 0, no file name)."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def gunzip(data: bytes) -> bytes:
    """The bytes of a stored file (gzip; plain bytes are returned as they are)."""
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def part_key(portal: str, token: str) -> str:
    """The builder's key of a token's postings in the part of `portal`."""
    return f"{portal}{SEP}{token}"


def split_key(key: str) -> tuple[str, str]:
    """A builder key -> (layout, token): layout ALL for a bare token, else the portal."""
    portal, sep, token = key.rpartition(SEP)
    return (portal, token) if sep else (ALL, token)


def portal_of(filters: Mapping[str, Iterable[str]]) -> str:
    """A document's portal key from its filter values ("" when it has none)."""
    return next(iter(filters.get("portal", ())), "")


def shard_path(part: int | None, index: int, count: int) -> str:
    """`shards/<i>.json.gz` (part None: the whole archive) or `shards/<part>/<i>.json.gz`; i in
    lowercase hex zero-padded to the width of hex(count - 1)."""
    width = len(f"{count - 1:x}")
    folder = "shards" if part is None else f"shards/{part}"
    return f"{folder}/{index:0{width}x}.json.gz"


def filters_path(part: int) -> str:
    return f"filters/{part}.json.gz"


def chunk_of(doc_id: int) -> int:
    return doc_id >> CHUNK_BITS


def chunk_path(chunk: int) -> str:
    return f"docs/{chunk:x}.json.gz"


def chunk_json(docs: Iterable[tuple[int, bytes]]) -> bytes:
    """`{"<id>":<fragment>,...}` from (id, fragment JSON bytes), ids ascending."""
    return b"{" + b",".join(b'"%d":%s' % (doc_id, doc) for doc_id, doc in docs) + b"}"


def split_chunk(data: bytes) -> dict[int, bytes]:
    """A chunk's JSON -> id -> fragment bytes (as the analysis wrote them)."""
    return {int(key): encode_json(value) for key, value in json.loads(data).items()}


def portal_info(portals: Mapping[str, object] | None, key: str) -> dict[str, str]:
    """Display name, level and province of a portal key, from the `PORTALS` hook (see README):
    a mapping key -> a mapping or an object with `name`, `level`, `province` (each optional).
    Unknown keys get their key as name and no level or province."""
    found = (portals or {}).get(key) if key else None
    out = {"name": key, "level": "", "province": ""}
    if found is None:
        return out
    for field in out:
        value = found.get(field) if isinstance(found, Mapping) else getattr(found, field, None)
        if value:
            out[field] = str(value)
    return out


def manifest_json(
    *,
    build: str,
    docs: int,
    shards: int,
    filters: list[str],
    parts: list[dict],
) -> bytes:
    """`manifest.json`: `shards` of the whole archive; `parts` in part order, each {"docs",
    "level", "name", "portal", "province", "shards"} (`shards` 0 with one part: no copy)."""
    return encode_json(
        {
            "build": build,
            "chunk_bits": CHUNK_BITS,
            "docs": docs,
            "filters": list(filters),
            "parts": parts,
            "shards": shards,
            "version": INDEX_VERSION,
        }
    )
