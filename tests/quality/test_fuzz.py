"""Property-based and fuzz tests (hypothesis) over the parsers that read untrusted text: the
extractor (demo profile and generic), the text importer, the date parser and the other-news
parser, plus the renderer and store that turn their output into files.

Every case is bounded (hypothesis deadline per example, pytest-timeout per test). The
properties: no crash other than the documented clear errors, no hang, and never a written
file without a title and a date; what is written reads back as exactly the metadata rendered
(no field can inject a header key or end the header) and passes the content check's safety
rules.
"""

from __future__ import annotations

import string
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from archive_core.dates import parse_vn_date
from archive_core.header import header_value
from archive_core.listing import UnparseableLine, format_listing_line, parse_listing_line
from archive_core.models import OtherNewsItem
from archive_core.text import collapse_whitespace
from plugins.other_news.parse import parse_listing
from scraper.extract import ExtractionError, extract_article
from scraper.markdown import render_markdown
from scraper.models import Article
from scraper.profiles import load_profile
from scraper.store import Store
from scraper.textdump import TextDumpError, parse_text_bulletin
from tools.check_content import Settings, check_content

VN = ZoneInfo("Asia/Ho_Chi_Minh")
EXAMPLES = 150
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=5),  # generous for a loaded CI machine; a hang is far longer
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,  # same examples on every run (reproducible CI)
)
# Whole-page extraction is ~100x slower than a line parser: fewer, still varied, examples.
PAGES = settings(BOUNDED, max_examples=60, deadline=timedelta(seconds=15))
UNSAFE_WORDS = ("element in the text", "event handler", "inline style", "URL in the text")

# Text that looks like what portals print, plus everything that breaks naive parsers.
VIETNAMESE = "ĐđăâêôơưÀÁẢÃẠàáảãạẦầẤấỂểỄễỆệỐốỜờỮữỰựỳýỷỹỵ"
MARKUP = "<>&\"'`*_[](){}|#!:;=-/\\\n\t\r\u00a0\u200b\u2028\ufeff"
TEXT = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + " " + VIETNAMESE + MARKUP),
    max_size=200,
) | st.text(max_size=100)
FRAGMENTS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "![x](javascript:alert(1))",
        "{{ 7*7 }}",
        "{% include 'x' %}",
        "{static}/../../x",
        "\n\nTitle: chèn\n",
        "\n    Date: 2000-01-01\n",
        "\n---\n",
        "<!--",
        "]]>",
        "&lt;script&gt;",
        "&#106;avascript:",
        '<a href="http://[::1/x">liên kết hỏng</a>',
        '<img src="http://[x/y.png" alt="">',
        "(28/05/2025)",
        "(02/9/1945 - 02/9/2022)",
        "<https://example.org/>",
        "Thứ Năm, 28/05/2025 - 08:52",
        "ngày 28 tháng 5 năm 2025",
        "\x00",
        "\u202e",
    ]
)
HOSTILE = st.lists(TEXT | FRAGMENTS, max_size=6).map("".join)
DATES = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(VN)
).map(lambda d: d.replace(second=0, microsecond=0))


def read_meta(text: str) -> dict[str, list[str]]:
    """What Pelican's Markdown reader (Python-Markdown's meta extension) sees in a file."""
    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    return md.Meta


def unsafe_problems(folder: Path) -> list[str]:
    problems, _ = check_content(folder, Settings())
    return [str(p) for p in problems if any(w in p.what for w in UNSAFE_WORDS)]


# --- dates ------------------------------------------------------------------------------------


@BOUNDED
@given(HOSTILE)
def test_date_parser_never_raises_and_gives_aware_vietnam_time(text):
    value = parse_vn_date(text)
    assert value is None or (value.tzinfo is not None and value.utcoffset() == timedelta(hours=7))


@BOUNDED
@given(
    st.text(alphabet="0123456789/:-., hgTtháng năm ngày Thứ", max_size=300),
    st.lists(st.sampled_from(["%d/%m/%Y - %H:%M", "%d/%m/%Y", "%H:%M %d/%m/%Y"]), max_size=2),
)
def test_date_parser_on_digit_soup(text, formats):
    """Long runs of digits and separators (the shapes the regexes look for) stay fast."""
    value = parse_vn_date(text, formats)
    assert value is None or value.tzinfo is not None


@BOUNDED
@given(DATES)
def test_vietnamese_date_forms_round_trip(moment):
    assert parse_vn_date(f"{moment:%d/%m/%Y %H:%M}") == moment
    assert parse_vn_date(f"Thứ Hai, {moment:%d/%m/%Y - %H:%M}") == moment
    day = moment.replace(hour=0, minute=0)
    assert parse_vn_date(f"ngày {day.day} tháng {day.month} năm {day.year}") == day


# --- other news -------------------------------------------------------------------------------


@BOUNDED
@given(HOSTILE)
def test_other_news_line_parses_or_fails_clearly(line):
    try:
        item = parse_listing_line(line)
    except UnparseableLine as error:
        assert error.reason and error.item.title  # kept as a plain title, never dropped
        return
    except ValueError as error:
        assert not line.strip() or "blank" in str(error)
        return
    assert item.title
    assert item.url is None or item.url.startswith(("http://", "https://", "/"))
    assert item.date is None or item.date.tzinfo is not None


@BOUNDED
@given(st.lists(HOSTILE, max_size=8) | HOSTILE)
def test_other_news_listing_never_raises(value):
    items = parse_listing(value, source="fuzz.md")
    assert all(item.title for item in items)


