"""`profile infer` refuses what it cannot learn from, naming the source and what to do; it
never leaves a half-written or overwritten profile."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from scraper.cli import main
from tests.support.paths import TEST_FIXTURES
from tools.demo_portal import GOV_ORIGIN, GOV_ROOT, serve

DEMO = TEST_FIXTURES / "demo_portal"
ARTICLES = sorted((DEMO / "tin-tuc").glob("*.html"))[:4]
ORIGIN = "http://127.0.0.1:8000"


def given(path: Path) -> str:
    """A saved demo page with its address (the demo pages declare none)."""
    return f"{path}={ORIGIN}/{path.relative_to(DEMO).as_posix()}"


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main(["profile", "infer", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_fewer_than_three_pages(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "demo2", *map(given, ARTICLES[:2]), "--out", tmp_path / "x.toml")
    assert code == 2
    assert "2 article pages given: give 3 to 10" in err
    assert not (tmp_path / "x.toml").exists()


def test_a_page_that_is_not_an_article(capsys, tmp_path) -> None:
    listing = DEMO / "chuyen-muc" / "kinh-te" / "index.html"
    code, _, err = run(
        capsys, "demo2", *map(given, ARTICLES[:2]), given(listing), "--out", tmp_path / "x.toml"
    )
    assert code == 2
    assert f"error: {listing}: not an article page" in err
    assert not (tmp_path / "x.toml").exists()


def test_a_saved_page_that_does_not_say_its_address(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "demo2", *ARTICLES[:3], "--out", tmp_path / "x.toml")
    assert code == 2
    assert f"{ARTICLES[0]}: the saved page does not say its address" in err
    assert f"give it as {ARTICLES[0]}=https://" in err


def test_a_missing_file(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "demo2", "nope.html", *map(given, ARTICLES[:2]))
    assert code == 2
    assert "nope.html: no such file, and not an http(s) address" in err


def test_an_unreachable_address(capsys, tmp_path) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/tin-tuc/a-b-c-1.html"
    code, _, err = run(
        capsys, "demo2", url, *map(given, ARTICLES[:2]), "--delay", "0", "--out", tmp_path / "x"
    )
    assert code == 2
    assert f"error: {url}: cannot fetch" in err


def test_a_page_forbidden_by_robots_txt_is_not_fetched(capsys, tmp_path) -> None:
    with serve(GOV_ROOT, origin=GOV_ORIGIN) as (base, state):
        url = f"{base}/noi-bo/chi-tiet.aspx?ItemID=9001"
        code, _, err = run(
            capsys, "gov", url, *map(given, ARTICLES[:2]), "--delay", "0", "--out", tmp_path / "x"
        )
        hits = dict(state.hits)
    assert code == 2
    assert f"{url}: forbidden by the portal's robots.txt" in err
    assert not any(path.startswith("/noi-bo/") for path in hits)


def test_a_delay_below_one_second_only_on_loopback(capsys, tmp_path) -> None:
    code, _, err = run(
        capsys, "x", "https://portal.example.vn/a-b-c-1.html", *map(given, ARTICLES[:2]),
        "--delay", "0.1",
    )  # fmt: skip
    assert code == 2
    assert "only when every host is a loopback address" in err


def test_an_existing_profile_is_never_overwritten(capsys, tmp_path) -> None:
    out = tmp_path / "mine.toml"
    out.write_text("# my edits\n", encoding="utf-8")
    code, _, err = run(capsys, "mine", *map(given, ARTICLES[:3]), "--out", out)
    assert code == 2
    assert "exists and is not overwritten" in err
    assert out.read_text(encoding="utf-8") == "# my edits\n"
    code, out_text, _ = run(capsys, "mine", *map(given, ARTICLES[:3]), "--out", out, "--force")
    assert code == 0 and "Wrote" in out_text
    assert out.read_text(encoding="utf-8").startswith("# mine: draft")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.toml"]  # no temporary file left


def test_the_default_output_is_the_operators_profiles_folder(capsys, tmp_path, monkeypatch):
    from scraper.profiles import load_profile

    monkeypatch.setenv("ARCHIVE_PROFILES", str(tmp_path))
    code, out, _ = run(capsys, "anhoa", *map(given, ARTICLES[:3]))
    assert code == 0
    assert (tmp_path / "anhoa.toml").is_file()
    assert "python -m scraper crawl anhoa" in out
    assert load_profile("anhoa").path == tmp_path / "anhoa.toml"  # found by name


@pytest.mark.parametrize("name", ["Bad Name", "../x", ""])
def test_a_bad_name(capsys, name: str) -> None:
    code, _, err = run(capsys, name, *map(given, ARTICLES[:3]))
    assert code == 2
    assert "lower-case letters, digits" in err
