"""The plugin in a Pelican build: what is indexed, the search page, settings, clear failures."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from archive_core.text import fold_key
from plugins.search_index import reader
from plugins.search_index.ids import assign_ids, unit_exponent
from plugins.search_index.layout import chunk_of, chunk_path
from plugins.search_index.shards import delta_decode
from plugins.search_index.tokens import query_plan
from tests.support.site import build_site

# slug -> (title, date, category, tags, summary, body)
ARTICLES = {
    "dang-bo-xa-phuoc-son": (
        "Đảng bộ xã Phước Sơn kết nạp đảng viên mới",
        "2023-04-10T08:00:00+07:00",
        "Xây dựng Đảng",
        "Đảng viên",
        "Đảng bộ xã Phước Sơn kết nạp 12 đảng viên.",
        "Ngày 10/4, Đảng bộ xã Phước Sơn tổ chức lễ kết nạp. Đồng chí Bí thư Đảng ủy xã trao "
        "quyết định.",
    ),
    "giai-ngan-von-dau-tu-cong": (
        "Giải ngân vốn đầu tư công 6 tháng đạt 45%",
        "2024-07-05T09:30:00+07:00",
        "Kinh tế",
        "Đầu tư công",
        "Tỉnh giải ngân hơn 2.100 tỷ đồng.",
        "Sở Tài chính cho biết tỉnh đã giải ngân vốn đầu tư công. Các chủ đầu tư được yêu cầu "
        "đẩy nhanh tiến độ.",
    ),
    "nang-cap-duong-tinh-830": (
        "Nâng cấp đường tỉnh 830",
        "2022-09-14T07:15:00+07:00",
        "Giao thông",
        "Hạ tầng, Đầu tư công",
        "",
        "Tuyến đường tỉnh 830 dài 18 km được mở rộng. Dự án dùng vốn đầu tư công.",
    ),
    "nguoi-dan-dang-cho-boi-thuong": (
        "Người dân đang chờ bồi thường",
        "2025-02-11T14:00:00+07:00",
        "Giao thông",
        "Mặt bằng",
        "Nhiều hộ dân đang chờ.",
        "Chính quyền đang rà soát hồ sơ, đang đối thoại. <script>alert(1)</script>",
    ),
}
DRAFT = "Title: Bản nháp đầu tư\nDate: 2025-03-01\nStatus: draft\nCategory: Kinh tế\n\nNháp.\n"


def write_content(root: Path) -> Path:
    content = root / "content"
    content.mkdir(parents=True)
    for slug, (title, date, category, tags, summary, body) in ARTICLES.items():
        lines = [f"Title: {title}", f"Date: {date}", f"Category: {category}", f"Tags: {tags}"]
        lines += [f"Slug: {slug}", "Lang: vi"] + ([f"Summary: {summary}"] if summary else [])
        (content / f"{slug}.md").write_text("\n".join(lines) + f"\n\n{body}\n", encoding="utf-8")
    (content / "ban-nhap.md").write_text(DRAFT, encoding="utf-8")
    return content


def plugins() -> list[str]:
    import pelicanconf

    names = [p for p in pelicanconf.PLUGINS if p not in ("pagefind_search", "search_index")]
    return [*names, "search_index"]


def build(root: Path, output: Path, *, check: bool = True, **search_index):
    extra = {"PLUGINS": plugins(), "CACHE_PATH": str(root / "cache")}
    if search_index:
        extra["SEARCH_INDEX"] = search_index
    return build_site(root / "content", output, extra=extra, check=check)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search-index-site")
    write_content(root)
    build(root, root / "output")
    return root


def read_json(path: Path):
    return json.loads(path.read_bytes())


def postings(index: Path, token: str) -> dict[int, int]:
    return reader.postings(index, token)


def ids_by_slug(index: Path) -> dict[str, int]:
    docs = reader.documents(index)
    return {doc["url"].rstrip("/").rsplit("/", 1)[-1]: doc_id for doc_id, doc in docs.items()}


def test_files_of_the_index(site):
    index = site / "output" / "search"
    manifest = read_json(index / "manifest.json")
    assert manifest["docs"] == len(ARTICLES) and manifest["version"] == 2
    assert manifest["filters"] == ["portal", "level", "province", "topic", "category", "year"]
    assert len(manifest["build"]) == 16
    # no Portal metadata: one part, of portal "", with no copy of its own of the postings
    assert [(p["portal"], p["docs"], p["shards"]) for p in manifest["parts"]] == [
        ("", len(ARTICLES), 0)
    ]
    count = manifest["shards"]
    width = len(f"{count - 1:x}")
    assert sorted(p.name for p in (index / "shards").iterdir()) == sorted(
        f"{i:0{width}x}.json.gz" for i in range(count)
    )
    assert manifest["chunk_bits"] == 3  # 8 id slots: about 4 documents per chunk
    assert sorted(p.relative_to(index).as_posix() for p in (index / "docs").iterdir()) == sorted(
        {chunk_path(chunk_of(i)) for i in expected_ids().values()}
    )
    for path in index.rglob("*.gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b", path  # stored gzip-compressed
    page = (site / "output" / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert 'role="search"' in page or "search" in page


def expected_ids() -> dict[str, int]:
    """slug -> id as plugins/search_index/ids.py numbers the articles' dates."""
    by_date = sorted(ARTICLES, key=lambda slug: datetime.fromisoformat(ARTICLES[slug][1]))
    stamps = [datetime.fromisoformat(ARTICLES[slug][1]).timestamp() for slug in by_date]
    return dict(zip(by_date, assign_ids(stamps, unit_exponent(stamps)), strict=True))


