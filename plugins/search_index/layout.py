"""Format 2 of the index files (pure): parts per portal, files stored gzip-compressed, document
fragments in chunks.

- A *part* holds the postings and filter values of one portal's documents (the articles' `Portal`
  metadata; documents without one form the part of portal ""). Parts are numbered in the order of
  their portal key, so a query restricted to one portal reads only that part's files: what it
  would read in an archive of that portal alone.
- Inside the builder, a token's postings in a part are kept under the key "<portal>\\x1f<token>"
  (the bare token for portal ""); the files hold the bare token.
- Every file but the manifest is gzip (level 6, no name, mtime 0: same input, same bytes). The
  client decompresses it (DecompressionStream), so the bytes on disk are the bytes sent, whether
  or not the host compresses.
- Fragments: `docs/<part>/<chunk>.json.gz` holds `{"<id>": fragment, ...}` for the part's ids
  with `id >> bits == chunk`, `bits` the part's `chunk_bits`: about DOCS_PER_CHUNK of the
  part's documents per chunk on average, whatever the other parts hold.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable, Mapping

from .encoding import encode_json

INDEX_VERSION = 2
DOCS_PER_CHUNK = 4
BASE_CHUNK_BITS = 3  # 8 id slots: about DOCS_PER_CHUNK documents of a part alone
SEP = "\x1f"
GZIP_LEVEL = 6


def gz(data: bytes) -> bytes:
    """`data` gzip-compressed, the same bytes for the same input (mtime 0, no file name)."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def gunzip(data: bytes) -> bytes:
    """The bytes of a stored file (gzip; plain bytes are returned as they are)."""
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def part_key(portal: str, token: str) -> str:
    """The builder's key of a token's postings in the part of `portal`."""
    return f"{portal}{SEP}{token}" if portal else token


def split_key(key: str) -> tuple[str, str]:
    """part_key -> (portal, token)."""
    portal, _, token = key.rpartition(SEP)
    return portal, token


def portal_of(filters: Mapping[str, Iterable[str]]) -> str:
    """A document's portal key from its filter values ("" when it has none)."""
    return next(iter(filters.get("portal", ())), "")


def shard_path(part: int, index: int, count: int) -> str:
    """`shards/<part>/<i>.json.gz`, i in lowercase hex zero-padded to the width of hex(count-1)."""
    width = len(f"{count - 1:x}")
    return f"shards/{part}/{index:0{width}x}.json.gz"


def filters_path(part: int) -> str:
    return f"filters/{part}.json.gz"


def chunk_bits(total_docs: int, part_docs: int) -> int:
    """BASE_CHUNK_BITS + log2(total / part) rounded: ids hold about two slots per document
    (ids.py), so a chunk of 2**bits ids holds about DOCS_PER_CHUNK of the part's documents
    whatever its share. Rounded (boundaries at 1.41, 2.83, 5.66... times), so that adding or
    removing an article seldom moves it (a change is a full build)."""
    if part_docs <= 0 or total_docs <= part_docs:
        return BASE_CHUNK_BITS
    return BASE_CHUNK_BITS + max(0, round(math.log2(total_docs / part_docs)))


def chunk_path(part: int, chunk: int) -> str:
    return f"docs/{part}/{chunk:x}.json.gz"


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
    filters: list[str],
    parts: list[dict],
) -> bytes:
    """`manifest.json`: `parts` in part order, each {"chunk_bits", "docs", "level", "name",
    "portal", "province", "shards"}."""
    return encode_json(
        {
            "build": build,
            "docs": docs,
            "filters": list(filters),
            "parts": parts,
            "version": INDEX_VERSION,
        }
    )
