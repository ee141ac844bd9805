"""What is new (issue 15): the startups added and the profiles updated, newest first, for
/nouveautes/, the home page's block and the Atom feed of new startups.

Addition dates come from the repository's history (``site.history``), update dates from
each profile's ``updated``; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from startupdir.content.french import long_date
from startupdir.site import urls
from startupdir.site.feed import _moment
from startupdir.site.history import History

PAGE_SIZE = 50  # entries on /nouveautes/
HOME_SIZE = 3  # additions in the home page's block
FEED_SIZE = 20
FEED_TITLE = "Nouvelles startups de l'annuaire"
PAGE_TITLE = "Nouveautés"
PAGE_DESCRIPTION = (
    "Les startups ajoutées et les profils mis à jour récemment, du plus récent au plus ancien."
)


@dataclass(frozen=True)
class Entry:
    """One startup on the list: its latest event, an addition or an update."""

    slug: str
    name: str
    tagline: str
    url: str  # site-relative
    added: dt.date
    updated: dt.date

    @property
    def is_update(self) -> bool:
        return self.updated > self.added

    @property
    def date(self) -> dt.date:
        return self.updated if self.is_update else self.added

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    @property
    def label(self) -> str:
        """« Ajoutée le 3 mars 2026 », « Mise à jour le 1er avril 2026 »."""
        if self.is_update:
            return f"Mise à jour le {long_date(self.updated)}"
        return f"Ajoutée le {long_date(self.added)}"

    @property
    def added_label(self) -> str:
        return f"Ajoutée le {long_date(self.added)}"


def entries(startups: Iterable, history: History) -> list[Entry]:
    """Every listed startup, unordered; without history its addition is its ``updated``."""
    return [
        Entry(
            slug=s.slug,
            name=s.name,
            tagline=s.tagline.fr,
            url=urls.startup(s.slug),
            added=history.added_on(s.slug, s.updated),
            updated=s.updated,
        )
        for s in startups
        if s.is_listed
    ]


def latest_changes(items: Iterable[Entry], count: int = PAGE_SIZE) -> list[Entry]:
    """Additions and updates, newest first (ties: by slug)."""
    return sorted(items, key=lambda e: (-e.date.toordinal(), e.slug))[:count]


def latest_additions(items: Iterable[Entry], count: int = HOME_SIZE) -> list[Entry]:
    """The startups added last, newest first (ties: by slug)."""
    return sorted(items, key=lambda e: (-e.added.toordinal(), e.slug))[:count]


def atom(items: Iterable[Entry], site_url: str, identity=None) -> bytes:
    """Atom 1.0 of the new startups: byte-identical for one commit (dates from history)."""
    base = site_url.rstrip("/") + "/"
    added = latest_additions(items, FEED_SIZE)
    fg = FeedGenerator()
    fg.id(base + urls.WHATSNEW)
    fg.title(FEED_TITLE)
    if identity is not None:
        fg.subtitle(f"{identity.name} : les dernières startups ajoutées")
    fg.link(href=base + urls.WHATSNEW, rel="alternate")
    fg.link(href=base + urls.WHATSNEW_FEED, rel="self")
    fg.language(identity.language if identity is not None else "fr")
    fg.generator("startupdir")
    fg.updated(_moment(added[0].added if added else dt.date(2026, 1, 1)))
    for item in reversed(added):
        entry = fg.add_entry()
        entry.id(base + item.url)
        entry.title(item.name)
        entry.link(href=base + item.url)
        entry.summary(item.tagline)
        entry.published(_moment(item.added))
        entry.updated(_moment(item.added))
    return fg.atom_str(pretty=True)
