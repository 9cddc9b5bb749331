"""PUBLISH_CAPTURES: the WACZ packages are verified before the build, published beside the site
as ban-goc/wacz/<portal>.wacz and listed in the build manifest; a broken one refuses the
publish (exit 2, nothing uploaded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.packages.create import package_portal
from tests.scraper.packages.support import write_small_captures
from tests.support.publishing import FIRST, publish_env, run, snapshot, write_content
from tools.publishing.config import ConfigError, load_config

pytestmark = pytest.mark.slow


def made_package(tmp_path: Path) -> Path:
    captures = tmp_path / "captures"
    write_small_captures(captures)
    return package_portal(captures, "demo", tmp_path / "content").path


def captures_env(tmp_path: Path, dest: Path) -> dict[str, str]:
    return publish_env(
        tmp_path,
        "http://127.0.0.1:9",
        dest=str(dest),
        verify="0",
        captures="1",
        captures_dir=str(tmp_path / "captures"),
    )


def test_packages_are_published_beside_the_site_and_in_the_manifest(tmp_path):
    write_content(tmp_path / "content", FIRST)
    package = made_package(tmp_path)
    dest = tmp_path / "target"
    result = run(tmp_path, captures_env(tmp_path, dest))
    assert result.returncode == 0, result.stderr
    published = tmp_path / "output" / "ban-goc" / "wacz" / "demo.wacz"
    assert published.read_bytes() == package.read_bytes()
    manifest = json.loads((tmp_path / "output" / ".build-manifest.json").read_text())
    assert manifest["files"]["ban-goc/wacz/demo.wacz"]["size"] == package.stat().st_size
    assert (
        dest / "current" / "ban-goc" / "wacz" / "demo.wacz"
    ).read_bytes() == package.read_bytes()


def test_a_package_that_fails_verification_refuses_the_publish(tmp_path):
    write_content(tmp_path / "content", FIRST)
    package = made_package(tmp_path)
    dest = tmp_path / "target"
    env = captures_env(tmp_path, dest)
    assert run(tmp_path, env).returncode == 0
    before = snapshot(dest)
    data = bytearray(package.read_bytes())
    data[len(data) // 3] ^= 0x01  # one byte of the WARC file inside the package
    package.write_bytes(bytes(data))
    refused = run(tmp_path, env)
    assert refused.returncode == 2, refused.stderr
    assert "the capture packages failed verification" in refused.stderr
    assert "demo.wacz" in refused.stderr and "mismatch" in refused.stderr.lower()
    assert "Nothing on the target was changed." in refused.stderr
    assert snapshot(dest) == before


def test_publishing_captures_without_packages_is_refused(tmp_path):
    write_content(tmp_path / "content", FIRST)
    (tmp_path / "captures").mkdir()
    refused = run(tmp_path, captures_env(tmp_path, tmp_path / "target"))
    assert refused.returncode == 2
    assert "holds no package" in refused.stderr and "make package-captures" in refused.stderr
    assert not (tmp_path / "target").exists()


def test_publish_captures_setting_in_publishconf(tmp_path):
    conf = tmp_path / "publishconf.py"
    conf.write_text('SITEURL = "https://example.org"\nPUBLISH_CAPTURES = True\n')
    assert load_config(conf, env={})["captures"] is True
    assert load_config(conf, env={"ARCHIVE_PUBLISH_CAPTURES": "0"})["captures"] is False
    conf.write_text(
        'SITEURL = "https://example.org"\nPUBLISH_CAPTURES = True\nPUBLISH = {"captures": False}\n'
    )
    with pytest.raises(ConfigError, match="disagree"):
        load_config(conf, env={})