@BOUNDED
@given(
    TEXT.filter(lambda t: t.strip()),
    st.none() | DATES,
    st.none() | st.sampled_from(["https://portal.example/tin/1.html", "http://x.example/a?b=1"]),
)
def test_other_news_rendered_line_parses_back(title, date, url):
    """What the renderer writes into Other_news, the plugin's parser reads back."""
    rendered = header_value(title)
    assume(rendered)
    # A title that itself ends in "(d/m/yyyy)" with no listing date is ambiguous by design.
    assume(date is not None or parse_listing_line(rendered).date is None)
    item = parse_listing_line(format_listing_line(OtherNewsItem(title, date, url)))
    assert item.title == " ".join(collapse_whitespace(title).split())  # the text as printed
    assert item.url == url
    assert item.date == (date.replace(hour=0, minute=0) if date else None)


# --- rendering and storing ----------------------------------------------------------------------


ARTICLES = st.builds(
    Article,
    title=HOSTILE,
    date=st.none() | DATES,
    body_markdown=st.just("Nội dung."),
    source_url=st.just("https://portal.example/tin/1.html"),
    modified=st.none() | DATES,
    authors=st.lists(HOSTILE, max_size=3),
    summary=HOSTILE,
    category=HOSTILE,
    tags=st.lists(HOSTILE, max_size=3),
    images=st.just([]),
    other_news=st.lists(st.builds(OtherNewsItem, title=HOSTILE), max_size=3),
    portal=st.just("demo"),
)


@BOUNDED
@given(ARTICLES)
def test_render_refuses_articles_without_title_or_date(article):
    # A title of control characters only is empty once normalised: refused like an empty one.
    if not header_value(article.title).strip() or article.date is None:
        with pytest.raises(ValueError):
            render_markdown(article)
        return
    text = render_markdown(article)
    meta = read_meta(text)
    # Exactly the keys rendered, each once: no field can add a key or end the header early.
    allowed = {"title", "date", "modified", "category", "tags", "authors", "slug", "summary"}
    allowed |= {"lang", "source", "captured", "portal", "other_news"}
    assert set(meta) <= allowed, meta.keys()
    assert meta["title"] == [header_value(article.title)]
    assert datetime.fromisoformat(meta["date"][0]) == article.date
    assert all(len(values) == 1 for key, values in meta.items() if key != "other_news")


@BOUNDED
@given(ARTICLES)
def test_store_never_writes_a_file_without_title_and_date(article):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        if not article.title.strip() or article.date is None:
            with pytest.raises(ValueError):
                store.write_article(article)
            assert [p for p in Path(folder).rglob("*") if p.is_file()] == []
            return
        result = store.write_article(article)
        meta = read_meta(result.path.read_text(encoding="utf-8"))
        assert meta["title"][0] and datetime.fromisoformat(meta["date"][0]).tzinfo
        assert unsafe_problems(Path(folder)) == []


# --- text importer ------------------------------------------------------------------------------


@BOUNDED
@given(st.lists(HOSTILE, min_size=0, max_size=12).map("\n".join), DATES)
def test_text_importer_gives_an_article_or_a_clear_error(text, date):
    try:
        article = parse_text_bulletin(text, date=date)
    except TextDumpError as error:
        assert str(error)
        return
    assert article.title.strip() and article.date == date
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.md").write_text(render_markdown(article), encoding="utf-8")
        assert unsafe_problems(Path(folder)) == []


# --- extractor ----------------------------------------------------------------------------------

DEMO = load_profile("demo")


def demo_page(title, date, sapo, body, author, caption, other) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/c/">Tin</a></li>'
        f'</ol><article class="news-detail"><h1 class="news-title">{title}</h1>'
        f'<div class="news-date">{date}</div><div class="news-sapo">{sapo}</div>'
        f'<div class="news-content"><p>{body}</p><figure><img src="/a.png" alt="">'
        f"<figcaption>{caption}</figcaption></figure></div>"
        f'<div class="news-author">{author}</div></article>'
        f'<div class="other-news"><ul><li><a href="/tin-tuc/a-1.html">{other}</a>'
        ' <span class="date">(01/05/2025)</span></li></ul></div></body></html>'
    )


def check_extracted(html: str | bytes, profile) -> None:
    try:
        article = extract_article(html, profile, url="http://127.0.0.1:8000/tin-tuc/x-1.html")
    except ExtractionError as error:
        assert error.reason and error.url
        return
    assert article.title.strip()
    assert article.date is not None and article.date.tzinfo is not None
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.md").write_text(render_markdown(article), encoding="utf-8")
        assert unsafe_problems(Path(folder)) == []


@PAGES
@given(
    HOSTILE,
    st.sampled_from(["Thứ Năm, 28/05/2025 - 08:52", "28/5/2025", "", "99/99/9999"]) | HOSTILE,
    HOSTILE,
    HOSTILE,
    HOSTILE,
    HOSTILE,
    HOSTILE,
)
def test_extractor_on_demo_shaped_pages(title, date, sapo, body, author, caption, other):
    check_extracted(demo_page(title, date, sapo, body, author, caption, other), DEMO)


@BOUNDED
@given(st.binary(max_size=2000) | HOSTILE.map(lambda t: "<html><body>" + t))
def test_extractor_on_junk(data):
    """Random bytes and broken markup, with the profile and with the generic extractor."""
    check_extracted(data, DEMO)
    check_extracted(data, None)


@settings(PAGES, max_examples=15)
@given(st.integers(min_value=1, max_value=2000), st.sampled_from(["div", "span", "b", "table"]))
def test_extractor_on_deep_nesting(depth, tag):
    """Deeply nested elements (a classic parser stress) neither crash nor hang."""
    body = f"<{tag}>" * depth + "Nội dung" + f"</{tag}>" * depth
    check_extracted(
        demo_page("Tiêu đề", "28/05/2025", "Tóm tắt", body, "Tác giả", "Ảnh", "Tin"), DEMO
    )
