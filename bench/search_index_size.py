"""Where the bytes of a built search index go (format 1 and format 2 of plugin search_index).

    python -m bench.search_index_size output/search          # JSON on stdout

For every kind of file: count, bytes (apparent size), bytes on disk (allocated blocks, what
`du` counts) and gzip bytes (what a host sends, or the file itself when it is stored
compressed). Inside the postings it splits the bytes into token names, syllable postings, pair
postings and JSON punctuation (brackets, quotes, commas, colons); inside the document fragments
into the excerpt text and the rest (title, url, date, category, image, and their JSON). The
postings' detail covers the whole archive's shards (`shards/*`), not format 2's copies split per
portal (`shards/<part>/*`, counted apart as "shards per portal").
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

_PUNCT = re.compile(rb'[\[\]{}",:]')


def _gunzip(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _kind(rel: str) -> str:
    if rel.startswith("shards/"):
        return "shards per portal" if rel.count("/") > 1 else "shards"
    if rel.startswith("docs/"):
        return "docs"
    if rel.startswith("filters"):
        return "filters"
    return rel


def _shard_detail(raw: bytes, totals: Counter) -> None:
    """Split a shard's JSON bytes: token names, syllable/pair postings digits, punctuation."""
    data = json.loads(raw)
    for token, (deltas, weights) in data.items():
        kind = "pair" if " " in token else "syllable"
        totals[f"{kind}_tokens"] += 1
        totals[f"{kind}_postings"] += len(deltas)
        totals["token_name_bytes"] += len(token.encode())
        digits = sum(len(str(d)) for d in deltas) + sum(len(str(w)) for w in weights)
        totals[f"{kind}_posting_digit_bytes"] += digits
        totals[f"{kind}_delta_digit_bytes"] += sum(len(str(d)) for d in deltas)
        totals[f"{kind}_weight_digit_bytes"] += sum(len(str(w)) for w in weights)
        totals[f"{kind}_entry_bytes"] += (
            len(json.dumps({token: [deltas, weights]}, ensure_ascii=False, separators=(",", ":")))
            - 1
        )  # without one of the braces: the shard's comma or brace
    totals["punctuation_bytes"] += len(_PUNCT.findall(raw))


def _doc_detail(raw: bytes, totals: Counter) -> None:
    data = json.loads(raw)
    docs = data.values() if "url" not in data else [data]
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        totals["fragments"] += 1
        totals["text_bytes"] += len(str(doc.get("text", "")).encode())
        totals["title_url_meta_bytes"] += sum(
            len(str(v).encode()) for k, v in doc.items() if k != "text"
        )
    totals["json_bytes"] += len(raw)


def breakdown(index: Path) -> dict:
    """Figures of one index folder (see the module docstring)."""
    index = Path(index)
    kinds: dict[str, Counter] = {}
    shard_detail: Counter = Counter()
    doc_detail: Counter = Counter()
    pair_gzip = syllable_gzip = 0
    for path in sorted(p for p in index.rglob("*") if p.is_file()):
        rel = path.relative_to(index).as_posix()
        data = path.read_bytes()
        raw = _gunzip(data)
        stored_compressed = raw is not data
        st = os.stat(path)
        kind = _kind(rel)
        c = kinds.setdefault(kind, Counter())
        c["files"] += 1
        c["bytes"] += len(data)
        c["disk_bytes"] += st.st_blocks * 512
        c["uncompressed_bytes"] += len(raw)
        c["gzip_bytes"] += len(data) if stored_compressed else len(gzip.compress(data, 6, mtime=0))
        if kind == "shards" and rel.endswith((".json", ".json.gz")):
            _shard_detail(raw, shard_detail)
            # what pair entries alone cost compressed: re-encode each token class apart
            obj = json.loads(raw)
            pairs = {t: v for t, v in obj.items() if " " in t}
            sylls = {t: v for t, v in obj.items() if " " not in t}
            for group, out in ((pairs, "p"), (sylls, "s")):
                if not group:
                    continue
                text = json.dumps(group, ensure_ascii=False, separators=(",", ":")).encode()
                size = len(zlib.compress(text, 6))
                if out == "p":
                    pair_gzip += size
                else:
                    syllable_gzip += size
        elif kind == "docs":
            _doc_detail(raw, doc_detail)
    manifest = json.loads((index / "manifest.json").read_bytes())
    docs = manifest.get("docs", 0)
    total = Counter()
    for c in kinds.values():
        total.update(c)
    per_article = {
        key: round(total[key] / docs, 1) if docs else 0
        for key in ("bytes", "disk_bytes", "gzip_bytes")
    }
    return {
        "version": manifest.get("version"),
        "docs": docs,
        "total": dict(total),
        "per_article": per_article,
        "by_kind": {k: dict(v) for k, v in sorted(kinds.items())},
        "postings": dict(shard_detail)
        | {"pair_gzip_bytes_apart": pair_gzip, "syllable_gzip_bytes_apart": syllable_gzip},
        "fragments": dict(doc_detail),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(breakdown(args.index), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
