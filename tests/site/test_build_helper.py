"""tests/support/site.build_site passes every extra setting to Pelican (not only the last one)."""

from __future__ import annotations

from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site


def test_every_extra_setting_reaches_pelican(tmp_path) -> None:
    build_site(
        PROJECT_ROOT / "content",
        tmp_path,
        extra={
            "SITENAME": "Kho thử nghiệm",
            "SITESUBTITLE": "Phụ đề thử nghiệm",
            "PLUGINS": ["vietnamese"],
        },
    )
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Kho thử nghiệm" in home
    assert "Phụ đề thử nghiệm" in home
    assert not (tmp_path / "search").exists()  # PLUGINS took effect too (no search index)
