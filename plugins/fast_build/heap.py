"""Keep Python's cycle collector off the site's long-lived objects during a build.

Once Pelican has read the content, its articles, their metadata and the plugins' indexes live
until the build ends, yet every full collection walks all of them again; at 10,000 articles that
is seconds of a build. `gc.freeze()` moves every object alive at that point out of the
collector's sight (new objects are still collected as usual), and `gc.unfreeze()` at the end of
the build hands them back, so a long-running `pelican --autoreload` does not keep old builds.
Freezing before the render workers fork also keeps the collector from writing to pages the
processes share.
"""

from __future__ import annotations

import gc


def freeze(*_args, **_kwargs) -> None:
    gc.freeze()


def unfreeze(*_args, **_kwargs) -> None:
    gc.unfreeze()
