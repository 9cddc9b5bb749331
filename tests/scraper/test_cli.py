"""`python -m scraper` commands (extract, import-text; --help for all)."""

import json
import subprocess
import sys

import pytest

from scraper.cli import main
from tests.support.paths import PROJECT_ROOT, REAL_PAGES, SEED_TEXT

BCP = REAL_PAGES / "baochinhphu_article.html"
BCP_URL = "https://baochinhphu.vn/chinh-sach-moi-co-hieu-luc-tu-thang-3-2026-102260228093004191.htm"


@pytest.mark.parametrize("command", ["crawl", "extract", "import-text", "replay", "import-warc"])
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scraper", command, "--help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "usage: python -m scraper " + command in result.stdout
    assert "--output" in result.stdout or command == "extract"


def test_extract_json_with_profile_chosen_by_url(capsys) -> None:
    assert main(["extract", str(BCP), "--url", BCP_URL, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "title",
        "date",
        "modified",
        "authors",
        "summary",
        "category",
        "tags",
        "body_markdown",
        "images",
        "other_news",
        "source_url",
        "lang",
    ]
    assert data["title"] == "Chính sách mới có hiệu lực từ tháng 3/2026"
    assert data["date"] == "2026-03-01T09:51:00+07:00"
    assert data["category"] == "Chính sách mới"
    assert data["source_url"] == BCP_URL and data["lang"] == "vi"
    assert len(data["other_news"]) == 5


def test_extract_markdown_generic(capsys) -> None:
    page = REAL_PAGES / "nhandan_article.html"
    assert main(["extract", str(page), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Title: Đánh bại Argentina, Tây Ban Nha vô địch World Cup lần thứ hai\n")
    assert "\nAuthors: TP\n" in out and "\nCategory: Tin tức\n" in out


def test_extract_page_without_date_fails_with_reason(tmp_path, capsys) -> None:
    page = tmp_path / "khong-ngay.html"
    page.write_text(
        "<html><body><h1 data-role='title'>Tiêu đề</h1>"
        "<div data-role='content'><p>x</p></div></body></html>",
        encoding="utf-8",
    )
    code = main(["extract", str(page), "--profile", "baochinhphu", "--format", "json"])
    err = capsys.readouterr().err
    assert code == 1 and str(page) in err and "no date found" in err


def test_extract_missing_file_and_bad_profile(tmp_path, capsys) -> None:
    assert main(["extract", str(tmp_path / "khong-co.html"), "--format", "json"]) == 2
    assert "khong-co.html" in capsys.readouterr().err
    assert main(["extract", str(BCP), "--profile", "khong-co", "--format", "json"]) == 2
    assert "khong-co.toml" in capsys.readouterr().err


def test_import_text_refuses_without_date_and_names_newest_listing_date(tmp_path, capsys) -> None:
    assert main(["import-text", str(SEED_TEXT), "--output", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--date" in err and "28/05/2025" in err and SEED_TEXT.name in err
    assert not any(tmp_path.iterdir())  # nothing written


def test_import_text_rejects_a_bad_date(tmp_path, capsys) -> None:
    code = main(["import-text", str(SEED_TEXT), "--date", "hôm qua", "--output", str(tmp_path)])
    assert code == 2 and "not a date" in capsys.readouterr().err


def test_import_text_writes_the_article(tmp_path, capsys) -> None:
    argv = [
        "import-text",
        str(SEED_TEXT),
        "--date",
        "28/05/2025 08:00",
        "--source-url",
        "https://longan.dcs.vn/",
        "--portal",
        "longan",
        "--category",
        "Tin hoạt động",
        "--output",
        str(tmp_path),
    ]
    assert main(argv) == 0
    files = list(tmp_path.rglob("*.md"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("Title: Nâng cao hiệu quả hoạt động Tổ công tác đặc biệt")
    assert "\nDate: 2025-05-28T08:00:00+07:00\n" in text
    assert "\nAuthors: Trường Phúc\n" in text and "\nPortal: longan\n" in text
    assert '<figure class="no-image">' in text
    first = files[0].read_bytes()
    capsys.readouterr()
    assert main(argv) == 0  # same input: unchanged, same bytes
    assert "unchanged" in capsys.readouterr().out
    assert files[0].read_bytes() == first
