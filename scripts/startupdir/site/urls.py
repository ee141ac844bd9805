"""Every URL pattern of the site, in one place (use_directory_urls: true)."""

from __future__ import annotations

import posixpath
import re
import unicodedata

from startupdir.content.vocabularies import VOCABULARIES

# Taxonomy vocabulary -> French URL segment.
SECTIONS = {v.id: v.folder for v in VOCABULARIES.values()}

HOME = ""
DIRECTORY = "startups/"
CONTRIBUTE = "contribuer/"


NEWS = "actualites/"
FEED = "actualites/feed.xml"
FEED_SITEMAP = "actualites/sitemap.xml"


def post(stem: str) -> str:
    """Material's blog with post_url_format "{file}": the post's file name is its URL."""
    return f"actualites/{stem}/"


def startup(slug: str) -> str:
    return f"startups/{slug}/"


def startup_source(slug: str) -> str:
    return f"startups/{slug}.md"


def term(vocabulary: str, term_id: str) -> str:
    return f"{SECTIONS[vocabulary]}/{term_id}/"


def term_source(vocabulary: str, term_id: str) -> str:
    return f"{SECTIONS[vocabulary]}/{term_id}.md"


def section(vocabulary: str) -> str:
    return f"{SECTIONS[vocabulary]}/"


def section_source(vocabulary: str) -> str:
    return f"{SECTIONS[vocabulary]}/index.md"


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


def slugify(text: str, separator: str = "-") -> str:
    """ASCII slugs for Material's blog categories (« Événements » -> evenements)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, ascii_text.lower()).strip(separator)
