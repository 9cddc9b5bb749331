"""Make Pagefind's output byte-for-byte reproducible.

Pagefind 1.5.2 writes the values of each filter (and the list of filters) in hash-map order, which
changes from run to run, so the filter files, the `.pf_meta` file that names them and
`pagefind-entry.json` differ between two builds of the same content. `normalize_bundle` rewrites
them in sorted order and renames them after their content; the index and fragment files are
already stable and are left alone.

A Pagefind file is gzip(b"pagefind_dcd" + CBOR). The meta file is
[version, pages, index_chunks, filters [[name, hash]], sorts [[name, pages]], meta_fields];
a filter file is [name, [[value, [page numbers]]]].
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from . import cbor

SIGNATURE = b"pagefind_dcd"


class BundleError(RuntimeError):
    """The Pagefind bundle does not have the shape this module knows."""


def read_pagefind_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BundleError(f"{path}: not a Pagefind data file (no {SIGNATURE!r} signature)")
    return cbor.loads(data[len(SIGNATURE) :])


def encode_pagefind_file(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor.dumps(value), compresslevel=9, mtime=0)


def _hash_name(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


def normalize_bundle(bundle: Path) -> None:
    """Rewrite the filter files, the meta file and pagefind-entry.json of `bundle` in a stable
    order, named after their content."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry.get("languages", {}).items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pagefind_file(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[3], list)):
            raise BundleError(f"{meta_path}: unexpected meta layout (Pagefind version changed?)")
        renamed: dict[str, str] = {}
        for _name, old_hash in meta[3]:
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = read_pagefind_file(old_path)
            values = sorted(values, key=lambda item: (str(item[0]), item[1]))
            data = encode_pagefind_file([filter_name, values])
            new_hash = _hash_name(language, data, 7)
            old_path.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
            renamed[old_hash] = new_hash
        meta[3] = sorted([name, renamed[old]] for name, old in meta[3])
        meta[4] = sorted(meta[4], key=lambda item: str(item[0]))
        data = encode_pagefind_file(meta)
        new_meta_hash = _hash_name(language, data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta_hash}.pf_meta").write_bytes(data)
        info["hash"] = new_meta_hash
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
