"""The index on disk: reproducible bytes whatever the cache, incremental patches, bad caches,
stale files (plugins/search_index/builder, cache, files). Built from RawArticle records without
Pelican; tests/plugins/search_index/test_build.py covers the Pelican wiring."""

from __future__ import annotations

import json
import logging
import random
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from plugins.search_index.analysis import analyse
from plugins.search_index.builder import SearchIndexError, build_index
from plugins.search_index.cache import CACHE_VERSION
from plugins.search_index.ids import assign_ids, unit_exponent
from plugins.search_index.layout import (
    chunk_json,
    chunk_of,
    chunk_path,
    filters_path,
    gunzip,
    gz,
    manifest_json,
    part_key,
    shard_path,
)
from plugins.search_index.records import RawArticle
from plugins.search_index.settings import merge_settings
from plugins.search_index.shards import (
    Postings,
    build_id,
    delta_encode,
    filters_json,
    layout_shards,
)

ICT = timezone(timedelta(hours=7))
WORDS = (
    "Đảng bộ tỉnh đầu tư công giải ngân vốn đường giao thông Phước Sơn sâm Ngọc Linh chuyển đổi "
    "số an ninh trật tự xã huyện cán bộ đảng viên năm 2025 kế hoạch dự án Ủy ban nhân dân"
).split()
CATEGORIES = ("Kinh tế", "Xây dựng Đảng", "Giao thông", "")
PORTALS = ("", "tinh-uy", "ubnd-tinh")  # one part per portal (layout.py), "" = no Portal
TOPICS = ("đầu tư công", "chuyển đổi số", "giao thông", "an ninh")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_raws(n: int, seed: int = 7) -> list[RawArticle]:
    rng = random.Random(seed)
    raws = []
    for i in range(n):
        date = datetime(2020, 1, 1, 8, tzinfo=ICT) + timedelta(days=rng.randint(0, 2000))
        raws.append(
            RawArticle(
                url=f"{date:%Y/%m}/bai-{i}/",
                title=_sentence(rng, 6).capitalize(),
                date=date,
                category=rng.choice(CATEGORIES),
                topics=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
                summary=f"<p>{_sentence(rng, 12)}.</p>",
                content="".join(f"<p>{_sentence(rng, 30)}.</p>" for _ in range(rng.randint(1, 4))),
                portal=PORTALS[i % len(PORTALS)],
            )
        )
    return raws


def ids_of(raws) -> dict[str, int]:
    """url -> document id, as plugins/search_index/ids.py numbers them."""
    ordered = sorted(raws, key=lambda r: (r.date.timestamp(), r.url))
    stamps = [r.date.timestamp() for r in ordered]
    return dict(
        zip((r.url for r in ordered), assign_ids(stamps, unit_exponent(stamps)), strict=True)
    )


def chunk_paths(raws) -> set[str]:
    """The fragment chunks of `raws` (layout.py: 8 id slots each)."""
    return {chunk_path(chunk_of(i)) for i in ids_of(raws).values()}


def unit_of(raws) -> int:
    return unit_exponent(sorted(r.date.timestamp() for r in raws))


def snapshot(index: Path) -> dict[str, bytes]:
    return {str(p.relative_to(index)): p.read_bytes() for p in index.rglob("*") if p.is_file()}


def build(raws, root: Path, **settings):
    merged = merge_settings({"shard_target_bytes": 512, **settings})
    report = build_index(raws, root / "output", merged, cache_dir=root / "cache")
    return report, snapshot(root / "output" / merged["output_path"])


@pytest.fixture(scope="module")
def raws():
    return make_raws(60)


def test_two_cold_builds_give_the_same_bytes(tmp_path, raws):
    report, one = build(raws, tmp_path / "one")
    _, two = build(list(reversed(raws)), tmp_path / "two")
    assert one == two
    assert report.docs == 60 and report.analysed == 60 and report.shards > 1
    docs = chunk_paths(raws)
    assert {p for p in one if p.startswith("docs/")} == docs and len(_ids_on_disk(one)) == 60
    assert {"manifest.json", *(filters_path(i) for i in range(len(PORTALS)))} <= one.keys()
    assert sum(1 for p in one if p.startswith("shards/")) == report.shards
    parts = json.loads(one["manifest.json"])["parts"]
    assert [p["portal"] for p in parts] == sorted(PORTALS)
    assert [p["docs"] for p in parts] == [20, 20, 20]


