"""Time the plugin's own work on a synthetic corpus, in-process, without Pelican.

    .venv/bin/python -m plugins.other_news.bench 10000

Builds N archived articles whose `Other_news` metadata has 20-30 lines each (10-15 distinct
neighbours printed with dates, then repeated without, some in NFD or with typographic quotes,
one in ten titles not archived), then runs exactly what the build runs: the archive index,
parse + dedupe + link per article, the display selection and the missing-titles report.
"""

from __future__ import annotations

import argparse
import random
import time
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .linking import (
    ArchivedArticle,
    ArchiveIndex,
    forget_parsed_lines,
    prepare_listing,
    select_for_display,
)
from .report import build_missing_report, report_json
from .settings import resolve_settings

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WORDS = (
    "Long An tăng cường công tác kiểm tra giám sát phương châm chủ động kịp thời trọng tâm "
    "điểm xây dựng Đảng hệ thống chính trị giải ngân vốn đầu tư công chuyển đổi số hóa thủy lợi "
    "nông thôn mới an sinh xã hội sắp xếp đơn vị hành chính cấp xã nhiệm kỳ 2025 – 2030"
).split()


def synthetic_corpus(n: int, seed: int = 2025) -> list[tuple[ArchivedArticle, list[str]]]:
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 7, 0, tzinfo=VN)
    titles = [
        f"{' '.join(rng.choice(WORDS) for _ in range(rng.randint(8, 18)))} (số {i + 1})"
        for i in range(n)
    ]
    articles = [
        ArchivedArticle(
            title=titles[i],
            url=f"2020/01/bai-{i + 1:05d}/",
            date=start + timedelta(hours=i * 7),
            source_url=f"https://portal.example.vn/tin/bai-{i + 1:05d}.html",
            source_path=f"bai-{i + 1:05d}.md",
        )
        for i in range(n)
    ]
    corpus = []
    for i, article in enumerate(articles):
        distinct = rng.randint(10, 15)
        lines = []
        picks = []
        for k in range(distinct):
            j = (i + k * 7 + 1) % n
            if rng.random() < 0.1:  # not archived
                picks.append((f"Tin chưa lưu trữ {j} {titles[j][:40]}", None))
            else:
                picks.append((titles[j], articles[j]))
        for title, other in picks:
            date = other.date if other else start
            url = f" <{other.source_url}>" if other and rng.random() < 0.5 else ""
            lines.append(f"{title} ({date:%d/%m/%Y}){url}")
        for title, _ in picks[: rng.randint(20, 30) - distinct]:
            variant = unicodedata.normalize("NFD", title) if rng.random() < 0.3 else title
            lines.append(variant.replace(" chủ ", " “chủ” ", 1))
        corpus.append((article, lines))
    return corpus


def run(corpus: list[tuple[ArchivedArticle, list[str]]]) -> tuple[float, float, dict]:
    """(wall ms, CPU ms of this process, report)."""
    forget_parsed_lines()  # cold: measure the work, not the cache
    settings = resolve_settings({})
    started, cpu_started = time.perf_counter(), time.process_time()
    index = ArchiveIndex(article for article, _ in corpus)
    listings = []
    for article, lines in corpus:
        linked = prepare_listing(
            lines,
            source=article.source_path,
            self_title=article.title,
            self_url=article.source_url,
            self_page=article.url,
            index=index,
            settings=settings,
        )
        select_for_display(linked, settings)
        listings.append((article, linked))
    report = build_missing_report(listings)
    report_json(report)
    wall = (time.perf_counter() - started) * 1000
    return wall, (time.process_time() - cpu_started) * 1000, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    corpus = synthetic_corpus(args.n)
    lines = sum(len(lines) for _, lines in corpus)
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu, report = run(corpus)
        walls.append(wall)
        cpus.append(cpu)
    print(
        f"other_news: {args.n} articles, {lines} listing lines, {report['count']} missing "
        f"titles; best of {args.repeat}: {min(walls):.0f} ms wall, {min(cpus):.0f} ms CPU "
        f"({min(cpus) * 1000 / lines:.1f} µs CPU per line)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
