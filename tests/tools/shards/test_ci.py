"""The shipped CI files (GitHub Actions, GitLab CI) and the child pipeline made from a plan:
valid YAML, one job per shard, the merge after all of them, only make targets that exist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from tests.support.paths import PROJECT_ROOT
from tools.shards.ci import SHARD_ARTIFACTS, github_matrix, gitlab_child_pipeline
from tools.shards.plan import make_plan
from tools.shards.run import load_settings

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "shards.yml"
GITLAB = PROJECT_ROOT / ".gitlab-ci.yml"


def make_targets() -> set[str]:
    text = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"(?m)^([a-z][a-z0-9-]*):", text))


def commands(scripts) -> list[str]:
    return [m for line in scripts for m in re.findall(r"\bmake ([a-z][a-z0-9 -]*)", line)]


def assert_targets_exist(scripts) -> None:
    targets = make_targets()
    for command in commands(scripts):
        for word in command.split():
            assert word in targets, f"make {word}: no such target in the Makefile"


def plan_of(tmp_path: Path) -> dict:
    for portal in ("longan", "baochinhphu", None):
        path = tmp_path / (portal or "khac") / "bai.md"
        path.parent.mkdir()
        line = f"Portal: {portal}\n" if portal else ""
        path.write_text(f"Title: Bài\nDate: 2025-01-01\n{line}\nThân.\n", encoding="utf-8")
    settings = PROJECT_ROOT / "pelicanconf.py"
    return make_plan(tmp_path, settings, load_settings(settings, tmp_path))


def test_github_workflow_plans_builds_a_matrix_and_merges_after_it():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert set(jobs) == {"plan", "shard", "merge"}
    assert jobs["shard"]["needs"] == "plan"
    assert "needs.plan.outputs.shards" in jobs["shard"]["strategy"]["matrix"]["include"]
    assert set(jobs["merge"]["needs"]) == {"plan", "shard"}
    steps = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    assert_targets_exist(steps)
    upload = next(s for s in jobs["shard"]["steps"] if s.get("uses", "").startswith("actions/up"))
    paths = upload["with"]["path"].splitlines()
    assert paths == [f"var/shards/${{{{ matrix.key }}}}/{part}" for part in SHARD_ARTIFACTS]


def test_github_matrix_is_json_of_every_shard(tmp_path):
    plan = plan_of(tmp_path)
    matrix = json.loads(github_matrix(plan))
    assert [row["key"] for row in matrix] == ["_none", "baochinhphu", "longan"]
    assert all(row["hash"] == plan["shards"][row["key"]]["hash"] for row in matrix)


def test_gitlab_ci_triggers_the_child_pipeline_its_plan_job_writes():
    ci = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert ci["stages"] == ["plan", "build"]
    written = ci["plan"]["artifacts"]["paths"]
    assert "shards-pipeline.yml" in written
    assert any("gitlab-pipeline > shards-pipeline.yml" in line for line in ci["plan"]["script"])
    include = ci["shards"]["trigger"]["include"][0]
    assert include == {"artifact": "shards-pipeline.yml", "job": "plan"}
    assert ci["shards"]["trigger"]["strategy"] == "depend"
    assert_targets_exist(ci["plan"]["script"])


def test_gitlab_child_pipeline_has_a_job_per_shard_and_a_merge_needing_them_all(tmp_path):
    plan = plan_of(tmp_path)
    child = yaml.safe_load(gitlab_child_pipeline(plan))
    shard_jobs = sorted(name for name in child if name.startswith("shard:"))
    assert shard_jobs == ["shard:_none", "shard:baochinhphu", "shard:longan"]
    assert [need["job"] for need in child["merge"]["needs"]] == shard_jobs
    assert all(need["artifacts"] for need in child["merge"]["needs"])
    for name in shard_jobs:
        key = name.split(":", 1)[1]
        assert f"make shard PORTAL={key}" in child[name]["script"]
        assert plan["shards"][key]["hash"][:16] in child[name]["cache"]["key"]
    assert_targets_exist(line for job in shard_jobs + ["merge"] for line in child[job]["script"])
