"""Hostile text from a portal stays text on every page and in the JSON-LD.

Contract (scraper/markdown.py and Pelican's convention): header values are HTML text, with `<`
and `>` written as `&lt;` / `&gt;`. The theme prints them as HTML and puts their plain text into
attributes and JSON-LD, escaped again.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from archive_core.header import header_value
from tests.support.site import build_site

pytestmark = pytest.mark.slow

HOSTILE = '</script><script>alert(1)</script> <img src=x onerror=alert(2)> & "x"'


def test_hostile_title_and_tag_stay_text_everywhere(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(
        f"Title: {header_value(HOSTILE)}\nDate: 2025-05-28T08:00:00+07:00\nSlug: doc-hai\n"
        "Tags: Đầu tư & xây dựng\nAuthors: Ngọc Hân & Văn Tú\n"
        "Summary: Tóm tắt\n\nNội dung.\n",
        encoding="utf-8",
    )
    output = tmp_path / "out"
    build_site(content, output)
    for page in ("2025/05/doc-hai/index.html", "index.html", "2025/05/index.html"):
        soup = BeautifulSoup((output / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.find("img") is None, page
        inline = [s for s in soup.find_all("script") if not s.get("src")]
        assert all(s.get("type") == "application/ld+json" for s in inline), page
        assert HOSTILE in soup.get_text(), page
    soup = BeautifulSoup(
        (output / "2025/05/doc-hai/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert soup.h1.get_text() == HOSTILE
    assert soup.select_one("a[rel=tag]").get_text() == "Đầu tư & xây dựng"
    (ld,) = soup.select("script[type='application/ld+json']")
    data = json.loads(ld.string)
    assert data["headline"] == HOSTILE
    assert data["keywords"] == ["Đầu tư & xây dựng"]
    assert data["author"] == [{"@type": "Person", "name": "Ngọc Hân & Văn Tú"}]
    assert soup.select_one("meta[property='og:title']")["content"] == HOSTILE
    assert soup.title.get_text().startswith(HOSTILE)
