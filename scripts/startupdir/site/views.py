"""Ready-to-print view models: every decision about what a page shows is made here,
so templates only loop and escape. URLs are site-relative; templates prefix them with
the page's ``base`` (the relative path back to the site root).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import quote

from startupdir.content.identity import Identity
from startupdir.content.model import VOCABULARIES, Startup, Taxonomy
from startupdir.content.schema_text import LANGUAGE_NAMES, Localized
from startupdir.content.text import HEADING_WITH_ID, markdown_to_html
from startupdir.images.colors import sector_color, text_color_for
from startupdir.images.layout import initials  # the share card's, so both show the same letters
from startupdir.site import urls
from startupdir.site.i18n import LANGUAGES, Catalogue, catalogue
from startupdir.site.viewmodels import (
    Action,
    Card,
    Description,
    ExternalLink,
    Figure,
    Founder,
    Funding,
    ImageLogo,
    ImageSize,
    KeyFact,
    Link,
    Logo,
    PlaceholderLogo,
    Profile,
    ProgramEntry,
    SectionPage,
    TermPage,
    TermTile,
    Text,
)

BUSINESS_MODEL_LABELS = {"b2b": "B2B", "b2c": "B2C", "b2b2c": "B2B2C", "b2g": "B2G"}
NETWORK_LABELS = {
    "linkedin": "LinkedIn",
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "github": "GitHub",
}
RELATED_COUNT = 3
# The explorer's URL parameter for each vocabulary (theme/assets/javascripts/explorer.js, FACETS).
EXPLORER_PARAMS = {
    "sectors": "secteur",
    "cities": "ville",
    "stages": "stade",
    "needs": "besoin",
    "programs": "programme",
}


@dataclass(frozen=True)
class Site:
    """What every page may need besides the data: identity and repository links."""

    name: str = "Annuaire des startups"
    url: str = ""
    repo_url: str = ""
    edit_base: str = ""  # URL prefix of the repository's files for "edit" links
    identity: Identity | None = None  # directory.yml (country, citation…), when loaded

    def edit_url(self, startup: Startup) -> str:
        if not self.edit_base:
            return ""
        return self.edit_base.rstrip("/") + "/" + startup.source


def sector_colors(taxonomy: Taxonomy) -> dict[str, str]:
    """Sector id -> its colour, by the sector's place in the taxonomy."""
    return {s.id: sector_color(i) for i, s in enumerate(taxonomy.sectors)}