def test_documents_are_numbered_by_date_and_hold_what_results_show(site):
    index = site / "output" / "search"
    ids = ids_by_slug(index)
    assert ids == expected_ids()
    by_date = sorted(ARTICLES, key=lambda slug: ARTICLES[slug][1])
    numbers = [ids[slug] for slug in by_date]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)  # newest = highest
    doc = reader.document(index, ids["giai-ngan-von-dau-tu-cong"])
    assert doc == {
        "category": "Kinh tế",
        "portal": "",
        "date": "Thứ Sáu, 05/07/2024",
        "image": "",
        "text": "Tỉnh giải ngân hơn 2.100 tỷ đồng. Sở Tài chính cho biết tỉnh đã giải ngân vốn "
        "đầu tư công. Các chủ đầu tư được yêu cầu đẩy nhanh tiến độ.",
        "title": "Giải ngân vốn đầu tư công 6 tháng đạt 45%",
        "url": "2024/07/giai-ngan-von-dau-tu-cong/",
    }


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("dau tu", {"giai-ngan-von-dau-tu-cong", "nang-cap-duong-tinh-830"}),
        ("đầu tư công", {"giai-ngan-von-dau-tu-cong", "nang-cap-duong-tinh-830"}),
        ("dang bo", {"dang-bo-xa-phuoc-son"}),
        ("giải ngân", {"giai-ngan-von-dau-tu-cong"}),
        ("đường tỉnh 830", {"nang-cap-duong-tinh-830"}),
        ("đường 830", set()),
        ("đang", {"nguoi-dan-dang-cho-boi-thuong", "dang-bo-xa-phuoc-son"}),
        ("nháp", set()),
        ("alert", set()),
    ],
)
def test_primary_tokens_find_the_right_articles(site, query, slugs):
    index = site / "output" / "search"
    ids = ids_by_slug(index)
    found = None
    for token in query_plan(query).primary:
        docs = set(postings(index, token))
        found = docs if found is None else found & docs
    assert found == {ids[slug] for slug in slugs}


def test_weights_mark_title_and_summary(site):
    index = site / "output" / "search"
    ids = ids_by_slug(index)
    giai_ngan = postings(index, "giai ngan")[ids["giai-ngan-von-dau-tu-cong"]]
    assert giai_ngan == 16 | 32 | 2  # title, lead, twice in lead + body
    assert postings(index, "830")[ids["nang-cap-duong-tinh-830"]] == 16 | 1
    assert postings(index, "dang")[ids["nguoi-dan-dang-cho-boi-thuong"]] == 16 | 32 | 3


