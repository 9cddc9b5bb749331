"""Signed packages, with no network: the wacz library signs through an authsign-compatible
`/sign` endpoint on 127.0.0.1 (tests/scraper/packages/signing_server.py) and verification checks
the signature with authsign's Verifier against the trusted roots it is given."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from scraper.packages.create import PackageError, package_portal
from scraper.packages.signing import SigningConfig, check_signature
from scraper.packages.verify import library_validation, verify_package
from tests.scraper.crawl_support import run_scraper
from tests.scraper.packages.signing_server import TOKEN, LocalSigner, serve_signer
from tests.scraper.packages.support import write_small_captures

pytestmark = pytest.mark.skipif(not shutil.which("openssl"), reason="make deps-system: openssl")


@pytest.fixture(scope="module")
def signer(tmp_path_factory) -> LocalSigner:
    return LocalSigner.create(tmp_path_factory.mktemp("signer"))


def captures(tmp_path: Path) -> Path:
    write_small_captures(tmp_path / "captures")
    return tmp_path / "captures"


def rewrite_member(package: Path, name: str, data: bytes) -> None:
    """The package with one member replaced (everything else copied as it is)."""
    changed = package.with_suffix(".tmp")
    with zipfile.ZipFile(package) as old, zipfile.ZipFile(changed, "w") as new:
        for info in old.infolist():
            new.writestr(info, data if info.filename == name else old.read(info.filename))
    changed.replace(package)


def test_a_signed_package_verifies_with_its_roots_and_not_without(signer, tmp_path):
    folder = captures(tmp_path)
    with serve_signer(signer) as url:
        signing = SigningConfig(url=url, token=TOKEN, trusted_roots=str(signer.roots_file))
        result = package_portal(folder, "demo", tmp_path / "content", signing=signing)
    assert result.signed and signer.calls >= 1
    with zipfile.ZipFile(result.path) as wacz:
        digest = json.loads(wacz.read("datapackage-digest.json"))
        created = json.loads(wacz.read("datapackage.json"))["created"]
    assert digest["signedData"]["domain"] == "archive.example"
    assert digest["signedData"]["created"] == created
    assert library_validation(result.path) == []
    report = verify_package(folder, "demo", None, signing)
    assert report.problems == [] and report.signed
    untrusted = verify_package(folder, "demo", None, SigningConfig())  # authsign's own roots
    assert len(untrusted.problems) == 1
    assert "the signature does not verify: Trusted Domain Root Cert" in untrusted.problems[0]


def test_a_signature_of_another_hash_fails(signer, tmp_path):
    folder = captures(tmp_path)
    with serve_signer(signer) as url:
        signing = SigningConfig(url=url, token=TOKEN, trusted_roots=str(signer.roots_file))
        package = package_portal(folder, "demo", tmp_path / "content", signing=signing).path
    with zipfile.ZipFile(package) as wacz:
        digest = json.loads(wacz.read("datapackage-digest.json"))
    forged = signer.sign({"hash": "sha256:" + "0" * 64, "created": digest["signedData"]["created"]})
    digest["signedData"]["signature"] = forged["signature"]
    rewrite_member(package, "datapackage-digest.json", json.dumps(digest).encode())
    report = verify_package(folder, "demo", None, signing)
    assert any("Verify signature of hash with public key" in p for p in report.problems), report
    reason = check_signature(digest["signedData"], "sha256:" + "1" * 64, "x")
    assert reason.startswith("the signature covers")


def test_signing_configured_requires_signed_packages_and_a_refused_signing_makes_none(
    signer, tmp_path
):
    folder = captures(tmp_path)
    package_portal(folder, "demo", tmp_path / "content")  # unsigned
    with serve_signer(signer) as url:
        signing = SigningConfig(url=url, token=TOKEN, trusted_roots=str(signer.roots_file))
        report = verify_package(folder, "demo", None, signing)
        assert any("not signed, but signing is configured" in p for p in report.problems)
        before = (folder / "packages" / "demo.wacz").read_bytes()
        with pytest.raises(PackageError, match="signing at .* failed"):
            package_portal(
                folder, "demo", tmp_path / "content",
                signing=SigningConfig(url=url, token="wrong"), force=True,
            )  # fmt: skip
    assert (folder / "packages" / "demo.wacz").read_bytes() == before  # left as it was


def test_make_package_and_verify_signed_from_the_environment(signer, tmp_path, monkeypatch):
    folder = captures(tmp_path)
    secrets = tmp_path / ".secrets"
    secrets.mkdir()
    (secrets / "wacz-signing-token").write_text(TOKEN + "\n")
    (secrets / "wacz-signing-token").chmod(0o600)
    with serve_signer(signer) as url:
        monkeypatch.setenv("ARCHIVE_WACZ_SIGNING_URL", url)
        monkeypatch.setenv("ARCHIVE_WACZ_SIGNING_TOKEN_FILE", str(secrets / "wacz-signing-token"))
        monkeypatch.setenv("ARCHIVE_WACZ_TRUSTED_ROOTS", str(signer.roots_file))
        made = run_scraper("package", "--captures", folder, "--content", tmp_path / "content")
    assert made.returncode == 0, made.stderr
    assert "demo.wacz new (signed)" in made.stdout
    checked = run_scraper("verify-captures", "--captures", folder, "--no-content")
    assert checked.returncode == 0, checked.stdout
    assert "(signed)" in checked.stdout and "0 mismatches" in checked.stdout