def test_warm_build_after_an_edit_equals_a_cold_build(tmp_path, raws):
    build(raws, tmp_path / "warm")
    edited = list(raws)
    edited[5] = replace(edited[5], content=edited[5].content + "<p>Bổ sung tin mới.</p>")
    edited[9] = replace(edited[9], title="Tiêu đề đã sửa")
    report, warm = build(edited, tmp_path / "warm")
    assert report.patched and report.analysed == 2 and report.cached == 0
    _, cold = build(edited, tmp_path / "cold")
    assert warm == cold


def test_unchanged_build_writes_nothing_and_an_edit_writes_few_files(tmp_path, raws):
    build(raws, tmp_path)
    index = tmp_path / "output" / "search"
    mtimes = {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()}
    report, _ = build(raws, tmp_path)
    assert report.written == 0 and report.analysed == 0
    assert {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()} == mtimes
    edited = list(raws)
    edited[3] = replace(edited[3], content=edited[3].content + "<p>thêm</p>")
    report, _ = build(edited, tmp_path)
    changed = [p for p in mtimes if p.stat().st_mtime_ns != mtimes[p]]
    assert 2 < len(changed) == report.written < len(mtimes) // 4
    assert index / "manifest.json" in changed


def _by_date(raws):
    return sorted(raws, key=lambda r: (r.date.timestamp(), r.url))


def _insert_at(raws, date, url):
    return [*raws, replace(make_raws(1, seed=99)[0], date=date, url=url)]


