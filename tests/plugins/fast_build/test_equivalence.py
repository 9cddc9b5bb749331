"""fast_build must write exactly what Pelican's own path writes: cold, warm, after edits."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from plugins.fast_build import verified
from tests.support.site import build_site, sample_content_with_corpus

SLOW = {"FAST_BUILD": {"enabled": False}}


@pytest.fixture(scope="module", autouse=True)
def fast_build_runs() -> None:
    """On other versions than the verified ones fast_build steps aside, and every test here
    would compare Pelican's own path with itself."""
    found = verified.mismatches()
    if found:
        pytest.fail(
            f"{'; '.join(map(str, found))}: fast_build would not run. To verify a new version,"
            " set VERIFIED in plugins/fast_build/verified.py to it first (see 'Upgrading"
            " Pelican, Jinja2 or Python-Markdown' in plugins/fast_build/README.md)."
        )


def fast(cache: Path) -> dict:
    """Every speed-up on, the articles kept between builds included."""
    return {
        "FAST_BUILD": {
            "workers": 2,
            "min_parallel_files": 1,
            "cache_dir": str(cache),
            "reuse_articles": True,
        }
    }


def tree(folder: Path) -> dict[str, str]:
    """Digest of every file, the search index included."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def assert_same_tree(expected: Path, actual: Path) -> None:
    want, got = tree(expected), tree(actual)
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    differing = sorted(name for name in set(want) & set(got) if want[name] != got[name])
    assert not (missing or extra or differing), (
        f"missing: {missing[:10]}\nextra: {extra[:10]}\ndiffering: {differing[:10]}"
    )


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return sample_content_with_corpus(tmp_path_factory.mktemp("content"), 90)


def test_cold_parallel_build_equals_pelicans_own(content: Path, tmp_path: Path) -> None:
    build_site(content, tmp_path / "slow", extra=SLOW)
    build_site(content, tmp_path / "fast", extra=fast(tmp_path / "cache"))
    assert_same_tree(tmp_path / "slow", tmp_path / "fast")


def test_warm_rebuild_after_edit_and_add_equals_a_fresh_slow_build(
    content: Path, tmp_path: Path
) -> None:
    work = tmp_path / "content"
    shutil.copytree(content, work)
    cache = tmp_path / "cache"
    build_site(work, tmp_path / "fast", extra=fast(cache))
    page = next(iter(sorted((tmp_path / "fast").glob("20*/*/*/index.html"))))
    untouched_mtime = page.stat().st_mtime_ns

    edited = sorted((work / "bench").rglob("*.md"))[10]
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nĐoạn bổ sung của biên tập viên.\n",
        encoding="utf-8",
    )
    added_text = edited.read_text(encoding="utf-8")
    added_text = added_text.replace("Title: ", "Title: Bài bổ sung — ", 1)
    added_text = added_text.replace("Slug: ", "Slug: bai-bo-sung-", 1)
    (work / "bench" / "bai-bo-sung.md").write_text(added_text, encoding="utf-8")

    result = build_site(work, tmp_path / "fast", extra=fast(cache))
    assert "Traceback" not in result.stdout
    build_site(work, tmp_path / "slow", extra=SLOW)
    assert_same_tree(tmp_path / "slow", tmp_path / "fast")
    # Pages whose inputs did not change were neither re-rendered nor rewritten.
    if page.read_bytes() == (tmp_path / "slow" / page.relative_to(tmp_path / "fast")).read_bytes():
        assert page.stat().st_mtime_ns == untouched_mtime


def _replace_line(path: Path, prefix: str, new_line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    lines[index] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_listing_pages_follow_titles_categories_tags_and_deletions(
    content: Path, tmp_path: Path
) -> None:
    """Listing pages (index, categories, tags, authors, archives, topics) are skipped only when
    nothing they show changed: each step is compared with a fresh build by Pelican's own path."""
    work = tmp_path / "content"
    shutil.copytree(content, work)
    cache = tmp_path / "cache"
    build_site(work, tmp_path / "fast", extra=fast(cache))
    index = tmp_path / "fast" / "index.html"
    index_mtime = index.stat().st_mtime_ns
    sources = sorted((work / "bench").rglob("*.md"))

    # A warm build with no change rewrites no listing page.
    build_site(work, tmp_path / "fast", extra=fast(cache))
    assert index.stat().st_mtime_ns == index_mtime

    steps = [
        lambda: _replace_line(sources[3], "Title: ", "Title: Tiêu đề đã sửa của biên tập viên"),
        lambda: _replace_line(sources[5], "Category: ", "Category: Thông báo"),
        lambda: _replace_line(sources[7], "Tags: ", "Tags: từ khóa mới, giao thông"),
        lambda: sources[9].unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        build_site(work, tmp_path / "fast", extra=fast(cache))
        shutil.rmtree(tmp_path / "slow", ignore_errors=True)
        build_site(work, tmp_path / "slow", extra=SLOW)
        assert_same_tree(tmp_path / "slow", tmp_path / "fast"), f"step {number}"


def test_period_pages_follow_new_and_emptied_periods(content: Path, tmp_path: Path) -> None:
    """A period page is re-rendered when its own year or month changes or a neighbouring period
    appears or goes (its previous/next links), and kept otherwise: each step is compared with
    a fresh build by Pelican's own path."""
    work = tmp_path / "content"
    shutil.copytree(content, work)
    cache = tmp_path / "cache"
    build_site(work, tmp_path / "fast", extra=fast(cache))
    template = sorted((work / "bench").rglob("*.md"))[4].read_text(encoding="utf-8")

    def add(name: str, date: str) -> Path:
        text = template.replace("Slug: ", f"Slug: {name}-", 1)
        lines = [
            f"Date: {date}" if line.startswith("Date: ") else line for line in text.split("\n")
        ]
        path = work / "bench" / f"{name}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    first: list[Path] = []
    steps = [
        lambda: first.append(add("som-nhat", "1999-06-15T08:00:00+07:00")),  # a new first year
        lambda: add("cung-nam", "1999-08-01T08:00:00+07:00"),  # a new month in that year
        lambda: first[0].unlink(),  # a month goes
    ]
    for number, step in enumerate(steps):
        step()
        build_site(work, tmp_path / "fast", extra=fast(cache))
        shutil.rmtree(tmp_path / "slow", ignore_errors=True)
        build_site(work, tmp_path / "slow", extra=SLOW)
        assert (tmp_path / "slow" / "1999" / "index.html").is_file(), f"step {number}"
        assert_same_tree(tmp_path / "slow", tmp_path / "fast")
