"""scraper/discovery/urls.py: article URLs told from listings, and the portal's shape learned."""

from __future__ import annotations

import pytest

from scraper.discovery.urls import learn_shape, looks_like_article, not_content, url_shape


@pytest.mark.parametrize(
    ("url", "article", "shape"),
    [
        ("https://x.vn/tin-tuc/hoi-nghi-tinh-uy-1172.html", True, "/tin-tuc/{slug}-{id}.html"),
        ("http://t.vn/Pages/chi-tiet.aspx?ItemID=1234", True, "/Pages/chi-tiet.aspx?ItemID={id}"),
        ("https://nhandan.vn/danh-bai-argentina-post976641.html", True, "/{slug}-post{id}.html"),
        ("https://x.vn/2025/05/28/hoi-nghi-tinh-uy/", True, "/{n}/{n}/{n}/{slug}/"),
        # a year at the end of a slug reads as an id: the same shape for every such article
        ("https://x.vn/tin/giai-ngan-von-dau-tu-cong-nam-2025.htm", True, "/tin/{slug}-{id}.htm"),
        ("https://x.vn/tin/giai-ngan-von-dau-tu-cong-tinh.htm", True, "/tin/{slug}.htm"),
        ("https://x.vn/chuyen-muc/kinh-te/trang-2.html", False, "/chuyen-muc/kinh-te/trang-2.html"),
        ("https://x.vn/chuyen-muc/kinh-te/", False, "/chuyen-muc/kinh-te/"),
        ("http://t.vn/Pages/tin-tuc/tin-hoat-dong.aspx", False, "/Pages/tin-tuc/{slug}.aspx"),
        ("https://x.vn/", False, "/"),
        ("https://x.vn/Uploads/anh-1234.jpg", False, "/Uploads/anh-1234.jpg"),
    ],
)
def test_article_marks_and_shapes(url: str, article: bool, shape: str) -> None:
    assert looks_like_article(url) is article
    assert url_shape(url) == shape


def test_the_shape_most_article_urls_share_is_learned() -> None:
    urls = [f"http://t.vn/Pages/tin-tuc/chi-tiet.aspx?ItemID={i}" for i in range(1000, 1020)]
    learned = learn_shape([*urls, "http://t.vn/Pages/gioi-thieu.aspx"])
    assert learned is not None and learned.shapes == ("/Pages/tin-tuc/chi-tiet.aspx?ItemID={id}",)
    assert learned.matches("http://t.vn/Pages/tin-tuc/chi-tiet.aspx?ItemID=42")
    assert not learned.matches("http://t.vn/Pages/tin-tuc/chi-tiet.aspx?ItemID=42&print=1")
    assert not learned.matches("http://t.vn/Pages/tin-tuc/thong-bao.aspx")
    assert "20 of 21 article URLs" in learned.describe()
    assert learn_shape(urls[:2]) is None  # too few to say


@pytest.mark.parametrize(
    ("url", "skip"),
    [
        ("https://x.vn/dang-nhap.aspx", True),
        ("https://x.vn/tim-kiem?q=a", True),
        ("https://x.vn/tin-tuc/in-bai/1234", True),
        ("https://x.vn/files/van-ban.pdf", True),
        ("https://x.vn/tin-tuc/hoi-nghi-tinh-uy-1172.html", False),
    ],
)
def test_pages_that_are_never_content(url: str, skip: bool) -> None:
    assert not_content(url) is skip
