"""Profiles are validated on load; errors name the file and the field."""

from pathlib import Path

import pytest

from scraper.profiles import ProfileError, available_profiles, load_profile

VALID = """
name = "thu"
start_urls = ["http://127.0.0.1:8000/"]
allowed_domains = ["127.0.0.1"]
article_url_pattern = '/tin/[a-z0-9-]+\\.html$'
drop = ["nav", "footer"]

[listing]
item = ["article.item"]
next = "a[rel=next]"

[fields]
title = "h1"
date = ['meta[property="article:published_time"]::attr(content)', "span.date"]
body = "div.content"

[[other_news]]
block = "div.other"
item = "li"

[politeness]
download_delay = 1.5
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thu.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_profile_loads(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, VALID))
    assert profile.name == "thu"
    assert profile.fields.date[0].attr == "content"
    assert profile.fields.date[0].css == 'meta[property="article:published_time"]'
    assert profile.listing.next[0].css == "a[rel=next]"
    assert profile.politeness.download_delay == 1.5
    assert profile.politeness.concurrent_requests_per_domain == 1
    assert profile.is_article_url("http://127.0.0.1:8000/tin/bai-mot.html")
    assert not profile.is_article_url("http://127.0.0.1:8000/chuyen-muc/")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('name = "thu"', 'name = "Thử nghiệm"', "name"),
        ('start_urls = ["http://127.0.0.1:8000/"]', 'start_urls = ["ftp://x/"]', "start_urls"),
        ('start_urls = ["http://127.0.0.1:8000/"]', "start_urls = []", "start_urls"),
        ('allowed_domains = ["127.0.0.1"]', "allowed_domains = 5", "allowed_domains"),
        ("'/tin/[a-z0-9-]+\\.html$'", "'/tin/[a-z'", "article_url_pattern"),
        ('title = "h1"', 'title = "h1[["', "fields.title"),
        ('title = "h1"', "", "fields.title"),
        ('body = "div.content"', "body = 3", "fields.body"),
        ('item = "li"', 'itemz = "li"', "other_news[0].itemz"),
        ("download_delay = 1.5", "download_delay = 0.2", "politeness.download_delay"),
        ("download_delay = 1.5", 'download_delay = "fast"', "politeness.download_delay"),
        (
            "download_delay = 1.5",
            "concurrent_requests_per_domain = 0",
            "politeness.concurrent_requests_per_domain",
        ),
        ('drop = ["nav", "footer"]', 'drop = ["nav", "footer"]\ncolour = "red"', "colour"),
        ('drop = ["nav", "footer"]', 'drop = ["nav"]\ncharset = "klingon-8"', "charset"),
        (
            'drop = ["nav", "footer"]',
            'drop = ["nav"]\ndate_formats = ["dd/mm/yyyy"]',
            "date_formats",
        ),
    ],
)
def test_invalid_field_is_named(tmp_path: Path, old: str, new: str, field: str) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert err.value.field == field
    assert str(path) in str(err.value) and f"'{field}'" in str(err.value)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "\n[fields\n")
    with pytest.raises(ProfileError, match="invalid TOML") as err:
        load_profile(path)
    assert str(path) in str(err.value)


def test_missing_profile_lists_available_ones() -> None:
    with pytest.raises(ProfileError, match="no such profile") as err:
        load_profile("khong-co")
    assert "khong-co.toml" in str(err.value) and "baochinhphu" in str(err.value)


@pytest.mark.parametrize("name", available_profiles())
def test_shipped_profiles_are_valid(name: str) -> None:
    profile = load_profile(name)
    assert profile.name == name
    assert profile.politeness.download_delay >= 1.0


def test_an_operators_profile_is_found_before_the_bundled_one(tmp_path, monkeypatch) -> None:
    from scraper.profiles import PROFILES_DIR

    bundled = (PROFILES_DIR / "demo.toml").read_text(encoding="utf-8")
    (tmp_path / "demo.toml").write_text(
        bundled.replace('date_formats = ["%d/%m/%Y - %H:%M"]', 'date_formats = ["%d.%m.%Y"]'),
        encoding="utf-8",
    )
    (tmp_path / "moi.toml").write_text(bundled.replace('name = "demo"', 'name = "moi"'), "utf-8")
    monkeypatch.setenv("ARCHIVE_PROFILES", str(tmp_path))
    assert load_profile("demo").date_formats == ("%d.%m.%Y",)
    assert load_profile("demo").path == tmp_path / "demo.toml"
    assert "moi" in available_profiles() and "baochinhphu" in available_profiles()
    monkeypatch.setenv("ARCHIVE_PROFILES", str(tmp_path / "none"))
    assert load_profile("demo").path == PROFILES_DIR / "demo.toml"


@pytest.mark.parametrize(
    ("address", "name", "domain"),
    [
        ("https://www.longan.dcs.vn/", "longan-dcs-vn", "longan.dcs.vn"),
        ("http://127.0.0.1:8123/", "127-0-0-1", "127.0.0.1"),
        ("https://tanlap.gov.vn/Pages/default.aspx", "tanlap-gov-vn", "tanlap.gov.vn"),
    ],
)
def test_a_portal_known_by_its_address(address: str, name: str, domain: str) -> None:
    from scraper.profiles import generic_profile

    profile = generic_profile(address)
    assert (profile.name, profile.allowed_domains, profile.start_urls) == (
        name,
        (domain,),
        (address,),
    )
    assert profile.generic and profile.is_article_url(address)
    assert generic_profile(address, name="tan-lap").name == "tan-lap"


def test_a_bad_address_or_name_is_refused() -> None:
    from scraper.profiles import generic_profile

    with pytest.raises(ProfileError, match="not an http"):
        generic_profile("ftp://portal.example.vn/")
    with pytest.raises(ProfileError, match="lower-case"):
        generic_profile("https://portal.example.vn/", name="Tân Lập")
