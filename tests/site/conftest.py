"""The sample archive (content/) built once per test session into a temporary folder."""

from __future__ import annotations

import pytest

from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site

SEED_SLUG = (
    "nang-cao-hieu-qua-hoat-dong-to-cong-tac-dac-biet-de-kip-thoi-thao-go-xu-ly-cac-kho-khan-"
    "cua-cac-du-an-trong-diem-tren"
)
SEED_PAGE = f"2025/05/{SEED_SLUG}/index.html"
BAOCHINHPHU_PAGE = "2026/03/chinh-sach-moi-co-hieu-luc-tu-thang-3-2026/index.html"


class BuiltSite:
    def __init__(self, output, log):
        self.output = output
        self.log = log

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> BuiltSite:
    output = tmp_path_factory.mktemp("sample_site") / "output"
    result = build_site(PROJECT_ROOT / "content", output)
    return BuiltSite(output, result.stdout)
