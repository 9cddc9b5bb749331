"""What goes through Redis comes back as it was: requests (bytes, tuples, headers with bytes
keys), articles (datetimes, images, other news), image bytes; and never as pickle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import scrapy
from hypothesis import given
from hypothesis import strategies as st
from scrapy.utils.request import request_from_dict

from archive_core.models import OtherNewsItem
from scraper.cluster import serial
from scraper.markdown import render_markdown
from scraper.models import Article, Image

_TZ = timezone(timedelta(hours=7))
scalars = st.none() | st.booleans() | st.integers() | st.text() | st.binary()
scalars |= st.datetimes(timezones=st.just(UTC)) | st.floats(allow_nan=False)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text() | st.binary(), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_any_value_comes_back_equal(value) -> None:
    assert serial.loads(serial.dumps(value)) == value


@given(values)
def test_the_same_value_gives_the_same_bytes(value) -> None:
    assert serial.dumps(value) == serial.dumps(serial.loads(serial.dumps(value)))


def test_a_scrapy_request_comes_back_with_its_headers_body_and_meta() -> None:
    request = scrapy.Request(
        "http://127.0.0.1:1/a?b=1",
        method="POST",
        body=b"\x00\xffbody",
        headers={"X-Name": "gi\xe1 tr\u1ecb".encode()},
        meta={"kind": "listing", "depth": 2, "redirect_urls": ["http://127.0.0.1:1/x"]},
        priority=10,
    )
    back = request_from_dict(serial.loads(serial.dumps(request.to_dict())))
    assert (back.url, back.method, back.body, back.priority) == (
        request.url, request.method, request.body, request.priority
    )  # fmt: skip
    assert back.headers.getlist("X-Name") == request.headers.getlist("X-Name")
    assert back.meta == request.meta


def test_an_article_renders_the_same_markdown_after_the_trip() -> None:
    date = datetime(2025, 7, 1, 8, 30, tzinfo=_TZ)
    article = Article(
        title="Hội nghị",
        date=date,
        body_markdown="Nội dung.\n\n![ảnh](http://127.0.0.1:1/a.jpg)",
        source_url="http://127.0.0.1:1/tin/a.html",
        modified=date + timedelta(days=1),
        authors=["Nguyễn Văn A"],
        summary="Tóm tắt",
        category="Tin tức",
        tags=["a", "b"],
        images=[Image("http://127.0.0.1:1/a.jpg", "chú thích", "ảnh")],
        other_news=[OtherNewsItem("Tin khác", date, "http://127.0.0.1:1/tin/b.html")],
        portal="demo",
        captured=date,
        capture_file="demo-1-w.warc.gz",
        capture_record="urn:uuid:1",
        capture_digest="sha1:AAAA",
        removed={"iframe": 2},
    )
    back = serial.article_from_dict(serial.loads(serial.dumps(serial.article_to_dict(article))))
    assert back == article
    assert render_markdown(back) == render_markdown(article)


def test_an_article_with_an_unknown_field_is_refused() -> None:
    data = serial.article_to_dict(Article("t", None, ""))
    data["evil"] = 1
    with pytest.raises(ValueError, match="evil"):
        serial.article_from_dict(data)


def test_objects_are_refused_not_pickled() -> None:
    with pytest.raises(TypeError, match="cannot send a object"):
        serial.dumps({"x": object()})
    assert b"pickle" not in serial.dumps({"a": b"\x80\x04"})  # plain JSON text
    assert serial.dumps({"a": 1}).decode("ascii") == '{"a":1}'
