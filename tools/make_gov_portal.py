"""Generate the government-CMS test portal (tests/fixtures/gov_portal/), deterministically.

A second offline test portal, fictional and written for the project: "Cổng thông tin điện tử
UBND huyện Tân Lập" (Tân Lập district, An Hòa province), laid out like the older ASP.NET /
SharePoint portals that Vietnamese provincial People's Committees and district governments still
run, and unlike the demo portal (tests/fixtures/demo_portal/) on purpose. 54 articles from July
2023 to June 2025 in 4 categories (Tin hoạt động: 22, Thông báo: 14, Kế hoạch - Chỉ đạo: 10,
Kinh tế - Xã hội: 8), plus 3 internal pages. Run `python -m tools.make_gov_portal` to regenerate
(seeded: the output is committed and byte-identical from run to run); serve it with
`python -m tools.demo_portal --portal gov`. Every layout choice below is deliberate.

**URLs.** Articles: `/Pages/tin-tuc/chi-tiet.aspx?ItemID=1234` (one URL shape for every
category, the id in the query string; ids grow with the date, with gaps). Categories:
`/Pages/tin-tuc/<slug>.aspx`, sections `/Pages/<slug>.aspx`, home `/`. The file answering
`PATH?QUERY` is stored as `PATH@QUERY` (wget's Windows-safe name); tools/demo_portal.py serves it.

**Article page.** The only `<h1>` is the portal's name in the banner. The headline is
`<span id="ctl00_PlaceHolderMain_ctl00_lblTitle" class="TieuDe">`; `<title>` is "Headline -
Cổng thông tin điện tử UBND huyện Tân Lập" on its own tab-indented line, as ASP.NET prints it.
Before the headline, the top bar says "Hôm nay: Thứ Hai, 30/06/2025": the day the pages were
saved, not the article's date. The article's date follows the headline as "Ngày đăng:
14/03/2024 08:35" (then "Lượt xem: 1.234", a view count). No JSON-LD, no OpenGraph, no
canonical link; the meta description is the lead for half of the articles, the headline or the
site's description for the others. The whole body sits in `<form id="aspnetForm">` with a
`__VIEWSTATE` and the `__doPostBack` script, laid out in a table (left menu, main column, right
sidebar).

**Content** (`div.NoiDung`). The lead (sapo) is the first block, in bold: a
`<p style="text-align: justify"><strong>` or a `<div style="font-weight: bold; ...">`. Body
paragraphs are `<p style="text-align: justify">` (half of the articles with the editor's
trailing `;` in the style, half without). Some articles have a bold subheading written exactly
like a bold lead (`<p ...><strong>Nhiều chỉ tiêu đạt khá</strong></p>`: only the first block is
the lead); plans have bold subheadings ("1. Mục đích, yêu cầu"); plans and notices have lines
separated by `<br />` in a `<div>` ("- Thời gian: ...<br />- Địa điểm: ..."); notices end with
"./.". Images are either a `<table class="image">` with the caption in `<td class="caption">`,
or a `<p style="text-align:center"><img></p>` followed by
`<p style="text-align:center"><em>caption</em></p>`. Captions credit the photographer ("(Ảnh:
Minh Thư)", ". Ảnh: Minh Thư") or not, and a few images have no caption. Some contents have an
empty `<p>&nbsp;</p>` before the byline.

**Byline**: the last right-aligned paragraph(s) of the content, e.g.
`<p style="text-align: right"><strong>Nguyễn Văn An</strong></p>`; sometimes followed by a
right-aligned line with the author's unit ("Văn phòng HĐND và UBND huyện"); sometimes "Name -
Unit" on one line; sometimes two authors "Name1 - Name2" (the same separator: a reader tells a
unit by its words); sometimes "Theo Báo An Hòa" in `<em>` (a source credit, no author); notices
and some news have none.

**Around the content.** The breadcrumb is plain links: "Trang chủ > Tin tức - Sự kiện > Tin
hoạt động" (the last one is the category). After the content, related news under "Các tin đã
đưa" (the 5 previous items of the category; not on notices) and, on notices and every third
other article, "Tin cùng chuyên mục" (the 4 newest of the category, which may repeat items):
links followed by "(14/03/2024)". The right sidebar's "Tin xem nhiều" is the 5 most-read news,
NOT related, with absolute links; block titles are `<div class="TieuDeKhoi">` everywhere (no
other headings). A left menu, a link box as a `<select>`, and a footer with the address and
"Bản quyền thuộc về UBND huyện Tân Lập".

**Discovery.** No numbered pagination and no article list on the home page. Articles are listed
only in (a) the sitemaps: `/sitemap.xml` is a sitemap index of `/sitemap-tin-moi.xml` (a news
sitemap: this year's articles, with `<news:publication_date>` and `<lastmod>`) and
`/sitemap-luu-tru.xml.gz` (gzip: the home, section and category pages and the older articles;
`<lastmod>` is the last modification, sometimes days after the publication); and (b) the
category pages, which show the newest 10 items and, when a category has 10 or more, a "Xem
thêm" button with `data-url="/Ajax/LoadMore.ashx?cat=tin-hoat-dong&page=2"` answering JSON
`{"items": [{"title", "url", "date"}], "next": "/Ajax/LoadMore.ashx?...&page=3" or null}`, the
dates as ASP.NET writes them ("2024-03-14T08:35:00", local time, no zone). A category of
exactly 10 items still shows the button, and its page 2 is empty; the category of 8 has no
button. Related and most-read links do not reach the oldest notices: some articles are found
only through the sitemaps or the JSON chain. An RSS 2.0 feed, `/rss/tin-tuc.rss` (the newest
20), is linked from every page's `<link rel="alternate" type="application/rss+xml">`.

**robots.txt** has two `Sitemap:` lines (the index and the news sitemap, so a crawler meets one
sitemap twice) and `Disallow: /noi-bo/`: three article-like internal pages
(`/noi-bo/chi-tiet.aspx?ItemID=9001`, ...) that no sitemap lists but that the left menu reaches
through `/noi-bo/Default.aspx`. They must never be crawled.

**Addresses.** Sitemaps, RSS, robots.txt and the sidebar use absolute URLs on the fictional
origin `http://tanlap.anhoa.example` (GOV_ORIGIN); tools/demo_portal.py writes its own base URL
in its place when it serves the portal, inside the gzip sitemap too.

**expected.json**: for every article (oldest first), what a careful reader finds, made from the
generator's own data: url, item_id, title, date (ISO 8601, +07:00), category and section,
authors (printed names only: no unit, no "Theo ..."), byline (the right-aligned lines as
printed), byline_style, source_credit, lead, body_start and body_end (the first and last 8
whitespace-separated words of the body: the content without the lead, images, captions and
byline), captions (as printed, photo credit included), images, related (the "Các tin đã đưa"
and "Tin cùng chuyên mục" items in page order, each once, with their printed date) and
meta_description; then the disallowed internal URLs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tools import gov_portal_feeds as feeds
from tools import gov_portal_pages as pages
from tools import gov_portal_text as text
from tools.demo_portal import GOV_ROOT, QUERY_MARK
from tools.gov_portal_articles import (
    INTERNAL_CATEGORY,
    GovArticle,
    build_articles,
    build_internal,
    categories,
    most_read,
    newest_first,
)
from tools.make_demo_portal import png_bytes

ROOT = GOV_ROOT

CSS = """body{font-family:Tahoma,Arial,sans-serif;font-size:12px;margin:0;background:#e9eef5}
#wrapper{width:1000px;margin:auto;background:#fff}#banner{background:#1a4f8b;color:#fff;padding:12px}
#banner img{float:left;margin-right:12px}.TenCong{margin:0;font-size:22px;text-transform:uppercase}
.TenCong a{color:#fff;text-decoration:none}#topbar{background:#d8e3f0;padding:4px 8px}
.TieuDeKhoi{background:#1a4f8b;color:#fff;font-weight:bold;padding:4px}.TieuDe{display:block;font-size:18px;font-weight:bold;color:#8b0000}
.NgayDang,.NgayTin{color:#777}.caption{font-style:italic}#footer{background:#1a4f8b;color:#fff;padding:8px;text-align:center}
"""
SCRIPT = """(function () {
  var button = document.getElementById("btnXemThem");
  var list = document.getElementById("ctl00_PlaceHolderMain_dsTin");
  if (!button || !list) return;
  button.onclick = function () {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", button.getAttribute("data-url"), true);
    xhr.onload = function () {
      var data = JSON.parse(xhr.responseText);
      for (var i = 0; i < data.items.length; i++) {
        var row = document.createElement("div");
        var link = document.createElement("a");
        row.className = "TinItem";
        link.className = "TieuDeTin";
        link.href = data.items[i].url;
        link.appendChild(document.createTextNode(data.items[i].title));
        row.appendChild(link);
        list.appendChild(row);
      }
      if (data.next) button.setAttribute("data-url", data.next);
      else button.parentNode.removeChild(button);
    };
    xhr.send();
    return false;
  };
})();
"""
ABOUT = [
    "Huyện Tân Lập (hư cấu) nằm ở phía bắc tỉnh An Hòa, có 9 xã và 1 thị trấn.",
    "Kinh tế của huyện chủ yếu là nông nghiệp, đang chuyển dịch sang công nghiệp, dịch vụ.",
]
CONTACT = [
    "Văn phòng HĐND và UBND huyện Tân Lập: Số 12 đường 30 Tháng 4, thị trấn Tân Lập.",
    "Điện thoại: 0200 3850 000. Thư điện tử: ubnd@tanlap.anhoa.example.",
]


def file_for(url: str) -> Path:
    """Where the file answering `url` (a path with an optional query) is stored."""
    path, _, query = url.partition("?")
    name = path.lstrip("/") or "index.html"
    return Path(name + (QUERY_MARK + query if query else ""))


def write(root: Path, url: str, data: bytes | str) -> None:
    path = root / file_for(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def readme(articles: list[GovArticle]) -> str:
    body = (__doc__ or "").split("\n", 1)[1].strip()
    return (
        "# Government-CMS test portal (generated)\n\n"
        "Written by `python -m tools.make_gov_portal` from its docstring: edit the generator, not"
        " this file.\n\n"
        f"{body}\n\nArticles: {len(articles)}; years "
        f"{', '.join(str(y) for y in sorted({a.date.year for a in articles}))}.\n"
    )


def generate(root: Path = ROOT) -> list[GovArticle]:
    articles = build_articles()
    internal = build_internal()
    top = most_read(articles)
    if root.exists():
        shutil.rmtree(root)
    write(root, "/README.md", readme(articles))
    write(root, "/expected.json", feeds.expected(articles, internal))
    write(root, "/robots.txt", feeds.robots())
    write(root, pages.CSS_URL, CSS)
    write(root, pages.SCRIPT_URL, SCRIPT)
    write(root, pages.EMBLEM_URL, png_bytes(64, 64, 7))
    write(root, "/", pages.home_page(top))
    about = pages.breadcrumb(("Giới thiệu", "/Pages/gioi-thieu.aspx"))
    write(
        root,
        "/Pages/gioi-thieu.aspx",
        pages.text_page("Giới thiệu", about, ABOUT, "./gioi-thieu.aspx", top),
    )
    contact = pages.breadcrumb(("Liên hệ", "/Pages/lien-he.aspx"))
    write(
        root,
        "/Pages/lien-he.aspx",
        pages.text_page("Liên hệ", contact, CONTACT, "./lien-he.aspx", top),
    )
    for slug, name in text.SECTIONS.items():
        write(root, f"/Pages/{slug}.aspx", pages.section_page(slug, name, top))
    for article in articles + internal:
        write(root, article.url, pages.article_page(article, top))
        for n, figure in enumerate(article.figures()):
            write(
                root, figure.src, png_bytes(figure.width, figure.height, article.item_id * 10 + n)
            )
    write(root, INTERNAL_CATEGORY.url, pages.internal_listing(internal, top))
    for category in categories():
        items = newest_first([a for a in articles if a.category == category])
        write(root, category.url, pages.category_page(category, items, top))
        for url, answer in feeds.load_more(category, items).items():
            write(root, url, answer)
    write(root, feeds.SITEMAP_INDEX, feeds.sitemap_index(articles))
    write(root, feeds.NEWS_SITEMAP, feeds.news_sitemap(articles))
    write(root, feeds.ARCHIVE_SITEMAP, feeds.archive_sitemap(articles))
    write(root, pages.RSS_URL, feeds.rss(articles))
    return articles


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else ROOT
    articles = generate(target)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    years = sorted({a.date.year for a in articles})
    print(
        f"gov portal: {len(articles)} articles, {len(categories())} categories, years {years},"
        f" {size / 1024:.0f} KiB in {target}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
