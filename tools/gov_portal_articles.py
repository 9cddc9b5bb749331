"""The articles of the government-CMS test portal (tools/make_gov_portal.py), as data.

`build_articles()` assembles the published articles from the words in tools/gov_portal_text.py
with a fixed seed (same result on every run); `build_internal()` the pages under /noi-bo/ that
robots.txt forbids. Pages, feeds and expected.json are all made from these objects.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tools import gov_portal_text as text

SEED = 20250630
SAVED = datetime(2025, 6, 30, 9, 15)  # the day every page was "saved" ("Hôm nay: ...")
FIRST_DATE = datetime(2023, 7, 3, 8, 0)
LAST_DATE = datetime(2025, 6, 27, 8, 0)
ARTICLE_PATH = "/Pages/tin-tuc/chi-tiet.aspx"
INTERNAL_PATH = "/noi-bo/chi-tiet.aspx"
PAGE_SIZE = 10  # items on a category page and in each "Xem thêm" answer
OLDER_ITEMS = 5  # "Các tin đã đưa"
SAME_CATEGORY_ITEMS = 4  # "Tin cùng chuyên mục"
MOST_READ_ITEMS = 5  # "Tin xem nhiều"
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
Bank = dict[str, list[str]]  # one topic of gov_portal_text.TOPICS
# byline forms in turn (notices have none): see Byline
BYLINE_STYLES = ["name", "name+unit", "name-unit", "two", "theo", "name", "none", "name+unit"]


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    url: str
    section: tuple[str, str] | None  # (name, url) of the breadcrumb's middle link
    count: int = 0
    topics: tuple[str, ...] = ()
    kind: str = "news"  # "news", "plan" or "notice": how the body is built


def categories() -> list[Category]:
    kinds = {"ke-hoach-chi-dao": "plan", "thong-bao": "notice"}
    return [
        Category(
            slug,
            name,
            f"/Pages/tin-tuc/{slug}.aspx",
            (text.SECTIONS[section], section_url(section)),
            count,
            tuple(topics),
            kinds.get(slug, "news"),
        )
        for slug, name, section, count, topics in text.CATEGORIES
    ]


INTERNAL_CATEGORY = Category("noi-bo", "Văn bản nội bộ", "/noi-bo/Default.aspx", None)


def section_url(slug: str) -> str:
    return f"/Pages/{slug}.aspx"


@dataclass
class Figure:
    src: str
    caption: str | None
    style: str  # "table": <table class="image"> with a caption cell; "center": <p> + <p><em>
    width: int = 160
    height: int = 96


@dataclass
class Block:
    kind: str  # "p", "sub" (bold subheading), "lines" (<br>-separated <div>), "figure", "blank"
    text: str = ""
    lines: list[str] = field(default_factory=list)
    figure: Figure | None = None

    def words(self) -> list[str]:
        if self.kind in ("p", "sub"):
            return self.text.split()
        if self.kind == "lines":
            return " ".join(self.lines).split()
        return []


@dataclass
class Byline:
    """Right-aligned paragraphs at the end of the content, and what they mean.

    Forms: "name" (<strong>Name</strong>), "name+unit" (then a line with the unit), "name-unit"
    ("Name - Unit" on one line), "two" ("Name1 - Name2"), "theo" ("Theo Báo An Hòa", a source
    credit: no author), "none"; the internal pages are signed by a unit ("unit")."""

    style: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (strong|em|plain, text)
    authors: list[str] = field(default_factory=list)
    credit: str | None = None


@dataclass
class GovArticle:
    item_id: int
    title: str
    category: Category
    topic: str
    date: datetime
    lead: str = ""
    lead_style: str = "p-strong"  # or "div-bold"
    blocks: list[Block] = field(default_factory=list)
    byline: Byline = field(default_factory=lambda: Byline("none"))
    description: str = ""  # the meta description: the lead, the title or the site's text
    views: int = 0
    modified: datetime | None = None  # only in the sitemap's <lastmod>
    tight_styles: bool = False  # style="text-align: justify" without the editor's ";"
    older: list[GovArticle] = field(default_factory=list, repr=False)
    same_category: list[GovArticle] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        path = INTERNAL_PATH if self.category is INTERNAL_CATEGORY else ARTICLE_PATH
        return f"{path}?ItemID={self.item_id}"

    @property
    def lastmod(self) -> datetime:
        return self.modified or self.date

    def body_words(self) -> list[str]:
        return [word for block in self.blocks for word in block.words()]

    def figures(self) -> list[Figure]:
        return [b.figure for b in self.blocks if b.figure is not None]

    def related(self) -> list[GovArticle]:
        """The related items in page order ("Các tin đã đưa", then "Tin cùng chuyên mục"), each
        once."""
        seen: dict[int, GovArticle] = {}
        for other in [*self.older, *self.same_category]:
            seen.setdefault(other.item_id, other)
        return list(seen.values())


def vn_day(value: datetime) -> str:
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"


def cap(value: str) -> str:
    return value[:1].upper() + value[1:]


def fill(
    template: str, rng: random.Random, when: datetime, place: str, leader: str, about: str = ""
) -> str:
    values = {
        "about": about,
        "d": f"{when:%d/%m}",
        "month": when.month,
        "year": when.year,
        "place": place,
        "Place": cap(place),
        "leader": leader,
        "Leader": cap(leader),
        "pct": f"{rng.randrange(35, 98)},{rng.randrange(1, 9)}",
        "pct2": f"{rng.randrange(90, 99)},{rng.randrange(1, 9)}",
        "n": rng.randrange(40, 320),
        "k": rng.randrange(1, 9),
        "no": rng.randrange(105, 2890),
        "money": rng.randrange(60, 950),
        "ha": rng.randrange(150, 1800),
        "small": rng.randrange(3, 15),
        "small2": rng.randrange(12, 40),
        "holiday": holiday(when),
    }
    return template.format(**values)


def holiday(when: datetime) -> str:
    """The next public holiday a notice posted on `when` is about, with its year."""
    name = next(name for last, name in text.HOLIDAYS if when.month <= last)
    year = when.year + 1 if name == text.HOLIDAYS[-1][1] else when.year
    return f"{name} năm {year}"


def _dates(rng: random.Random, total: int) -> list[datetime]:
    step = (LAST_DATE - FIRST_DATE) / (total - 1)
    dates = []
    for i in range(total):
        day = FIRST_DATE + step * i
        day -= timedelta(days=max(0, day.weekday() - 4))  # Saturday, Sunday -> Friday
        hour, minute = rng.randrange(7, 17), rng.randrange(60)
        dates.append(day.replace(hour=hour, minute=minute, second=0, microsecond=0))
    return dates


def _title(
    bank: Bank, rng: random.Random, when: datetime, turn: int, used: set[str]
) -> tuple[str, str]:
    """A headline not in `used` (added to it), and the commune it names."""
    for attempt in range(30):
        place = text.COMMUNES[(len(used) * 3 + attempt) % len(text.COMMUNES)]
        template = bank["titles"][(turn + attempt) % len(bank["titles"])]
        title = fill(template, rng, when, place, "")
        if title not in used:
            used.add(title)
            return title, place
    raise ValueError(f"no unused headline for {bank['titles'][0]!r}")


def _body(
    kind: str, bank: Bank, rng: random.Random, when: datetime, place: str, leader: str, index: int
) -> list[Block]:
    def f(template: str) -> str:
        return fill(template, rng, when, place, leader)

    if kind == "notice":
        lines = [f(line) for line in bank["lines"][: 2 + index % 3]]
        return [
            Block("lines", lines=lines),
            Block("p", f(bank["body"][index % len(bank["body"])])),
            Block("p", f(bank["closing"][index % len(bank["closing"])])),
        ]
    if kind == "plan":
        subs = bank["subheads"]
        blocks = [
            Block("p", f(bank["body"][0])),
            Block("sub", subs[0]),
            Block("p", f(bank["body"][1])),
        ]
        blocks += [Block("sub", subs[1]), Block("lines", lines=[f(x) for x in bank["lines"]])]
        if len(subs) > 2:
            blocks.append(Block("sub", subs[2]))
        return blocks + [Block("p", f(bank["body"][2])), Block("p", f(bank["body"][3]))]
    sentences = list(bank["body"])
    rng.shuffle(sentences)
    blocks = []
    while sentences:  # each sentence once, one or two to a paragraph
        size = rng.randrange(1, 3)
        picked, sentences = sentences[:size], sentences[size:]
        blocks.append(Block("p", " ".join(f(s) for s in picked)))
    if index % 2 == 0:
        blocks.insert(2, Block("sub", bank["subheads"][index // 2 % 2]))
    return blocks


def _figures(
    article: GovArticle, bank: Bank, rng: random.Random, place: str, leader: str, index: int
) -> None:
    """Images in most news, a third of the plans, no notice; two in every fifth news item."""
    kind = article.category.kind
    if kind == "notice" or (kind == "plan" and index % 3) or (kind == "news" and index % 4 == 3):
        return
    count = 2 if kind == "news" and index % 5 == 0 else 1
    for n in range(count):
        said = fill(bank["captions"][n % len(bank["captions"])], rng, article.date, place, leader)
        photographer = text.PHOTOGRAPHERS[(index + n) % len(text.PHOTOGRAPHERS)]
        forms = [f"{said} (Ảnh: {photographer})", f"{said}. Ảnh: {photographer}", said]
        caption = None if index % 9 == 4 and n == 0 else forms[(index + n) % 3]
        style = "table" if (article.item_id + n) % 2 == 0 else "center"
        src = f"/Uploads/Images/{article.date:%Y/%m}/IMG_{article.item_id}_{n + 1}.png"
        position = 1 if n == 0 else min(4, len(article.blocks))
        article.blocks.insert(position, Block("figure", figure=Figure(src, caption, style)))


def _byline(kind: str, index: int) -> Byline:
    style = "none" if kind == "notice" else BYLINE_STYLES[index % len(BYLINE_STYLES)]
    name, unit = text.AUTHORS[(index * 5) % len(text.AUTHORS)]
    second = text.AUTHORS[(index * 5 + 3) % len(text.AUTHORS)][0]
    if style == "name":
        return Byline(style, [("strong", name)], [name])
    if style == "name+unit":
        return Byline(style, [("strong", name), ("plain", unit)], [name])
    if style == "name-unit":
        return Byline(style, [("strong", f"{name} - {unit}")], [name])
    if style == "two":
        return Byline(style, [("strong", f"{name} - {second}")], [name, second])
    if style == "theo":
        source = text.SOURCES[index % len(text.SOURCES)]
        return Byline(style, [("em", f"Theo {source}")], [], source)
    return Byline("none")


def build_articles() -> list[GovArticle]:
    """The published articles, oldest first, with their related lists."""
    rng = random.Random(SEED)
    used: set[str] = set()
    cats = categories()
    slots = [c for c in cats for _ in range(c.count)]
    rng.shuffle(slots)
    dates = _dates(rng, len(slots))
    turns: dict[str, int] = {}
    articles = []
    item_id = 1180
    for index, (when, cat) in enumerate(zip(dates, slots, strict=True)):
        item_id += 5 + rng.randrange(0, 6)
        turn = turns.get(cat.slug, 0)
        turns[cat.slug] = turn + 1
        topic = cat.topics[turn % len(cat.topics)]
        bank = text.TOPICS[topic]
        leader = text.LEADERS[(index * 3) % len(text.LEADERS)]
        title, place = _title(bank, rng, when, turn // len(cat.topics), used)
        article = GovArticle(item_id, title, cat, topic, when)
        about = title.removeprefix("Thông báo ")
        article.lead = fill(rng.choice(bank["leads"]), rng, when, place, leader, about)
        article.lead_style = "div-bold" if index % 3 == 1 else "p-strong"
        article.blocks = _body(cat.kind, bank, rng, when, place, leader, index)
        _figures(article, bank, rng, place, leader, index)
        if index % 4 == 1:
            article.blocks.append(Block("blank"))
        article.byline = _byline(cat.kind, index)
        article.description = [text.SITE_DESCRIPTION, title, article.lead, article.lead][index % 4]
        article.views = rng.randrange(120, 4800)
        if index % 6 == 2:
            article.modified = when + timedelta(days=rng.randrange(1, 6), hours=3)
        article.tight_styles = item_id % 2 == 0
        articles.append(article)
    _relate(articles)
    return articles


def _relate(articles: list[GovArticle]) -> None:
    for index, article in enumerate(articles):
        same = [a for a in articles if a.category == article.category and a is not article]
        newest = sorted(same, key=lambda a: a.date, reverse=True)
        if article.category.kind != "notice":
            article.older = [a for a in newest if a.date < article.date][:OLDER_ITEMS]
        if article.category.kind == "notice" or index % 3 == 0:
            article.same_category = newest[:SAME_CATEGORY_ITEMS]


def most_read(articles: list[GovArticle]) -> list[GovArticle]:
    """ "Tin xem nhiều": the news (not notices) with the most views."""
    news = [a for a in articles if a.category.kind == "news"]
    return sorted(news, key=lambda a: (-a.views, a.item_id))[:MOST_READ_ITEMS]


def newest_first(articles: list[GovArticle]) -> list[GovArticle]:
    return sorted(articles, key=lambda a: (a.date, a.item_id), reverse=True)


def build_internal() -> list[GovArticle]:
    """The article-like pages under /noi-bo/ (never in a sitemap, disallowed in robots.txt)."""
    pages = []
    for n, (title, lead, paragraphs) in enumerate(text.INTERNAL):
        when = SAVED - timedelta(days=3 + 9 * n, hours=2)
        page = GovArticle(9001 + n, title, INTERNAL_CATEGORY, "noi-bo", when, lead=lead)
        page.blocks = [Block("p", p) for p in paragraphs]
        page.byline = Byline("unit", [("strong", "Văn phòng HĐND và UBND huyện")])
        page.description = text.SITE_DESCRIPTION
        pages.append(page)
    return pages
