"""Every URL pattern of the site, in one place (use_directory_urls: true): where each
page is published, and the Markdown source MkDocs reads it from. The content knows them
to check a post's links; ``site.urls`` builds the site's links on them.

Two editions: French at the root, English under ``en/`` with English folder names
(``secteurs/`` becomes ``en/sectors/``); slugs and ids are the same in both.
"""

from __future__ import annotations

from startupdir.content.vocabularies import VOCABULARIES

# Taxonomy vocabulary -> French URL segment.
SECTIONS = {v.id: v.folder for v in VOCABULARIES.values()}
# Each edition's prefix, and its folder for each vocabulary (English: the vocabulary's id).
PREFIXES = {"fr": "", "en": "en/"}
FOLDERS = {"fr": SECTIONS, "en": {v: v for v in SECTIONS}}
# The hand-written pages (content/) of the French edition and their English twins.
TWIN_SOURCES = {
    "index.md": "en/index.md",
    "a-propos.md": "en/about.md",
    "contribuer.md": "en/contribute.md",
    "statistiques.md": "en/statistics.md",
    "donnees.md": "en/data.md",
    "actualites/index.md": "en/news/index.md",
    "contribuer/formulaire/index.md": "en/contribute/form/index.md",  # generated: the form
}

HOME = ""
DIRECTORY = "startups/"
CONTRIBUTE = "contribuer/"
# The profile form (generated); ?profil=<slug> opens it pre-filled with that profile.
FORM = "contribuer/formulaire/"
FORM_SOURCE = "contribuer/formulaire/index.md"
EN_FORM = "en/contribute/form/"
EN_FORM_SOURCE = "en/contribute/form/index.md"
FORM_PROFILE_PARAM = "profil"


NEWS = "actualites/"
FEED = "actualites/feed.xml"
FEED_SITEMAP = "actualites/sitemap.xml"

WHATSNEW = "nouveautes/"
WHATSNEW_SOURCE = "nouveautes/index.md"
WHATSNEW_FEED = "nouveautes/feed.xml"
WHATSNEW_SITEMAP = "nouveautes/sitemap.xml"

# The English edition's own pages.
EN_NEWS = "en/news/"
EN_FEED = "en/news/feed.xml"
EN_FEED_SITEMAP = "en/news/sitemap.xml"
EN_POSTS = "en/news/posts/"  # content/en/news/posts/<stem>.md: a French post's English version
EN_WHATSNEW = "en/whats-new/"
EN_WHATSNEW_SOURCE = "en/whats-new/index.md"
EN_WHATSNEW_FEED = "en/whats-new/feed.xml"
EN_WHATSNEW_SITEMAP = "en/whats-new/sitemap.xml"


def home_source(lang: str = "fr") -> str:
    return PREFIXES[lang] + "index.md"


def twin_source(src_uri: str) -> str | None:
    """The source of the same page in the other edition (which may not exist: a post
    without an English version), or None for a page that has no twin by its pattern."""
    english = {v: k for k, v in TWIN_SOURCES.items()}
    if src_uri in TWIN_SOURCES:
        return TWIN_SOURCES[src_uri]
    if src_uri in english:
        return english[src_uri]
    if src_uri == WHATSNEW_SOURCE:
        return EN_WHATSNEW_SOURCE
    if src_uri == EN_WHATSNEW_SOURCE:
        return WHATSNEW_SOURCE
    if src_uri.startswith(NEWS + "posts/"):
        return EN_POSTS + src_uri.removeprefix(NEWS + "posts/")
    if src_uri.startswith(EN_POSTS):
        return NEWS + "posts/" + src_uri.removeprefix(EN_POSTS)
    english_folders = {f"{FOLDERS['en'][v]}/": f"{SECTIONS[v]}/" for v in SECTIONS}
    english_folders["challenges/"] = CHALLENGES["fr"]
    if src_uri.startswith(PREFIXES["en"]):
        rest = src_uri.removeprefix(PREFIXES["en"])
        if rest.startswith(DIRECTORY):
            return rest
        for english_folder, french_folder in english_folders.items():
            if rest.startswith(english_folder):
                return french_folder + rest.removeprefix(english_folder)
        return None
    if src_uri.startswith(DIRECTORY):
        return PREFIXES["en"] + src_uri
    for english_folder, french_folder in english_folders.items():
        if src_uri.startswith(french_folder):
            return PREFIXES["en"] + english_folder + src_uri.removeprefix(french_folder)
    return None


