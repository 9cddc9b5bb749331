"""bench/gold.py: the scoring rules of tests/fixtures/real-pages/GOLD.md."""

from __future__ import annotations

import pytest

from bench.gold import View, date_right, norm, score_page, total_of

GOLD = {
    "file": "a.html",
    "site": "example.vn",
    "title": "Tiêu đề bài viết",
    "date": "2025-05-28T08:52:00+07:00",
    "authors": ["Minh Anh", "Hồng Nhung"],
    "lead": "(Chinhphu.vn) - Sapo của bài.",
    "category": "Tin hoạt động",
    "body_first": "Đoạn đầu tiên của bài viết",
    "body_last": "đoạn cuối cùng của bài.",
    "captions": ["Quang cảnh hội nghị. Ảnh: TTXVN"],
    "related": [{"title": "Tin liên quan một", "date": None}, {"title": "Tin hai", "date": None}],
    "must_not_contain": ["Tin đọc nhiều"],
}
RIGHT = View(
    title="Tiêu đề  bài\u00a0viết",
    date="2025-05-28T01:52:30+00:00",  # the same minute, in UTC
    authors=("hồng nhung", "MINH ANH"),
    lead="(Chinhphu.vn) - Sapo của bài.",
    category="TIN HOẠT ĐỘNG",
    body_text="Đoạn đầu tiên của bài viết là thế này. Và đây là đoạn cuối cùng của bài.",
    paragraphs=("Đoạn đầu tiên của bài viết là thế này.", "Và đây là đoạn cuối cùng của bài."),
    captions=("Quang cảnh hội nghị. Ảnh: TTXVN",),
    related=("Tin liên quan một", "Tin hai"),
)


def test_a_right_extraction_scores_every_field() -> None:
    score = score_page(GOLD, RIGHT)
    assert score.right == score.total
    assert score.leaks == [] and score.related_wrong == 0


def test_each_rule_can_fail() -> None:
    wrong = View(
        title="Tiêu đề bài viết - Cổng thông tin",
        date="2025-05-28T08:53:00+07:00",
        authors=("Theo Minh Anh", "Hồng Nhung"),
        lead="Sapo của bài.",
        category="Tin tức",
        body_text="Đoạn đầu tiên của bài viết. Tin đọc nhiều",
        paragraphs=("Quang cảnh hội nghị. Ảnh: TTXVN",),
        captions=("Quang cảnh hội nghị. Ảnh: TTXVN",),
        related=("Tin liên quan một", "Menu"),
    )
    score = score_page(GOLD, wrong)
    assert {k: score.right[k] for k in score.right} == {
        "title": 0,
        "date": 0,
        "authors": 0,
        "lead": 0,
        "category": 0,
        "body_first": 1,
        "body_last": 0,
        "captions": 0,  # found, but as a plain paragraph too
        "related": 1,
    }
    assert score.leaks == ["Tin đọc nhiều"]
    assert score.wrong_related == ["Menu"]


@pytest.mark.parametrize(
    ("gold", "got", "right"),
    [
        ("2025-05-28", "2025-05-28T23:59:00+07:00", True),  # the day alone
        ("2025-05-28", "2025-05-28T17:30:00+00:00", False),  # 00:30 on the 29th in Vietnam
        ("2025-05-28T08:52:00+07:00", "2025-05-28T08:52:59+07:00", True),
        ("2025-05-28T08:52:00+07:00", None, False),
    ],
)
def test_dates_compare_to_the_minute_or_the_day(gold: str, got: str | None, right: bool) -> None:
    assert date_right(gold, got) is right


def test_totals_and_mean() -> None:
    totals = total_of([score_page(GOLD, RIGHT), score_page(GOLD, View())])
    assert totals.share("title") == 0.5
    assert totals.related_extracted == 2 and totals.related_wrong == 0
    assert 0 < totals.mean() < 1


def test_norm() -> None:
    assert norm(" a\u00a0 b\n c ") == "a b c"
    assert norm("Hoa\u0300") == "Hoà"


def test_the_bench_report_shows_both_extractors_side_by_side() -> None:
    from bench.report import extraction_eval_lines

    lines = extraction_eval_lines(
        {
            "pages": 16,
            "scores": {
                "ours (generic)": {
                    "mean": 0.986,
                    "leaks": 0,
                    "related_wrong": 0,
                    "related_extracted": 79,
                },
                "trafilatura": {
                    "mean": 0.451,
                    "leaks": 1,
                    "related_wrong": 0,
                    "related_extracted": 0,
                },
            },
            "pages_per_second": {"ours (generic)": 67.1, "trafilatura": 26.0},
            "speed_ratio_vs_trafilatura": 2.58,
        }
    )
    assert "| ours (generic) | 98.6 % | 0 | 0/79 | 67.1 |" in lines
    assert "| trafilatura | 45.1 % | 1 | 0/0 | 26.0 |" in lines
    assert "Speed: 2.58× trafilatura." in lines
    assert extraction_eval_lines({"error": "not measured: X"})[2] == "not measured: X"
