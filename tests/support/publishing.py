"""Helpers for the end-to-end publishing tests: content, the environment, running the command.

Every test gets its own target, lock file and output folder under tmp_path, and runs
`python -m tools.publish` (what `make publish` / `make rollback` run) in a subprocess.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from .paths import PROJECT_ROOT

PUBLISHCONF = PROJECT_ROOT / "publishconf.py"
ARTICLE = """\
Title: {title}
Date: {date}
Category: Tin hoạt động
Slug: {slug}
Summary: {title} — tóm tắt.

{body}
"""
FIRST = {
    "hop-ban-chi-dao": ("Họp Ban Chỉ đạo tỉnh", "2025-05-28T08:00:00+07:00", "Nội dung lần một."),
    "dau-tu-cong": ("Giải ngân vốn đầu tư công", "2025-05-29T09:30:00+07:00", "Đầu tư công."),
}
SECOND = {
    **FIRST,
    "hop-ban-chi-dao": ("Họp Ban Chỉ đạo tỉnh", "2025-05-28T08:00:00+07:00", "Đã sửa, lần hai."),
    "ky-niem-thanh-lap": ("Kỷ niệm ngày thành lập", "2025-06-02T07:15:00+07:00", "Bài mới."),
}


def write_content(folder: Path, articles: dict, extra: dict[str, bytes] | None = None) -> Path:
    if folder.exists():
        for old in folder.rglob("*.md"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for slug, (title, date, body) in articles.items():
        text = ARTICLE.format(title=title, date=date, slug=slug, body=body)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    for name, data in (extra or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def publish_env(tmp_path: Path, site_url: str, **settings: str) -> dict[str, str]:
    """The environment of `make publish` for a test: its own target, lock file and settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env["ARCHIVE_SITEURL"] = site_url
    env["ARCHIVE_PUBLISH_VERIFY_DELAY"] = "0.2"
    env["ARCHIVE_PUBLISH_LOCK_FILE"] = str(tmp_path / ".publish.lock")
    for key, value in settings.items():
        env[f"ARCHIVE_PUBLISH_{key.upper()}"] = value
    return env


def publish_command(tmp_path: Path, command: str = "publish", *extra: str) -> list[str]:
    argv = [sys.executable, "-m", "tools.publish", command, "--conf", str(PUBLISHCONF)]
    if command == "publish":
        argv += ["--content", str(tmp_path / "content"), "--output", str(tmp_path / "output")]
    return [*argv, *extra]


def run(tmp_path: Path, env: dict, command: str = "publish", *extra: str):
    return subprocess.run(
        publish_command(tmp_path, command, *extra),
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def releases(dest: Path) -> list[str]:
    folders = (dest / "releases").iterdir()
    return sorted(p.name for p in folders if p.is_dir() and not p.name.startswith("."))


def verified(dest: Path) -> list[str]:
    return sorted(p.stem for p in (dest / "releases").glob("*.verified"))


def leftovers(tmp_path: Path) -> list[str]:
    """What publishing left beside the output folder (staging folders, the lock file)."""
    return sorted(p.name for p in tmp_path.iterdir() if ".publish" in p.name)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under a folder with what a change would alter (inode, mtime, link target)."""
    state = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        link = os.readlink(path) if path.is_symlink() else None
        state[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_mtime_ns, link)
    return state


BIG_FILE = random.Random(7).randbytes(1_500_000)  # incompressible, deterministic
