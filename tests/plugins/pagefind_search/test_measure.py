"""bench/search.py measures our search page and plain Pagefind in Chromium (smoke test)."""

from __future__ import annotations

from bench.search import build_plain_index, measure_search


def test_measure_search_ours_and_plain(browser, search_site, tmp_path):
    ours = measure_search(search_site, ["giải ngân", "dang bo"], browser=browser)
    assert [row["query"] for row in ours["queries"]] == ["giải ngân", "dang bo"]
    for row in ours["queries"]:
        names = [name for name, _ in row["files"]]
        assert "tim-kiem/" in names and "pagefind/pagefind.js" in names
        assert any(name.startswith("pagefind/index/") for name in names)
        assert row["shown"] >= 1 and row["bytes"] > 0 and row["ms"] > 0
        assert row["external_requests"] == []
    view = build_plain_index(search_site, tmp_path / "plain")
    plain = measure_search(view, ["giải ngân"], mode="plain", browser=browser)
    assert plain["queries"][0]["matches"] >= 1
    assert ours["median_bytes"] > 0 and plain["median_bytes"] > 0
