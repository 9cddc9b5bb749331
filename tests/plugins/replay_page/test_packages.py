"""plugins/replay_page/packages.py: reading a WACZ's index and digest, choosing the capture an
article opens, the link's query."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs

import pytest

from plugins.replay_page.packages import (
    PackageError,
    load_package,
    nearest,
    package_file,
    replay_target,
    size_text,
    warc_timestamp,
)
from tests.plugins.replay_page.wacz_support import cdxj_line, make_wacz

URL = "https://portal.example/tin-tuc/bai-1.html"


def test_the_index_gives_each_url_its_successful_captures_in_order(tmp_path):
    path = make_wacz(
        tmp_path / "p.wacz",
        [
            '!meta 0 {"format": "cdxj-gzip-1.0"}\n',
            cdxj_line(URL, "20250601101500"),
            cdxj_line(URL, "20250101000000"),
            cdxj_line(URL, "20250701000000", status="404"),
            cdxj_line("https://portal.example/moved", "20250101000000", status="301"),
            cdxj_line("https://cdn.example/a.png", "20250601101501", mime="image/png"),
            "not a cdxj line\n",
            "k 20250101000000 {not json}\n",
            'k 20250101000000 ["a list"]\n',
        ],
    )
    package = load_package("demo", path)
    assert package.captures == {
        URL: ("20250101000000", "20250601101500"),
        "https://cdn.example/a.png": ("20250601101501",),
    }
    assert package.size == path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        expected = hashlib.sha256(archive.read("datapackage.json")).hexdigest()
    assert package.digest == f"sha256:{expected}"
    assert package.version == expected[:16]


@pytest.mark.parametrize("index", ["indexes/index.cdx", "indexes/index.cdxj"])
def test_a_plain_index_is_read_too_and_a_missing_digest_file_is_computed(tmp_path, index):
    path = make_wacz(tmp_path / "p.wacz", [cdxj_line(URL, "20250101000000")], index_name=index,
                     digest=False)  # fmt: skip
    package = load_package("demo", path)
    assert package.captures == {URL: ("20250101000000",)}
    assert package.digest.startswith("sha256:") and len(package.digest) == 71


def test_what_is_not_a_wacz_is_refused_with_the_reason(tmp_path):
    (tmp_path / "text.wacz").write_text("hello", encoding="utf-8")
    with pytest.raises(PackageError, match="BadZipFile"):
        load_package("x", tmp_path / "text.wacz")
    with pytest.raises(PackageError, match="no CDXJ index"):
        load_package("x", make_wacz(tmp_path / "noindex.wacz", [], index_name=""))
    with zipfile.ZipFile(tmp_path / "nopackage.wacz", "w") as archive:
        archive.writestr("indexes/index.cdxj", cdxj_line(URL, "20250101000000"))
    with pytest.raises(PackageError, match="datapackage.json"):
        load_package("x", tmp_path / "nopackage.wacz")
    with pytest.raises(PackageError, match="FileNotFoundError"):
        load_package("x", tmp_path / "missing.wacz")


def test_a_package_is_named_by_a_plain_profile_name_only(tmp_path):
    assert package_file(tmp_path, "longan") == tmp_path / "longan.wacz"
    assert package_file(tmp_path, "gov_2-x") == tmp_path / "gov_2-x.wacz"
    for bad in ("../etc", "Long An", "", None, "a/b", ".hidden"):
        assert package_file(tmp_path, bad) is None


def test_captured_becomes_the_14_digit_utc_timestamp():
    assert warc_timestamp("2026-12-08T06:20:37+07:00") == "20261207232037"
    assert warc_timestamp("2025-06-02T10:15:00Z") == "20250602101500"
    vietnam = timezone(timedelta(hours=7))
    assert warc_timestamp(datetime(2025, 1, 1, 6, 0, tzinfo=vietnam)) == "20241231230000"
    assert warc_timestamp("2025-06-02T10:15:00") is None  # no zone: which hour?
    assert warc_timestamp("02/06/2025") is None
    assert warc_timestamp(None) is None


def test_the_nearest_capture_is_chosen():
    stamps = ("20250101000000", "20250601101500", "20251231235959")
    assert nearest(stamps, "20250601101500") == "20250601101500"
    assert nearest(stamps, "20250601000000") == "20250601101500"
    assert nearest(stamps, "20240101000000") == "20250101000000"
    assert nearest(stamps, "20300101000000") == "20251231235959"
    assert nearest(stamps, None) == "20251231235959"  # unknown: the newest


def test_an_article_links_only_to_a_capture_its_package_holds(tmp_path):
    path = make_wacz(tmp_path / "p.wacz", [cdxj_line(URL, "20250602031500")])
    package = load_package("longan", path)
    target = replay_target(package, URL, "2025-06-02T10:15:00+07:00")
    assert target["portal"] == "longan" and target["url"] == URL
    assert target["ts"] == "20250602031500"
    assert parse_qs(target["query"]) == {
        "portal": ["longan"],
        "url": [URL],
        "ts": ["20250602031500"],
    }
    assert replay_target(package, URL + "#binh-luan", None)["url"] == URL + "#binh-luan"
    assert replay_target(package, "https://portal.example/khac.html", None) is None
    assert replay_target(package, "", None) is None
    assert replay_target(package, None, None) is None
    assert replay_target(None, URL, "2025-06-02T10:15:00+07:00") is None


def test_sizes_are_written_the_vietnamese_way():
    assert size_text(512) == "512 byte"
    assert size_text(368_912) == "369 kB"
    assert size_text(1_240_000) == "1,2 MB"
    assert size_text(2_000_000) == "2 MB"
    assert size_text(3_456_000_000) == "3,5 GB"
    assert json.dumps(size_text(10_400)) == '"10,4 kB"'
