"""`python -m scraper profile infer`: a draft profile from five pages of each offline portal,
whose crawl gives, article by article, what the portal's reference crawl gives.

- The government portal (no profile exists): the draft's crawl against the crawl by address
  (the generic extractor) — the same Markdown for every article.
- The demo portal: the draft's crawl against the crawl with its hand-written bundled profile.

The volatile lines (Captured, Capture_*, the Portal name and the images folder named after it,
the port) are set aside.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from scraper.profiles import load_profile
from scraper.store import unseal
from tests.scraper.crawl_support import TEST_DELAY, crawl, run_scraper
from tools.demo_portal import GOV_ORIGIN, GOV_ROOT, serve

pytestmark = pytest.mark.slow

# Five pages an operator would pick: several sections, photos in both layouts, bylines in
# both places, a notice without a byline.
GOV_IDS = (1190, 1261, 1367, 1459, 1543)
DEMO_PAGES = (
    "hoi-nghi-lan-thu-19-ban-chap-hanh-dang-bo-tinh-khoa-xi-1109.html",  # div.news-author
    "chuan-bi-chu-dao-dai-hoi-dang-bo-cac-cap-nhiem-ky-2025-2030-1094.html",  # p.text-right
    "thong-bao-lich-tiep-cong-dan-cua-dong-chi-bi-thu-tinh-uy-thang-4-2025-1205.html",
    "huyen-can-thanh-phong-chong-xam-nhap-man-bao-ve-san-xuat-vu-dong-xuan-1196.html",
    "hoi-nghi-lan-thu-14-ban-chap-hanh-dang-bo-tinh-khoa-xi-1214.html",
)
_VOLATILE = re.compile(r"(?m)^(Captured|Capture_\w+|Portal): .*\n")


def comparable(root: Path) -> dict[str, str]:
    """Source (port-free) -> the article's Markdown without its volatile lines."""
    out = {}
    for path in root.rglob("*.md"):
        text = unseal(path.read_text(encoding="utf-8"))[0]
        text = re.sub(r"127\.0\.0\.1:\d+", "PORT", text)
        text = _VOLATILE.sub("", text)
        text = re.sub(r"images/[^/]+/[0-9a-f]{10}-", "images/X/", text)
        out[re.search(r"(?m)^Source: (\S+)", text).group(1)] = text
    return out


def infer(tmp: Path, name: str, urls: list[str], listing: str, *extra: str):
    return run_scraper(
        "profile", "infer", name, *urls, "--listing", listing, "--out", tmp / f"{name}.toml",
        "--delay", TEST_DELAY, *extra,
    )  # fmt: skip


def crawl_with(profile: Path, base: str, tmp: Path):
    return run_scraper(
        "crawl", profile, "--base-url", base, "--output", tmp / "content",
        "--captures", tmp / "captures", "--delay", TEST_DELAY, "--no-progress",
    )  # fmt: skip


def per_field(report: str) -> dict[str, tuple[int, int]]:
    return {
        m[1]: (int(m[2]), int(m[3])) for m in re.finditer(r"(?m)^  (\w+)\s+(\d+)/(\d+)\s", report)
    }


@pytest.fixture(scope="module")
def gov(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gov-infer")
    with serve(GOV_ROOT, origin=GOV_ORIGIN) as (base, _):
        urls = [f"{base}/Pages/tin-tuc/chi-tiet.aspx?ItemID={i}" for i in GOV_IDS]
        inferred = infer(tmp, "tanlap", urls, f"{base}/Pages/tin-tuc/tin-hoat-dong.aspx")
        assert inferred.returncode == 0, inferred.stdout + inferred.stderr
        by_profile = crawl_with(tmp / "tanlap.toml", base, tmp / "profile")
        by_address = run_scraper(
            "crawl", f"{base}/", "--name", "tanlap", "--output", tmp / "address" / "content",
            "--captures", tmp / "address" / "captures", "--delay", TEST_DELAY, "--no-progress",
        )  # fmt: skip
        # the profile crawl over the address crawl's folder, as README's steps do it
        again = crawl_with(tmp / "tanlap.toml", base, tmp / "address")
    return tmp, inferred, by_profile, by_address, again


def test_the_gov_draft_loads_and_names_what_it_learned(gov) -> None:
    tmp, inferred, *_ = gov
    profile = load_profile(tmp / "tanlap.toml")
    data = tomllib.loads((tmp / "tanlap.toml").read_text("utf-8"))
    assert profile.name == "tanlap"
    assert profile.is_article_url("http://127.0.0.1:1/Pages/tin-tuc/chi-tiet.aspx?ItemID=77")
    assert not profile.is_article_url("http://127.0.0.1:1/Pages/tin-tuc/thong-bao.aspx")
    # the other sections the listing page's menu links to are start pages too
    assert {re.sub(r"^http://[^/]+", "", u) for u in data["start_urls"]} >= {
        "/Pages/tin-tuc/tin-hoat-dong.aspx",
        "/Pages/tin-tuc/thong-bao.aspx",
    }
    assert data["listing"]["item"] and data["fields"]["title"] and data["other_news"]
    assert "Article URLs: /Pages/tin-tuc/chi-tiet.aspx?ItemID={id}" in inferred.stdout


def test_the_gov_draft_agrees_with_the_generic_extractor_on_its_samples(gov) -> None:
    _, inferred, *_ = gov
    fields = per_field(inferred.stdout)
    assert set(fields) >= {"title", "date", "authors", "lead", "body", "category", "other_news"}
    assert all(agree == total == len(GOV_IDS) for agree, total in fields.values()), inferred.stdout


def test_the_gov_drafts_crawl_gives_the_address_crawls_articles(gov) -> None:
    tmp, _, by_profile, by_address, _ = gov
    assert by_profile.returncode == 0, by_profile.stdout + by_profile.stderr
    assert by_address.returncode == 0, by_address.stdout + by_address.stderr
    profile = comparable(tmp / "profile" / "content")
    address = comparable(tmp / "address" / "content")
    assert len(profile) == len(address) == 54
    for source, text in address.items():
        assert profile[source] == text, source


def test_the_profile_crawl_over_the_address_crawl_changes_nothing(gov) -> None:
    """Same portal name: the profile crawl finds the address crawl's articles unchanged."""
    *_, again = gov
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Summary: new 0, updated 0, unchanged 54," in again.stdout


def test_the_demo_draft_crawls_like_the_bundled_profile(tmp_path) -> None:
    with serve() as (base, _):
        urls = [f"{base}/tin-tuc/{name}" for name in DEMO_PAGES]
        inferred = infer(tmp_path, "anhoa", urls, f"{base}/chuyen-muc/kinh-te/")
        assert inferred.returncode == 0, inferred.stdout + inferred.stderr
        by_draft = crawl_with(tmp_path / "anhoa.toml", base, tmp_path / "draft")
        bundled = crawl(base, tmp_path / "bundled" / "content", tmp_path / "bundled" / "w")
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr
    fields = per_field(inferred.stdout)
    assert all(agree == total == len(DEMO_PAGES) for agree, total in fields.values())
    assert by_draft.returncode == 0, by_draft.stdout + by_draft.stderr
    draft = comparable(tmp_path / "draft" / "content")
    reference = comparable(tmp_path / "bundled" / "content")
    assert len(draft) == len(reference) >= 60
    for source, text in reference.items():
        assert draft[source] == text, source