def _change(raws, change):
    """`raws` after one kind of change; True when the ids' unit stays (a patch is expected)."""
    edited = list(raws)
    extra = make_raws(3, seed=99)
    middle = _by_date(raws)[len(raws) // 2]
    if change == "add_oldest_far":  # 2001: the date span grows past a power of two
        edited.append(replace(extra[0], date=datetime(2001, 1, 1, tzinfo=ICT), url="2001/01/a/"))
    elif change == "add_newest_far":  # 2030: likewise, the unit changes
        edited.append(replace(extra[1], date=datetime(2030, 1, 1, tzinfo=ICT), url="2030/01/b/"))
    elif change == "remove":
        del edited[10:13]
    elif change == "move_date":
        edited[4] = replace(edited[4], date=edited[4].date + timedelta(days=900))
    elif change == "rename_url":
        edited[4] = replace(edited[4], url="khac/")
    elif change == "many":
        edited = [replace(r, summary=r.summary + "<p>x</p>") for r in edited]
    elif change == "filters":
        edited[7] = replace(edited[7], topics=("chủ đề mới",), category="Mới")
    elif change == "insert_middle":
        edited = _insert_at(raws, middle.date + timedelta(hours=5), "giua/moi/")
    elif change == "insert_oldest":
        oldest = _by_date(raws)[0].date
        edited = _insert_at(raws, oldest - timedelta(days=1), "cu-nhat/")
    elif change == "insert_newest":
        newest = _by_date(raws)[-1].date
        edited = _insert_at(raws, newest + timedelta(days=1), "moi-nhat/")
    elif change == "delete_middle":
        edited.remove(middle)
    elif change == "same_second":  # a copy of the middle article: new title and url, same date
        edited.append(replace(middle, title="Bài mới thêm", url=middle.url + "bai-moi-them/"))
    return edited


PATCHED = ["insert_middle", "insert_oldest", "insert_newest", "delete_middle", "same_second"]


@pytest.mark.parametrize(
    "change",
    ["add_oldest_far", "add_newest_far", "remove", "move_date", "rename_url", "many", "filters"]
    + PATCHED,
)
def test_any_change_gives_the_bytes_of_a_cold_build(tmp_path, raws, change):
    build(raws, tmp_path / "warm")
    edited = _change(raws, change)
    report, warm = build(edited, tmp_path / "warm")
    _, cold = build(edited, tmp_path / "cold")
    assert warm == cold
    if change in PATCHED:
        assert unit_of(edited) == unit_of(raws)
        assert report.patched


@pytest.mark.parametrize("change", ["add_oldest_far", "add_newest_far"])
def test_a_change_of_unit_renumbers_in_full(tmp_path, raws, change):
    build(raws, tmp_path / "warm")
    edited = _change(raws, change)
    assert unit_of(edited) != unit_of(raws)
    report, warm = build(edited, tmp_path / "warm")
    assert not report.patched
    before, after = ids_of(raws), ids_of(edited)
    assert all(before[url] != after[url] for url in before)
    _, cold = build(edited, tmp_path / "cold")
    assert warm == cold


def _ids_on_disk(files: dict[str, bytes]) -> dict[str, int]:
    out = {}
    for path, data in files.items():
        if path.startswith("docs/"):
            out.update({doc["url"]: int(key) for key, doc in json.loads(gunzip(data)).items()})
    return out


@pytest.mark.parametrize("change", ["insert_middle", "same_second", "delete_middle"])
def test_a_mid_insertion_or_deletion_keeps_the_other_ids(tmp_path, change):
    raws = make_raws(200, seed=3)
    _, first = build(raws, tmp_path)
    edited = _change(raws, change)
    report, second = build(edited, tmp_path)
    assert report.patched and report.docs == len(edited)
    before, after = _ids_on_disk(first), _ids_on_disk(second)
    assert after == ids_of(edited)
    moved = [url for url in before.keys() & after.keys() if before[url] != after[url]]
    assert len(moved) <= 3, moved
    # dense ids would rewrite every fragment after the change and nearly every shard
    changed_docs = {p for p in second if p.startswith("docs/") and first.get(p) != second[p]}
    assert len(changed_docs) <= len(moved) + 1
    # (the inserted document and a moved neighbour may each be in another portal's part, and a
    # document touches most shards of its part in this small vocabulary)
    assert report.written < len(second) * 2 // 3
    # newest first is still id descending
    newest_first = sorted(after, key=after.get, reverse=True)
    assert newest_first == [r.url for r in reversed(_by_date(edited))]


@pytest.mark.parametrize("change", ["filters", "insert_middle", "delete_middle", "same_second"])
def test_the_build_id_is_that_of_the_files_on_disk(tmp_path, raws, change):
    """A patch takes the digests of the files it leaves alone from the state: the manifest's
    build id must still be the one the files on disk give."""
    build(raws, tmp_path)
    report, files = build(_change(raws, change), tmp_path)
    assert report.patched
    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["build"] == build_id(files)


def test_a_state_of_an_older_version_means_a_full_build(tmp_path, raws, caplog):
    """A cache from the dense-id version (state format 1) is ignored cleanly."""
    import pickle

    build(raws, tmp_path)
    state = tmp_path / "cache" / CACHE_VERSION / "state.pickle"
    old_keys = [(r.date.timestamp(), r.url, "0" * 64) for r in _by_date(raws)]
    state.write_bytes(pickle.dumps((CACHE_VERSION, {"keys": old_keys, "shard_count": 1})))
    edited = _change(raws, "insert_middle")
    with caplog.at_level(logging.INFO):
        report, warm = build(edited, tmp_path)
    assert "another version" in caplog.text and not report.patched
    _, cold = build(edited, tmp_path / "cold")
    assert warm == cold
    report, _ = build(edited, tmp_path)
    assert report.patched and report.written == 0


def test_a_date_before_1900_is_named(tmp_path, raws):
    bad = replace(raws[1], date=datetime(1899, 12, 31, tzinfo=ICT), url="ngay-sai/")
    with pytest.raises(SearchIndexError, match="could not number article ngay-sai/.*before 1900"):
        build([raws[0], bad, raws[2]], tmp_path)


def test_a_date_too_far_in_the_future_is_named(tmp_path, raws):
    """Three articles within seconds: ids of 4 s, which reach 2**31 in 2172."""
    when = datetime(2200, 1, 1, tzinfo=ICT)
    bad = [replace(raws[i], date=when + timedelta(seconds=i), url=f"xa/{i}/") for i in range(3)]
    with pytest.raises(SearchIndexError, match="could not number article xa/0/.*too far"):
        build(bad, tmp_path)


def test_shard_count_change_rebuilds_in_full(tmp_path, raws):
    report, _ = build(raws[:5], tmp_path / "warm")
    newest = _by_date(raws[:5])[-1].date
    grown = raws[:5] + [
        replace(raws[5], content=raws[5].content * 40, date=newest + timedelta(hours=1))
    ]
    report2, warm = build(grown, tmp_path / "warm")
    assert report2.shards > report.shards and not report2.patched
    _, cold = build(grown, tmp_path / "cold")
    assert warm == cold


def test_parallel_analysis_gives_the_same_bytes(tmp_path, raws):
    report, parallel = build(raws, tmp_path / "p", workers=2, parallel_min_docs=1)
    _, serial = build(raws, tmp_path / "s", workers=1)
    assert parallel == serial and report.analysed == len(raws)


def test_without_cache_same_bytes_and_no_cache_folder(tmp_path, raws):
    _, cached = build(raws, tmp_path / "a")
    _, uncached = build(raws, tmp_path / "b", cache=False)
    _, again = build(raws, tmp_path / "b", cache=False)
    assert cached == uncached == again
    assert not (tmp_path / "b" / "cache").exists()


def test_a_corrupt_cache_database_is_a_warning_not_a_crash(tmp_path, raws, caplog):
    _, expected = build(raws, tmp_path)
    database = tmp_path / "cache" / CACHE_VERSION / "analyses.sqlite"
    database.write_bytes(b"this is not a database" * 100)
    edited = list(raws)
    edited[2] = replace(edited[2], content="<p>mới</p>")
    with caplog.at_level(logging.WARNING):
        report, warm = build(edited, tmp_path)
    assert "corrupt" in caplog.text and str(database) in caplog.text
    assert report.analysed >= 1
    _, cold = build(edited, tmp_path / "cold")
    assert warm == cold
    report, _ = build(edited, tmp_path)  # the cache works again
    assert report.analysed == 0


def test_a_corrupt_cache_entry_is_analysed_again(tmp_path, raws, caplog):
    _, expected = build(raws, tmp_path)
    database = tmp_path / "cache" / CACHE_VERSION / "analyses.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE analyses SET data = ?", (b"\x80\x05garbage",))
    (tmp_path / "cache" / CACHE_VERSION / "state.pickle").unlink()
    with caplog.at_level(logging.WARNING):
        report, again = build(raws, tmp_path)
    assert "corrupt" in caplog.text
    assert report.analysed == len(raws) and again == expected


