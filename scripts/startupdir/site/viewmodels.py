"""The view models: what a page shows, built complete by ``views.Views`` and never changed
afterwards (frozen), so a page's output never depends on the order in which they were
asked for. URLs are site-relative; templates prefix them with the page's ``base``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    color: str = ""
    css: str = ""  # class carrying the sector colour (see sector_css)


@dataclass(frozen=True)
class ImageSize:
    """One size of a processed logo (site-relative URLs, CSS pixels)."""

    url: str
    fallback: str
    width: int
    height: int


@dataclass(frozen=True)
class ImageLogo:
    card: ImageSize
    header: ImageSize
    kind: str = "image"


@dataclass(frozen=True)
class PlaceholderLogo:
    """A startup without a logo: its initials on its main sector's colour."""

    initials: str
    css: str
    kind: str = "placeholder"


Logo = ImageLogo | PlaceholderLogo


@dataclass(frozen=True)
class Funding:
    round: str
    amount: str  # empty when the profile gives no amount


@dataclass(frozen=True)
class Card:
    name: str
    url: str
    tagline: str
    tagline_lang: str  # the tagline's language: the page's, or French when not translated
    sectors: tuple[Link, ...]
    city: Link
    stage: Link
    logo: Logo
    hiring: bool
    funding: Funding | None  # « Lève : Amorçage · 6 M MAD » when the startup raises
    status: str  # "acquired", "closed" or ""


@dataclass(frozen=True)
class Text:
    """A text in one language, with its lang/dir attributes."""

    lang: str
    dir: str
    language: str
    text: str


@dataclass(frozen=True)
class Description(Text):
    html: str = ""


@dataclass(frozen=True)
class ProgramEntry:
    link: Link
    year: str


@dataclass(frozen=True)
class Founder:
    name: str
    role: str
    linkedin: str


@dataclass(frozen=True)
class ExternalLink:
    label: str
    url: str


@dataclass(frozen=True)
class Action:
    """A button of a profile's action bar: the contact first, then the startup's links."""

    label: str
    url: str
    primary: bool = False  # the contact (or the request for an introduction)
    external: bool = True  # a link from the profile's data (rel="nofollow noopener ugc")


@dataclass(frozen=True)
class KeyFact:
    """One line of a profile's key-facts box: links to term pages, then plain text."""

    label: str
    links: tuple[Link, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Profile:
    name: str
    slug: str
    url: str
    logo: Logo
    taglines: tuple[Text, ...]
    descriptions: tuple[Description, ...]
    outline: bool  # sub-headings in a description: the page's sections get ids
    sectors: tuple[Link, ...]
    city: Link
    region: str
    stage: Link
    hiring: bool
    funding: Funding | None
    status: str
    facts: tuple[tuple[str, str], ...]
    programs: tuple[ProgramEntry, ...]
    needs: tuple[Link, ...]
    founders: tuple[Founder, ...]
    website: str
    website_label: str
    links: tuple[ExternalLink, ...]
    email: str
    edit_url: str
    updated: str
    related: tuple[Card, ...]
    related_sector: Link
    news: tuple = ()
    actions: tuple[Action, ...] = ()  # the action bar at the top of the page
    key_facts: tuple[KeyFact, ...] = ()  # what an investor asks first
    breadcrumb: tuple[Link, ...] = ()  # Startups › main sector (the page's name follows)


@dataclass(frozen=True)
class TermPage:
    vocabulary: str
    section_title: str
    section_url: str
    label: str
    labels: tuple[Text, ...]
    description: str
    description_lang: str
    region: str
    url: str
    count: str
    empty_text: str
    cards: tuple[Card, ...]
    color: str
    explorer_url: str  # the explorer pre-filtered on this term, from the site's root


@dataclass(frozen=True)
class TermTile:
    link: Link
    count: int
    count_label: str
    description: str = ""


@dataclass(frozen=True)
class SectionPage:
    title: str
    vocabulary: str
    terms: tuple[TermTile, ...]


@dataclass(frozen=True)
class Figure:
    value: str
    label: str
    href: str = ""  # the explorer view of what the figure counts, from the site's root
