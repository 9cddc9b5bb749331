"""bench/output_size.py: a built site's files and bytes, and its search index's, per 10,000."""

from __future__ import annotations

from bench.output_size import output_size


def test_counts_files_and_bytes_and_scales_per_10000(tmp_path):
    site = tmp_path / "output"
    (site / "2025" / "05" / "bai").mkdir(parents=True)
    (site / "2025" / "05" / "bai" / "index.html").write_bytes(b"x" * 300)
    (site / "index.html").write_bytes(b"y" * 100)
    (site / "search" / "shards").mkdir(parents=True)
    (site / "search" / "manifest.json").write_bytes(b"{}")
    (site / "search" / "shards" / "0.json.gz").write_bytes(b"z" * 50)
    (site / "searchable.html").write_bytes(b"w" * 10)  # not inside search/
    size = output_size(site, 2)
    assert (size["files"], size["bytes"]) == (5, 462)
    assert (size["search_files"], size["search_bytes"]) == (2, 52)
    assert size["disk_bytes"] >= size["bytes"]
    assert size["per_10000"]["bytes"] == 462 * 5000
    assert size["per_10000"]["search_files"] == 2 * 5000
