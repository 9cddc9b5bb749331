"""Numbered pagination: /trang/N/ pages, the current page marked, every link resolving."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site
from tools.linkcheck import find_broken_links

pytestmark = pytest.mark.slow


def test_one_bulletin_per_page(tmp_path):
    output = tmp_path / "out"
    build_site(PROJECT_ROOT / "content", output, extra={"DEFAULT_PAGINATION": 1})
    assert find_broken_links(output) == []
    page2 = BeautifulSoup(
        (output / "trang/2/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    nav = page2.select_one("nav.pagination[aria-label]")
    current = nav.select("a[aria-current=page]")
    assert [a.get_text() for a in current] == ["2"]
    assert nav.select_one("a[rel=prev]")["href"] == "../../"
    assert nav.select_one("a[rel=next]")["href"] == "../../trang/3/"
    assert len(page2.select(".card")) == 1
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("nav.pagination a[aria-current=page]").get_text() == "1"
    assert home.select_one("nav.pagination a[rel=prev]") is None
