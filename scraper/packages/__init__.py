"""WACZ packages of the raw captures: one package per portal, made and verified by our code on
top of the `wacz` library (py-wacz).

- `layout`: where packages live (`captures/packages/<portal>.wacz`, published as
  `ban-goc/wacz/<portal>.wacz`): the names the replay page relies on.
- `records`: reading WARC records with their digests checked (warcio), file and offset known.
- `articles`: the archived articles of a portal (content/ Markdown headers) and the one lookup
  from an article to the response record it was extracted from (`find_capture`).
- `create`: `python -m scraper package` / `make package-captures`.
- `verify`: `python -m scraper verify-captures` / `make verify-captures`.
- `signing`: the signing settings (an authsign server) and the signature check.

One package per portal holds every crawl run of it (incremental: a new run adds its WARC file
and the package is made again; the older WARC files go in byte for byte), so the package's name
never changes and a replay link to any capture stays valid. README, "WACZ packages", explains it
to operators.
"""
