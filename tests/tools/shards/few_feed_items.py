"""pelicanconf.py with feeds of 3 items: a shard's summary then leaves out the body of most of
its articles (only feed items carry one), as on a real site, even in a small test corpus."""

import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
)

from pelicanconf import *  # noqa: E402,F403

FEED_MAX_ITEMS = 3
