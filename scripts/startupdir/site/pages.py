"""The validated model turned into pages as text (Markdown with front matter and one
raw HTML block), independent of the site engine. The MkDocs plugin adds them to the
build; `startupdir pages --out DIR` writes them to a folder.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from markupsafe import Markup

from startupdir.content.model import VOCABULARIES
from startupdir.content.parallel import map_chunks, serially
from startupdir.content.render import environment
from startupdir.content.text import front_matter_string, json_for_script
from startupdir.site import challenges as challenges_mod
from startupdir.site import form, urls, whatsnew
from startupdir.site.history import History
from startupdir.site.i18n import Catalogue, catalogue
from startupdir.site.page_cache import PageBodies, page_key
from startupdir.site.paging import PAGE_SIZE, directory_pages
from startupdir.site.views import Views

ANCHOR_ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "startups/atlas-pay.md"
    title: str  # plain text
    description: str  # plain text
    # The page's one raw HTML block, UTF-8 and deflated (``pack``): a build holds every page
    # at once (20,000 at 10,000 startups, 330 MB as text) and receives most from workers.
    packed: bytes
    hide: tuple[str, ...] = ("toc",)
    searchable: bool = True  # False: left out of the site search (search.searchable)
    toc: tuple[dict, ...] = ()  # the outline: headings with an id, as MkDocs' toc tokens
    anchors: frozenset[str] = frozenset()  # the ids in the body (MkDocs checks links to them)
    key: str = ""  # what it is made of (page_cache.py), empty when not kept across builds

    @classmethod
    def of(cls, src_uri: str, title: str, description: str, body: str, **options) -> GeneratedPage:
        """A page from its HTML, packed, its ids read (where it is rendered: in a worker)."""
        anchors = frozenset(ANCHOR_ID.findall(body))
        return cls(src_uri, title, description, pack(body), anchors=anchors, **options)

    @property
    def body(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")

    @property
    def url(self) -> str:
        return urls.source_to_url(self.src_uri)

    @property
    def meta(self) -> dict:
        """The front matter as an engine reads it; values HTML-escaped (Material prints
        page.meta.title and .description raw)."""
        meta: dict = {
            "title": html.escape(self.title, quote=True),
            "description": html.escape(self.description, quote=True),
        }
        if not self.searchable:
            meta["search"] = {"exclude": True}
        if self.hide:
            meta["hide"] = list(self.hide)
        return meta

    @property
    def front(self) -> str:
        return template_of("page.md.j2").render(
            title=front_matter_string(self.title),
            description=front_matter_string(self.description),
            search=self.meta.get("search"),
            hide=list(self.hide),
        )

    @property
    def text(self) -> str:
        """The whole page as Markdown, for any engine."""
        return f"{self.front}\n{self.body}\n"


@cache
def template_of(name: str):
    """Templates fetched once per generation (generate() clears this, so `serve` reloads)."""
    return environment("startupdir.site").get_template(name)


class CardCache:
    """Each startup's card is rendered once, then placed on every list at any depth."""

    BASE = "\x00"  # stands for the relative base; never in data (the reader refuses it)

    def __init__(self, tr: Catalogue):
        self.template = template_of("card.html.j2")
        self.tr = tr
        self.cache: dict[str, str] = {}

    def render(self, cards, base: str) -> list[Markup]:
        out = []
        for card in cards:
            html = self.cache.get(card.url)
            if html is None:
                html = self.cache[card.url] = compact(
                    self.template.render(c=card, base=self.BASE, t=self.tr.html, lang=self.tr.lang)
                )
            out.append(Markup(html.replace(self.BASE, base)))
        return out


@dataclass
class NewsIndex:
    """News items per startup slug, program id and challenge slug (the news step)."""

    by_startup: dict = field(default_factory=dict)
    by_program: dict = field(default_factory=dict)
    by_challenge: dict = field(default_factory=dict)


def base_for(url: str) -> str:
    """Relative path from a page back to the site root."""
    depth = url.count("/")
    return "../" * depth


_LINE_BREAK = re.compile(r"\s*\n\s*")


def compact(html: str) -> str:
    """One raw HTML block for Markdown: no blank line, no indentation to mistake for code."""
    return _LINE_BREAK.sub("\n", html).strip()


