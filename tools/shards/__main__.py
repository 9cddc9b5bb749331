"""`python -m tools.shards`: plan, list, build one shard, merge, status (README, Shard builds)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from plugins.shards.standins import MergeError

from .ci import github_matrix, gitlab_child_pipeline
from .plan import PROJECT, PlanError
from .run import ShardError, build, load_plan, merge, plan, read_json


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools.shards", description=__doc__)
    parser.add_argument(
        "--dir",
        type=Path,
        default=PROJECT / "var" / "shards",
        help="the shards folder (default var/shards)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("plan", help="place every article in a shard; write plan.json")
    p.add_argument("--content", type=Path, default=PROJECT / "content")
    p.add_argument("--settings", type=Path, default=PROJECT / "pelicanconf.py")
    p.add_argument(
        "--split-years-over",
        type=int,
        default=0,
        metavar="N",
        help="a portal with more than N articles is one shard per year (0: never)",
    )
    p = commands.add_parser("list", help="print the shard keys of the plan, one a line")
    p.add_argument(
        "--github-matrix",
        action="store_true",
        help="print them as a GitHub Actions matrix (JSON: key and hash)",
    )
    commands.add_parser("gitlab-pipeline", help="print GitLab's child pipeline for the plan")
    p = commands.add_parser("build", help="build one shard (skipped when its hash is current)")
    p.add_argument("key")
    p.add_argument("--force", action="store_true", help="build even when current")
    p = commands.add_parser("merge", help="assemble the site from the shards")
    p.add_argument("--output", type=Path, default=PROJECT / "output")
    p = commands.add_parser("queue", help="plan, build the shards on the Redis job queue, merge")
    p.add_argument("--content", type=Path, default=PROJECT / "content")
    p.add_argument("--settings", type=Path, default=PROJECT / "pelicanconf.py")
    p.add_argument("--split-years-over", type=int, default=0, metavar="N")
    p.add_argument("--output", type=Path, default=PROJECT / "output")
    p.add_argument("--no-merge", action="store_true", help="only build the shards")
    p.add_argument("--redis", help="Redis URL (default: $REDIS_URL or redis://127.0.0.1:6379/0)")
    p.add_argument(
        "--wait-limit",
        type=float,
        default=None,
        metavar="S",
        help="give up when jobs are still pending after S seconds",
    )
    p = commands.add_parser("worker", help="an RQ worker building shards from the queue")
    p.add_argument("--redis", help="Redis URL (default: $REDIS_URL or redis://127.0.0.1:6379/0)")
    p.add_argument("--name", help="worker name (default: RQ's, host and pid)")
    p.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    p.add_argument(
        "--heartbeat-grace",
        type=int,
        default=60,
        metavar="S",
        help="a job silent this long past its heartbeat is retried (default 60)",
    )
    p.add_argument(
        "--maintenance-interval",
        type=int,
        default=30,
        metavar="S",
        help="how often this worker looks for abandoned jobs (default 30)",
    )
    p.add_argument(
        "--monitoring-interval",
        type=int,
        default=5,
        metavar="S",
        help="heartbeat interval while a shard builds (default 5)",
    )
    commands.add_parser("status", help="each shard: articles, current or not, last build time")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    folder = args.dir.resolve()
    try:
        if args.command == "plan":
            made = plan(
                args.content.resolve(),
                folder,
                args.settings.resolve(),
                split_years_over=args.split_years_over,
            )
            total = sum(s["articles"] for s in made["shards"].values())
            print(f"{len(made['shards'])} shards, {total} articles: {folder / 'plan.json'}")
        elif args.command == "list" and args.github_matrix:
            print(github_matrix(load_plan(folder)))
        elif args.command == "list":
            print("\n".join(sorted(load_plan(folder)["shards"])))
        elif args.command == "gitlab-pipeline":
            print(gitlab_child_pipeline(load_plan(folder)), end="")
        elif args.command == "build":
            stamp = build(folder, args.key, force=args.force)
            state = "up to date" if stamp.get("skipped") else f"built in {stamp['seconds']} s"
            print(f"shard {args.key}: {stamp['articles']} articles, {state}")
        elif args.command == "merge":
            result = merge(folder, args.output.resolve())
            print(f"merged into {args.output} in {result['seconds']} s")
        elif args.command == "queue":
            from .queue import redis_url, run_queue

            made = plan(
                args.content.resolve(),
                folder,
                args.settings.resolve(),
                split_years_over=args.split_years_over,
            )
            output = None if args.no_merge else args.output.resolve()
            result = run_queue(redis_url(args.redis), folder, made, output, limit=args.wait_limit)
            print(
                f"{result['jobs']} shard job(s) done"
                + ("" if output is None else f", merged into {output} in {result['seconds']} s")
            )
        elif args.command == "worker":
            from .queue import redis_url, run_worker

            run_worker(
                redis_url(args.redis),
                name=args.name,
                burst=args.burst,
                heartbeat_grace=args.heartbeat_grace,
                maintenance_interval=args.maintenance_interval,
                monitoring_interval=args.monitoring_interval,
            )
        elif args.command == "status":
            made = load_plan(folder)
            for key, shard in sorted(made["shards"].items()):
                try:
                    stamp = read_json(folder / key / "stamp.json")
                except (OSError, ValueError):
                    stamp = {}
                state = "current" if stamp.get("hash") == shard["hash"] else "to build"
                print(f"{key}\t{shard['articles']}\t{state}\t{stamp.get('seconds', '-')}")
    except (PlanError, ShardError, MergeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
