"""The store consumer, the only writer of content/ in a cluster: articles from Redis are
written through the store as a crawl writes them (new, unchanged, an editor's file kept),
their images saved from the bytes that came with them; articles a killed consumer had taken are
written on the next start; an unreadable entry is reported, not fatal."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from scraper.cluster import serial
from scraper.cluster.consumer import StoreConsumer
from scraper.cluster.keys import Keys
from scraper.markdown import figure_block
from scraper.models import Article, Image
from scraper.report import Report
from scraper.store import Store

KEYS = Keys("t")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
_TZ = timezone(timedelta(hours=7))


def entry(body: str = "Nội dung.", images: dict | None = None) -> bytes:
    image = "http://127.0.0.1:1/anh.png"
    article = Article(
        title="Hội nghị tổng kết",
        date=datetime(2025, 7, 1, 8, 30, tzinfo=_TZ),
        body_markdown=f"{body}\n\n{figure_block(image, 'Ảnh', 'Ảnh')}",
        source_url="http://127.0.0.1:1/tin/hoi-nghi.html",
        images=[Image(image, "Ảnh", "Ảnh")],
        portal="demo",
        captured=datetime(2025, 7, 2, 9, 0, tzinfo=_TZ),
    )
    return serial.dumps(
        {
            "portal": "demo",
            "images": True,
            "article": serial.article_to_dict(article),
            "fetched": {image: PNG} if images is None else images,
            "worker": "w",
        }
    )


def consumer(server, tmp_path) -> tuple[StoreConsumer, Report]:
    report = Report()
    return StoreConsumer(server, KEYS, Store(tmp_path / "c"), {"demo": report}, 1 << 20), report


def test_an_article_is_written_once_with_its_image(server, tmp_path) -> None:
    first, report = consumer(server, tmp_path)
    server.rpush(KEYS.items, entry(), entry())  # the same article twice (a retried page)
    assert first.drain(timeout=0.1) == 2
    assert (len(report.new), len(report.unchanged)) == (1, 1)
    text = report.new[0].read_text(encoding="utf-8")
    assert "{static}/images/demo/" in text and "Scraped_hash: sha256:" in text
    images = list((tmp_path / "c" / "images" / "demo").iterdir())
    assert len(images) == 1 and images[0].read_bytes() == PNG
    assert server.llen(KEYS.items) == server.llen(KEYS.items_taken) == 0


def test_an_editors_file_is_never_overwritten(server, tmp_path) -> None:
    first, report = consumer(server, tmp_path)
    server.rpush(KEYS.items, entry())
    first.drain(timeout=0.1)
    path = report.new[0]
    edited = path.read_text(encoding="utf-8").replace("Nội dung.", "Nội dung đã sửa.")
    path.write_text(edited, encoding="utf-8")
    again, report = consumer(server, tmp_path)
    server.rpush(KEYS.items, entry(body="Nội dung mới của cổng."))
    again.drain(timeout=0.1)
    assert path.read_text(encoding="utf-8") == edited
    assert report.conflicts and report.conflicts[0][1].name.endswith(".md.scraped")


def test_articles_taken_by_a_killed_consumer_are_written_on_restart(server, tmp_path) -> None:
    server.rpush(KEYS.items_taken, entry())  # taken, then the consumer was killed
    again, report = consumer(server, tmp_path)
    assert again.recover() == 1
    assert again.drain(timeout=0.1) == 1 and len(report.new) == 1


def test_an_image_that_is_not_one_keeps_its_original_address(server, tmp_path) -> None:
    first, report = consumer(server, tmp_path)
    server.rpush(KEYS.items, entry(images={"http://127.0.0.1:1/anh.png": b"<html>"}))
    first.drain(timeout=0.1)
    assert report.images_failed and "http://127.0.0.1:1/anh.png" in report.new[0].read_text(
        encoding="utf-8"
    )


def test_an_unreadable_entry_is_skipped_not_fatal(server, tmp_path, caplog) -> None:
    first, report = consumer(server, tmp_path)
    server.rpush(KEYS.items, b"{not json", serial.dumps({"portal": "demo", "article": {"x": 1}}))
    server.rpush(KEYS.items, entry())
    assert first.drain(timeout=0.1) == 3
    assert len(report.new) == 1 and "unreadable" in caplog.text
