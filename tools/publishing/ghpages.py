"""A GitHub Pages target: ghp-import commits the site to a branch and pushes it to a remote.

ghp-import works in the git repository of its working folder; we keep a dedicated one
(`ghpages_repo`, default `.publish/gh-pages`) with a remote named `publish` pointing at
`ghpages_remote`, so the project's own repository is never touched.

Each publish is one commit on the branch (a "release"). A release that passed verification gets
a git note in `refs/notes/publish-verified` (pushed to the remote beside the branch), written only
after verification. A rollback is a new commit holding the tree of an earlier release, with
`Restores: <commit>` in its message.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from .build_manifest import MANIFEST_NAME, BuildManifest, Mismatch, compare, parse
from .config import ConfigError

log = logging.getLogger(__name__)
REMOTE = "publish"
IGNORED = {".nojekyll", "CNAME"}  # added by ghp-import, not part of the build
NOTES = "refs/notes/publish-verified"
ROLLBACK_SUBJECT = "Roll back to the site of "
RESTORES = re.compile(r"^Restores: ([0-9a-f]{40})$", re.MULTILINE)


@dataclass(frozen=True)
class Commit:
    sha: str
    subject: str
    restores: str | None  # a rollback commit: the release whose site it holds
    verified: str  # the verification note ("" when the release was never verified)


class GhPagesError(RuntimeError):
    pass


class GhPagesTarget:
    def __init__(self, repo: Path, remote: str, branch: str = "gh-pages", cname: str = "") -> None:
        if not remote:
            raise ConfigError(
                "no GitHub Pages remote: set PUBLISH['ghpages_remote'] in publishconf.py or "
                "ARCHIVE_PUBLISH_GHPAGES_REMOTE=git@github.com:owner/repo.git"
            )
        self.repo, self.remote, self.branch, self.cname = Path(repo), remote, branch, cname
        self.env = {
            **os.environ,
            "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", "Bulletin archive"),
            "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", "archive@localhost"),
            "GIT_AUTHOR_NAME": os.environ.get("GIT_AUTHOR_NAME", "Bulletin archive"),
            "GIT_AUTHOR_EMAIL": os.environ.get("GIT_AUTHOR_EMAIL", "archive@localhost"),
        }

    def _git(self, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["git", *args], cwd=self.repo, capture_output=True, env=self.env, text=False
        )
        if result.returncode not in ok:
            raise GhPagesError(
                f"git {' '.join(args)} in {self.repo} failed (exit {result.returncode}): "
                f"{result.stderr.decode(errors='replace').strip()}"
            )
        return result

    def prepare(self) -> str | None:
        """Create the work repository if needed, fetch the branch; its remote tip or None."""
        self.repo.mkdir(parents=True, exist_ok=True)
        if not (self.repo / ".git").exists():
            self._git("init", "--quiet")
        if self._git("remote", "get-url", REMOTE, ok=(0, 2)).returncode == 0:
            self._git("remote", "set-url", REMOTE, self.remote)
        else:
            self._git("remote", "add", REMOTE, self.remote)
        ref = f"refs/remotes/{REMOTE}/{self.branch}"
        self._git("update-ref", "-d", ref)  # forget a stale tip; the fetch sets the real one
        if self._git("ls-remote", "--exit-code", REMOTE, NOTES, ok=(0, 2)).returncode == 0:
            self._git("fetch", "--quiet", REMOTE, f"+{NOTES}:{NOTES}")
        else:
            self._git("update-ref", "-d", NOTES)
        if self._git("ls-remote", "--exit-code", REMOTE, self.branch, ok=(0, 2)).returncode == 0:
            self._git("fetch", "--quiet", REMOTE, f"+refs/heads/{self.branch}:{ref}")
            return self._git("rev-parse", ref).stdout.decode().strip()
        return None

    def manifest(self, tip: str | None) -> dict[str, str]:
        """git blob id of every file on the published branch ({} before the first publish)."""
        if tip is None:
            return {}
        out = self._git("ls-tree", "-r", "-z", tip).stdout.decode()
        manifest = {}
        for entry in filter(None, out.split("\0")):
            meta, _, path = entry.partition("\t")
            if path not in IGNORED:
                manifest[path] = meta.split()[2]
        return manifest

    def _tree(self, tip: str) -> dict[str, str]:
        """path -> git blob id of every file of a commit's tree (ghp-import's extras left out)."""
        out = self._git("ls-tree", "-r", "-z", tip).stdout.decode()
        entries = {}
        for entry in filter(None, out.split("\0")):
            meta, _, path = entry.partition("\t")
            kind, blob = meta.split()[1:3]
            if kind == "blob" and path not in IGNORED:
                entries[path] = blob
        return entries

    def sha256s(self, tip: str) -> dict[str, str]:
        """path -> sha256 of every file of a commit, read in one `git cat-file --batch`."""
        entries = self._tree(tip)
        blobs = list(entries.values())
        process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=self.repo,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=self.env,
        )
        assert process.stdin is not None and process.stdout is not None

        def feed() -> None:
            try:
                process.stdin.write("".join(f"{blob}\n" for blob in blobs).encode())
            finally:
                process.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        digests: dict[str, str] = {}
        try:
            for blob in blobs:
                header = process.stdout.readline().split()
                if len(header) != 3 or header[0].decode() != blob:
                    raise GhPagesError(f"git cat-file in {self.repo}: cannot read blob {blob}")
                size, digest = int(header[2]), hashlib.sha256()
                while size:
                    chunk = process.stdout.read(min(size, 1 << 20))
                    if not chunk:
                        raise GhPagesError(f"git cat-file in {self.repo}: blob {blob} cut short")
                    digest.update(chunk)
                    size -= len(chunk)
                process.stdout.read(1)  # the newline after each object
                digests[blob] = digest.hexdigest()
        finally:
            if process.poll() is None and len(digests) < len(blobs):
                process.kill()
            writer.join()
            process.stdout.close()
            process.wait()
        return {path: digests[blob] for path, blob in entries.items()}

    def build_manifest(self, tip: str) -> BuildManifest | None:
        """The build manifest a published commit carries (None before manifests existed)."""
        data = self.reader(tip)(MANIFEST_NAME)
        return None if data is None else parse(data, f"{self.branch} {tip[:12]}:{MANIFEST_NAME}")

    def check_release(self, tip: str, manifest: BuildManifest) -> Mismatch:
        """How the files of a published commit differ from the build manifest."""
        found = self.sha256s(tip)
        found.pop(MANIFEST_NAME, None)
        return compare(manifest.digests(), found)

    def reader(self, tip: str):
        def read(path: str) -> bytes | None:
            result = self._git("show", f"{tip}:{path}", ok=(0, 128))
            return result.stdout if result.returncode == 0 else None

        return read

    def commit(self, staging: Path, message: str) -> str:
        """ghp-import the staging folder onto the local branch (not pushed). Returns the commit."""
        if self.prepare() is None:  # the first publish: no local leftover as its parent
            self._git("update-ref", "-d", f"refs/heads/{self.branch}")
        command = [sys.executable, "-m", "ghp_import", "-n", "-r", REMOTE]
        command += ["-b", self.branch, "-m", message]
        if self.cname:
            command += ["-c", self.cname]
        result = subprocess.run(
            [*command, str(staging)], cwd=self.repo, capture_output=True, text=True, env=self.env
        )
        if result.returncode != 0:
            raise GhPagesError(
                f"ghp-import into {self.repo} ({self.branch}) failed (exit {result.returncode}): "
                f"{(result.stderr or result.stdout).strip()}"
            )
        return self._git("rev-parse", f"refs/heads/{self.branch}").stdout.decode().strip()

    def push(self, commit: str) -> None:
        """Push a commit as the branch's new tip (what GitHub Pages then serves)."""
        self._git("push", "--quiet", REMOTE, f"{commit}:refs/heads/{self.branch}")
        log.info("pushed %s to %s branch %s", commit[:12], self.remote, self.branch)

    def publish(self, staging: Path, message: str) -> str:
        """Commit the staging folder and push it. Returns the new tip."""
        commit = self.commit(staging, message)
        self.push(commit)
        return commit

    def mark_verified(self, tip: str, note: str) -> None:
        """Record (git note, pushed to the remote) that a published commit passed verification."""
        self._git("notes", f"--ref={NOTES}", "add", "-f", "-m", note, tip)
        self._git("push", "--quiet", REMOTE, f"{NOTES}:{NOTES}")
        log.info("marked %s of %s as verified (%s)", tip[:12], self.branch, NOTES)

    def history(self, tip: str) -> list[Commit]:
        """The branch's commits newest first (first parents), with their verification notes."""
        out = self._git(
            "log", "--first-parent", f"--notes={NOTES}", "--format=%H%x1f%B%x1f%N%x1e", tip
        ).stdout.decode()
        commits = []
        for record in filter(None, (r.strip("\n") for r in out.split("\x1e"))):
            sha, message, note = (record.split("\x1f") + ["", ""])[:3]
            subject = message.strip().splitlines()[0] if message.strip() else ""
            restores = None
            if subject.startswith(ROLLBACK_SUBJECT):
                found = RESTORES.search(message)
                restores = found.group(1) if found else subject[len(ROLLBACK_SUBJECT) :].strip()
            commits.append(Commit(sha.strip(), subject, restores, note.strip()))
        for index, commit in enumerate(commits):  # a short id (older rollbacks) -> the full one
            if commit.restores and len(commit.restores) < 40:
                full = next(
                    (c.sha for c in commits[index + 1 :] if c.sha.startswith(commit.restores)),
                    commit.restores,
                )
                commits[index] = Commit(commit.sha, commit.subject, full, commit.verified)
        return commits

    def restore(self, tip: str, release: str) -> str:
        """Push a new commit on top of `tip` holding the site of `release` (a rollback)."""
        tree = self._git("rev-parse", f"{release}^{{tree}}").stdout.decode().strip()
        message = f"{ROLLBACK_SUBJECT}{release[:12]}\n\nRestores: {release}\n"
        commit = self._git("commit-tree", tree, "-p", tip, "-m", message).stdout.decode().strip()
        self._git("update-ref", f"refs/heads/{self.branch}", commit)
        self._git("push", "--quiet", REMOTE, f"{commit}:refs/heads/{self.branch}")
        log.info("rolled %s back to the site of %s", self.branch, release[:12])
        return commit

    def revert_to_parent(self, tip: str) -> str:
        """Push a new commit holding the site published before `tip` (automatic rollback)."""
        parent = self._git("rev-parse", "--verify", "--quiet", f"{tip}^", ok=(0, 1)).stdout
        if not parent.strip():
            raise GhPagesError(f"{self.branch} at {tip[:12]} has no earlier publish to go back to")
        commits = self.history(parent.decode().strip())
        return self.restore(tip, commits[0].restores or commits[0].sha)
