"""The Atom feed of the latest posts, /actualites/feed.xml and /en/news/feed.xml."""

from __future__ import annotations

from startupdir.site import urls
from startupdir.site.atom_feed import Channel, Item, feed_language, write_atom
from startupdir.site.i18n import catalogue

FEED_TITLE = catalogue("fr").t("news.feed_title")


def atom(
    posts, site_url: str, authors: dict | None = None, identity=None, lang: str = "fr"
) -> bytes:
    """Atom 1.0 for the given (already filtered, newest first) posts of an edition; the
    subtitle and language come from the directory's identity (directory.yml) when given."""
    page, feed = (urls.EN_NEWS, urls.EN_FEED) if lang == "en" else (urls.NEWS, urls.FEED)
    french = identity is not None and lang == "fr"
    channel = Channel(
        page=page,
        feed=feed,
        title=catalogue(lang).t("news.feed_title"),
        subtitle=identity.feed_subtitle if french else None,
        language=feed_language(lang, identity),
    )
    names = authors or {}
    items = (
        Item(
            url=post.url,
            title=post.title,
            summary=post.meta.description,
            published=post.date,
            updated=post.date,
            authors=tuple(names.get(author, author) for author in post.meta.authors),
            categories=tuple(post.meta.categories),
        )
        for post in posts
    )
    return write_atom(site_url, channel, items)
