"""Deterministic benchmark corpus: N Vietnamese bulletins in our Markdown format.

Each article has 600-1,000 words of realistic provincial-bulletin prose (full diacritics),
a category, tags, a date within ten years, a byline, a lead (Summary) and 20-30 "Các tin khác"
lines with repeats, as real portals print them. Same N and seed, same bytes.

    python -m bench.corpus 1000 bench/work/corpus-1000
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from slugify import slugify

CATEGORIES = [
    "Tin hoạt động",
    "Xây dựng Đảng",
    "Kinh tế - Xã hội",
    "Quốc phòng - An ninh",
    "Văn hóa - Xã hội",
    "Thông báo",
]
TAGS = [
    "đầu tư công",
    "chuyển đổi số",
    "an sinh xã hội",
    "sắp xếp bộ máy",
    "giao thông",
    "nông nghiệp",
    "phòng chống tham nhũng",
    "đại hội đảng",
    "giáo dục",
    "y tế",
]
AUTHORS = ["Trường Phúc", "Minh Thư", "Ngọc Hân", "Quốc Bảo", "Thanh Tùng", "Hoài Nam", "Bích Ngọc"]
PLACES = [
    "Long An",
    "Đức Hòa",
    "Cần Giuộc",
    "Tân An",
    "Bến Lức",
    "Thủ Thừa",
    "Đồng Tháp Mười",
    "Phước Sơn",
    "Ngọc Linh",
    "Tây Ninh",
]
SUBJECTS = [
    "Tỉnh ủy",
    "Ban Thường vụ Tỉnh ủy",
    "Ủy ban nhân dân tỉnh",
    "Hội đồng nhân dân tỉnh",
    "Đảng ủy xã",
    "Ủy ban Mặt trận Tổ quốc tỉnh",
    "Sở Kế hoạch và Đầu tư",
    "Sở Giao thông vận tải",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
]
ACTIONS = [
    "tăng cường",
    "đẩy mạnh",
    "triển khai",
    "quán triệt",
    "tổng kết",
    "kiện toàn",
    "nâng cao hiệu quả",
    "tháo gỡ khó khăn cho",
    "rà soát",
    "hoàn thành",
]
TOPICS = [
    "giải ngân vốn đầu tư công",
    "công tác xây dựng Đảng và hệ thống chính trị",
    "chuyển đổi số trong cơ quan nhà nước",
    "chính sách an sinh xã hội",
    "sắp xếp đơn vị hành chính cấp xã",
    "công tác phòng, chống tham nhũng, lãng phí, tiêu cực",
    "đầu tư kết cấu hạ tầng giao thông",
    "phát triển nông nghiệp ứng dụng công nghệ cao",
    "bảo đảm an ninh trật tự",
    "tổ chức đại hội đảng bộ các cấp nhiệm kỳ 2025 - 2030",
    "xóa nhà tạm, nhà dột nát",
    "phát triển dược liệu sâm Ngọc Linh",
    "thu hút đầu tư vào khu công nghiệp",
    "cải cách thủ tục hành chính",
]
SENTENCES = [
    "{subject} yêu cầu các sở, ngành, địa phương {action} {topic}, bảo đảm tiến độ và chất lượng.",
    "Trong {period}, {subject} đã chỉ đạo {action} {topic} và đạt được nhiều kết quả tích cực.",
    "Tốc độ tăng trưởng kinh tế (GRDP) của tỉnh đạt {pct}%, cao hơn cùng kỳ năm trước.",
    "Tổng vốn đầu tư công năm nay được giao hơn {num} tỷ đồng, đến nay đã giải ngân {pct}% kế hoạch.",
    "Tại {place}, người dân đồng tình, ủng hộ chủ trương {topic}.",
    "Đồng chí Bí thư Tỉnh ủy nhấn mạnh: cần phát huy tinh thần đoàn kết, đổi mới tư duy, quyết liệt trong chỉ đạo, điều hành.",
    "Các cấp ủy đảng tiếp tục quán triệt Nghị quyết số {num}-NQ/TU, gắn với trách nhiệm của người đứng đầu.",
    "Công tác tuyên truyền được đẩy mạnh, tạo sự đồng thuận cao trong cán bộ, đảng viên và Nhân dân.",
    "Tổ công tác đặc biệt đã làm việc với {num} dự án, kịp thời tháo gỡ khó khăn, vướng mắc về mặt bằng.",
    "Nhiều công trình giao thông trọng điểm như đường Vành đai 3, Quốc lộ 62 được đẩy nhanh tiến độ.",
    "Thu ngân sách nhà nước đạt {num} tỷ đồng, tăng {pct}% so với cùng kỳ.",
    "Toàn tỉnh đã hỗ trợ xây dựng {num} căn nhà tình nghĩa, nhà đại đoàn kết cho hộ nghèo.",
    "Lực lượng công an đã triệt phá nhiều đường dây tội phạm, giữ vững an ninh chính trị, trật tự an toàn xã hội.",
    "Việc ứng dụng công nghệ thông tin, chuyển đổi số trong giải quyết thủ tục hành chính được đẩy mạnh.",
    "Ngành nông nghiệp chú trọng phát triển vùng nguyên liệu, liên kết sản xuất theo chuỗi giá trị.",
    "Đề án sắp xếp đơn vị hành chính cấp xã được lấy ý kiến rộng rãi của cử tri trên địa bàn.",
    "Hội nghị đã thảo luận, đánh giá kết quả thực hiện nhiệm vụ và đề ra {num} nhóm giải pháp trọng tâm.",
    "Ủy ban nhân dân tỉnh giao Sở Tài chính phối hợp với các đơn vị liên quan tham mưu phân bổ vốn kịp thời.",
    "Đảng bộ {place} đã kết nạp {num} đảng viên mới, vượt chỉ tiêu đề ra.",
    "Các trường học trên địa bàn hoàn thành chương trình năm học, tỷ lệ học sinh tốt nghiệp đạt {pct}%.",
    "Trạm y tế xã được đầu tư trang thiết bị, nâng cao chất lượng khám, chữa bệnh cho người dân.",
    "Kim ngạch xuất nhập khẩu đạt {num} triệu USD, tăng bình quân {pct}% so với cùng kỳ.",
    "Cây sâm Ngọc Linh được xác định là sản phẩm chủ lực, góp phần nâng cao thu nhập cho đồng bào.",
    "Huyện {place} đã hoàn thành giải phóng mặt bằng, bàn giao cho chủ đầu tư đúng thời gian quy định.",
    "Ban Thường vụ Tỉnh ủy thống nhất chủ trương đầu tư, giao các cơ quan chuyên môn khẩn trương triển khai.",
    "Công tác kiểm tra, giám sát được thực hiện theo phương châm “chủ động, kịp thời, trọng tâm, trọng điểm”.",
    "Qua đó, góp phần giữ vững ổn định chính trị, thúc đẩy phát triển kinh tế - xã hội của địa phương.",
    "Đại biểu đề nghị quan tâm đầu tư đường giao thông nông thôn, nâng cấp hệ thống thủy lợi nội đồng.",
]
PERIODS = ["quý I", "quý II", "quý III", "quý IV", "6 tháng đầu năm", "năm qua", "tháng qua"]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        subject=rng.choice(SUBJECTS),
        action=rng.choice(ACTIONS),
        topic=rng.choice(TOPICS),
        place=rng.choice(PLACES),
        period=rng.choice(PERIODS),
        pct=f"{rng.randint(3, 98)},{rng.randint(0, 9)}",
        num=rng.randint(2, 980),
    )


def _title(rng: random.Random, index: int) -> str:
    base = f"{rng.choice(PLACES)}: {rng.choice(ACTIONS).capitalize()} {rng.choice(TOPICS)}"
    return f"{base} (số {index + 1})"


def make_titles(n: int, seed: int) -> list[tuple[str, datetime]]:
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 7, 0)
    span = (datetime(2025, 6, 30) - start).total_seconds()
    titles = []
    for i in range(n):
        date = start + timedelta(seconds=int(rng.random() * span))
        titles.append((_title(rng, i), date.replace(second=0)))
    return titles


def portal_of(index: int, portals: int) -> str:
    """The `Portal:` of article `index` when the corpus is spread over `portals` portals."""
    return "bench" if portals <= 1 else f"bench{index % portals + 1:02d}"


def render_article(
    rng: random.Random, index: int, titles: list[tuple[str, datetime]], *, portals: int = 1
) -> str:
    title, date = titles[index]
    words_target = rng.randint(600, 1000)
    paragraphs: list[str] = []
    words = 0
    while words < words_target:
        paragraph = " ".join(_fill(rng, rng.choice(SENTENCES)) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    lead = _fill(rng, rng.choice(SENTENCES))
    category = rng.choice(CATEGORIES)
    tags = rng.sample(TAGS, rng.randint(1, 3))
    author = rng.choice(AUTHORS)
    # 20-30 other-news lines: a block of distinct neighbours printed, then partly repeated
    # without dates, as portals do.
    distinct = rng.randint(10, 15)
    picks = [titles[(index + k * 7 + 1) % len(titles)] for k in range(distinct)]
    lines = []
    for other_title, other_date in picks:
        lines.append(f"{other_title} ({other_date:%d/%m/%Y})")
    repeats = rng.randint(20, 30) - distinct
    for other_title, _ in picks[:repeats]:
        lines.append(other_title)
    slug = slugify(title)
    header = [
        f"Title: {title}",
        f"Date: {date:%Y-%m-%dT%H:%M}:00+07:00",
        f"Category: {category}",
        f"Tags: {', '.join(tags)}",
        f"Authors: {author}",
        f"Slug: {slug}",
        f"Summary: {lead}",
        "Lang: vi",
        f"Source: https://portal.example.vn/tin-tuc/{slug}.html",
        f"Portal: {portal_of(index, portals)}",
        "Other_news: " + lines[0],
        *("    " + line for line in lines[1:]),
    ]
    body = "\n\n".join(paragraphs)
    return "\n".join(header) + "\n\n" + body + f"\n\n{author}\n"


def generate_corpus(n: int, out_dir: Path, *, seed: int = 2025, portals: int = 1) -> list[Path]:
    """Write N articles into out_dir (replacing its .md files). Returns the paths written.
    With `portals` > 1 the articles go round-robin to portals bench01, bench02, ... (their
    "Các tin khác" lines then name articles of other portals too, as shard builds must handle)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.rglob("*.md"):
        old.unlink()
    titles = make_titles(n, seed)
    paths = []
    for index in range(n):
        rng = random.Random(seed * 100_003 + index)
        year = titles[index][1].year
        path = out_dir / str(year) / f"bai-{index + 1:05d}.md"
        path.parent.mkdir(exist_ok=True)
        text = render_article(rng, index, titles, portals=portals)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the benchmark corpus.")
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--portals", type=int, default=1, help="spread over this many portals")
    args = parser.parse_args(argv)
    paths = generate_corpus(args.n, args.out_dir, seed=args.seed, portals=args.portals)
    print(f"wrote {len(paths)} articles into {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
