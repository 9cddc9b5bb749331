"""Runners for the npm test tools (pinned in package.json / package-lock.json, installed by
`make test` with `npm ci`): the W3C Nu HTML Checker (vnu-jar, run with the machine's Java) and
axe-core (injected into Chromium pages)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import PROJECT_ROOT

NODE_MODULES = PROJECT_ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MISSING = "{what} is missing: run `make test` (it runs `npm ci` from package-lock.json) or `npm ci`"


def require_npm_tools() -> None:
    """Fail (not skip) with the command to run when the npm tools or Java are missing."""
    for path, what in ((VNU_JAR, "vnu-jar"), (AXE_JS, "axe-core")):
        if not path.is_file():
            raise AssertionError(MISSING.format(what=what))
    if not shutil.which("java"):
        raise AssertionError("java is missing: run `make deps-system` (default-jre-headless)")


@dataclass(frozen=True)
class VnuMessage:
    file: str
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message} [{self.extract.strip()[:120]}]"


def run_vnu(files: list[Path], *, root: Path) -> list[VnuMessage]:
    """Validate `files` (HTML, and CSS/SVG by their suffix) in one JVM; returns the errors
    (warnings are not asked for)."""
    require_npm_tools()
    result = subprocess.run(
        ["java", "-Xss16m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
        + ["--also-check-css", "--also-check-svg"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except ValueError as error:
        raise AssertionError(
            f"vnu gave no JSON (exit {result.returncode}): {result.stderr[:2000]}"
        ) from error
    messages = []
    for item in report.get("messages", []):
        if item.get("type") not in ("error", "non-document-error"):
            continue
        url = item.get("url", "")
        path = url.removeprefix("file:")
        try:
            shown = Path(path).relative_to(root).as_posix()
        except ValueError:
            shown = path
        messages.append(
            VnuMessage(
                shown, item.get("lastLine"), item.get("message", ""), item.get("extract", "")
            )
        )
    return messages


def run_axe(page) -> list[str]:
    """axe-core WCAG 2.1 A/AA violations on the page as `rule (impact): target — help` lines.

    The page's context must bypass the CSP (axe is injected as an inline script)."""
    require_npm_tools()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map((v) => v.nodes.map((n) =>
                `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}` +
                (n.failureSummary ? ` | ${n.failureSummary.replace(/\\s+/g, ' ')}` : '')
            )).flat();
        }""",
        WCAG_21_AA,
    )
    return list(results)
