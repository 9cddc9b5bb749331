"""Deploy the built archive: build checks, rsync releases, GitHub Pages, HTTP verification.

`tools/publish.py` is the command line; these modules hold one responsibility each:
config (settings), build (Pelican + refusals), manifest (pure file lists and diffs),
rsync_target (releases + `current` symlink), ghpages (ghp-import), verify (HTTP checks).
"""
