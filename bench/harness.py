"""Time whole builds side by side: plain Pelican (baseline), ours, our rebuilds, Hugo.

Every scenario runs `repeat` times, alternating scenarios within each round so machine drift hits
all of them equally. Each run is a child process: wall time from fork to exit, peak RSS from
`os.wait4` (the child and the processes it waited for, e.g. Pagefind's binary).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tools.pelican_command import pelican_command as build_command

from .corpus import generate_corpus
from .hugo import make_hugo_site

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "LANG": "C.UTF-8",
    "PYTHONHASHSEED": "0",
    "HOME": os.environ.get("HOME", "/root"),
}


@dataclass
class Measure:
    seconds: float
    max_rss_mb: float


@dataclass
class Scenario:
    name: str
    label: str
    command: Callable[[], list[str]]
    cwd: Path = ROOT
    before: Callable[[], None] = lambda: None
    after: Callable[[], None] = lambda: None
    # Build again, untimed, once `after` has undone the change: the next scenario then starts
    # from a build of the unchanged content (else a rebuild after an addition would also
    # rebuild the undone edit of the scenario before it).
    settle: bool = False
    runs: list[Measure] = field(default_factory=list)

    def summary(self) -> dict:
        seconds = [m.seconds for m in self.runs]
        rss = [m.max_rss_mb for m in self.runs]
        return {
            "label": self.label,
            "runs": len(seconds),
            "median_s": round(statistics.median(seconds), 3) if seconds else None,
            "min_s": round(min(seconds), 3) if seconds else None,
            "max_s": round(max(seconds), 3) if seconds else None,
            "peak_rss_mb": round(max(rss), 1) if rss else None,
        }


def run_measured(command: list[str], cwd: Path, log: Path) -> Measure:
    """Run a command, return its wall time and peak RSS; raise with the log's tail on failure."""
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{tail}")
    return Measure(seconds=elapsed, max_rss_mb=usage.ru_maxrss / 1024)


def tree_digest(folder: Path) -> str:
    """One SHA-256 over every file's relative path and bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def prepare_corpus(n: int, work: Path) -> Path:
    corpus = work / f"corpus-{n}"
    stamp = corpus / ".complete"
    if not stamp.exists():
        generate_corpus(n, corpus)
        stamp.write_text("ok\n")
    return corpus


def pelican_command(content: Path, output: Path, settings: Path, extra: dict | None = None):
    return build_command(content, output, settings, extra=extra, options=("-q",))


def build_scenarios(n: int, work: Path, plugins: list[str]) -> list[Scenario]:
    corpus = prepare_corpus(n, work)
    ours_conf = ROOT / "pelicanconf.py"
    plain_conf = ROOT / "bench" / "plain_pelicanconf.py"
    out = work / "out"
    cache = work / "cache"
    edit_target = sorted(corpus.rglob("*.md"))[n // 2]
    original_text = edit_target.read_text(encoding="utf-8")
    added = corpus / "2025" / "bai-moi-them.md"
    hugo_site = work / f"hugo-{n}"
    if not (hugo_site / "config.toml").exists():
        make_hugo_site(corpus, hugo_site)

    def clean(*paths: Path) -> Callable[[], None]:
        def action() -> None:
            for path in paths:
                shutil.rmtree(path, ignore_errors=True)

        return action

    ours_extra = {"CACHE_PATH": str(cache / "ours")}
    edit_counter = iter(range(1_000_000))

    def edit_one() -> None:
        edit_target.write_text(
            original_text + f"\nĐoạn bổ sung số {next(edit_counter)}.\n", encoding="utf-8"
        )

    def restore_edit() -> None:
        edit_target.write_text(original_text, encoding="utf-8")

    def add_one() -> None:
        text = original_text.replace("Title: ", "Title: Bài mới thêm — ", 1)
        text = text.replace("Slug: ", "Slug: bai-moi-them-", 1)
        added.write_text(text, encoding="utf-8")

    def remove_added() -> None:
        added.unlink(missing_ok=True)

    scenarios = [
        Scenario(
            "plain",
            "Plain Pelican (simple theme, no plugins) — baseline",
            lambda: pelican_command(corpus, out / "plain", plain_conf),
            before=clean(out / "plain"),
        ),
        Scenario(
            "ours_cold",
            "Ours: full cold build (theme, all plugins, search index)",
            lambda: pelican_command(corpus, out / "ours", ours_conf, ours_extra),
            before=clean(out / "ours", cache / "ours"),
        ),
        Scenario(
            "ours_edit",
            "Ours: rebuild after editing one article (cache warm)",
            lambda: pelican_command(corpus, out / "ours", ours_conf, ours_extra),
            before=edit_one,
            after=restore_edit,
            settle=True,
        ),
        Scenario(
            "ours_add",
            "Ours: rebuild after adding one article (cache warm)",
            lambda: pelican_command(corpus, out / "ours", ours_conf, ours_extra),
            before=add_one,
            after=remove_added,
            settle=True,
        ),
    ]
    for plugin in ("other_news", "archive_indexes"):
        if plugin in plugins:
            without = [p for p in plugins if p != plugin]
            scenarios.append(
                Scenario(
                    f"ours_without_{plugin}",
                    f"Ours without {plugin} (cold)",
                    lambda w=without, p=plugin: pelican_command(
                        corpus,
                        out / f"no-{p}",
                        ours_conf,
                        {"PLUGINS": w, "CACHE_PATH": str(cache / f"no-{p}")},
                    ),
                    before=clean(out / f"no-{plugin}", cache / f"no-{plugin}"),
                )
            )
    if shutil.which("hugo"):
        scenarios.append(
            Scenario(
                "hugo",
                "Hugo (Debian package, minimal layout)",
                lambda: ["hugo", "--quiet", "-s", str(hugo_site), "-d", str(out / "hugo")],
                before=clean(out / "hugo"),
            )
        )
    return scenarios


def run_rounds(scenarios: list[Scenario], repeat: int, work: Path) -> None:
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for round_number in range(repeat):
        for scenario in scenarios:
            scenario.before()
            try:
                measure = run_measured(
                    scenario.command(), scenario.cwd, logs / f"{scenario.name}.log"
                )
            finally:
                scenario.after()
            if scenario.settle:
                run_measured(scenario.command(), scenario.cwd, logs / f"{scenario.name}.settle.log")
            scenario.runs.append(measure)
            print(
                f"  round {round_number + 1}/{repeat} {scenario.name:28s} "
                f"{measure.seconds:7.2f} s  {measure.max_rss_mb:7.0f} MB",
                flush=True,
            )
