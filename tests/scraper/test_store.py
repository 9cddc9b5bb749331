"""scraper/store.py: the only writer to content/ — atomic, idempotent, editor-safe."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper import store as store_module
from scraper.models import Article
from scraper.store import Store, comparable, is_pristine, seal, unseal, write_article

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "https://tinhuy.example.vn/tin-tuc/hoi-nghi-1.html"


def article(**changes) -> Article:
    base = Article(
        title="Hội nghị lần thứ 19 Ban Chấp hành Đảng bộ tỉnh",
        date=datetime(2025, 5, 28, 8, 52, tzinfo=TZ),
        body_markdown="Đảng bộ tỉnh đánh giá tình hình quý I.\n\nTrường Phúc",
        source_url=URL,
        summary="Hội nghị thống nhất 08 nhóm nhiệm vụ.",
        category="Tin hoạt động",
        portal="demo",
        captured=datetime(2026, 1, 2, 9, 0, tzinfo=TZ),
    )
    return dataclasses.replace(base, **changes)


def files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_new_article_goes_to_portal_year_slug(tmp_path):
    result = Store(tmp_path).write_article(article())
    assert result.status == "new"
    assert result.path == tmp_path / "demo" / "2025" / (
        "hoi-nghi-lan-thu-19-ban-chap-hanh-dang-bo-tinh.md"
    )
    text = result.path.read_text(encoding="utf-8")
    assert "Title: Hội nghị lần thứ 19 Ban Chấp hành Đảng bộ tỉnh" in text
    assert f"Source: {URL}" in text
    assert is_pristine(text)


def test_rewriting_an_unchanged_article_touches_nothing(tmp_path):
    Store(tmp_path).write_article(article())
    before = files(tmp_path)
    later = article(captured=datetime(2026, 3, 1, 10, 0, tzinfo=TZ))  # a later capture
    result = Store(tmp_path).write_article(later)
    assert result.status == "unchanged"
    assert files(tmp_path) == before  # same bytes, same mtime


def test_changed_article_is_updated_in_place_with_modified(tmp_path):
    first = Store(tmp_path).write_article(article())
    recaptured = datetime(2026, 3, 1, 10, 0, tzinfo=TZ)
    changed = article(body_markdown="Nội dung đã được cập nhật.", captured=recaptured)
    result = Store(tmp_path).write_article(changed)
    assert result.status == "updated"
    assert result.path == first.path
    text = result.path.read_text(encoding="utf-8")
    assert "Nội dung đã được cập nhật." in text
    assert "Modified: 2026-03-01T10:00:00+07:00" in text
    assert is_pristine(text)
    assert len(list(tmp_path.rglob("*.md"))) == 1


def test_portal_modified_date_is_kept_when_given(tmp_path):
    Store(tmp_path).write_article(article())
    portal_modified = datetime(2026, 3, 2, 7, 30, tzinfo=TZ)
    changed = article(
        body_markdown="Bản sửa.",
        modified=portal_modified,
        captured=datetime(2026, 3, 1, 10, 0, tzinfo=TZ),
    )
    result = Store(tmp_path).write_article(changed)
    assert "Modified: 2026-03-02T07:30:00+07:00" in result.path.read_text(encoding="utf-8")


def test_editor_change_is_never_overwritten(tmp_path):
    path = Store(tmp_path).write_article(article()).path
    edited = path.read_text(encoding="utf-8").replace("quý I", "quý I năm 2025")
    path.write_text(edited, encoding="utf-8")
    mtime = path.stat().st_mtime_ns
    result = Store(tmp_path).write_article(article(body_markdown="Bản mới từ cổng."))
    assert result.status == "conflict"
    assert path.read_text(encoding="utf-8") == edited
    assert path.stat().st_mtime_ns == mtime
    assert result.scraped_path == path.with_name(path.name + ".scraped")
    assert "Bản mới từ cổng." in result.scraped_path.read_text(encoding="utf-8")


def test_editor_change_with_nothing_new_from_the_portal_is_kept_quietly(tmp_path):
    path = Store(tmp_path).write_article(article()).path
    edited = path.read_text(encoding="utf-8").replace("quý I", "quý I năm 2025")
    path.write_text(edited, encoding="utf-8")
    recaptured = article(captured=datetime(2026, 3, 1, 10, 0, tzinfo=TZ))  # same page again
    result = Store(tmp_path).write_article(recaptured)
    assert result.status == "unchanged"
    assert path.read_text(encoding="utf-8") == edited
    assert not path.with_name(path.name + ".scraped").exists()


def test_conflict_file_is_not_a_markdown_file_pelican_reads(tmp_path):
    path = Store(tmp_path).write_article(article()).path
    path.write_text(path.read_text(encoding="utf-8") + "\nGhi chú của biên tập viên.\n")
    result = Store(tmp_path).write_article(article(body_markdown="Khác."))
    assert result.scraped_path is not None
    assert result.scraped_path.suffix not in {".md", ".markdown", ".mkd", ".mdown", ".html"}


def test_editor_file_without_hash_is_never_overwritten(tmp_path):
    path = tmp_path / "demo" / "2025" / "hoi-nghi-lan-thu-19-ban-chap-hanh-dang-bo-tinh.md"
    path.parent.mkdir(parents=True)
    own = f"Title: Bài của biên tập viên\nDate: 2025-05-28\nSource: {URL}\n\nNội dung.\n"
    path.write_text(own, encoding="utf-8")
    result = Store(tmp_path).write_article(article())
    assert result.status == "conflict"
    assert path.read_text(encoding="utf-8") == own


def test_same_slug_other_source_gets_its_own_file(tmp_path):
    first = Store(tmp_path).write_article(article()).path
    other = Store(tmp_path).write_article(article(source_url=URL.replace("-1.", "-2.")))
    assert other.status == "new"
    assert other.path != first and other.path.parent == first.parent
    text = other.path.read_text(encoding="utf-8")
    assert f"Slug: {other.path.stem}" in text


def test_same_source_with_new_title_updates_the_same_file(tmp_path):
    first = Store(tmp_path).write_article(article()).path
    retitled = article(title="Hội nghị lần thứ 19 (khóa XI) Ban Chấp hành Đảng bộ tỉnh")
    result = Store(tmp_path).write_article(retitled)
    assert (result.status, result.path) == ("updated", first)
    assert f"Slug: {first.stem}" in first.read_text(encoding="utf-8")  # URL stays stable


@pytest.mark.parametrize("missing", ["title", "date"])
def test_article_without_title_or_date_is_refused(tmp_path, missing):
    with pytest.raises(ValueError, match=f"no {missing}"):
        write_article(article(**{missing: "" if missing == "title" else None}), tmp_path)
    assert list(tmp_path.rglob("*")) == []


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(store_module.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        Store(tmp_path).write_article(article())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_stale_temp_files_from_a_killed_run_are_removed(tmp_path):
    folder = tmp_path / "demo" / "2025"
    folder.mkdir(parents=True)
    stale = folder / ".scraper-abc123.tmp"
    stale.write_bytes(b"half a fi")
    Store(tmp_path)
    assert not stale.exists()


def test_images_are_stored_once_under_the_portal(tmp_path):
    store = Store(tmp_path)
    ref = store.write_image(
        "demo", "https://x.vn/uploads/anh-1.png", b"\x89PNG\r\n\x1a\nabc", "png"
    )
    assert ref.startswith("{static}/images/demo/") and ref.endswith("-anh-1.png")
    path = tmp_path / ref.removeprefix("{static}/")
    mtime = path.stat().st_mtime_ns
    os.utime(path, ns=(mtime - 10**9, mtime - 10**9))
    again = store.write_image("demo", "https://x.vn/uploads/anh-1.png", path.read_bytes(), "png")
    assert again == ref and path.stat().st_mtime_ns == mtime - 10**9


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_seal_then_unseal_round_trips(body):
    text = f"Title: Tiêu đề\nDate: 2025-05-28\n\n{body}"
    sealed = seal(text)
    assert unseal(sealed) == (text, unseal(sealed)[1])
    assert is_pristine(sealed)
    assert comparable(sealed) == comparable(text)


def test_touching_the_body_breaks_the_seal():
    sealed = seal("Title: A\nDate: 2025-05-28\n\nThân bài.")
    assert not is_pristine(sealed.replace("Thân bài.", "Thân bài đã sửa."))
    assert not is_pristine("Title: A\nDate: 2025-05-28\n\nThân bài.")


def test_comparable_ignores_only_capture_lines():
    a = "Title: A\nDate: 2025-05-28\nCaptured: 2026-01-01T00:00:00+07:00\n\nX"
    b = "Title: A\nDate: 2025-05-28\nCaptured: 2026-02-02T00:00:00+07:00\n\nX"
    assert comparable(a) == comparable(b)
    assert comparable(a) != comparable(a.replace("Title: A", "Title: B"))
    assert comparable(a) != comparable(a + "Y")


def test_dates_older_than_capture_are_not_used_as_modified(tmp_path):
    Store(tmp_path).write_article(article())
    stale = datetime(2025, 1, 1, tzinfo=TZ)
    captured = datetime(2026, 3, 1, 10, 0, tzinfo=TZ)
    result = Store(tmp_path).write_article(
        article(body_markdown="Sửa.", modified=stale, captured=captured)
    )
    assert f"Modified: {captured.isoformat()}" in result.path.read_text(encoding="utf-8")
    assert captured - stale > timedelta(0)
