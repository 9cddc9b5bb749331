"""The draft's TOML: what the profile loader reads back, the same bytes every time."""

from __future__ import annotations

import tomllib

from hypothesis import given
from hypothesis import strategies as st

from scraper.infer.toml import render_profile, string


@given(st.text(max_size=60))
def test_any_string_reads_back(value: str) -> None:
    assert tomllib.loads(f"x = {string(value)}")["x"] == value


def test_regular_expressions_stay_readable() -> None:
    assert string(r"/tin-tuc/[^/?#]+-\d+\.html$") == r"'/tin-tuc/[^/?#]+-\d+\.html$'"


DATA = {
    "name": "x",
    "start_urls": [f"http://127.0.0.1:8000/chuyen-muc/muc-so-{i}/" for i in range(4)],
    "allowed_domains": ["127.0.0.1"],
    "article_url_pattern": r"/tin-tuc/[^/?#]+-\d+\.html$",
    "date_formats": ["%d/%m/%Y %H:%M"],
    "drop": ["script", "style"],
    "listing": {"item": ["div.list div.item"], "next_template": "/more?page={page}"},
    "fields": {"title": ['meta[property="og:title"]::attr(content)'], "body": ["div.c"]},
    "other_news": [{"block": ["div.other"], "item": ["li"]}, {"block": ["ul.x"], "item": ["li"]}],
}


def test_a_profile_reads_back_as_written() -> None:
    text = render_profile(DATA, ["a comment"])
    assert text.startswith("# a comment\nname = ")
    assert tomllib.loads(text) == DATA
    assert render_profile(DATA, ["a comment"]) == text
