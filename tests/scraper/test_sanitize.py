import pytest

from scraper.sanitize import safe_url, sanitize_html, url_scheme

BASE = "https://portal.example.vn/tin-tuc/bai-viet.html"


@pytest.mark.parametrize(
    ("fragment", "removed_key"),
    [
        ("<p>a</p><script>alert(1)</script>", "script"),
        ("<style>p{color:red}</style><p>a</p>", "style"),
        ('<iframe src="https://evil.example"></iframe><p>a</p>', "iframe"),
        ('<object data="x.swf"></object><p>a</p>', "object"),
        ('<embed src="x.swf"><p>a</p>', "embed"),
        ('<form action="/x"><input name="q"></form><p>a</p>', "form"),
        ('<base href="https://evil.example/"><p>a</p>', "base"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example"><p>a</p>', "meta"),
        ("<svg><script>alert(1)</script></svg><p>a</p>", "svg"),
        ("<math><mi>x</mi></math><p>a</p>", "math"),
        ('<p onclick="alert(1)">a</p>', "event handler"),
        ('<img src="x.jpg" onerror="alert(1)">', "event handler"),
    ],
)
def test_dangerous_elements_and_handlers_are_removed_and_counted(
    fragment: str, removed_key: str
) -> None:
    clean, counts = sanitize_html(fragment, BASE)
    assert counts.get(removed_key, 0) >= 1
    lowered = clean.lower()
    for bad in (
        "<script",
        "<style",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<base",
        "<meta",
        "<svg",
        "<math",
        "onclick",
        "onerror",
        "alert(",
    ):
        assert bad not in lowered


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:image/svg+xml,<svg onload=alert(1)>",
        "%6Aavascript:alert(1)",
    ],
)
def test_dangerous_link_schemes_are_dropped(href: str) -> None:
    clean, counts = sanitize_html(f'<p><a href="{href}">xem</a></p>', BASE)
    assert "href" not in clean
    assert "xem" in clean  # the text stays
    assert counts["unsafe url"] == 1


def test_image_data_url_dropped_and_relative_urls_made_absolute() -> None:
    clean, _ = sanitize_html(
        '<p><a href="/tin/1.html">x</a><img src="data:image/png;base64,AAAA"><img src="a.jpg"></p>',
        BASE,
    )
    assert 'href="https://portal.example.vn/tin/1.html"' in clean
    assert 'src="https://portal.example.vn/tin-tuc/a.jpg"' in clean
    assert "data:" not in clean


def test_attributes_outside_the_allowlist_are_dropped() -> None:
    clean, _ = sanitize_html(
        '<p style="color:red" class="x" id="y">a <span style="x">b</span></p>', BASE
    )
    assert clean == "<p>a <span>b</span></p>"


def test_unknown_elements_are_unwrapped_keeping_text() -> None:
    clean, _ = sanitize_html("<p><font>Đảng bộ</font> <custom-x>tỉnh</custom-x></p>", BASE)
    assert clean == "<p>Đảng bộ tỉnh</p>"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("https://a.vn/x", "https"),
        ("/x", None),
        ("mailto:a@b.vn", "mailto"),
        ("jav&#x09;ascript:x", "javascript"),
        ("  tel:0123", "tel"),
    ],
)
def test_url_scheme(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme


def test_safe_url_keeps_http_and_resolves() -> None:
    assert safe_url("../a b.html", BASE) == "https://portal.example.vn/a%20b.html"
    assert safe_url("javascript:x", BASE) is None
    assert safe_url("", BASE) is None


def test_safe_url_drops_an_unparsable_url() -> None:
    assert safe_url("http://[::1/x", BASE) is None
    assert sanitize_html('<p><a href="http://[::1/x">liên kết</a></p>', BASE)[0].count("href") == 0