def french_source(src_uri: str) -> str:
    """The French source of a page (itself for a French page)."""
    if language_of(src_uri) == "fr":
        return src_uri
    return twin_source(src_uri) or src_uri


def language_of(url: str) -> str:
    """The edition a site-relative URL (or source path) belongs to."""
    return "en" if url == "en" or url.startswith("en/") else "fr"


def news(lang: str = "fr") -> str:
    """The news page of an edition (the English one lists the English versions of posts)."""
    return EN_NEWS if lang == "en" else NEWS


def whatsnew(lang: str = "fr") -> str:
    return EN_WHATSNEW if lang == "en" else WHATSNEW


def whatsnew_feed(lang: str = "fr") -> str:
    return EN_WHATSNEW_FEED if lang == "en" else WHATSNEW_FEED


def whatsnew_sitemap(lang: str = "fr") -> str:
    return EN_WHATSNEW_SITEMAP if lang == "en" else WHATSNEW_SITEMAP


def whatsnew_source(lang: str = "fr") -> str:
    return EN_WHATSNEW_SOURCE if lang == "en" else WHATSNEW_SOURCE


def form(lang: str = "fr") -> str:
    return EN_FORM if lang == "en" else FORM


def form_source(lang: str = "fr") -> str:
    return EN_FORM_SOURCE if lang == "en" else FORM_SOURCE


def home(lang: str = "fr") -> str:
    return PREFIXES[lang]


def directory(lang: str = "fr") -> str:
    return PREFIXES[lang] + DIRECTORY


def directory_page(number: int, lang: str = "fr") -> str:
    """The alphabetical list of startups, page ``number`` (page 1 is the explorer's)."""
    first = directory(lang)
    return first if number == 1 else f"{first}page/{number}/"


def directory_page_source(number: int, lang: str = "fr") -> str:
    first = directory(lang)
    return f"{first}index.md" if number == 1 else f"{first}page/{number}.md"


def post(stem: str) -> str:
    """Material's blog with post_url_format "{file}": the post's file name is its URL."""
    return f"actualites/{stem}/"


# Open-innovation challenges (challenges/<slug>.yml): their list, pages and feed.
CHALLENGES = {"fr": "defis/", "en": "en/challenges/"}
CHALLENGES_FEED = "defis/feed.xml"
CHALLENGES_SITEMAP = "defis/sitemap.xml"
EN_CHALLENGES_FEED = "en/challenges/feed.xml"
EN_CHALLENGES_SITEMAP = "en/challenges/sitemap.xml"
CHALLENGES_API = "api/challenges.json"


def challenges(lang: str = "fr") -> str:
    return CHALLENGES[lang]


def challenges_feed(lang: str = "fr") -> str:
    return EN_CHALLENGES_FEED if lang == "en" else CHALLENGES_FEED


def challenges_sitemap(lang: str = "fr") -> str:
    """An empty sitemap beside the feed: Material fetches one beside every feed link."""
    return EN_CHALLENGES_SITEMAP if lang == "en" else CHALLENGES_SITEMAP


def challenges_source(lang: str = "fr") -> str:
    return CHALLENGES[lang] + "index.md"


def challenge(slug: str, lang: str = "fr") -> str:
    return f"{CHALLENGES[lang]}{slug}/"


def challenge_source(slug: str, lang: str = "fr") -> str:
    return f"{CHALLENGES[lang]}{slug}.md"


def english_post(stem: str) -> str:
    """A post's English version: a page of the English news (not Material's blog)."""
    return f"{EN_POSTS}{stem}/"


def english_post_source(stem: str) -> str:
    return f"{EN_POSTS}{stem}.md"


def startup(slug: str, lang: str = "fr") -> str:
    return f"{PREFIXES[lang]}startups/{slug}/"


def startup_source(slug: str, lang: str = "fr") -> str:
    return f"{PREFIXES[lang]}startups/{slug}.md"


def term(vocabulary: str, term_id: str, lang: str = "fr") -> str:
    return f"{PREFIXES[lang]}{FOLDERS[lang][vocabulary]}/{term_id}/"


def term_source(vocabulary: str, term_id: str, lang: str = "fr") -> str:
    return f"{PREFIXES[lang]}{FOLDERS[lang][vocabulary]}/{term_id}.md"


def section(vocabulary: str, lang: str = "fr") -> str:
    return f"{PREFIXES[lang]}{FOLDERS[lang][vocabulary]}/"


def section_source(vocabulary: str, lang: str = "fr") -> str:
    return f"{PREFIXES[lang]}{FOLDERS[lang][vocabulary]}/index.md"
