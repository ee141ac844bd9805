"""Ready-to-print view models: every decision about what a page shows is made here,
so templates only loop and escape. URLs are site-relative; templates prefix them with
the page's ``base`` (the relative path back to the site root).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from startupdir.content import french
from startupdir.content.model import Startup, Taxonomy
from startupdir.content.schema_text import LANGUAGE_NAMES, Localized
from startupdir.content.text import HEADING_WITH_ID, markdown_to_html
from startupdir.images.colors import sector_color, text_color_for
from startupdir.site import urls

BUSINESS_MODEL_LABELS = {"b2b": "B2B", "b2c": "B2C", "b2b2c": "B2B2C", "b2g": "B2G"}
STATUS_LABELS = {"active": "En activité", "acquired": "Rachetée", "closed": "Fermée"}
NETWORK_LABELS = {
    "linkedin": "LinkedIn",
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "github": "GitHub",
}
VOCABULARY_NOUNS = {
    "sectors": ("Secteurs", "ce secteur"),
    "cities": ("Villes", "cette ville"),
    "stages": ("Stades", "ce stade"),
    "needs": ("Besoins", "ce besoin"),
    "programs": ("Programmes", "ce programme"),
}
RELATED_COUNT = 3


def initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-_.]+", name) if w]
    letters = []
    for word in words:
        for char in word:
            if unicodedata.category(char)[0] in "LN":
                letters.append(char.upper())
                break
        if len(letters) == 2:
            break
    return "".join(letters) or "?"


@dataclass
class Link:
    label: str
    url: str
    color: str = ""
    css: str = ""  # class carrying the sector colour (see sector_css)


@dataclass
class Site:
    """What every page may need besides the data: identity and repository links."""

    name: str = "Annuaire des startups"
    url: str = ""
    repo_url: str = ""
    edit_base: str = ""  # URL prefix of the repository's files for "edit" links

    def edit_url(self, startup: Startup) -> str:
        if not self.edit_base:
            return ""
        return self.edit_base.rstrip("/") + "/" + startup.source


@dataclass
class Views:
    """Builds view models for one validated directory."""

    taxonomy: Taxonomy
    startups: tuple[Startup, ...]
    site: Site = field(default_factory=Site)
    logos: dict = field(default_factory=dict)  # slug -> logo view (dict), set by the image step

    def __post_init__(self):
        self.colors = {s.id: sector_color(i) for i, s in enumerate(self.taxonomy.sectors)}
        self.listed = [s for s in sorted(self.startups, key=sort_key) if s.is_listed]
        self._links: dict = {}
        self._cards: dict = {}
        self.index: dict[tuple[str, str], list[Startup]] = {}
        for startup in self.listed:
            for vocabulary in VOCABULARY_NOUNS:
                for term_id in memberships(startup, vocabulary):
                    self.index.setdefault((vocabulary, term_id), []).append(startup)

    # -- pieces ------------------------------------------------------------

    def term_link(self, vocabulary: str, term_id: str) -> Link:
        key = (vocabulary, term_id)
        if key not in self._links:
            self._links[key] = self._term_link(vocabulary, term_id)
        return self._links[key]

    def _term_link(self, vocabulary: str, term_id: str) -> Link:
        label = self.taxonomy.label(vocabulary, term_id)
        link = Link(label, urls.term(vocabulary, term_id))
        if vocabulary == "sectors":
            link.color = self.colors[term_id]
            link.css = f"sd-s-{term_id}"
        return link

    def logo(self, startup: Startup) -> dict:
        if startup.slug in self.logos:
            return self.logos[startup.slug]
        return {
            "kind": "placeholder",
            "initials": initials(startup.name),
            "css": f"sd-s-{startup.sectors[0]}",
        }

    def card(self, startup: Startup) -> dict:
        if startup.slug not in self._cards:
            self._cards[startup.slug] = self._card(startup)
        return self._cards[startup.slug]

    def _card(self, startup: Startup) -> dict:
        return {
            "name": startup.name,
            "url": urls.startup(startup.slug),
            "tagline": startup.tagline.fr,
            "sectors": [self.term_link("sectors", s) for s in startup.sectors],
            "city": self.term_link("cities", startup.city),
            "stage": self.term_link("stages", startup.stage),
            "logo": self.logo(startup),
            "hiring": bool(startup.hiring),
            "raising": startup.raising,
            "status": startup.status if startup.status in ("acquired", "closed") else "",
        }

    def cards(self, startups) -> list[dict]:
        return [self.card(s) for s in startups]

    def members(self, vocabulary: str, term_id: str) -> list[Startup]:
        return self.index.get((vocabulary, term_id), [])

    # -- pages -------------------------------------------------------------

    def profile(self, startup: Startup, news: list | None = None) -> dict:
        tx = self.taxonomy
        facts = [
            ("Fondée en", str(startup.founded)),
            ("Salariés", french.number(startup.employees)),
        ]
        if startup.business_model:
            facts.append(
                (
                    "Modèle d'affaires",
                    ", ".join(BUSINESS_MODEL_LABELS[b] for b in startup.business_model),
                )
            )
        if startup.markets:
            facts.append(("Marchés", ", ".join(french.country(c) for c in startup.markets)))
        facts.append(("Statut", STATUS_LABELS[startup.status or "active"]))
        programs = [
            {
                "link": self.term_link("programs", p.id),
                "year": str(p.year) if p.year else "",
            }
            for p in startup.programs
        ]
        funding = None
        if startup.seeking_investment:
            si = startup.seeking_investment
            funding = {
                "round": tx.label("stages", si.round),
                "amount": f"{french.number(si.amount_mad)} MAD" if si.amount_mad else "",
            }
        related_pool = [
            s
            for s in self.members("sectors", startup.sectors[0])[: RELATED_COUNT + 1]
            if s.slug != startup.slug
        ]
        descriptions = [
            dict(item, html=markdown_to_html(item["text"], item["lang"]))
            for item in localized(startup.description)
        ]
        return {
            "name": startup.name,
            "slug": startup.slug,
            "url": urls.startup(startup.slug),
            "logo": self.logo(startup),
            "taglines": localized(startup.tagline),
            "descriptions": descriptions,
            # Sub-headings in a description: the page's sections get ids, and the page
            # an outline (pages.outline) of both.
            "outline": any(HEADING_WITH_ID.search(d["html"]) for d in descriptions),
            "sectors": [self.term_link("sectors", s) for s in startup.sectors],
            "city": self.term_link("cities", startup.city),
            "region": tx.get("cities", startup.city).region,
            "stage": self.term_link("stages", startup.stage),
            "hiring": bool(startup.hiring),
            "funding": funding,
            "status": startup.status or "active",
            "facts": facts,
            "programs": programs,
            "needs": [self.term_link("needs", n) for n in startup.needs],
            "founders": [
                {"name": f.name, "role": f.role or "", "linkedin": f.linkedin or ""}
                for f in startup.founders
            ],
            "website": startup.website,
            "website_label": display_url(startup.website),
            "links": [
                {"label": NETWORK_LABELS[n], "url": u}
                for n, u in (startup.links.items() if startup.links else [])
            ],
            "email": startup.contact.email if startup.contact and startup.contact.email else "",
            "edit_url": self.site.edit_url(startup),
            "updated": french.long_date(startup.updated),
            "related": [self.card(s) for s in related_pool[:RELATED_COUNT]],
            "related_sector": self.term_link("sectors", startup.sectors[0]),
            "news": news or [],
        }

    def term_page(self, vocabulary: str, term) -> dict:
        members = self.members(vocabulary, term.id)
        title, this = VOCABULARY_NOUNS[vocabulary]
        description = getattr(term, "description", None)
        return {
            "vocabulary": vocabulary,
            "section_title": title,
            "section_url": urls.section(vocabulary),
            "label": term.label.fr,
            "labels": localized(term.label)[1:],
            "description": description.fr if description else "",
            "region": getattr(term, "region", ""),
            "url": getattr(term, "url", None) or "",
            "count": french.plural(len(members), "startup"),
            "empty_text": f"Aucune startup n'est encore référencée dans {this}.",
            "cards": self.cards(members),
            "color": self.colors.get(term.id, "") if vocabulary == "sectors" else "",
        }

    def section_page(self, vocabulary: str) -> dict:
        title, _ = VOCABULARY_NOUNS[vocabulary]
        terms = []
        for term in getattr(self.taxonomy, vocabulary):
            count = len(self.members(vocabulary, term.id))
            description = getattr(term, "description", None)
            link = self.term_link(vocabulary, term.id)
            terms.append(
                {
                    "link": link,
                    "count": count,
                    "count_label": french.plural(count, "startup"),
                    "description": description.fr if description else getattr(term, "region", ""),
                }
            )
        return {"title": title, "vocabulary": vocabulary, "terms": terms}

    def directory_page(self) -> dict:
        return {
            "count": french.plural(len(self.listed), "startup"),
            "cards": self.cards(self.listed),
        }

    def figures(self) -> list[dict]:
        listed = self.listed
        sectors = {s for st in listed for s in st.sectors}
        cities = {st.city for st in listed}
        return [
            {"value": french.number(len(listed)), "label": "startups référencées"},
            {"value": french.number(len(sectors)), "label": "secteurs représentés"},
            {"value": french.number(len(cities)), "label": "villes"},
            {"value": french.number(sum(s.employees for s in listed)), "label": "emplois"},
            {
                "value": french.number(sum(1 for s in listed if s.hiring)),
                "label": "startups qui recrutent",
            },
            {
                "value": french.number(sum(1 for s in listed if s.raising)),
                "label": "startups qui lèvent des fonds",
            },
        ]

    def sector_css(self) -> str:
        """One class per sector colour, so pages carry a class name instead of inline styles."""
        rules = []
        for sector in self.taxonomy.sectors:
            color = self.colors[sector.id]
            rules.append(f".sd-s-{sector.id}{{--sd-c:{color};--sd-t:{text_color_for(color)}}}")
        return "\n".join(rules) + "\n"

    def sector_grid(self) -> list[dict]:
        counts = Counter(s for st in self.listed for s in st.sectors)
        return [
            {
                "link": self.term_link("sectors", sector.id),
                "count": counts[sector.id],
                "count_label": french.plural(counts[sector.id], "startup"),
            }
            for sector in self.taxonomy.sectors
        ]


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def sort_key(startup: Startup) -> tuple[str, str]:
    """Alphabetical order as a French reader expects it: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", startup.name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (bare.casefold().translate(_LIGATURES), startup.slug)


def memberships(startup: Startup, vocabulary: str) -> tuple[str, ...]:
    if vocabulary == "sectors":
        return startup.sectors
    if vocabulary == "cities":
        return (startup.city,)
    if vocabulary == "stages":
        return (startup.stage,)
    if vocabulary == "needs":
        return startup.needs
    return tuple(p.id for p in startup.programs)


def localized(value: Localized) -> list[dict]:
    """The French text first, then the other languages, each with its lang/dir attributes."""
    return [
        {
            "lang": lang,
            "dir": "rtl" if lang == "ar" else "ltr",
            "language": LANGUAGE_NAMES[lang],
            "text": text,
        }
        for lang, text in value.items()
    ]


def display_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


# Displayed sizes in CSS pixels; the files hold twice as many for sharp high-density screens.
LOGO_DISPLAY = {"card": 48, "header": 96}


def logo_view(logo) -> dict:
    """A processed logo (images.LogoImages) as the templates need it."""
    view = {"kind": "image"}
    for size, ref in (("card", logo.card), ("header", logo.header)):
        side = LOGO_DISPLAY[size]
        view[size] = {
            "url": ref.url,
            "fallback": ref.fallback_url or "",
            "width": side,
            "height": side,
        }
    return view