def page(
    src_uri: str,
    title: str,
    description: str,
    template: str,
    *,
    tr: Catalogue,
    hide=("toc",),
    cards: CardCache | None = None,
    bodies: PageBodies | None = None,
    **context,
) -> GeneratedPage:
    """A generated page; its template gets the edition's strings (``t``, ``tr``) and ``lang``
    (with ``bodies``: as the last build made it, if made of the same)."""
    key = None
    if bodies is not None:
        # The catalogue is the package's (in bodies.code): its language stands for it.
        made_of = (template, src_uri, title, description, tuple(hide), tr.lang, cards is not None)
        key = page_key(bodies.code, made_of, context)
        kept = bodies.get(key, tr.lang)
        if kept is not None:
            packed, found = kept
            return GeneratedPage(
                src_uri,
                title,
                description,
                packed,
                hide=found.hide,
                toc=found.toc,
                anchors=found.anchors,
                key=key or "",
            )
    url = urls.source_to_url(src_uri)
    base = base_for(url)
    if cards is not None:
        # The page's cards, rendered once per startup and placed at this page's depth
        # (the view model keeps its Card objects: it is never changed).
        listed = [view.cards for view in context.values() if hasattr(view, "cards")]
        context["card_html"] = cards.render(listed[0] if listed else (), base)
    body = compact(
        template_of(template).render(base=base, t=tr.html, tr=tr, lang=tr.lang, **context)
    )
    toc = outline(body)
    if toc:  # a page whose headings carry ids shows them as its table of contents
        hide = tuple(h for h in hide if h != "toc")
    return GeneratedPage.of(src_uri, title, description, body, hide=hide, toc=toc, key=key or "")


def pack(body: str) -> bytes:
    """A page's HTML as a GeneratedPage holds it (the fastest deflate: a fifth of the text)."""
    return zlib.compress(body.encode("utf-8"), 1)


# Headings of generated HTML (templates, and descriptions through the allowlist): an
# attribute value or a text never holds a raw "<" or '"', so a pattern reads them.
_HEADING = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]*>")


