"""Every URL pattern of the site, in one place (use_directory_urls: true): where each
page is published, and the Markdown source MkDocs reads it from. The content knows them
to check a post's links; ``site.urls`` builds the site's links on them.
"""

from __future__ import annotations

from startupdir.content.vocabularies import VOCABULARIES

# Taxonomy vocabulary -> French URL segment.
SECTIONS = {v.id: v.folder for v in VOCABULARIES.values()}

HOME = ""
DIRECTORY = "startups/"
CONTRIBUTE = "contribuer/"


NEWS = "actualites/"
FEED = "actualites/feed.xml"
FEED_SITEMAP = "actualites/sitemap.xml"

WHATSNEW = "nouveautes/"
WHATSNEW_SOURCE = "nouveautes/index.md"
WHATSNEW_FEED = "nouveautes/feed.xml"
WHATSNEW_SITEMAP = "nouveautes/sitemap.xml"


def directory_page(number: int) -> str:
    """The alphabetical list of startups, page ``number`` (page 1 is the explorer's)."""
    return DIRECTORY if number == 1 else f"{DIRECTORY}page/{number}/"


def directory_page_source(number: int) -> str:
    return f"{DIRECTORY}index.md" if number == 1 else f"{DIRECTORY}page/{number}.md"


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