def test_a_corrupt_state_file_means_a_full_build(tmp_path, raws, caplog):
    build(raws, tmp_path)
    (tmp_path / "cache" / CACHE_VERSION / "state.pickle").write_bytes(b"\x00garbage")
    edited = list(raws)
    edited[0] = replace(edited[0], title="Sửa")
    with caplog.at_level(logging.WARNING):
        report, warm = build(edited, tmp_path)
    assert "corrupt" in caplog.text and not report.patched
    _, cold = build(edited, tmp_path / "cold")
    assert warm == cold


def test_a_tampered_index_is_rebuilt(tmp_path, raws):
    _, expected = build(raws, tmp_path)
    index = tmp_path / "output" / "search"
    next((index / "shards" / "1").iterdir()).unlink()
    next((index / "docs").iterdir()).write_bytes(gz(b"{}"))
    (index / "docs" / "9.json.gz").write_bytes(b"{}")  # not a chunk: ids are far above
    (index / "shards" / "0" / ".x.json.gz.123.tmp").write_bytes(b"half")
    report, again = build(raws, tmp_path)
    assert again == expected and report.removed == 2


def test_only_index_files_are_removed(tmp_path, raws):
    output = tmp_path / "output"
    keep = [output / "other.json", output / "search" / "README.txt", output / "docs" / "9.json"]
    for path in keep:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep", encoding="utf-8")
    build(raws, tmp_path)
    build(raws[:10], tmp_path)
    assert all(path.read_text(encoding="utf-8") == "keep" for path in keep)
    docs = {
        p.relative_to(output / "search").as_posix()
        for p in (output / "search" / "docs").rglob("*.gz")
    }
    assert docs == chunk_paths(raws[:10])


def test_output_path_setting(tmp_path, raws):
    _, files = build(raws[:3], tmp_path, output_path="assets/tim")
    assert (tmp_path / "output" / "assets" / "tim" / "manifest.json").is_file()
    assert chunk_paths(raws[:3]) <= files.keys()


def test_unwritable_output_stops_with_a_clear_error(tmp_path, raws):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "search").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="could not write the search index"):
        build(raws[:3], tmp_path)


