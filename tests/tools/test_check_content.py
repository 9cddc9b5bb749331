"""tools/check_content.py: every problem kind in a small content folder, the CLI, the sample."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.support.paths import PROJECT_ROOT
from tools.check_content import Settings, check_content, fix_nfc, load_settings, main

GOOD_HEADER = (
    "Title: Hội nghị Ban Chấp hành Đảng bộ tỉnh\n"
    "Date: 2025-05-28T08:52:00+07:00\n"
    "Category: Tin hoạt động\n"
    "Source: https://portal.example/tin/1.html\n"
)
SETTINGS = Settings(
    known_categories=("Tin hoạt động", "Thông báo"),
    default_category="Tin tức",
    static_paths=("images", "files"),
    article_excludes=("images", "files"),
    page_paths=("pages",),
)


def article(header: str = GOOD_HEADER, body: str = "Nội dung bài viết.\n") -> str:
    return header + "\n" + body


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def run_check(root: Path) -> list[str]:
    problems, _count = check_content(root, SETTINGS)
    return [str(p) for p in problems]


DECOMPOSED = unicodedata.normalize("NFD", "Đảng bộ tỉnh")

# (case id, files, [(file, line, text in "what", text in "fix")]) — each case one problem kind.
CASES = [
    (
        "missing-title",
        {"a.md": "Date: 2025-05-28T08:52:00+07:00\n\nText.\n"},
        [("a.md", 1, "Title is missing", "Title: <headline>")],
    ),
    (
        "empty-title",
        {"a.md": "Title:\nDate: 2025-05-28T08:52:00+07:00\n\nText.\n"},
        [("a.md", 1, "Title is empty", "headline")],
    ),
    (
        "no-header-at-all",
        {"a.md": "\nJust text, the editor forgot the header.\n"},
        [("a.md", 1, "Title is missing", "Title:"), ("a.md", 1, "Date is missing", "Date: ")],
    ),
    (
        "missing-date",
        {"a.md": "Title: Tin\nCategory: Thông báo\n\nText.\n"},
        [("a.md", 1, "Date is missing", "Date: 2025-05-28T08:00:00+07:00")],
    ),
    (
        "unparseable-date-vietnamese-style",
        {"a.md": "Title: Tin\nDate: 28/05/2025 08:52\n\nText.\n"},
        [
            (
                "a.md",
                2,
                "Date '28/05/2025 08:52' is not an ISO 8601 date",
                "2025-05-28T08:52:00+07:00",
            )
        ],
    ),
    (
        "unparseable-date-words",
        {"a.md": "Title: Tin\nDate: hôm qua\n\nText.\n"},
        [("a.md", 2, "Date 'hôm qua' is not an ISO 8601 date", "Date: 2025-05-28T08:00:00+07:00")],
    ),
    (
        "impossible-date",
        {"a.md": "Title: Tin\nDate: 2025-02-30T08:00:00+07:00\n\nText.\n"},
        [("a.md", 2, "is not an ISO 8601 date", "Date: ")],
    ),
    (
        "date-without-time-zone",
        {"a.md": "Title: Tin\nDate: 2025-05-28 08:52\n\nText.\n"},
        [("a.md", 2, "has no time zone", "Date: 2025-05-28T08:52:00+07:00")],
    ),
    (
        "modified-unparseable",
        {"a.md": GOOD_HEADER + "Modified: sáng nay\n\nText.\n"},
        [("a.md", 5, "Modified 'sáng nay' is not an ISO 8601 date", "Modified: ")],
    ),
    (
        "unknown-category-typo",
        {"a.md": "Title: Tin\nDate: 2025-05-28T08:52:00+07:00\nCategory: Tin hoat dong\n\nT.\n"},
        [("a.md", 3, "Category 'Tin hoat dong' is not a known category", "Tin hoạt động")],
    ),
    (
        "duplicate-slug-from-titles",
        {
            "a.md": article(),
            "b/b.md": article(GOOD_HEADER.replace("tin/1", "tin/2")),
        },
        [("b/b.md", 1, "slug 'hoi-nghi-ban-chap-hanh-dang-bo-tinh' is already used by", "Slug:")],
    ),
    (
        "duplicate-slug-explicit",
        {
            "a.md": article(GOOD_HEADER + "Slug: tin-mot\n"),
            "b.md": article("Title: Khác\nDate: 2025-05-28T08:52:00+07:00\nSlug: tin-mot\n"),
        },
        [("b.md", 3, "slug 'tin-mot' is already used by", "different 'Slug:'")],
    ),
    (
        "unsafe-slug",
        {"a.md": article(GOOD_HEADER + "Slug: Tin Mới\n")},
        [("a.md", 5, "Slug 'Tin Mới' is not a URL-safe ASCII slug", "lower-case ASCII")],
    ),
    (
        "duplicate-source",
        {
            "a.md": article(),
            "b.md": article(
                "Title: Bài khác\nDate: 2025-05-28T08:52:00+07:00\n"
                "Source: https://portal.example/tin/1.html\n"
            ),
        },
        [("b.md", 3, "is already the source of", "one file per original article")],
    ),
    (
        "duplicate-date-key",
        {"a.md": article(GOOD_HEADER + "Date: 2025-05-29T08:52:00+07:00\n")},
        [("a.md", 5, "Date is given again (first on line 2)", "keep only one line")],
    ),
    (
        "title-continued-on-indented-line",
        {"a.md": "Title: Tin\n    tiếp theo\nDate: 2025-05-28T08:52:00+07:00\n\nT.\n"},
        [("a.md", 2, "Title continues on an indented line", "on line 1")],
    ),
    (
        "unknown-status",
        {"a.md": article(GOOD_HEADER + "Status: nháp\n")},
        [("a.md", 5, "Status 'nháp' is not known", "draft")],
    ),
    (
        "other-news-bad-url",
        {
            "a.md": article(
                GOOD_HEADER + "Other_news: Tin một (01/05/2025) <https://portal.example/1>\n"
                "    Tin hai (02/05/2025) <javascript:alert(1)>\n"
            )
        },
        [("a.md", 6, "Other_news item does not parse", "Title (dd/mm/yyyy) <https://...>")],
    ),
    (
        "other-news-impossible-date",
        {"a.md": article(GOOD_HEADER + "Other_news: Tin một (31/02/2025)\n")},
        [("a.md", 5, "Other_news item does not parse: an impossible date", "dd/mm/yyyy")],
    ),
    (
        "missing-static-image",
        {
            "a.md": article(
                body='<figure>\n<img src="{static}/images/x/anh.jpg" alt="">\n</figure>\n'
            )
        },
        [("a.md", 7, "'{static}/images/x/anh.jpg' points to a file that does not exist", "")],
    ),
    (
        "missing-markdown-image",
        {"a.md": article(body="Ảnh: ![Hội nghị]({static}/images/hoi-nghi.jpg)\n")},
        [("a.md", 6, "points to a file that does not exist", "content/images/")],
    ),
    (
        "missing-attachment",
        {"a.md": article(body="[Tải văn bản]({attach}files/van-ban.pdf)\n")},
        [("a.md", 6, "'{attach}files/van-ban.pdf' points to a file that does not exist", "")],
    ),
    (
        "missing-reference-definition",
        {"a.md": article(body="[Văn bản][vb]\n\n[vb]: /files/van-ban.pdf\n")},
        [("a.md", 8, "'/files/van-ban.pdf' points to a file that does not exist", "")],
    ),
    (
        "relative-image-path",
        {
            "a.md": article(body="![Ảnh](images/anh.png)\n"),
            "images/anh.png": b"\x89PNG",
        },
        [("a.md", 6, "is a relative path", "{static}/images/anh.png")],
    ),
    (
        "path-outside-static-folders",
        {"a.md": article(body="![Ảnh](/khac/anh.png)\n"), "khac/anh.png": b"\x89PNG"},
        [("a.md", 6, "is not in a static folder", "{static}/khac/anh.png")],
    ),
    (
        "script-and-handler-in-body",
        {"a.md": article(body='<script>alert(1)</script>\n<p onclick="x()">T</p>\n')},
        [
            ("a.md", 6, "<script> element in the text", "remove it"),
            ("a.md", 7, "event handler attribute 'onclick' on <p>", "remove it"),
        ],
    ),
    (
        "inline-style-blocked-by-csp",
        {"a.md": article(body='<p style="color:red">Đỏ</p>\n')},
        [("a.md", 6, "inline style attribute on <p>", "Content-Security-Policy")],
    ),
    (
        "javascript-url-entity-encoded",
        {
            "a.md": article(
                body='[Xem](jav&#x09;ascript:alert(1))\n<a href="&#106;avascript:x">a</a>\n'
            )
        },
        [
            ("a.md", 6, "javascript: URL in the text (markdown)", "http(s)"),
            ("a.md", 7, "javascript: URL in the text (href)", "http(s)"),
        ],
    ),
    (
        "markdown-syntax-is-text-inside-an-html-block",
        {
            "a.md": article(
                body="<figure>\n<figcaption>[a](javascript:x)</figcaption>\n</figure>\n\n"
                "[b](javascript:y)\n"
            )
        },
        [("a.md", 10, "javascript: URL in the text (markdown)", "http(s)")],
    ),
    (
        "capture-record-in-brackets",
        {
            "a.md": article(
                GOOD_HEADER + "Capture_file: demo-1.warc.gz\nCapture_record: <urn:uuid:1-2>\n"
            )
        },
        [("a.md", 6, "Capture_record '<urn:uuid:1-2>' is not a record id", "angle brackets")],
    ),
    (
        "capture-digest-not-a-digest",
        {
            "a.md": article(
                GOOD_HEADER + "Capture_file: demo-1.warc.gz\nCapture_record: urn:uuid:1\n"
                "Capture_digest: 3f2a\n"
            )
        },
        [("a.md", 7, "Capture_digest '3f2a' is not a payload digest", "WARC-Payload-Digest")],
    ),
    (
        "capture-file-a-path",
        {
            "a.md": article(
                GOOD_HEADER + "Capture_file: captures/demo/demo-1.warc.gz\n"
                "Capture_record: urn:uuid:1\n"
            )
        },
        [("a.md", 5, "is not a WARC file's name", "the file's name only")],
    ),
    (
        "capture-record-without-file",
        {"a.md": article(GOOD_HEADER + "Capture_record: urn:uuid:1\n")},
        [("a.md", 5, "Capture_record without Capture_file", "Capture_file:")],
    ),
    (
        "capture-file-without-record",
        {"a.md": article(GOOD_HEADER + "Capture_file: x.wacz:archive/demo-1.warc.gz\n")},
        [("a.md", 5, "Capture_file without Capture_record", "Capture_record:")],
    ),
    (
        "capture-keys-without-source",
        {
            "a.md": article(
                "Title: Tin\nDate: 2025-05-28T08:52:00+07:00\nCapture_file: a.warc\n"
                "Capture_record: urn:uuid:1\n"
            )
        },
        [("a.md", 3, "capture keys without Source", "Source:")],
    ),
    (
        "capture-record-twice",
        {
            "a.md": article(
                GOOD_HEADER + "Capture_file: a.warc\nCapture_record: urn:uuid:1\n"
                "Capture_record: urn:uuid:2\n"
            )
        },
        [("a.md", 7, "Capture_record is given again (first on line 6)", "keep only one")],
    ),
    (
        "not-nfc",
        {"a.md": article(body=f"{DECOMPOSED} họp.\n")},
        [("a.md", 6, "not in Unicode NFC", "--fix-nfc")],
    ),
    (
        "not-utf8",
        {
            "a.md": b"Title: Tin\nDate: 2025-05-28T08:52:00+07:00\n\n"
            + "Đảng bộ".encode("cp1258", errors="replace")
        },
        [("a.md", 4, "not UTF-8", "UTF-8")],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_kind_is_reported_with_file_line_and_fix(tmp_path, files, expected):
    write(tmp_path, files)
    reported = run_check(tmp_path)
    assert len(reported) == len(expected), reported
    for line, (name, number, what, fix) in zip(reported, expected, strict=True):
        location, _, message = line.partition(": ")
        assert location == f"{tmp_path / name}:{number}", line
        assert what in message, line
        assert " — " in message and fix in message.split(" — ", 1)[1], line


GOOD_FILES = {
    "a.md": article(
        GOOD_HEADER
        + "Modified: 2025-05-29T10:00:00+07:00\nSlug: hoi-nghi\nStatus: published\n"
        + "Captured: 2025-05-29T10:00:00+07:00\nCapture_file: demo-20250529-1.warc.gz\n"
        + "Capture_record: urn:uuid:0b5bd6a0-8b8a-4a46-9a43-9e0d3b1f0c11\n"
        + "Capture_digest: sha1:PXBNZ4X6VCUFKPNJ7TY3VZVMTVSC6Z3L\n"
        + "Other_news: Tin một (01/05/2025) <https://portal.example/1>\n"
        + "    Thông báo (02/9/1945 - 02/9/2022)\n    Tin ba\n",
        body=(
            '<figure>\n<img src="{static}/images/anh.png" alt="">\n'
            "<figcaption>Chú thích</figcaption>\n</figure>\n\n"
            "![Ảnh]({static}/images/anh.png) [PDF]({attach}/files/vb.pdf) "
            "[Bài khác]({filename}b.md) [Trang](/2025/05/hoi-nghi/) [Web](https://x.example/)\n"
            "```\n![Không kiểm tra trong khối mã](missing.png) <script>\n```\n"
            + "\\[Văn bản, không phải liên kết\\](javascript:alert(1))\n"
        ),
    ),
    "b.md": "Title: Bài hai\nDate: 2025-05-28T09:00:00Z\nCategory: Tin tức\n"
    "Source: https://portal.example/tin/2.html\n"
    "Capture_file: tinh.wacz:archive/wget.warc.gz\nCapture_record: urn:uuid:7\n\nText.\n",
    "pages/gioi-thieu.md": "Title: Giới thiệu\n\nKhông cần ngày.\n",
    "images/anh.png": b"\x89PNG",
    "images/readme.md": "Not an article: a static file.\n",
    "files/vb.pdf": b"%PDF",
    "x.md.scraped": "Title: conflict copy from the store\n\n",
    ".#a.md": "editor lock file\n",
}


def test_a_clean_folder_has_no_problem(tmp_path):
    write(tmp_path, GOOD_FILES)
    problems, count = check_content(tmp_path, SETTINGS)
    assert problems == []
    assert count == 3  # a.md, b.md, pages/gioi-thieu.md


def test_cli_missing_date_fails_with_file_line_and_fix(tmp_path, capsys):
    write(tmp_path, {"tin.md": "Title: Tin mới\n\nText.\n"})
    status = main([str(tmp_path), "--settings", str(PROJECT_ROOT / "pelicanconf.py")])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"{tmp_path / 'tin.md'}:1: Date is missing — add a line 'Date: " in out
    assert "1 problem(s) in 1 of 1 file(s)" in err


def test_make_check_fails_on_an_unparseable_date(tmp_path):
    """The editor's path: `make check` on a folder with a bad Date exits non-zero and says why."""
    write(tmp_path, {"2025/tin.md": "Title: Tin mới\nDate: 28/5/2025\n\nText.\n"})
    result = subprocess.run(
        ["make", "--no-print-directory", "check", f"INPUTDIR={tmp_path}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    expected = (
        f"{tmp_path / '2025' / 'tin.md'}:2: Date '28/5/2025' is not an ISO 8601 date — "
        "write it as Date: 2025-05-28T00:00:00+07:00"
    )
    assert expected in result.stdout, result.stdout + result.stderr
    assert "1 problem(s)" in result.stderr


def test_the_sample_content_passes():
    settings = load_settings(PROJECT_ROOT / "pelicanconf.py")
    assert settings.known_categories, "pelicanconf.py must define KNOWN_CATEGORIES"
    problems, count = check_content(PROJECT_ROOT / "content", settings)
    assert [str(p) for p in problems] == []
    assert count >= 2


def test_cli_exit_codes(tmp_path, capsys):
    write(tmp_path, GOOD_FILES)
    settings = PROJECT_ROOT / "pelicanconf.py"
    assert main([str(tmp_path), "--settings", str(settings)]) == 0
    assert main([str(tmp_path / "nope"), "--settings", str(settings)]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_fix_nfc_rewrites_only_decomposed_files(tmp_path):
    other = "Title: Bài hai\nDate: 2025-05-28T09:00:00+07:00\n"
    write(tmp_path, {"a.md": article(body=f"{DECOMPOSED}\n"), "b.md": article(other)})
    before = (tmp_path / "b.md").stat().st_mtime_ns
    changed = fix_nfc([tmp_path / "a.md", tmp_path / "b.md"])
    assert changed == [tmp_path / "a.md"]
    assert unicodedata.is_normalized("NFC", (tmp_path / "a.md").read_text(encoding="utf-8"))
    assert (tmp_path / "b.md").stat().st_mtime_ns == before
    assert run_check(tmp_path) == []


def test_runs_as_a_module(tmp_path):
    write(tmp_path, {"a.md": article()})
    result = subprocess.run(
        [sys.executable, "-m", "tools.check_content", str(tmp_path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file(s)" in result.stderr and "no problems" in result.stderr


@pytest.mark.slow
def test_what_the_scraper_writes_passes_the_check(tmp_path):
    """A crawl of the bundled demo portal (72 articles, images, other-news listings) is accepted
    as is: `make publish` right after `make scrape` must not fail the content check."""
    from tools.demo_portal import serve

    content = tmp_path / "content"
    with serve() as (base, _state):
        crawl = subprocess.run(
            [sys.executable, "-m", "scraper", "crawl", "demo", "--output", str(content)]
            + ["--base-url", base, "--captures", str(tmp_path / "captures"), "--delay", "0"]
            + ["--no-progress"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    problems, count = check_content(content, load_settings(PROJECT_ROOT / "pelicanconf.py"))
    assert count >= 60
    assert [str(p) for p in problems] == []
