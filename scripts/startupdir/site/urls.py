"""The site's URLs: the patterns of ``content.addresses`` (re-exported here), and
the links between pages built on them."""

from __future__ import annotations

import posixpath

from startupdir.content.addresses import (
    CHALLENGES_API,
    CHALLENGES_FEED,
    CHALLENGES_SITEMAP,
    CONTRIBUTE,
    DIRECTORY,
    EN_FEED,
    EN_FEED_SITEMAP,
    EN_NEWS,
    EN_POSTS,
    FEED,
    FEED_SITEMAP,
    FORM_PROFILE_PARAM,
    HOME,
    NEWS,
    PREFIXES,
    SECTIONS,
    TWIN_SOURCES,
    WHATSNEW,
    WHATSNEW_FEED,
    WHATSNEW_SITEMAP,
    WHATSNEW_SOURCE,
    challenge,
    challenge_source,
    challenges,
    challenges_feed,
    challenges_sitemap,
    challenges_source,
    directory,
    directory_page,
    directory_page_source,
    form,
    form_source,
    french_source,
    home,
    home_source,
    language_of,
    news,
    post,
    section,
    section_source,
    startup,
    startup_source,
    term,
    term_source,
    twin_source,
    whatsnew,
    whatsnew_feed,
    whatsnew_sitemap,
    whatsnew_source,
)
from startupdir.content.text import slugify as slugify  # mkdocs.yml: categories_slugify

# Files the explorer of /startups/ reads: its data, and the open-data CSV it cuts selections from.
EXPLORER_DATA = "assets/data/explorer.json"
STARTUPS_CSV = "api/startups.csv"

# The patterns are re-exported: the site writes every link through ``urls``.
__all__ = [
    "CHALLENGES_API",
    "CHALLENGES_FEED",
    "CHALLENGES_SITEMAP",
    "challenge",
    "challenge_source",
    "challenges",
    "challenges_feed",
    "challenges_sitemap",
    "challenges_source",
    "CONTRIBUTE",
    "DIRECTORY",
    "EN_FEED",
    "EN_FEED_SITEMAP",
    "EN_NEWS",
    "EN_POSTS",
    "EXPLORER_DATA",
    "FEED",
    "FEED_SITEMAP",
    "FORM_PROFILE_PARAM",
    "HOME",
    "NEWS",
    "PREFIXES",
    "SECTIONS",
    "STARTUPS_CSV",
    "TWIN_SOURCES",
    "WHATSNEW",
    "WHATSNEW_FEED",
    "WHATSNEW_SITEMAP",
    "WHATSNEW_SOURCE",
    "absolute",
    "directory",
    "directory_page",
    "directory_page_source",
    "form",
    "form_source",
    "french_source",
    "home",
    "home_source",
    "language_of",
    "post",
    "relative",
    "section",
    "section_source",
    "slugify",
    "source_to_url",
    "startup",
    "startup_source",
    "term",
    "term_source",
    "twin_source",
    "news",
    "whatsnew",
    "whatsnew_feed",
    "whatsnew_sitemap",
    "whatsnew_source",
]


def source_to_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a Markdown source."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """A link from page ``from_url`` to ``to_url``, both site-relative, that works under any base."""
    start = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else "."
    target = to_url or "."
    rel = posixpath.relpath(target, start or ".")
    if (not to_url or to_url.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url
