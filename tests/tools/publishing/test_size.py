"""The size limit of a publish target (tools/publishing/size.py, config.py)."""

from __future__ import annotations

import pytest

from tools.publishing.config import ConfigError, merge_options
from tools.publishing.size import contributors, human, kind_of, over_limit, parse_size


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("", None),
        ("0", None),
        ("1GB", 1_000_000_000),
        ("1 gb", 1_000_000_000),
        ("750MB", 750_000_000),
        ("512MiB", 512 * 1024**2),
        ("1.5GiB", int(1.5 * 1024**3)),
        ("60kB", 60_000),
        ("2000000", 2_000_000),
    ],
)
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["1TBX", "big", "-1GB", "1,5GB"])
def test_a_bad_size_says_how_to_write_one(text):
    with pytest.raises(ValueError, match="like '1GB', '750MB' or '512MiB'"):
        parse_size(text)


def test_github_pages_has_a_1_gb_limit_by_default_and_rsync_none():
    assert merge_options({"target": "ghpages"}, {})["size_limit"] == "1GB"
    assert merge_options({}, {})["size_limit"] == ""
    assert (
        merge_options({"target": "ghpages"}, {"ARCHIVE_PUBLISH_SIZE_LIMIT": ""})["size_limit"] == ""
    )
    assert merge_options({}, {"ARCHIVE_PUBLISH_SIZE_LIMIT": "2GB"})["size_limit"] == "2GB"
    with pytest.raises(ConfigError, match=r"PUBLISH\['size_limit'\]: size 'lots'"):
        merge_options({"size_limit": "lots"}, {})


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("index.html", "pages at the top (index, lists)"),
        ("2025/05/bai/index.html", "article pages (<year>/)"),
        ("search/shards/0/0a.json.gz", "search index"),
        ("images/longan/a.jpg", "images"),
        ("ban-goc/wacz/longan.wacz", "captures (WACZ packages, replay)"),
        ("chuyen-muc/tin/index.html", "chuyen-muc/"),
    ],
)
def test_kind_of(path, kind):
    assert kind_of(path) == kind


def test_over_the_limit_names_the_size_the_limit_and_the_biggest_parts():
    sizes = {
        "index.html": 10_000,
        "2025/05/a/index.html": 200_000,
        "2024/01/b/index.html": 100_000,
        "search/manifest.json": 1_000,
        "search/docs/0/1.json.gz": 600_000,
        "images/a.jpg": 50_000,
    }
    assert contributors(sizes)[:2] == [
        ("search index", 601_000, 2),
        ("article pages (<year>/)", 300_000, 2),
    ]
    assert over_limit(sizes, 961_000, "ghpages") is None  # exactly at the limit fits
    message = over_limit(sizes, 900_000, "ghpages")
    assert message.startswith(
        "the site is 961.00 kB (961000 bytes, 6 files), over the ghpages target's size limit of "
        "900.00 kB (PUBLISH['size_limit'])"
    )
    assert "  search index: 601.00 kB in 2 files (63 %)" in message
    assert "  article pages (<year>/): 300.00 kB in 2 files (31 %)" in message
    assert over_limit(sizes, None, "rsync") is None
    assert human(1_234_567_890) == "1.23 GB" and human(999) == "999 B"