def test_built_files_equal_the_pure_reference(tmp_path, raws):
    """Batches, the pool and the cache give what the pure functions give for the same articles."""
    _, files = build(raws, tmp_path, workers=2, parallel_min_docs=1)
    ordered = sorted(raws, key=lambda r: (r.date.timestamp(), r.url))
    ids = [ids_of(raws)[r.url] for r in ordered]
    analyses = [analyse(raw, excerpt_source_chars=3000) for raw in ordered]
    expected: dict[str, bytes] = {}

    def shards(members, part) -> int:
        postings = Postings(members[0][0])
        for doc_id, analysis in members:
            postings.add(doc_id, analysis.token_list(), analysis.weights)
        layout = layout_shards(postings, 512)
        for index in range(layout.count):
            expected[shard_path(part, index, layout.count)] = gz(layout.shard_bytes(index))
        return layout.count

    count = shards(list(zip(ids, analyses, strict=True)), None)  # the whole archive
    parts = []
    for number, portal in enumerate(sorted(PORTALS)):
        members = [
            (i, a)
            for i, a in zip(ids, analyses, strict=True)
            if a.filters["portal"] == ([portal] if portal else [])
        ]
        part_ids = [i for i, _ in members]
        data = filters_json(
            [a.filters for _, a in members], ["topic", "category", "year"], part_ids
        )
        expected[filters_path(number)] = gz(
            b'{"_ids":'
            + json.dumps(delta_encode(part_ids)).replace(" ", "").encode()
            + b","
            + data[1:]
        )
        parts.append(
            {
                "docs": len(members),
                "level": "",
                "name": portal,
                "portal": portal,
                "province": "",
                "shards": shards(members, number),
            }
        )
    chunks: dict[int, list] = {}
    for doc_id, analysis in zip(ids, analyses, strict=True):
        chunks.setdefault(chunk_of(doc_id), []).append((doc_id, analysis.doc))
    for chunk, docs in chunks.items():
        expected[chunk_path(chunk)] = gz(chunk_json(docs))
    expected["manifest.json"] = manifest_json(
        build=build_id(expected),
        docs=len(raws),
        shards=count,
        filters=["portal", "level", "province", "topic", "category", "year"],
        parts=parts,
    )
    assert part_key("tinh-uy", "dang bo") != "dang bo"  # the builder's keys, not the files'
    assert files == expected


def test_an_empty_site_has_an_empty_index(tmp_path, raws):
    build(raws[:4], tmp_path)
    report, files = build([], tmp_path)
    assert report.docs == 0 and report.removed >= 4
    assert gunzip(files["shards/0.json.gz"]) == b"{}"
    assert sorted(files) == ["filters/0.json.gz", "manifest.json", "shards/0.json.gz"]
    manifest = json.loads(files["manifest.json"])
    assert manifest["docs"] == 0 and manifest["shards"] == 1 and len(manifest["parts"]) == 1
    assert json.loads(gunzip(files["filters/0.json.gz"]))["year"] == {"docs": [], "values": []}


def test_a_bad_article_is_named(tmp_path, raws):
    bad = replace(raws[0], date="28/05/2025")
    with pytest.raises(SearchIndexError, match=r"could not read article 20\d\d/\d\d/bai-0/"):
        build([bad, *raws[1:3]], tmp_path)


def test_an_unusable_cache_folder_is_a_warning_not_a_crash(tmp_path, raws, caplog):
    (tmp_path / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        report, files = build(raws[:5], tmp_path)
    assert "building without it" in caplog.text
    _, expected = build(raws[:5], tmp_path / "clean")
    assert files == expected and report.analysed == 5


@pytest.mark.parametrize(
    ("change", "patched"),
    [("move_portal", True), ("new_portal", False), ("drop_portal", False)],
)
def test_a_change_of_portal_equals_a_cold_build(tmp_path, raws, change, patched):
    """An article moved to another portal leaves one part for the other (a patch); a portal
    that appears or disappears changes the parts (a full build). Either way: a cold build's
    bytes, and each part holds exactly its portal's documents."""
    build(raws, tmp_path / "warm")
    edited = list(raws)
    if change == "move_portal":
        edited[4] = replace(edited[4], portal="tinh-uy" if edited[4].portal != "tinh-uy" else "")
    elif change == "new_portal":
        edited[4] = replace(edited[4], portal="so-tai-chinh")
    else:
        edited = [replace(r, portal="") if r.portal == "ubnd-tinh" else r for r in raws]
    report, warm = build(edited, tmp_path / "warm")
    assert report.patched == patched
    _, cold = build(edited, tmp_path / "cold")
    assert warm == cold
    parts = json.loads(warm["manifest.json"])["parts"]
    by_portal = {}
    for r in edited:
        by_portal[r.portal] = by_portal.get(r.portal, 0) + 1
    assert {p["portal"]: p["docs"] for p in parts} == by_portal
