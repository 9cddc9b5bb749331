"""Settings for `make publish`: pelicanconf.py plus the public address and absolute URLs.

The public address comes from the environment: ARCHIVE_SITEURL=https://example.org/archive
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("ARCHIVE_SITEURL", "").strip().rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(
        "publishconf.py: ARCHIVE_SITEURL is not set to an absolute address "
        f"(got {SITEURL!r}). Run for example: "
        "ARCHIVE_SITEURL=https://example.org/luu-tru make publish"
    )
SITE_BASE_URL = SITEURL
RELATIVE_URLS = False

# Feeds with absolute links.
FEED_DOMAIN = SITEURL

# Drafts are never published: not written at all.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

DELETE_OUTPUT_DIRECTORY = True

# The editors' screen /admin/ (plugins/decap_admin) is for `make edit` on an editor's machine:
# never published unless this is True, for a shared deployment with a Git host backend
# (README, "Editing in the browser"); set DECAP_ADMIN["backend"] to that host then.
PUBLISH_ADMIN = os.environ.get("ARCHIVE_PUBLISH_ADMIN", "") == "1"
DECAP_ADMIN = {**DECAP_ADMIN, "enabled": PUBLISH_ADMIN}  # noqa: F405

# Publish the WACZ packages of the raw captures (captures/packages/<portal>.wacz, made by
# `make package-captures`) beside the site, as ban-goc/wacz/<portal>.wacz. They can be large
# (README, "WACZ packages"). When True, publishing verifies them first and refuses when they
# fail. Environment: ARCHIVE_PUBLISH_CAPTURES=1.
PUBLISH_CAPTURES = False

# Where `make publish` deploys (tools/publish.py; README, "Publishing" lists every key). Each key
# can be overridden by an environment variable ARCHIVE_PUBLISH_<KEY>, e.g.
# ARCHIVE_PUBLISH_DEST=deploy@host:/srv/archive or ARCHIVE_PUBLISH_TARGET=ghpages.
PUBLISH = {
    "target": "rsync",  # "rsync" (local folder or SSH) or "ghpages"
    "dest": "",  # rsync: /srv/archive or deploy@host:/srv/archive (nginx root: <dest>/current)
    "keep": 5,  # releases kept for `make rollback`
    "ghpages_remote": "",  # ghpages: e.g. git@github.com:owner/archive.git
}
