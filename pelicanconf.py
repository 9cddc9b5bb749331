"""Pelican settings for development builds (`make html`). publishconf.py extends them."""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:  # plugins import the scraper's text rules
    sys.path.insert(0, HERE)

# No AUTHOR: Pelican would give its value to every article without an Authors line, and a
# bulletin printed without a byline must not get one.
SITENAME = "Lưu trữ bản tin"
SITESUBTITLE = "Bản tin của các cổng thông tin tỉnh, lưu giữ lâu dài"
# Absolute address used where a URL must be absolute (og:url, JSON-LD, sitemap.xml, feeds).
# Development builds point at `make serve`; publishconf.py sets it from ARCHIVE_SITEURL.
# Pages still link relatively (RELATIVE_URLS below), so output/ works from any address.
SITE_BASE_URL = "http://127.0.0.1:8000"
SITEURL = SITE_BASE_URL

PATH = "content"
STATIC_PATHS = ["images", "files", "extra"]
EXTRA_PATH_METADATA = {}
ARTICLE_EXCLUDES = ["images", "files", "extra"]
PAGE_PATHS = ["pages"]

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
LOCALE = ("C.UTF-8",)
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)

THEME = os.path.join(HERE, "theme")
PLUGIN_PATHS = [os.path.join(HERE, "plugins")]
PLUGINS = [
    "fast_build",
    "vietnamese",
    "other_news",
    "archive_indexes",
    "portal_pages",
    "search_index",
    "replay_page",
    "decap_admin",
]
# fast_build: Markdown cache + conversion and rendering on every core, unchanged pages skipped.
# See plugins/fast_build/README.md; FAST_BUILD = {"enabled": False} gives Pelican's own path.
FAST_BUILD: dict = {}
CACHE_PATH = os.path.join(HERE, "cache")
# portal_pages: /cong-thong-tin/ and a page per portal from portals.toml (names, levels, provinces,
# what became of each portal in the 2025 reorganisation). See plugins/portal_pages/README.md.
PORTAL_PAGES: dict = {"portals_file": os.path.join(HERE, "portals.toml")}
# replay_page: "Xem bản gốc đã lưu" under each article whose portal's capture package (WACZ, in
# captures/packages/<portal>.wacz) holds its Source; /ban-goc/ replays it with a self-hosted
# ReplayWeb.page. See plugins/replay_page/README.md for every key.
REPLAY_PAGE: dict = {}
# decap_admin: the editors' screen /admin/ (Decap CMS, `make edit`), writing our Markdown through
# decap-server. See plugins/decap_admin/README.md for every key; publishconf.py leaves /admin/
# out unless PUBLISH_ADMIN = True.
DECAP_ADMIN: dict = {}

# Stable, readable URLs.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
ARTICLE_LANG_URL = "{date:%Y}/{date:%m}/{slug}-{lang}/"
ARTICLE_LANG_SAVE_AS = "{date:%Y}/{date:%m}/{slug}-{lang}/index.html"
DRAFT_URL = "ban-nhap/{slug}/"
DRAFT_SAVE_AS = "ban-nhap/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
CATEGORIES_URL = "chuyen-muc/"
CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
TAGS_URL = "the/"
TAGS_SAVE_AS = "the/index.html"
AUTHOR_URL = "tac-gia/{slug}/"
AUTHOR_SAVE_AS = "tac-gia/{slug}/index.html"
AUTHORS_URL = "tac-gia/"
AUTHORS_SAVE_AS = "tac-gia/index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
SLUGIFY_SOURCE = "title"

INDEX_URL = ""  # page 1 of the home page is "/", not "/index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "404", "sitemap"]
SITEMAP_SAVE_AS = "sitemap.xml"  # theme/templates/sitemap.html renders XML
TEMPLATE_PAGES = {}

# Feeds (absolute links from SITEURL; publishconf.py points them at the public address).
FEED_DOMAIN = SITE_BASE_URL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/chuyen-muc/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

DEFAULT_METADATA = {"lang": "vi"}
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Tin tức"
# Categories `make check` (tools/check_content.py) accepts besides DEFAULT_CATEGORY; a Category
# not listed here is reported as a likely typo. Add a portal's sections when you crawl it.
KNOWN_CATEGORIES = [
    "Tin hoạt động",
    "Chính sách mới",
    "Thông báo",
    # The bundled demo portal's sections (make demo).
    "Xây dựng Đảng",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Quốc phòng - An ninh",
]
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_SOURCES = False
RELATIVE_URLS = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
LOG_FILTER = []

# Only Markdown: the reStructuredText reader is off (docutils has no Vietnamese localization and
# would warn on every build). No "smarty": archived text is shown exactly as the portal printed it.
READERS = {"rst": None}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Display names of the portals in the "Nguồn" line (key = the `Portal` metadata, the profile name)
# for portals missing from portals.toml (which names them when it lists them). Unknown portals are
# shown by the host name of their `Source` URL.
PORTAL_NAMES = {
    "longan": "Cổng thông tin điện tử Tỉnh ủy Long An",
    "baochinhphu": "Báo điện tử Chính phủ",
}
