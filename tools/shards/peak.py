"""`python -m tools.shards.peak -- COMMAND...`: run COMMAND, then print `peak-rss-mib N`, the
largest resident set of COMMAND or any process it waited for (getrusage, RUSAGE_CHILDREN)."""

from __future__ import annotations

import resource
import subprocess
import sys


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: python -m tools.shards.peak -- COMMAND [ARG...]", file=sys.stderr)
        return 2
    code = subprocess.call(argv)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak-rss-mib {peak:.1f}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
