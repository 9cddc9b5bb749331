"""How Scrapy's own messages about our items read in the crawl's log.

Scrapy logs every dropped item at WARNING with the whole item printed: for a page that is not
an article that is the page's bytes, thousands of characters, in the middle of a short report.
The crawl reports such pages itself (summary, skipped and failed lists), so a drop is logged at
DEBUG with its reason only.
"""

from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter


class QuietDrops(LogFormatter):
    def dropped(self, item, exception, response, spider):
        return {
            "level": logging.DEBUG,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": exception},
        }
