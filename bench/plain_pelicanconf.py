"""Baseline for `make bench`: plain Pelican, built-in `simple` theme, no plugins, same content."""

AUTHOR = "Bench"
SITENAME = "Plain Pelican baseline"
SITEURL = ""
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
THEME = "simple"
PLUGINS = []
DEFAULT_PAGINATION = 12
READERS = {"rst": None, "html": None}
RELATIVE_URLS = True
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
