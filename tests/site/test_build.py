"""The sample archive in content/ builds into a complete, linked, warning-free site."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.site.conftest import BAOCHINHPHU_PAGE, SEED_PAGE
from tests.support.paths import SEED_TEXT
from tools.linkcheck import find_broken_links

pytestmark = pytest.mark.slow

PAGE_TYPES = {
    "home": "index.html",
    "article (seed bulletin)": SEED_PAGE,
    "article (baochinhphu.vn)": BAOCHINHPHU_PAGE,
    "page": "gioi-thieu/index.html",
    "category": "chuyen-muc/tin-hoat-dong/index.html",
    "category index": "chuyen-muc/index.html",
    "tag": "the/dau-tu-cong/index.html",
    "tag index": "the/index.html",
    "author": "tac-gia/truong-phuc/index.html",
    "author index": "tac-gia/index.html",
    "archives": "luu-tru/index.html",
    "year archive": "2025/index.html",
    "month archive": "2025/05/index.html",
    "404": "404.html",
    "draft preview": "ban-nhap/tong-hop-ban-tin-thang-6-2025/index.html",
    "Atom feed": "feeds/all.atom.xml",
    "RSS feed": "feeds/all.rss.xml",
    "category feed": "feeds/chuyen-muc/tin-hoat-dong.atom.xml",
    "sitemap": "sitemap.xml",
    "stylesheet": "theme/css/main.css",
    "portal index": "cong-thong-tin/index.html",
    "portal (longan, closed)": "cong-thong-tin/longan/index.html",
    "portal (baochinhphu)": "cong-thong-tin/baochinhphu/index.html",
    "portal month": "cong-thong-tin/longan/2025/05/index.html",
}


def _soup(site, page):
    return BeautifulSoup(site.read(page), "html.parser")


def _seed_lines():
    return [line for line in SEED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_build_logs_no_warning_or_error(sample_site):
    noisy = [line for line in sample_site.log.splitlines() if re.search(r"WARNING|ERROR", line)]
    assert not noisy, "\n".join(noisy)


@pytest.mark.parametrize(("kind", "path"), PAGE_TYPES.items(), ids=list(PAGE_TYPES))
def test_every_page_type_exists(sample_site, kind, path):
    assert (sample_site.output / path).is_file(), f"{kind}: {path} missing"


def test_every_internal_link_and_asset_resolves(sample_site):
    assert find_broken_links(sample_site.output) == []


def test_seed_article_shows_headline_date_byline_lead_and_caption(sample_site):
    lines = _seed_lines()
    soup = _soup(sample_site, SEED_PAGE)
    article = soup.select_one("main article")
    assert article.h1.get_text(strip=True) == lines[0]
    time = article.select_one(".byline time")
    assert time.get_text(strip=True) == "Thứ Tư, 28/05/2025"
    assert time["datetime"].startswith("2025-05-28")
    assert [a.get_text() for a in article.select(".byline a[rel=author]")] == ["Trường Phúc"]
    assert article.select_one(".lead").get_text(strip=True) == lines[1]
    captions = [c.get_text(strip=True) for c in article.select("figure figcaption")]
    assert captions == [lines[3]]
    body_text = article.select_one(".article-body").get_text(" ", strip=True)
    last_paragraph = lines[lines.index("Trường Phúc") - 1]
    assert lines[2][:80] in body_text and last_paragraph[-80:] in body_text


def test_seed_article_has_source_line_category_and_topics(sample_site):
    soup = _soup(sample_site, SEED_PAGE)
    source = soup.select_one(".article-footer .source")
    assert source.get_text(" ", strip=True).startswith("Nguồn:")
    assert source.select_one("a.source-url")["href"] == "https://longan.dcs.vn/"
    portal = source.select_one("a.portal-link")  # the portal's page (portal_pages)
    assert portal.get_text() == "Cổng thông tin điện tử Tỉnh ủy Long An"
    assert portal["href"] == "../../../cong-thong-tin/longan/"
    crumbs = [(a.get_text(), a["href"]) for a in soup.select(".article-header .breadcrumb a")]
    assert crumbs == [
        ("Trang chủ", "../../../"),
        ("Cổng thông tin điện tử Tỉnh ủy Long An", "../../../cong-thong-tin/longan/"),
        # the portal's own page of the category (PORTAL_PAGES category_pages "all")
        ("Tin hoạt động", "../../../cong-thong-tin/longan/chuyen-muc/tin-hoat-dong/"),
    ]
    terms = soup.select_one(".terms")
    assert terms.select_one("a[href$='chuyen-muc/tin-hoat-dong/']").get_text() == "Tin hoạt động"
    assert "Đầu tư công" in [a.get_text() for a in terms.select("a[rel=tag]")]


def test_capture_date_is_shown_when_known(tmp_path):
    from tests.support.site import build_site

    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(
        "Title: Tin có ngày lưu\nDate: 2025-05-28T08:52:00+07:00\n"
        "Source: https://portal.example.vn/tin/a.html\nCaptured: 2025-06-02T10:00:00+07:00\n"
        "Portal: vi-du\n\nNội dung.\n",
        encoding="utf-8",
    )
    build_site(content, tmp_path / "out")
    html = (tmp_path / "out/2025/05/tin-co-ngay-luu/index.html").read_text(encoding="utf-8")
    source = BeautifulSoup(html, "html.parser").select_one(".source")
    text = source.get_text(" ", strip=True)
    assert "portal.example.vn" in text  # unknown portal: shown by host name
    assert "Lưu ngày 02/06/2025" in text


def test_article_without_byline_gets_no_author(sample_site):
    soup = _soup(sample_site, BAOCHINHPHU_PAGE)
    assert soup.select(".byline a[rel=author]") == []
    data = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert "author" not in data


def test_article_has_opengraph_and_newsarticle_json_ld(sample_site):
    soup = _soup(sample_site, SEED_PAGE)
    og = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == _seed_lines()[0]
    assert og["og:url"].endswith("/2025/05/" + SEED_PAGE.split("/")[2] + "/")
    assert og["article:published_time"] == "2025-05-28T08:00:00+07:00"
    data = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == _seed_lines()[0]
    assert data["author"] == [{"@type": "Person", "name": "Trường Phúc"}]
    assert data["url"] == og["og:url"]


def test_month_archive_lists_its_bulletins(sample_site):
    soup = _soup(sample_site, "2025/05/index.html")
    assert soup.h1.get_text(strip=True) == "Lưu trữ tháng 5/2025"
    titles = [a.get_text(strip=True) for a in soup.select(".card-title a")]
    assert _seed_lines()[0] in titles
    assert all(t["datetime"].startswith("2025-05-") for t in soup.select(".card time"))


def test_home_lists_published_bulletins_newest_first_without_drafts(sample_site):
    soup = _soup(sample_site, "index.html")
    dates = [t["datetime"] for t in soup.select(".card time")]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 3
    assert "bản nháp" not in soup.get_text().lower()


def test_drafts_stay_out_of_feeds_and_sitemap(sample_site):
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml", "sitemap.xml"):
        assert "tong-hop-ban-tin-thang-6-2025" not in sample_site.read(path), path
    draft = _soup(sample_site, "ban-nhap/tong-hop-ban-tin-thang-6-2025/index.html")
    assert draft.select_one("meta[name=robots]")["content"] == "noindex"


def test_sitemap_lists_every_article_with_absolute_urls(sample_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(sample_site.read("sitemap.xml"))
    locs = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert all(loc.startswith("http://127.0.0.1:8000/") for loc in locs)
    assert len(locs) == len(set(locs))
    for page in (
        SEED_PAGE,
        BAOCHINHPHU_PAGE,
        "2025/05/index.html",
        "chuyen-muc/tin-hoat-dong/index.html",
        "cong-thong-tin/index.html",
        "cong-thong-tin/longan/index.html",
        "cong-thong-tin/baochinhphu/index.html",
    ):
        assert "http://127.0.0.1:8000/" + page.removesuffix("index.html") in locs


def test_feeds_are_well_formed_and_absolute(sample_site):
    atom = ET.fromstring(sample_site.read("feeds/all.atom.xml"))
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    published = list(sample_site.output.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    assert len(entries) == min(len(published), 50) >= 3
    links = [e.find("{http://www.w3.org/2005/Atom}link").get("href") for e in entries]
    assert all(link.startswith("http://127.0.0.1:8000/") for link in links)
    rss = ET.fromstring(sample_site.read("feeds/all.rss.xml"))
    assert len(rss.findall("channel/item")) == len(entries)


def test_pages_follow_the_content_security_policy(sample_site):
    """No inline script (JSON-LD data aside), no style attribute or element, no on* handler."""
    problems = []
    for path in sorted(sample_site.output.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        page = path.relative_to(sample_site.output).as_posix()
        csp = soup.select_one("meta[http-equiv='Content-Security-Policy']")
        if csp is None or "default-src 'self'" not in csp["content"]:
            problems.append(f"{page}: no CSP meta tag")
        for script in soup.find_all("script"):
            if not script.get("src") and script.get("type") != "application/ld+json":
                problems.append(f"{page}: inline script")
        if soup.find("style"):
            problems.append(f"{page}: <style> element")
        for tag in soup.find_all(True):
            for name in tag.attrs:
                if name == "style" or name.startswith("on"):
                    problems.append(f"{page}: {tag.name}[{name}]")
    assert problems == []


def test_pages_are_vietnamese_with_landmarks_and_a_skip_link(sample_site):
    for path in ("index.html", SEED_PAGE, "2025/05/index.html", "404.html", "the/index.html"):
        soup = _soup(sample_site, path)
        assert soup.html["lang"] == "vi", path
        assert len(soup.find_all("h1")) == 1, path
        skip = soup.select_one("a.skip-link")
        assert skip["href"] == "#noi-dung" and soup.select_one("main#noi-dung"), path
        assert soup.select_one("header.site-header") and soup.select_one("footer.site-footer")
        for nav in soup.find_all("nav"):
            assert nav.get("aria-label"), f"{path}: nav without aria-label"


def test_article_page_weight_is_under_30_kb_compressed(sample_site):
    html = (sample_site.output / SEED_PAGE).read_bytes()
    css = (sample_site.output / "theme/css/main.css").read_bytes()
    weight = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
    assert weight < 30 * 1024, f"article HTML+CSS is {weight} bytes gzipped"


def test_same_content_gives_the_same_bytes(sample_site, tmp_path):
    from tests.support.paths import PROJECT_ROOT
    from tests.support.site import build_site

    again = tmp_path / "again"
    build_site(PROJECT_ROOT / "content", again)
    first = {
        p.relative_to(sample_site.output): p.read_bytes()
        for p in sample_site.output.rglob("*")
        if p.is_file()
    }
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(map(str, set(first) ^ set(second))) == []  # files in only one build
    assert [str(path) for path in first if first[path] != second[path]] == []
