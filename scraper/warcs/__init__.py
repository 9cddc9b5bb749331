"""Web archives made by other tools (wget `--warc-file`, Heritrix, Browsertrix, WACZ), read
without loading them whole: `streams` gives seekable views of the bytes (a byte range of a file,
a gzip or deflate stream decompressed on demand), `sources` opens the files, `index` lists their
captures and reads the chosen ones by offset, `decode` undoes the transfer and content encodings
of a body, `pagekind` tells an article from a listing page, and `importer` runs
`python -m scraper import-warc`.
"""
