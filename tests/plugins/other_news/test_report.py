"""plugins/other_news/report.py: the missing-titles report."""

from __future__ import annotations

import json
import os
from datetime import datetime
from zoneinfo import ZoneInfo

from plugins.other_news.linking import EXTERNAL, INTERNAL, PLAIN, ArchivedArticle, LinkedItem
from plugins.other_news.report import build_missing_report, report_json, write_atomically

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(day: int, month: int, year: int = 2025) -> datetime:
    return datetime(year, month, day, tzinfo=VN)


OLD = ArchivedArticle("Bài cũ", "2025/01/bai-cu/", vn(1, 1), source_path="a.md")
NEW = ArchivedArticle("Bài mới", "2025/03/bai-moi/", vn(1, 3), source_path="b.md")
MID = ArchivedArticle("Bài giữa", "2025/02/bai-giua/", vn(1, 2), source_path="c.md")


def item(title, date=None, kind=PLAIN, url=None):
    return LinkedItem(title, date, kind, url if kind == EXTERNAL else None, url)


def test_report_lists_each_missing_title_once_with_mentions_newest_first():
    report = build_missing_report(
        [
            (OLD, [item("Tin X", vn(5, 1)), item("Có rồi", kind=INTERNAL), item("Tin Y")]),
            (NEW, [item("TIN  X", None, EXTERNAL, "https://p.vn/x")]),
            (MID, [item("Tin x"), item("Tin Z", vn(9, 1))]),
        ]
    )
    assert report["count"] == 3
    assert report["mentions"] == 5
    # newest listing date first, undated last; the title as the newest mention spells it
    assert [e["title"] for e in report["missing"]] == ["Tin Z", "TIN  X", "Tin Y"]
    x = report["missing"][1]
    assert x["date"] == "2025-01-05"  # kept from the copy that had it
    assert x["url"] == "https://p.vn/x"
    assert [m["url"] for m in x["mentioned_by"]] == [NEW.url, MID.url, OLD.url]
    assert x["mentioned_by"][0] == {
        "title": "Bài mới",
        "url": "2025/03/bai-moi/",
        "date": "2025-03-01T00:00:00+07:00",
        "source": "b.md",
    }


def test_report_does_not_depend_on_article_order():
    listings = [
        (OLD, [item("Tin X"), item("Tin Y")]),
        (NEW, [item("Tin Y"), item("Tin X")]),
    ]
    assert report_json(build_missing_report(listings)) == report_json(
        build_missing_report(list(reversed(listings)))
    )


def test_empty_report_is_valid_json():
    report = build_missing_report([])
    assert json.loads(report_json(report)) == {"count": 0, "mentions": 0, "missing": []}


def test_report_json_is_valid_and_one_entry_per_line():
    report = build_missing_report([(OLD, [item("Tin “X”"), item("Tin Y")])])
    text = report_json(report)
    assert json.loads(text) == report
    assert "Tin “X”" in text  # readable Vietnamese, not \\u escapes
    assert len(text.splitlines()) == 4


def test_write_atomically_replaces_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "bien-tap" / "tin-thieu.json"
    write_atomically(str(target), "một\n")
    write_atomically(str(target), "hai\n")
    assert target.read_text(encoding="utf-8") == "hai\n"
    assert os.listdir(target.parent) == ["tin-thieu.json"]
    assert target.stat().st_mode & 0o644 == 0o644