def outline(body: str) -> tuple[dict, ...]:
    """The headings h2 to h6 of a page that carry an id, nested by level, as the toc
    tokens MkDocs builds a table of contents from (``name``: escaped text)."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, inner in _HEADING.findall(body):
        text = " ".join(html.unescape(_TAG.sub("", inner)).split())
        item = {"level": int(level), "id": anchor, "name": html.escape(text), "children": []}
        while stack and stack[-1]["level"] >= item["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(item)
        stack.append(item)
    return tuple(root)


def organization(views: Views, startup, site_url: str) -> str:
    """schema.org/Organization for search engines, safe inside <script>."""
    tx = views.taxonomy
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": startup.name,
        "description": views.tr.text(startup.tagline)[0],
        "url": startup.website,
        "foundingDate": str(startup.founded),
        "numberOfEmployees": {"@type": "QuantitativeValue", "value": startup.employees},
        "address": {
            "@type": "PostalAddress",
            "addressLocality": views.label("cities", startup.city),
            "addressRegion": tx.get("cities", startup.city).region,
        },
        "knowsAbout": [views.label("sectors", s) for s in startup.sectors],
    }
    if views.site.identity is not None:
        data["address"]["addressCountry"] = views.site.identity.country
    same_as = [u for _, u in startup.links.items()] if startup.links else []
    if same_as:
        data["sameAs"] = same_as
    if site_url:
        data["mainEntityOfPage"] = {
            "@type": "WebPage",
            "@id": urls.absolute(site_url, urls.startup(startup.slug, views.lang)),
            "inLanguage": views.lang,
        }
    if startup.contact and startup.contact.email:
        data["email"] = startup.contact.email
    if startup.founders:
        data["founder"] = [{"@type": "Person", "name": f.name} for f in startup.founders]
    return json_for_script(data)


def generate(
    views: Views,
    news: NewsIndex | None = None,
    history: History | None = None,
    board: challenges_mod.Board | None = None,
    spread=map_chunks,
    bodies: PageBodies | None = None,
) -> list[GeneratedPage]:
    """Every generated page of ``views``' edition, in a stable order (without ``history``,
    a profile's addition date is its ``updated``; without ``board``, the challenges' day
    and matches, no challenge page and no challenge on profiles and sector pages); the
    profiles on every core (``spread``); the directory's, profiles' and terms' pages the
    last build made of the same, from ``bodies``."""
    template_of.cache_clear()
    news = news or NewsIndex()
    history = history or History(reason="non lu")
    tr, lang = views.tr, views.lang
    cards = CardCache(tr)
    pages = [
        page(
            urls.directory_page_source(d.number, lang),
            tr.t("directory.title")
            if d.first
            else tr.t("directory.title_page", number=tr.number(d.number)),
            tr.t("directory.description")
            if d.first
            else tr.t("directory.description_page", position=d.position.lower()),
            "directory.html.j2",
            tr=tr,
            # Page 1: the explorer's filters take the navigation's column.
            hide=("toc", "navigation") if d.first else ("toc",),
            cards=cards,
            bodies=bodies,
            d=d,
            data_url=urls.EXPLORER_DATA,
            csv_url=urls.STARTUPS_CSV,
            page_size=PAGE_SIZE,
            first_page=urls.directory(lang),
            whatsnew_url=urls.whatsnew(lang),
        )
        for d in directory_pages(views)
    ]

    def profile_pages(startups) -> list[GeneratedPage]:
        return [
            page(
                urls.startup_source(startup.slug, lang),
                startup.name,
                tr.text(startup.tagline)[0],
                "startup.html.j2",
                tr=tr,
                cards=cards,
                bodies=bodies,
                p=views.profile(startup, news.by_startup.get(startup.slug, [])),
                jsonld=organization(views, startup, views.site.url),
                form_url=f"{urls.form(lang)}?{urls.FORM_PROFILE_PARAM}={startup.slug}",
                open_challenges=challenges_mod.items(views, board, board.for_startup(startup.slug))
                if board
                else (),
            )
            for startup in startups
        ]

    pages += spread(profile_pages, sorted(views.startups, key=lambda s: s.slug))
    for vocabulary in VOCABULARIES:
        section = views.section_page(vocabulary)
        pages.append(
            page(
                urls.section_source(vocabulary, lang),
                section.title,
                tr.t("section.description", title=section.title),
                "section.html.j2",
                tr=tr,
                s=section,
            )
        )
        for term in getattr(views.taxonomy, vocabulary):
            view = views.term_page(vocabulary, term)
            pages.append(
                page(
                    urls.term_source(vocabulary, term.id, lang),
                    view.label,
                    view.description
                    or tr.t("term.description", section=view.section_title, label=view.label),
                    "term.html.j2",
                    tr=tr,
                    cards=cards,
                    bodies=bodies,
                    term=view,
                    news=news.by_program.get(term.id, []) if vocabulary == "programs" else [],
                    open_challenges=challenges_mod.items(views, board, board.for_sector(term.id))
                    if board and vocabulary == "sectors"
                    else (),
                )
            )
    pages.append(whatsnew_page(views, history))
    pages.append(form_page(views))
    if board is not None:
        pages += challenge_pages(views, board, cards, news)
    return pages


def challenge_pages(
    views: Views, board: challenges_mod.Board, cards: CardCache, news: NewsIndex
) -> list[GeneratedPage]:
    """/defis/ (/en/challenges/), each challenge's page, and the pages of its matches
    beyond the first ``challenges.MATCH_PAGE_SIZE`` (/defis/<slug>/page/<n>/)."""
    tr, lang = views.tr, views.lang
    out = [
        page(
            urls.challenges_source(lang),
            tr.t("challenges.title"),
            tr.t("challenges.description"),
            "challenges.html.j2",
            tr=tr,
            l=challenges_mod.challenge_list(views, board),
        )
    ]
    for challenge in board.challenges:
        total = challenges_mod.match_page_count(board, challenge)
        for number in range(1, total + 1):
            view = challenges_mod.challenge_page(views, board, challenge, number)
            title, summary = view.item.title, view.item.summary
            out.append(
                page(
                    challenges_mod.match_page_source(challenge.slug, number, lang),
                    title if number == 1 else tr.t("challenge.page_title", title=title, n=number),
                    summary
                    if number == 1
                    else tr.t("challenge.page_description", title=title, n=number),
                    "challenge.html.j2",
                    tr=tr,
                    cards=cards,
                    ch=view,
                    news=news.by_challenge.get(challenge.slug, []) if number == 1 else [],
                    list_url=urls.challenges(lang),
                    position=tr.t(
                        "explorer.page.position", n=tr.number(number), total=tr.number(total)
                    ),
                )
            )
    return out


def form_page(views: Views) -> GeneratedPage:
    """/contribuer/formulaire/ (/en/contribute/form/): the profile form (site.form)."""
    tr = views.tr
    return page(
        urls.form_source(views.lang),
        tr.t("form.title"),
        tr.t("form.description"),
        "form.html.j2",
        tr=tr,
        **form.form_context(views),
    )


def generate_editions(
    editions: dict[str, Views],
    directory,
    news: dict | None = None,
    history: History | None = None,
    *,
    today: dt.date,
    bodies: PageBodies | None = None,
) -> list[GeneratedPage]:
    """The generated pages of every edition, removed profiles' and challenges' included
    (the challenges judged on ``today``, the build's day); with ``bodies``, those the last
    build made of the same are taken from it, and this build's are kept for the next."""
    board = challenge_board(directory, today)

    def edition_pages(langs, spread=serially) -> list[GeneratedPage]:
        return [
            page
            for lang in langs
            for page in generate(
                editions[lang], (news or {}).get(lang), history, board, spread, bodies
            )
            + removed(directory, lang)
        ]

    # Two editions: one per core, whole (their directory, sector and city pages too, which
    # left a core idle when only the profiles were spread); one edition: its profiles.
    if len(editions) > 1:
        pages = map_chunks(edition_pages, list(editions), min_items=2)
    else:
        pages = edition_pages(list(editions), map_chunks)
    if bodies is not None:
        bodies.save(pages)
    return pages


def challenge_board(directory, today) -> challenges_mod.Board | None:
    """The directory's challenges judged on ``today`` with their matches (None without a day)."""
    return None if today is None else challenges_mod.directory_board(directory, today)


def whatsnew_page(views: Views, history: History) -> GeneratedPage:
    """/nouveautes/ (/en/whats-new/): the startups added and the profiles updated, newest first."""
    tr, lang = views.tr, views.lang
    changes = whatsnew.latest_changes(whatsnew.entries(views.listed, history, lang))
    return page(
        urls.whatsnew_source(lang),
        tr.t("whatsnew.title"),
        tr.t("whatsnew.description"),
        "whatsnew.html.j2",
        tr=tr,
        entries=changes,
        intro=tr.t("whatsnew.description"),
        feed=urls.whatsnew_feed(lang),
        directory=urls.directory(lang),
    )


def home_blocks(
    views: Views,
    latest=(),
    events=(),
    additions=(),
    base: str = "",
    board: challenges_mod.Board | None = None,
) -> dict[str, str]:
    """HTML blocks that replace the markers of the hand-written home page (either edition;
    ``base``: from the page back to the site root; ``board``: the open challenges)."""
    env = environment("startupdir.site")
    common = {"base": base, "t": views.tr.html, "tr": views.tr, "lang": views.lang}
    return {
        "<!-- startupdir:nouveautes -->": compact(
            env.get_template("home_whatsnew.html.j2").render(
                additions=additions, whatsnew_url=urls.whatsnew(views.lang), **common
            )
        ),
        "<!-- startupdir:actualites -->": compact(
            env.get_template("home_news.html.j2").render(
                latest=latest, events=events, news_url=urls.news(views.lang), **common
            )
        ),
        "<!-- startupdir:chiffres -->": compact(
            env.get_template("home_figures.html.j2").render(
                figures=views.figures(),
                challenges=challenges_mod.home(views, board) if board else None,
                **common,
            )
        ),
        "<!-- startupdir:secteurs -->": compact(
            env.get_template("home_sectors.html.j2").render(grid=views.sector_grid(), **common)
        ),
    }


def write_pages(pages: list[GeneratedPage], out: Path) -> int:
    for item in pages:
        target = out / item.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.text, encoding="utf-8", newline="\n")
    return len(pages)


def removed(directory, lang: str = "fr") -> list[GeneratedPage]:
    """Pages for profiles that were removed, so outside links do not break silently
    (the directory carries them: removed.yml was read once, at validation)."""
    template = environment("startupdir.site").get_template("removed.html.j2")
    tr = catalogue(lang)
    return [
        GeneratedPage.of(
            urls.PREFIXES[lang] + entry.src_uri,
            tr.t("removed.title"),
            tr.t("removed.description"),
            compact(template.render(r=entry, date=tr.long_date(entry.date), t=tr.html, lang=lang)),
            searchable=False,
        )
        for entry in directory.removed
    ]
