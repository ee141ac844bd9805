"""What is new (issue 15): the startups added and the profiles updated, newest first, for
/nouveautes/, the home page's block and the Atom feed of new startups.

Addition dates come from the repository's history (``site.history``), update dates from
each profile's ``updated``; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from startupdir.site import urls
from startupdir.site.atom_feed import FEED_SIZE, Channel, Item, write_atom
from startupdir.site.history import History
from startupdir.site.i18n import catalogue

PAGE_SIZE = 50  # entries on /nouveautes/
HOME_SIZE = 3  # additions in the home page's block


@dataclass(frozen=True)
class Entry:
    """One startup on the list: its latest event, an addition or an update."""

    slug: str
    name: str
    tagline: str
    url: str  # site-relative
    added: dt.date
    updated: dt.date
    lang: str = "fr"  # the edition it is listed in
    tagline_lang: str = "fr"

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
            return self._dated("whatsnew.updated", self.updated)
        return self.added_label

    @property
    def added_label(self) -> str:
        return self._dated("whatsnew.added", self.added)

    def _dated(self, key: str, date: dt.date) -> str:
        tr = catalogue(self.lang)
        return tr.t(key, date=tr.long_date(date))


def entries(startups: Iterable, history: History, lang: str = "fr") -> list[Entry]:
    """Every listed startup, unordered; without history its addition is its ``updated``."""
    tr = catalogue(lang)
    out = []
    for s in startups:
        if not s.is_listed:
            continue
        tagline, tagline_lang = tr.text(s.tagline)
        out.append(
            Entry(
                slug=s.slug,
                name=s.name,
                tagline=tagline,
                url=urls.startup(s.slug, lang),
                added=history.added_on(s.slug, s.updated),
                updated=s.updated,
                lang=lang,
                tagline_lang=tagline_lang,
            )
        )
    return out


def latest_changes(items: Iterable[Entry], count: int = PAGE_SIZE) -> list[Entry]:
    """Additions and updates, newest first (ties: by slug)."""
    return sorted(items, key=lambda e: (-e.date.toordinal(), e.slug))[:count]


def latest_additions(items: Iterable[Entry], count: int = HOME_SIZE) -> list[Entry]:
    """The startups added last, newest first (ties: by slug)."""
    return sorted(items, key=lambda e: (-e.added.toordinal(), e.slug))[:count]


def atom(items: Iterable[Entry], site_url: str, identity=None, lang: str = "fr") -> bytes:
    """Atom 1.0 of the new startups: byte-identical for one commit (dates from history)."""
    channel = Channel.edition(
        lang,
        urls.whatsnew(lang),
        urls.whatsnew_feed(lang),
        "whatsnew.feed_title",
        "whatsnew.feed_subtitle",
        identity,
    )
    added = (
        Item(
            url=item.url,
            title=item.name,
            summary=item.tagline,
            published=item.added,
            updated=item.added,
        )
        for item in latest_additions(items, FEED_SIZE)
    )
    return write_atom(site_url, channel, added)
