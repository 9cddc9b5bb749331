"""Small WACZ files made by hand for the plugin's tests: a zip with a CDXJ index (gzip, one member
per line block, as py-wacz writes it), datapackage.json and datapackage-digest.json. No WARC
inside: the plugin reads only the index and the digests."""

from __future__ import annotations

import gzip
import hashlib
import json
import zipfile
from pathlib import Path


def cdxj_line(url: str, ts: str, status: str = "200", mime: str = "text/html") -> str:
    record = {"url": url, "mime": mime, "status": status, "filename": "x.warc.gz"}
    return f"{url.split('://', 1)[-1]} {ts} {json.dumps(record)}\n"


def make_wacz(
    path: Path,
    lines: list[str],
    *,
    index_name: str = "indexes/index.cdx.gz",
    digest: bool = True,
) -> Path:
    """Write a WACZ at `path` whose index holds `lines` (split over two gzip members)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(lines).encode("utf-8")
    if index_name.endswith(".gz"):
        half = len(lines) // 2
        body = gzip.compress("".join(lines[:half]).encode()) + gzip.compress(
            "".join(lines[half:]).encode()
        )
    else:
        body = text
    package = json.dumps({"profile": "data-package", "resources": []}).encode()
    with zipfile.ZipFile(path, "w") as archive:
        if index_name:
            archive.writestr(index_name, body)
        archive.writestr("datapackage.json", package)
        if digest:
            value = "sha256:" + hashlib.sha256(package).hexdigest()
            archive.writestr("datapackage-digest.json", json.dumps({"hash": value}))
    return path
