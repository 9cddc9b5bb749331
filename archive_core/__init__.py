"""The text rules the crawler, the site plugins and the tools share.

Vietnamese normalisation and folding (`text`), Vietnamese dates (`dates`), the "Các tin khác"
item (`models`), and the article header's value format with its listing lines (`header`,
`listing`). Pure functions over plain data: no files, no sockets, no Pelican, no Scrapy. Neither
`scraper/` nor `plugins/` owns it; both import it, and it imports neither.
"""
