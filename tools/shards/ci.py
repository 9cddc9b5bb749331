"""What CI systems need from the plan (pure): the GitHub Actions matrix and GitLab's child
pipeline of one job per shard and the merge (README, "Shard builds in CI")."""

from __future__ import annotations

import json
from typing import Any

# What a shard job hands to the merge: its pages, summary and search analyses, not its other
# caches (Markdown conversions, page fingerprints: only a rebuild of the same shard uses them).
SHARD_ARTIFACTS = (
    "files.json",
    "stamp.json",
    "summary.json",
    "output/",
    "cache/search_index/",
)


def github_matrix(plan: dict[str, Any]) -> str:
    """`[{"key": ..., "hash": ...}, ...]` for `strategy.matrix.include` (one line of JSON)."""
    shards = [{"key": key, "hash": shard["hash"]} for key, shard in sorted(plan["shards"].items())]
    return json.dumps(shards, separators=(",", ":"))


def gitlab_child_pipeline(plan: dict[str, Any], image: str = "python:3.11-bookworm") -> str:
    """The child pipeline (JSON, which is YAML): `shard:<key>` jobs in parallel, then `merge`."""
    setup = ["apt-get update -qq && apt-get install -y -qq npm >/dev/null", "make venv node"]
    jobs: dict[str, Any] = {"stages": ["shards", "merge"], "default": {"image": image}}
    names = []
    for key, shard in sorted(plan["shards"].items()):
        name = f"shard:{key}"
        names.append(name)
        jobs[name] = {
            "stage": "shards",
            "cache": {"key": f"shard-{key}-{shard['hash'][:16]}", "paths": [f"var/shards/{key}/"]},
            "script": [*setup, f"make shard PORTAL={key}"],
            "artifacts": {
                "paths": [f"var/shards/{key}/{part}" for part in SHARD_ARTIFACTS],
                "expire_in": "1 day",
            },
        }
    jobs["merge"] = {
        "stage": "merge",
        "needs": [{"job": name, "artifacts": True} for name in names],
        "script": [*setup, "make merge"],
        "artifacts": {"paths": ["output/"], "expire_in": "1 week"},
    }
    return json.dumps(jobs, indent=1, sort_keys=False) + "\n"
