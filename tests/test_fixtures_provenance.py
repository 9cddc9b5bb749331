"""Test data taken from others is kept unmodified, and each file says where it came from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.support.paths import REAL_PAGES, TEST_FIXTURES

# Folders of data written by others (pages, texts); the JSON beside them is ours.
KEPT_AS_IS = {REAL_PAGES: (".html", ".htm"), TEST_FIXTURES / "seed": (".txt",)}


def provenance_rows(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of the table in `folder/PROVENANCE.md`, by file name."""
    lines = (folder / "PROVENANCE.md").read_text(encoding="utf-8").splitlines()
    header: list[str] | None = None
    rows: dict[str, dict[str, str]] = {}
    for line in lines:
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not set(cells[0]) <= {"-", " "}:
            rows[cells[0]] = dict(zip(header, cells, strict=False))
    return rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("folder", sorted(KEPT_AS_IS), ids=lambda p: p.name)
def test_every_file_has_a_provenance_row_with_its_checksum(folder: Path) -> None:
    rows = provenance_rows(folder)
    files = sorted(p for p in folder.iterdir() if p.suffix in KEPT_AS_IS[folder])
    assert files, f"no test data in {folder}"
    missing = [p.name for p in files if p.name not in rows]
    assert missing == [], f"{folder}/PROVENANCE.md has no row for {missing}"
    changed = [p.name for p in files if _sha256(p) != rows[p.name]["sha256"]]
    assert changed == [], f"kept-as-is test data was modified: {changed}"
    stale = sorted(set(rows) - {p.name for p in files})
    assert stale == [], f"{folder}/PROVENANCE.md lists files that are not there: {stale}"


def test_the_table_reader_reads_rows_by_file(tmp_path: Path) -> None:
    (tmp_path / "PROVENANCE.md").write_text(
        "# x\n\n| file | sha256 |\n| --- | --- |\n| a.html | 00 |\n\ntext\n", encoding="utf-8"
    )
    assert provenance_rows(tmp_path) == {"a.html": {"file": "a.html", "sha256": "00"}}
