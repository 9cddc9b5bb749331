"""scraper/discovery/links.py: a page's links sorted into articles, next pages, other pages."""

from __future__ import annotations

import lxml.html

from scraper.discovery.links import page_links
from scraper.discovery.urls import looks_like_article

PAGE = """<html><body>
<ul class="menu"><li><a href="/chuyen-muc/kinh-te/">Kinh tế</a></li>
<li><a href="/dang-nhap.aspx">Đăng nhập</a></li><li><a href="https://evil.example/x">X</a></li></ul>
<div class="list"><a href="/tin-tuc/hoi-nghi-tinh-uy-lan-thu-19-1172.html">Hội nghị</a>
<a href="/tin-tuc/hoi-nghi-tinh-uy-lan-thu-19-1172.html#binh-luan">Bình luận</a>
<a href="/files/ke-hoach.pdf">Kế hoạch (PDF)</a></div>
<div class="pagination"><a href="/chuyen-muc/tin-hoat-dong/trang-2.html">2</a>
<a href="/chuyen-muc/tin-hoat-dong/trang-2.html">Trang sau</a></div>
<a rel="next" href="/chuyen-muc/tin-hoat-dong/trang-3.html">Tiếp</a>
</body></html>"""


def test_links_are_sorted() -> None:
    doc = lxml.html.document_fromstring(PAGE)
    links = page_links(
        doc,
        "https://x.vn/chuyen-muc/tin-hoat-dong/",
        lambda url: url.startswith("https://x.vn/"),
        looks_like_article,
    )
    assert links.articles == ["https://x.vn/tin-tuc/hoi-nghi-tinh-uy-lan-thu-19-1172.html"]
    assert links.next_pages == [
        "https://x.vn/chuyen-muc/tin-hoat-dong/trang-2.html",
        "https://x.vn/chuyen-muc/tin-hoat-dong/trang-3.html",
    ]
    assert links.pages == ["https://x.vn/chuyen-muc/kinh-te/"]
