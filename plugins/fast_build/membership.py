"""Linear-time versions of Pelican's "articles of this group in date order" lists.

Pelican 4.12 builds each tag, category, author and period page's `dates` with
`[a for a in self.dates if a in articles]`, a list search per article: quadratic, seconds per
build at 10,000 articles, and done again in every render process. Content objects compare by
identity (Pelican defines no `__eq__` on them), so a membership test by `id()` gives exactly the
same lists in linear time.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from itertools import groupby
from operator import attrgetter

import pelican.generators
from pelican.generators import ArticlesGenerator


class IdentityList(list):
    """A list whose `in` is a set lookup by identity (same answer as list's for Content)."""

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self._ids = frozenset(map(id, self))

    def __contains__(self, item) -> bool:
        return id(item) in self._ids


def index_groups(generator) -> None:
    """Give the generator's tag, category and author lists linear-time membership.

    Runs at `article_generator_finalized`: the lists are final, and the same objects are in the
    template context, so replacing them in place changes nothing a template sees.
    """
    for tag, articles in list(generator.tags.items()):
        generator.tags[tag] = IdentityList(articles)
    for groups in (generator.categories, generator.authors):
        for position, (name, articles) in enumerate(groups):
            groups[position] = (name, IdentityList(articles))


def build_period_archives(self, sorted_articles, articles, settings):
    """ArticlesGenerator._build_period_archives of Pelican 4.12, with the `a in dates` list search
    replaced by a set of identities. Same archives, same order."""
    period_archives = defaultdict(list)
    formats = {
        granularity: (
            settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"],
            settings[f"{granularity.upper()}_ARCHIVE_URL"],
        )
        for granularity in ("year", "month", "day")
    }
    key_funcs = {
        "year": attrgetter("date.year"),
        "month": attrgetter("date.year", "date.month"),
        "day": attrgetter("date.year", "date.month", "date.day"),
    }
    for granularity in "year", "month", "day":
        save_as_fmt, url_fmt = formats[granularity]
        if not save_as_fmt:
            continue
        # Each period's articles in `articles` order, from one pass (the same lists as
        # Pelican's `[a for a in articles if a in dates]`: a period's dates are all the
        # articles whose key is that period).
        in_period = defaultdict(list)
        for article in articles:
            in_period[key_funcs[granularity](article)].append(article)
        for period, group in groupby(sorted_articles, key=key_funcs[granularity]):
            dates = list(group)
            members = frozenset(map(id, dates))
            listed = [a for a in in_period.get(period, ()) if id(a) in members]
            archive = {
                "dates": dates,
                "articles": listed,
            }
            d = dates[0].date
            archive["save_as"] = save_as_fmt.format(date=d)
            archive["url"] = url_fmt.format(date=d)
            if granularity == "year":
                archive["period"] = (period,)
                archive["period_num"] = (period,)
            else:
                month_name = calendar.month_name[period[1]]
                if granularity == "month":
                    archive["period"] = (period[0], month_name)
                else:
                    archive["period"] = (period[0], month_name, period[2])
                archive["period_num"] = tuple(period)
            period_archives[granularity].append(archive)
    return period_archives


_ORIGINAL_PERIOD_ARCHIVES = ArticlesGenerator._build_period_archives
_ORIGINAL_PROCESS_TRANSLATIONS = pelican.generators.process_translations


def process_translations(content_list, translation_id=None):
    """pelican.utils.process_translations, without its quadratic last step when no item has a
    translation (the usual archive: every slug once, no `Translation: true`).

    Pelican ends with `[x for x in content_list if x not in index]`, a list search per item
    (about 0.7 s per build at 10,000 articles). When every translation id is unique and no item
    is marked as a translation, Pelican's answer is: the list sorted by the id (in place), each
    item's `translations` empty, every item an original, no translations; that is returned here
    directly. Anything else goes to Pelican's function.
    """
    if translation_id:
        names = (translation_id,) if isinstance(translation_id, str) else tuple(translation_id)
        try:
            key = attrgetter(*names)
            keys = [key(item) for item in content_list]
            unique = len(set(keys)) == len(keys)
        except (AttributeError, TypeError):
            unique = False  # Pelican words the error (or copes with unhashable ids)
        if unique and all(
            str(item.metadata.get("translation", "false")).lower() == "false"
            for item in content_list
        ):
            content_list.sort(key=key)
            for item in content_list:
                item.translations = []
            return list(content_list), []
    return _ORIGINAL_PROCESS_TRANSLATIONS(content_list, translation_id)


def install(enabled: bool) -> None:
    """Use the linear-time versions while fast_build is enabled, Pelican's otherwise."""
    ArticlesGenerator._build_period_archives = (
        build_period_archives if enabled else _ORIGINAL_PERIOD_ARCHIVES
    )
    pelican.generators.process_translations = (
        process_translations if enabled else _ORIGINAL_PROCESS_TRANSLATIONS
    )
