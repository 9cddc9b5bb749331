"""plugins/portal_pages/registry.py: portals.toml read, validated, errors naming file and field."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from plugins.portal_pages.registry import LEVELS, PortalsError, load_registry, parse_registry
from tests.support.paths import PROJECT_ROOT

GOOD = """
[portals.hue]
name = "Cổng thông tin điện tử tỉnh Thừa Thiên Huế"
level = "ubnd-tinh"
province = "Huế"
former_province = "Thừa Thiên Huế"
address = "https://thuathienhue.gov.vn/"
published_from = 2010-01-01
closed_on = 2025-07-01
replaced_by = "https://hue.gov.vn/"

[portals.phong-dien]
name = "Huyện Phong Điền"
level = "huyen"
province = "Huế"
published_until = "2025-06-30"
closed_on = 2025-07-01
merged_into = "hue"

[portals.chinhphu]
name = "Báo điện tử Chính phủ"
level = "trung-uong"
"""


def parse(text: str):
    return parse_registry(tomllib.loads(text), "portals.toml")


def test_a_good_file_gives_every_field():
    registry = parse(GOOD)
    hue = registry.get("hue")
    assert hue.level == "ubnd-tinh" and hue.level_name == "UBND tỉnh"
    assert hue.province == "Huế" and hue.former_province == "Thừa Thiên Huế"
    assert hue.published_from == dt.date(2010, 1, 1) and hue.closed_on == dt.date(2025, 7, 1)
    assert hue.successor == "https://hue.gov.vn/"
    district = registry.get("phong-dien")
    assert district.published_until == dt.date(2025, 6, 30)  # a date written as text
    assert district.successor == "hue"
    assert registry.get("chinhphu").province is None  # central: no province needed
    assert list(registry.portals) == ["hue", "phong-dien", "chinhphu"]


def table(**fields) -> str:
    lines = ["[portals.hue-city]"]
    base = {"name": '"Huế"', "level": '"ubnd-tinh"', "province": '"Huế"'}
    base.update(fields)
    lines += [f"{key} = {value}" for key, value in base.items() if value is not None]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            table(level='"quận"'),
            "portals.toml: portals.hue-city.level: 'quận' is not one of " + ", ".join(LEVELS),
        ),
        (table(name=None), "portals.toml: portals.hue-city.name: is required"),
        (table(name='""'), "portals.toml: portals.hue-city.name: '' must be non-empty text"),
        (table(level=None), "portals.toml: portals.hue-city.level: is required"),
        (table(province=None), "portals.toml: portals.hue-city.province: is required"),
        (table(colour='"red"'), "portals.toml: portals.hue-city.colour: unknown field"),
        (table(address='"hue.gov.vn"'), "portals.hue-city.address: 'hue.gov.vn' is not an http"),
        (table(closed_on='"1/7/2025"'), "portals.hue-city.closed_on: '1/7/2025' is not a date"),
        (table(closed_on="7"), "portals.hue-city.closed_on: 7 is not a date"),
        (
            table(published_from="2025-01-01", published_until="2024-01-01"),
            "portals.hue-city.published_until: 2024-01-01 is before published_from",
        ),
        (
            table(published_from="2025-01-01", closed_on="2024-01-01"),
            "portals.hue-city.closed_on: 2024-01-01 is before published_from",
        ),
        (
            table(merged_into='"https://a.vn/"', replaced_by='"https://b.vn/"'),
            "portals.hue-city.replaced_by: give merged_into or replaced_by, not both",
        ),
        (table(merged_into='"hue"'), "portals.hue-city.merged_into: 'hue' is neither a portal key"),
        (table(merged_into='"hue-city"'), "portals.hue-city.merged_into: a portal cannot succeed"),
        ('[portals."Huế"]\nname = "x"\n', "portals.toml: portals.Huế: the key must be"),
        ("[portals]\nhue = 3\n", "portals.toml: portals.hue: must be a table"),
        ("portals = 3\n", "portals.toml: portals: must be tables"),
        ("[portal.hue]\nname = 'x'\n", "portals.toml: portal: unknown table"),
        (
            table(merged_into='"b"') + '[portals.b]\nname = "B"\nlevel = "xa"\nprovince = "Huế"\n'
            'merged_into = "hue-city"\n',
            "portals.toml: portals.hue-city: successors go round in a circle: hue-city → b → "
            "hue-city",
        ),
    ],
)
def test_mistakes_name_the_file_and_the_field(text, message):
    with pytest.raises(PortalsError) as error:
        parse(text)
    assert message in str(error.value)


def test_load_names_the_file_for_bad_toml_and_reads_a_missing_file_as_empty(tmp_path):
    path = tmp_path / "portals.toml"
    assert load_registry(path).portals == {}
    path.write_text("[portals.hue\n", encoding="utf-8")
    with pytest.raises(PortalsError, match=r"^portals.toml: is not valid TOML"):
        load_registry(path)
    path.write_text(GOOD, encoding="utf-8")
    assert set(load_registry(path).portals) == {"hue", "phong-dien", "chinhphu"}


def test_the_repository_portals_toml_is_valid_and_names_the_sample_portals():
    registry = load_registry(PROJECT_ROOT / "portals.toml")
    portals = {path.read_text(encoding="utf-8").split("\nPortal: ", 1)[1].split("\n", 1)[0]
               for path in (PROJECT_ROOT / "content").rglob("*.md")
               if "\nPortal: " in path.read_text(encoding="utf-8")}  # fmt: skip
    assert portals and portals <= set(registry.portals)
    assert {"demo", "demo-tanphuoc"} <= set(registry.portals)
    assert registry.get("demo-tanphuoc").merged_into == "demo"