def test_filters(site):
    filters = reader.stored_json(site / "output" / "search" / "filters" / "0.json.gz")
    ids = ids_by_slug(site / "output" / "search")
    assert filters["year"]["values"] == ["2022", "2023", "2024", "2025"]
    category = dict(zip(filters["category"]["values"], filters["category"]["docs"], strict=True))
    assert category["Giao thông"][0] == ids["nang-cap-duong-tinh-830"]
    # portal, level, province: from the part; "_ids": the part's documents
    assert set(filters) == {"_ids", "topic", "category", "year"}
    assert sorted(delta_decode(filters["_ids"])) == sorted(ids.values())
    topics = filters["topic"]["values"]
    # topics assigned by the archive_indexes plugin win over tags; sorted by folded value
    assert topics == sorted(topics, key=lambda v: (fold_key(v), v)) and len(topics) >= 2
    topic = dict(zip(topics, filters["topic"]["docs"], strict=True))
    public_works = {ids["nang-cap-duong-tinh-830"], ids["giai-ngan-von-dau-tu-cong"]}
    assert set(delta_decode(topic["Đầu tư công và dự án trọng điểm"])) == public_works
    assert "Bản nháp" not in json.dumps(filters, ensure_ascii=False)


def test_rebuild_is_byte_identical_and_rewrites_nothing(site):
    index = site / "output" / "search"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in index.rglob("*") if p.is_file()}
    build(site, site / "output")
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in index.rglob("*") if p.is_file()}
    assert after == before


def test_edit_then_rebuild_equals_a_fresh_build(site, tmp_path):
    path = site / "content" / "nang-cap-duong-tinh-830.md"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + "\nThêm câu về giải ngân.\n", encoding="utf-8")
        build(site, site / "output")
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        (fresh / "content").symlink_to(site / "content")
        build(fresh, fresh / "output")
        warm = {
            str(p.relative_to(site / "output")): p.read_bytes()
            for p in (site / "output" / "search").rglob("*")
            if p.is_file()
        }
        cold = {
            str(p.relative_to(fresh / "output")): p.read_bytes()
            for p in (fresh / "output" / "search").rglob("*")
            if p.is_file()
        }
        assert warm == cold
        assert len(postings(site / "output" / "search", "giai ngan")) == 2
    finally:
        path.write_text(original, encoding="utf-8")
        build(site, site / "output")


def index_files(output: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(output)): p.read_bytes()
        for p in (output / "search").rglob("*")
        if p.is_file()
    }


def test_the_index_built_beside_the_pages_equals_the_one_built_at_the_end(site, tmp_path):
    """`background` (a small process fed the articles' records) and the build's own process
    write the same bytes."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "content").symlink_to(site / "content")
    build(root, root / "output", background=False)
    assert index_files(root / "output") == index_files(site / "output")


def test_static_links_are_resolved_before_the_index_is_built(tmp_path):
    """`{static}` links resolve once the static generator has run (after the articles): the
    index process gets the article as the page shows it, with no warning."""
    root = tmp_path / "site"
    content = write_content(root)
    (content / "images").mkdir()
    (content / "images" / "so-do.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (content / "so-do.md").write_text(
        "Title: Sơ đồ đường tỉnh\nDate: 2025-03-03T08:00:00+07:00\nCategory: Giao thông\n"
        "Slug: so-do\n\n![Sơ đồ]({static}/images/so-do.svg)\n\nSơ đồ tuyến đường mới.\n",
        encoding="utf-8",
    )
    background = build(root, root / "output")
    assert "WARNING" not in background.stdout, background.stdout
    in_process = build(root, root / "in-process", background=False)
    assert "WARNING" not in in_process.stdout, in_process.stdout
    assert index_files(root / "output") == index_files(root / "in-process")
    docs = reader.documents(root / "output" / "search").values()
    assert [d["image"] for d in docs if d["url"].endswith("so-do/")] == ["images/so-do.svg"]


def test_bad_setting_stops_the_build(tmp_path):
    write_content(tmp_path)
    result = build(tmp_path, tmp_path / "out", check=False, colour=1)
    assert result.returncode != 0
    assert "SEARCH_INDEX has unknown key(s) ['colour']" in result.stdout


def test_disabled_builds_no_index_and_no_search_page(tmp_path):
    write_content(tmp_path)
    build(tmp_path, tmp_path / "out", enabled=False)
    assert not (tmp_path / "out" / "search").exists()
    assert not (tmp_path / "out" / "tim-kiem").exists()


def test_unwritable_index_folder_stops_the_build_with_what_to_do(tmp_path):
    write_content(tmp_path)
    output = tmp_path / "out"
    output.mkdir()
    (output / "search").write_text("not a folder", encoding="utf-8")
    result = build(tmp_path, output, check=False)
    assert result.returncode != 0
    assert "could not write the search index" in result.stdout
    assert "writable" in result.stdout
