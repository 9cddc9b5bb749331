"""scraper/discovery/frontier.py: first in, first out, each URL once, kept on disk."""

from __future__ import annotations

from scraper.discovery.frontier import Frontier


def test_urls_come_out_in_order_once_each() -> None:
    frontier = Frontier()
    urls = [f"https://x.vn/tin-tuc/bai-{i}.html" for i in range(5)]
    assert [frontier.add(u) for u in urls + urls[:2]] == [True] * 5 + [False] * 2
    assert len(frontier) == 5
    assert frontier.take(2) == urls[:2]
    frontier.add("https://x.vn/tin-tuc/bài-viết-mới.html")  # not ASCII
    assert frontier.take(10) == [*urls[2:], "https://x.vn/tin-tuc/bài-viết-mới.html"]
    assert len(frontier) == 0 and frontier.take(3) == []
    assert not frontier.add(urls[0])  # taken once is known for good
    frontier.close()
