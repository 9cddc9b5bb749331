"""tools/make_gov_portal.py: the government-CMS test portal, served on 127.0.0.1 by
tools/demo_portal.py (started and stopped here), and the server's query-string and origin rules."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from tools.demo_portal import GOV_ORIGIN, GOV_ROOT, PORTALS, serve
from tools.gov_portal_articles import SAVED, build_articles, build_internal, newest_first, vn_day
from tools.gov_portal_text import SITE_NAME
from tools.make_gov_portal import generate

EXPECTED = json.loads((GOV_ROOT / "expected.json").read_text(encoding="utf-8"))
ARTICLE = re.compile(r"^/Pages/tin-tuc/chi-tiet\.aspx\?ItemID=\d+$")
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
CATEGORY_PAGES = [
    "/Pages/tin-tuc/tin-hoat-dong.aspx",
    "/Pages/tin-tuc/kinh-te-xa-hoi.aspx",
    "/Pages/tin-tuc/ke-hoach-chi-dao.aspx",
    "/Pages/tin-tuc/thong-bao.aspx",
]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def body(url: str) -> bytes:
    status, _, data = fetch(url)
    assert status == 200, url
    return data


def soup(url: str) -> BeautifulSoup:
    return BeautifulSoup(body(url).decode("utf-8"), "html.parser")


def local(url: str, base: str) -> str:
    """`url` as a path with its query, when it is on the served portal."""
    parts = urlsplit(urljoin(base + "/", url))
    assert f"{parts.scheme}://{parts.netloc}" == base, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    root, origin = PORTALS["gov"]
    with serve(root, origin=origin) as (url, _):
        yield url


def all_urls() -> set[str]:
    return {a["url"] for a in EXPECTED["articles"]}


# --- the generator ---------------------------------------------------------------------------


def test_committed_portal_is_what_the_generator_makes(tmp_path):
    def files(root: Path) -> dict[Path, bytes]:
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    generate(tmp_path / "portal")
    assert files(tmp_path / "portal") == files(GOV_ROOT), (
        "run `python -m tools.make_gov_portal` and commit the result"
    )


def test_portal_shape():
    articles = build_articles()
    assert 40 <= len(articles) <= 60
    assert len({a.date.year for a in articles}) in (2, 3)
    assert len({a.category.slug for a in articles}) in (3, 4)
    assert len({a.title for a in articles}) == len(articles)
    ids = [a.item_id for a in articles]
    assert ids == sorted(set(ids)), "ids grow with the date"
    assert max(a.date for a in articles) < SAVED
    assert [r["url"] for r in EXPECTED["articles"]] == [a.url for a in articles]
    assert sum(p.stat().st_size for p in GOV_ROOT.rglob("*") if p.is_file()) < 1024 * 1024


def test_layout_varies_where_it_should():
    articles = build_articles()
    styles = {"name", "name+unit", "name-unit", "two", "theo", "none"}
    assert {a.byline.style for a in articles} == styles
    assert {a.lead_style for a in articles} == {"p-strong", "div-bold"}
    figures = [f for a in articles for f in a.figures()]
    assert {f.style for f in figures} == {"table", "center"}
    assert any(f.caption is None for f in figures) and any(
        "Ảnh:" in (f.caption or "") for f in figures
    )
    assert any(b.kind == "sub" for a in articles for b in a.blocks)
    assert any(b.kind == "lines" for a in articles for b in a.blocks)
    assert any(b.kind == "blank" for a in articles for b in a.blocks)
    assert {a.tight_styles for a in articles} == {True, False}
    assert any(a.description != a.lead for a in articles)
    assert any(a.same_category for a in articles) and any(not a.same_category for a in articles)


# --- discovery -------------------------------------------------------------------------------


def sitemap_urls(base: str) -> tuple[list[str], dict[str, ET.Element]]:
    """Every <loc> of the sitemaps robots.txt names (index followed, gzip opened), and the
    <url> elements by location."""
    robots = body(base + "/robots.txt").decode()
    queue = [
        line.split(":", 1)[1].strip() for line in robots.splitlines() if line.startswith("Sitemap:")
    ]
    assert queue and all(u.startswith(base + "/") for u in queue)
    seen_maps: set[str] = set()
    locs: list[str] = []
    entries: dict[str, ET.Element] = {}
    while queue:
        url = queue.pop(0)
        if url in seen_maps:  # robots.txt names the news sitemap and the index names it too
            continue
        seen_maps.add(url)
        data = body(url)
        if url.endswith(".gz"):
            assert data[:2] == b"\x1f\x8b"
            data = gzip.decompress(data)
        assert GOV_ORIGIN.encode() not in data, "the server rewrites the portal's origin"
        root = ET.fromstring(data)
        if root.tag.endswith("sitemapindex"):
            queue += [loc.text for loc in root.findall("s:sitemap/s:loc", SITEMAP_NS)]
            continue
        for entry in root.findall("s:url", SITEMAP_NS):
            loc = local(entry.findtext("s:loc", namespaces=SITEMAP_NS), base)
            locs.append(loc)
            entries[loc] = entry
    assert any(u.endswith(".xml.gz") for u in seen_maps) and len(seen_maps) == 3
    return locs, entries


def test_sitemaps_list_every_article_once_and_nothing_internal(base):
    locs, entries = sitemap_urls(base)
    articles = [u for u in locs if ARTICLE.match(u)]
    assert sorted(articles) == sorted(all_urls()) and len(articles) == len(set(articles))
    assert not [u for u in locs if u.startswith("/noi-bo/")]
    dates = {a["url"]: a["date"] for a in EXPECTED["articles"]}
    news = [u for u in articles if entries[u].find("news:news", SITEMAP_NS) is not None]
    assert 0 < len(news) < len(articles)
    for url in news:
        published = entries[url].findtext("news:news/news:publication_date", namespaces=SITEMAP_NS)
        assert published == dates[url]
    for url in articles:
        assert entries[url].findtext("s:lastmod", namespaces=SITEMAP_NS) >= dates[url]


def load_more_chain(base: str, page: str) -> tuple[list[str], list[str]]:
    """(URLs on the category page, URLs from the "Xem thêm" JSON answers, in order)."""
    html = soup(base + page)
    shown = [local(a["href"], base) for a in html.select("div.DanhSachTin a.TieuDeTin")]
    assert len(shown) <= 10
    hrefs = [a.get("href", "") for a in html.select("a")]
    assert not [h for h in hrefs if "page=" in h or re.search(r"trang|Page=\d", h)], "no pagination"
    more: list[str] = []
    button = html.select_one("a.btnXemThem")
    url = button["data-url"] if button else None
    while url:
        status, headers, data = fetch(urljoin(base, url))
        assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
        answer = json.loads(data)
        assert set(answer) == {"items", "next"}
        more += [item["url"] for item in answer["items"]]
        assert all(set(item) == {"title", "url", "date"} for item in answer["items"])
        url = answer["next"]
    return shown, more


def test_category_pages_and_load_more_list_every_article(base):
    articles = build_articles()
    found: list[str] = []
    for page in CATEGORY_PAGES:
        shown, more = load_more_chain(base, page)
        category = [a for a in articles if a.category.url == page]
        assert shown + more == [a.url for a in newest_first(category)]
        found += shown + more
    assert sorted(found) == sorted(all_urls())


def test_load_more_edge_cases(base):
    small = soup(base + "/Pages/tin-tuc/kinh-te-xa-hoi.aspx")
    assert small.select_one("a.btnXemThem") is None  # 8 items: no button
    exact = soup(base + "/Pages/tin-tuc/ke-hoach-chi-dao.aspx").select_one("a.btnXemThem")
    assert json.loads(body(urljoin(base, exact["data-url"]))) == {"items": [], "next": None}
    long = soup(base + "/Pages/tin-tuc/tin-hoat-dong.aspx").select_one("a.btnXemThem")
    assert long["data-url"] == "/Ajax/LoadMore.ashx?cat=tin-hoat-dong&page=2"
    second = json.loads(body(urljoin(base, long["data-url"])))
    assert second["next"] == "/Ajax/LoadMore.ashx?cat=tin-hoat-dong&page=3"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00", second["items"][0]["date"])
    assert fetch(base + "/Ajax/LoadMore.ashx?cat=tin-hoat-dong&page=9")[0] == 404


def test_sitemaps_and_load_more_together_are_exactly_the_articles(base):
    locs, _ = sitemap_urls(base)
    listed = {u for page in CATEGORY_PAGES for part in load_more_chain(base, page) for u in part}
    assert {u for u in locs if ARTICLE.match(u)} | listed == all_urls()


def crawl_links(base: str, disallowed: str = "/noi-bo/") -> tuple[set[str], set[str]]:
    """Follow plain <a href> links from the home page, obeying robots.txt: (pages, articles)."""
    pages, queue = set(), ["/"]
    while queue:
        path = queue.pop()
        if path in pages:
            continue
        pages.add(path)
        for link in soup(base + path).select("a[href]"):
            href = link["href"]
            if href.startswith(("javascript:", "mailto:", "#")):
                continue
            target = urljoin(base + path, href)
            if not target.startswith(base + "/"):
                continue
            target = local(target, base)
            if not target.startswith(disallowed) and (".aspx" in target or target == "/"):
                queue.append(target)
    return pages, {p for p in pages if ARTICLE.match(p)}


def test_some_articles_are_found_only_through_sitemaps_or_load_more(base):
    pages, articles = crawl_links(base)
    assert articles < all_urls()
    only_listed = all_urls() - articles
    categories = {r["category"] for r in EXPECTED["articles"] if r["url"] in only_listed}
    assert only_listed and categories == {"Thông báo"}  # the oldest notices
    assert not [p for p in pages if p.startswith("/noi-bo/")]


def test_rss_lists_the_newest_20(base):
    for page in ["/", CATEGORY_PAGES[0], EXPECTED["articles"][0]["url"]]:
        links = soup(base + page).select('link[rel="alternate"][type="application/rss+xml"]')
        assert [link["href"] for link in links] == ["/rss/tin-tuc.rss"]
    status, headers, data = fetch(base + "/rss/tin-tuc.rss")
    assert status == 200 and headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    items = ET.fromstring(data).findall("channel/item")
    newest = newest_first(build_articles())[:20]
    assert [local(i.findtext("link"), base) for i in items] == [a.url for a in newest]
    assert [i.findtext("title") for i in items] == [a.title for a in newest]
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert [d.strftime("%d/%m/%Y %H:%M %z") for d in dates] == [
        a.date.strftime("%d/%m/%Y %H:%M +0700") for a in newest
    ]


def test_robots_disallows_the_internal_pages_a_menu_links_to(base):
    robots = body(base + "/robots.txt").decode()
    assert "Disallow: /noi-bo/" in robots.splitlines()
    internal = [p.url for p in build_internal()]
    assert internal == EXPECTED["disallowed"] and all(u.startswith("/noi-bo/") for u in internal)
    home = soup(base + "/")
    assert home.select_one('a[href="/noi-bo/Default.aspx"]') is not None
    listing = soup(base + "/noi-bo/Default.aspx")
    assert [a["href"] for a in listing.select("a.TieuDeTin")] == internal
    for url in internal:
        assert "(nội bộ)" in soup(base + url).select_one("span.TieuDe").get_text()


# --- the article page ------------------------------------------------------------------------


def content_blocks(page: BeautifulSoup) -> list[Tag]:
    return [c for c in page.select_one("div.NoiDung").children if isinstance(c, Tag)]


def aligned(tag: Tag, how: str) -> bool:
    return re.search(rf"text-align:\s*{how}", tag.get("style", "")) is not None


def is_bold_block(tag: Tag) -> bool:
    if tag.name == "div":
        return "font-weight: bold" in tag.get("style", "")
    children = [c for c in tag.children if isinstance(c, Tag)]
    return tag.name == "p" and len(children) == 1 and children[0].name == "strong"


ARTICLES = pytest.mark.parametrize("record", EXPECTED["articles"], ids=lambda r: str(r["item_id"]))


@ARTICLES
def test_article_page_frame(base, record):
    """Only h1 = the portal, headline in a span, "Hôm nay" before it, the date after it."""
    html = body(base + record["url"]).decode("utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in page.find_all("h1")] == [SITE_NAME]
    headline = page.select_one("span.TieuDe")
    assert headline["id"].endswith("_lblTitle") and headline.get_text() == record["title"]
    assert page.title.get_text().strip() == f"{record['title']} - {SITE_NAME}"
    today = f"Hôm nay: {vn_day(SAVED)}"
    assert today == "Hôm nay: Thứ Hai, 30/06/2025"
    assert html.index(today) < html.index('class="TieuDe"')
    when = datetime.fromisoformat(record["date"])
    assert page.select_one("span.NgayDang").get_text() == f"Ngày đăng: {when:%d/%m/%Y %H:%M}"
    assert not page.select('script[type="application/ld+json"]')
    assert not page.select('meta[property^="og:"]') and "canonical" not in html
    assert page.select_one('meta[name="description"]')["content"] == record["meta_description"]
    trail = [a.get_text() for a in page.select("div.DuongDan a")]
    assert trail == ["Trang chủ", record["section"], record["category"]]
    most_read = page.select("ul.TinXemNhieu a")
    assert len(most_read) == 5 and all(a["href"].startswith(base + "/") for a in most_read)
    footer = page.select_one("#footer").get_text()
    assert "Bản quyền thuộc về UBND huyện Tân Lập" in footer and "Địa chỉ:" in footer


@ARTICLES
def test_article_content(base, record):
    """Bold lead first, captions in table cells or centred <em>, right-aligned byline last."""
    blocks = content_blocks(soup(base + record["url"]))
    assert is_bold_block(blocks[0]) and blocks[0].get_text() == record["lead"]
    captions = [t.get_text() for b in blocks if b.name == "table" for t in b.select("td.caption")]
    captions += [b.get_text() for b in blocks if b.name == "p" and aligned(b, "center") and b.em]
    assert sorted(captions) == sorted(record["captions"])
    assert [img["src"] for b in blocks for img in b.select("img")] == record["images"]
    right = [b for b in blocks if aligned(b, "right")]
    assert [b.get_text() for b in right] == record["byline"]
    assert blocks[len(blocks) - len(right) :] == right, "the byline ends the content"
    for name in record["authors"]:
        assert any(name in line for line in record["byline"])
    # the body: between the lead and the byline, without figures, captions and empty paragraphs
    body_blocks = blocks[1 : len(blocks) - len(right)]
    text_blocks = [b for b in body_blocks if b.name != "table" and not aligned(b, "center")]
    words = " ".join(b.get_text(" ") for b in text_blocks).split()
    assert " ".join(words[:8]) == record["body_start"]
    assert " ".join(words[-8:]) == record["body_end"]


@ARTICLES
def test_article_related_news(base, record):
    related: list[dict[str, str]] = []
    for block in soup(base + record["url"]).select("div.KhoiTinKhac"):
        label = block.select_one("div.TieuDeKhoi").get_text()
        assert label in ("Các tin đã đưa", "Tin cùng chuyên mục")
        for item in block.select("li"):
            date = item.select_one("span.NgayTin").get_text()
            assert re.fullmatch(r"\(\d\d/\d\d/\d{4}\)", date)
            entry = {"title": item.a.get_text(), "date": date.strip("()"), "url": item.a["href"]}
            if entry not in related:
                related.append(entry)
    assert related == record["related"]


def test_every_local_link_and_image_resolves(base):
    pages = {"/", *CATEGORY_PAGES, *all_urls(), *EXPECTED["disallowed"], "/noi-bo/Default.aspx"}
    targets: set[str] = set()
    for path in pages:
        page = soup(base + path)
        for tag in page.select("a[href], img[src], link[href], script[src], [data-url]"):
            value = tag.get("href") or tag.get("src") or tag.get("data-url")
            target = urljoin(base + path, value)
            if target.startswith(base + "/"):
                targets.add(local(target, base))
    missing = [t for t in sorted(targets) if fetch(base + t)[0] != 200]
    assert missing == []


# --- the server's rules ----------------------------------------------------------------------


def test_query_strings_map_to_files_and_types_come_from_the_path(tmp_path):
    root = tmp_path / "portal"
    (root / "Ajax").mkdir(parents=True)
    (root / "index.html").write_text("<p>home</p>")
    (root / "a.aspx@x=1").write_text("<p>one</p>")
    (root / "Ajax" / "More.ashx@cat=a&page=2").write_text('{"items":[],"next":null}')
    (tmp_path / "portal@x=1").write_text("outside")  # beside the root: never served
    with serve(root) as (url, _):
        page = fetch(url + "/a.aspx?x=1")
        assert (page[0], page[1]["Content-Type"], page[2]) == (
            200,
            "text/html; charset=utf-8",
            b"<p>one</p>",
        )
        assert fetch(url + "/a.aspx?x=2")[0] == 404 and fetch(url + "/a.aspx")[0] == 404
        more = fetch(url + "/Ajax/More.ashx?cat=a&page=2")
        assert more[1]["Content-Type"] == "application/json; charset=utf-8"
        assert fetch(url + "/?x=1")[2] == b"<p>home</p>"
        assert b"outside" not in fetch(url + "/..?x=1")[2]
        assert fetch(url + "/a.aspx?x=1/../x=1")[0] == 404


def test_origin_is_rewritten_in_text_and_gzip_only_when_given(tmp_path):
    origin = "http://portal.example"
    (tmp_path / "robots.txt").write_text(f"User-agent: *\nSitemap: {origin}/s.xml.gz\n")
    (tmp_path / "s.xml.gz").write_bytes(gzip.compress(f"<loc>{origin}/a</loc>".encode()))
    (tmp_path / "f.rss").write_text(f"<link>{origin}/a</link>")
    with serve(tmp_path, origin=origin) as (url, _):
        assert f"Sitemap: {url}/s.xml.gz" in fetch(url + "/robots.txt")[2].decode()
        status, headers, data = fetch(url + "/s.xml.gz")
        assert headers["Content-Type"] == "application/gzip"
        assert gzip.decompress(data) == f"<loc>{url}/a</loc>".encode()
        rss = fetch(url + "/f.rss")
        assert rss[1]["Content-Type"] == "application/rss+xml; charset=utf-8"
        assert rss[2] == f"<link>{url}/a</link>".encode()
    with serve(tmp_path) as (url, _):
        assert origin in fetch(url + "/robots.txt")[2].decode()


def test_command_line_serves_the_gov_portal():
    command = [sys.executable, "-m", "tools.demo_portal", "--portal", "gov", "--port", "0"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2]
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        assert match, line
        robots = fetch(match.group(1) + "/robots.txt")[2].decode()
        assert f"Sitemap: {match.group(1)}/sitemap.xml" in robots
    finally:
        process.terminate()
        process.wait(timeout=10)