@dataclass(frozen=True, eq=False)
class Views:
    """Builds view models for one validated directory. Complete once constructed: the
    processed logos come in with the data (``logos``: slug -> ImageLogo), and nothing is
    assigned afterwards; the two caches only remember results of pure functions."""

    taxonomy: Taxonomy
    startups: tuple[Startup, ...]
    site: Site = field(default_factory=Site)
    logos: Mapping[str, ImageLogo] = field(default_factory=dict)
    lang: str = "fr"  # the edition: its URLs, its interface strings, its texts
    # Derived in __post_init__ (not constructor arguments, left out of the repr).
    tr: Catalogue = field(init=False, repr=False)
    colors: Mapping[str, str] = field(init=False, repr=False)
    listed: tuple[Startup, ...] = field(init=False, repr=False)
    index: dict[tuple[str, str], list[Startup]] = field(init=False, repr=False)
    _links: dict[tuple[str, str], Link] = field(init=False, repr=False)
    _cards: dict[str, Card] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[Startup]] = {}
        listed = tuple(s for s in sorted(self.startups, key=sort_key) if s.is_listed)
        derived = {
            "tr": catalogue(self.lang),
            "logos": MappingProxyType(dict(self.logos)),
            "colors": MappingProxyType(sector_colors(self.taxonomy)),
            "listed": listed,
            "index": index,
            "_links": {},
            "_cards": {},
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)
        for startup in listed:
            for vocabulary in VOCABULARIES:
                for term_id in memberships(startup, vocabulary):
                    self.index.setdefault((vocabulary, term_id), []).append(startup)

    def edition(self, lang: str) -> Views:
        """The same directory's views in another edition (the index is rebuilt: cheap)."""
        return Views(self.taxonomy, self.startups, self.site, self.logos, lang)

    def editions(self) -> dict[str, Views]:
        """The views of every edition of the site, these ones included."""
        return {lang: self if lang == self.lang else self.edition(lang) for lang in LANGUAGES}

    def label(self, vocabulary: str, term_id: str) -> str:
        return self.tr.text(self.taxonomy.get(vocabulary, term_id).label)[0]

    # -- pieces ------------------------------------------------------------

    def term_link(self, vocabulary: str, term_id: str) -> Link:
        key = (vocabulary, term_id)
        if key not in self._links:
            self._links[key] = self._term_link(vocabulary, term_id)
        return self._links[key]

    def _term_link(self, vocabulary: str, term_id: str) -> Link:
        label = self.label(vocabulary, term_id)
        url = urls.term(vocabulary, term_id, self.lang)
        if vocabulary == "sectors":
            return Link(label, url, self.colors[term_id], f"sd-s-{term_id}")
        return Link(label, url)

    def logo(self, startup: Startup) -> Logo:
        if startup.slug in self.logos:
            return self.logos[startup.slug]
        return PlaceholderLogo(initials(startup.name), f"sd-s-{startup.sectors[0]}")

    def card(self, startup: Startup) -> Card:
        if startup.slug not in self._cards:
            self._cards[startup.slug] = self._card(startup)
        return self._cards[startup.slug]

    def _card(self, startup: Startup) -> Card:
        tagline, tagline_lang = self.tr.text(startup.tagline)
        return Card(
            name=startup.name,
            url=urls.startup(startup.slug, self.lang),
            tagline=tagline,
            tagline_lang=tagline_lang,
            sectors=tuple(self.term_link("sectors", s) for s in startup.sectors),
            city=self.term_link("cities", startup.city),
            stage=self.term_link("stages", startup.stage),
            logo=self.logo(startup),
            hiring=bool(startup.hiring),
            funding=self.card_funding(startup),
            status=startup.status if startup.status in ("acquired", "closed") else "",
        )

    def card_funding(self, startup: Startup) -> Funding | None:
        """The round sought and its amount in short (« 6 M MAD »), for a card."""
        si = startup.seeking_investment
        if si is None:
            return None
        amount = self.tr.amount(si.amount_mad, compact=True) if si.amount_mad else ""
        return Funding(self.label("stages", si.round), amount)

    def cards(self, startups) -> tuple[Card, ...]:
        return tuple(self.card(s) for s in startups)

    def members(self, vocabulary: str, term_id: str) -> tuple[Startup, ...]:
        return tuple(self.index.get((vocabulary, term_id), ()))

    # -- pages -------------------------------------------------------------

    def profile(self, startup: Startup, news=()) -> Profile:
        tx, t = self.taxonomy, self.tr.t
        facts = [
            (t("profile.founded"), str(startup.founded)),
            (t("profile.employees"), self.tr.number(startup.employees)),
        ]
        if startup.business_model:
            facts.append(
                (
                    t("profile.business_model"),
                    ", ".join(BUSINESS_MODEL_LABELS[b] for b in startup.business_model),
                )
            )
        if startup.markets:
            facts.append(
                (t("profile.markets"), ", ".join(self.tr.country(c) for c in startup.markets))
            )
        facts.append((t("profile.status"), t(f"status.{startup.status or 'active'}")))
        programs = tuple(
            ProgramEntry(self.term_link("programs", p.id), str(p.year) if p.year else "")
            for p in startup.programs
        )
        funding = None
        if startup.seeking_investment:
            si = startup.seeking_investment
            funding = Funding(
                round=self.label("stages", si.round),
                amount=self.tr.amount(si.amount_mad) if si.amount_mad else "",
            )
        related_pool = [
            s
            for s in self.members("sectors", startup.sectors[0])[: RELATED_COUNT + 1]
            if s.slug != startup.slug
        ]
        descriptions = tuple(
            Description(d.lang, d.dir, d.language, d.text, markdown_to_html(d.text, d.lang))
            for d in localized(startup.description, self.lang)
        )
        return Profile(
            name=startup.name,
            slug=startup.slug,
            url=urls.startup(startup.slug, self.lang),
            logo=self.logo(startup),
            taglines=localized(startup.tagline, self.lang),
            descriptions=descriptions,
            # Sub-headings in a description: the page's sections get ids, and the page
            # an outline (pages.outline) of both.
            outline=any(HEADING_WITH_ID.search(d.html) for d in descriptions),
            sectors=tuple(self.term_link("sectors", s) for s in startup.sectors),
            city=self.term_link("cities", startup.city),
            region=tx.get("cities", startup.city).region,
            stage=self.term_link("stages", startup.stage),
            hiring=bool(startup.hiring),
            funding=funding,
            status=startup.status or "active",
            facts=tuple(facts),
            programs=programs,
            needs=tuple(self.term_link("needs", n) for n in startup.needs),
            founders=tuple(
                Founder(f.name, f.role or "", f.linkedin or "") for f in startup.founders
            ),
            website=startup.website,
            website_label=display_url(startup.website),
            links=tuple(
                ExternalLink(NETWORK_LABELS[n], u)
                for n, u in (startup.links.items() if startup.links else [])
            ),
            email=startup.contact.email if startup.contact and startup.contact.email else "",
            edit_url=self.site.edit_url(startup),
            updated=self.tr.long_date(startup.updated),
            related=tuple(self.card(s) for s in related_pool[:RELATED_COUNT]),
            related_sector=self.term_link("sectors", startup.sectors[0]),
            news=tuple(news or ()),
            actions=self.actions(startup),
            key_facts=self.key_facts(startup),
            breadcrumb=(
                Link(t("nav.startups"), urls.directory(self.lang)),
                self.term_link("sectors", startup.sectors[0]),
            ),
        )

    def actions(self, startup: Startup) -> tuple[Action, ...]:
        """The contact (the startup's address, else a request for an introduction to the
        directory's team), the website, then the other links of the profile."""
        out, t = [], self.tr.t
        email = startup.contact.email if startup.contact and startup.contact.email else ""
        identity = self.site.identity
        if email:
            out.append(
                Action(t("profile.contact"), f"mailto:{email}", primary=True, external=False)
            )
        elif identity is not None and identity.contact:
            subject = quote(t("profile.introduction_subject", name=startup.name), safe="")
            out.append(
                Action(
                    t("profile.introduction"),
                    f"mailto:{identity.contact}?subject={subject}",
                    primary=True,
                    external=False,
                )
            )
        out.append(Action(t("profile.website"), startup.website))
        if startup.links:
            out += [Action(NETWORK_LABELS[n], u) for n, u in startup.links.items()]
        return tuple(out)

    def key_facts(self, startup: Startup) -> tuple[KeyFact, ...]:
        facts, t = [], self.tr.t
        if startup.seeking_investment:
            si = startup.seeking_investment
            amount = self.tr.amount(si.amount_mad, compact=True) if si.amount_mad else ""
            facts.append(
                KeyFact(t("profile.raising"), (self.term_link("stages", si.round),), amount)
            )
        facts += [
            KeyFact(t("profile.stage"), (self.term_link("stages", startup.stage),)),
            KeyFact(t("profile.founded"), text=str(startup.founded)),
            KeyFact(t("profile.employees"), text=self.tr.number(startup.employees)),
            KeyFact(
                t("profile.hiring"), text=t("answer.yes") if startup.hiring else t("answer.no")
            ),
            KeyFact(t("profile.city"), (self.term_link("cities", startup.city),)),
            KeyFact(
                t("profile.sector.one" if len(startup.sectors) == 1 else "profile.sector.other"),
                tuple(self.term_link("sectors", s) for s in startup.sectors),
            ),
        ]
        if startup.programs:
            facts.append(
                KeyFact(
                    t(
                        "profile.program.one"
                        if len(startup.programs) == 1
                        else "profile.program.other"
                    ),
                    tuple(self.term_link("programs", p.id) for p in startup.programs),
                )
            )
        return tuple(facts)

    def term_page(self, vocabulary: str, term) -> TermPage:
        members = self.members(vocabulary, term.id)
        t = self.tr.t
        description = getattr(term, "description", None)
        labels = localized(term.label, self.lang)
        text, text_lang = self.tr.text(description) if description else ("", self.lang)
        return TermPage(
            vocabulary=vocabulary,
            section_title=t(f"vocabulary.{vocabulary}.title"),
            section_url=urls.section(vocabulary, self.lang),
            label=labels[0].text,
            labels=labels[1:],
            description=text,
            description_lang=text_lang,
            region=getattr(term, "region", ""),
            url=getattr(term, "url", None) or "",
            count=self.tr.plural(len(members), "startup"),
            empty_text=t(f"vocabulary.{vocabulary}.empty"),
            cards=self.cards(members),
            color=self.colors.get(term.id, "") if vocabulary == "sectors" else "",
            explorer_url=f"{urls.directory(self.lang)}?{EXPLORER_PARAMS[vocabulary]}={term.id}",
        )

    def section_page(self, vocabulary: str) -> SectionPage:
        title = self.tr.t(f"vocabulary.{vocabulary}.title")
        terms = []
        for term in getattr(self.taxonomy, vocabulary):
            count = len(self.members(vocabulary, term.id))
            description = getattr(term, "description", None)
            link = self.term_link(vocabulary, term.id)
            terms.append(
                TermTile(
                    link=link,
                    count=count,
                    count_label=self.tr.plural(count, "startup"),
                    description=self.tr.text(description)[0]
                    if description
                    else getattr(term, "region", ""),
                )
            )
        return SectionPage(title, vocabulary, tuple(terms))

    def figures(self) -> tuple[Figure, ...]:
        listed = self.listed
        sectors = {s for st in listed for s in st.sectors}
        cities = {st.city for st in listed}
        number, t, directory = self.tr.number, self.tr.t, urls.directory(self.lang)
        return (
            Figure(number(len(listed)), t("figures.startups")),
            Figure(number(len(sectors)), t("figures.sectors")),
            Figure(number(len(cities)), t("figures.cities")),
            Figure(number(sum(s.employees for s in listed)), t("figures.jobs")),
            Figure(
                number(sum(1 for s in listed if s.hiring)),
                t("figures.hiring"),
                f"{directory}?recrute=1",
            ),
            Figure(
                number(sum(1 for s in listed if s.raising)),
                t("figures.raising"),
                f"{directory}?levee=1",
            ),
        )

    def sector_css(self) -> str:
        """One class per sector colour, so pages carry a class name instead of inline styles."""
        rules = []
        for sector in self.taxonomy.sectors:
            color = self.colors[sector.id]
            rules.append(f".sd-s-{sector.id}{{--sd-c:{color};--sd-t:{text_color_for(color)}}}")
        return "\n".join(rules) + "\n"

    def sector_grid(self) -> tuple[TermTile, ...]:
        counts = Counter(s for st in self.listed for s in st.sectors)
        return tuple(
            TermTile(
                link=self.term_link("sectors", sector.id),
                count=counts[sector.id],
                count_label=self.tr.plural(counts[sector.id], "startup"),
            )
            for sector in self.taxonomy.sectors
        )


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def sort_key(startup: Startup) -> tuple[str, str]:
    """Alphabetical order as a French reader expects it: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", startup.name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (bare.casefold().translate(_LIGATURES), startup.slug)


def memberships(startup: Startup, vocabulary: str) -> tuple[str, ...]:
    return VOCABULARIES[vocabulary].members(startup)


def localized(value: Localized, first: str = "fr") -> tuple[Text, ...]:
    """The text in the edition's language first (French when it has none), then the other
    languages, each with its lang/dir attributes."""
    items = value.items()
    items.sort(key=lambda item: item[0] != first)  # stable: French next, then the others
    return tuple(
        Text(lang, "rtl" if lang == "ar" else "ltr", LANGUAGE_NAMES[lang], text)
        for lang, text in items
    )


def display_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


# Displayed sizes in CSS pixels; the files hold twice as many for sharp high-density screens.
LOGO_DISPLAY = {"card": 48, "header": 96}


def logo_view(logo) -> ImageLogo:
    """A processed logo (images.LogoImages) as the templates need it."""

    def size(name: str, ref) -> ImageSize:
        side = LOGO_DISPLAY[name]
        return ImageSize(ref.url, ref.fallback_url or "", side, side)

    return ImageLogo(size("card", logo.card), size("header", logo.header))
