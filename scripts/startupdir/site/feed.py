"""The Atom feed of the latest posts, written with feedgen.

feedgen rather than mkdocs-rss-plugin: it needs no git history, no network and no
cache, so the feed is built offline, byte-identical for one commit, in milliseconds.
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from startupdir.site import urls
from startupdir.site.i18n import catalogue

FEED_SIZE = 20
FEED_TITLE = catalogue("fr").t("news.feed_title")


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.UTC)


def atom(
    posts, site_url: str, authors: dict | None = None, identity=None, lang: str = "fr"
) -> bytes:
    """Atom 1.0 for the given (already filtered, newest first) posts of an edition; the
    subtitle and language come from the directory's identity (directory.yml) when given."""
    base = site_url.rstrip("/") + "/"
    page, feed = (urls.EN_NEWS, urls.EN_FEED) if lang == "en" else (urls.NEWS, urls.FEED)
    fg = FeedGenerator()
    fg.id(base + page)
    fg.title(catalogue(lang).t("news.feed_title"))
    if identity is not None and lang == "fr":
        fg.subtitle(identity.feed_subtitle)
    fg.link(href=base + page, rel="alternate")
    fg.link(href=base + feed, rel="self")
    fg.language(lang if lang != "fr" else identity.language if identity is not None else "fr")
    fg.generator("startupdir")
    newest = posts[0].date if posts else dt.date(2026, 1, 1)
    fg.updated(_moment(newest))
    for post in reversed(list(posts)[:FEED_SIZE]):
        entry = fg.add_entry()
        entry.id(base + post.url)
        entry.title(post.title)
        entry.link(href=base + post.url)
        entry.summary(post.meta.description)
        entry.published(_moment(post.date))
        entry.updated(_moment(post.date))
        for author in post.meta.authors:
            entry.author(name=(authors or {}).get(author, author))
        for category in post.meta.categories:
            entry.category(term=category)
    return fg.atom_str(pretty=True)
