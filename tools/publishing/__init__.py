"""Deploy the built archive: build checks, rsync releases, GitHub Pages, HTTP verification.

`tools/publish.py` is the command line; these modules hold one responsibility each:
config (settings), lock (one publish at a time), staging (a build folder per run), build
(Pelican + refusals), build_manifest (what a finished build holds), manifest (pure file lists
and diffs), deploy (upload → check → serve → verify → mark), rsync_target (releases + `current`
symlink), ghpages (ghp-import), verify (HTTP checks), rollback (which verified release to go
back to).
"""
