"""Atom 1.0 feeds written with feedgen: what the news, challenges and what's-new feeds share.

feedgen rather than mkdocs-rss-plugin: it needs no git history, no network and no cache, so
a feed is built offline, byte-identical for one commit, in milliseconds. Nothing reads the
clock: every date is an entry's day at 08:00 UTC, and a feed was last updated when its
latest entry was.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from startupdir.site.i18n import catalogue

FEED_SIZE = 20  # the newest entries only
EMPTY_FEED_DAY = dt.date(2026, 1, 1)  # the <updated> of a feed without entries


@dataclass(frozen=True)
class Channel:
    """What a feed says of itself; ``page`` (its HTML page) and ``feed`` are site-relative."""

    page: str
    feed: str
    title: str
    subtitle: str | None
    language: str

    @classmethod
    def edition(
        cls, lang: str, page: str, feed: str, title_key: str, subtitle_key: str, identity=None
    ) -> Channel:
        """A feed of the edition ``lang``, titled from its catalogue; the subtitle names the
        directory (none without its identity)."""
        tr = catalogue(lang)
        name = None if identity is None else identity.site_name(lang)
        subtitle = None if name is None else tr.t(subtitle_key, name=name)
        return cls(page, feed, tr.t(title_key), subtitle, feed_language(lang, identity))


@dataclass(frozen=True)
class Item:
    """One entry; ``url`` is site-relative and is also the entry's id."""

    url: str
    title: str
    summary: str
    published: dt.date
    updated: dt.date
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


def moment(day: dt.date) -> dt.datetime:
    """The instant a feed gives for a day."""
    return dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.UTC)


def feed_language(lang: str, identity=None) -> str:
    """The directory's language (directory.yml) for the French edition, else the edition's."""
    return identity.language if identity is not None and lang == "fr" else lang


def write_atom(site_url: str, channel: Channel, items: Iterable[Item]) -> bytes:
    """Atom 1.0 of the first ``FEED_SIZE`` items, given newest first, in that order."""
    base = site_url.rstrip("/") + "/"
    kept = list(itertools.islice(items, FEED_SIZE))
    fg = FeedGenerator()
    fg.id(base + channel.page)
    fg.title(channel.title)
    if channel.subtitle is not None:
        fg.subtitle(channel.subtitle)
    fg.link(href=base + channel.page, rel="alternate")
    fg.link(href=base + channel.feed, rel="self")
    fg.language(channel.language)
    fg.generator("startupdir")
    fg.updated(moment(max((item.updated for item in kept), default=EMPTY_FEED_DAY)))
    for item in reversed(kept):  # feedgen prepends: the newest ends up first
        _add_entry(fg, base, item)
    return fg.atom_str(pretty=True)


def _add_entry(fg: FeedGenerator, base: str, item: Item) -> None:
    entry = fg.add_entry()
    entry.id(base + item.url)
    entry.title(item.title)
    entry.link(href=base + item.url)
    entry.summary(item.summary)
    entry.published(moment(item.published))
    entry.updated(moment(item.updated))
    for name in item.authors:
        entry.author(name=name)
    for term in item.categories:
        entry.category(term=term)
