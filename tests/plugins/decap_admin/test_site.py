"""The build writes /admin/ for `make edit` and never publishes it unless PUBLISH_ADMIN."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site
from tools.pelican_command import pelican_command

PUBLIC = "https://luu-tru.example.org/ban-tin"


def _publish_build(output, admin: str | None) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "ARCHIVE_SITEURL": PUBLIC,
    }
    if admin is not None:
        env["ARCHIVE_PUBLISH_ADMIN"] = admin
    command = pelican_command(PROJECT_ROOT / "content", output, PROJECT_ROOT / "publishconf.py")
    return subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip


def _config(output) -> dict:
    text = (output / "admin" / "config.yml").read_text(encoding="utf-8")
    return json.loads("\n".join(line for line in text.splitlines() if not line.startswith("#")))


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("dev") / "output"
    build_site(PROJECT_ROOT / "content", output)
    return output


def test_the_development_build_writes_admin(dev_site):
    admin = dev_site / "admin"
    for name in ("index.html", "config.yml", "decap-cms.js", "manual-init.js",
                 "archive-format.js", "archive-cms.js", "decap-cms.js.LICENSE.txt"):  # fmt: skip
        assert (admin / name).is_file(), name
    assert not list(admin.glob("*.map")), "source maps are not copied"
    # Every chunk decap-cms.js may load is there.
    package = PROJECT_ROOT / "node_modules" / "decap-cms" / "dist"
    assert {p.name for p in package.glob("*.decap-cms.js")} <= {p.name for p in admin.iterdir()}


def test_the_form_offers_the_categories_and_portals_in_use(dev_site):
    config = _config(dev_site)
    articles = {c["name"]: c for c in config["collections"]}["articles"]
    fields = {f["name"]: f for f in articles["fields"]}
    assert "Chính sách mới" in fields["category"]["options"]  # used by the baochinhphu sample
    assert "Thông báo" in fields["category"]["options"]  # KNOWN_CATEGORIES
    assert {"label": "Báo điện tử Chính phủ", "value": "baochinhphu"} in fields["portal"]["options"]
    assert config["locale"] == "vi"
    assert config["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"


@pytest.mark.slow
def test_publishing_leaves_admin_out(tmp_path):
    output = tmp_path / "output"
    result = _publish_build(output, None)
    assert result.returncode == 0, result.stdout
    assert (output / "index.html").is_file()
    assert not (output / "admin").exists()


@pytest.mark.slow
def test_publish_admin_true_publishes_it(tmp_path):
    output = tmp_path / "output"
    result = _publish_build(output, "1")
    assert result.returncode == 0, result.stdout
    assert (output / "admin" / "index.html").is_file()
    assert (output / "admin" / "decap-cms.js").is_file()
