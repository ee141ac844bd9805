"""The Atom feeds of new open-innovation challenges (issue 19), /defis/feed.xml and
/en/challenges/feed.xml (English texts where the challenge has them), written with feedgen
like the news and what's-new feeds.

A challenge enters the feed on its opening date (``opens``), newest first; upcoming ones
stay out until they open, closed ones stay in. Every date comes from the challenges
themselves and the day given (the build's today): nothing reads the clock, so one commit
built on one day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from feedgen.feed import FeedGenerator

from startupdir.content.challenges import UPCOMING, Challenge
from startupdir.site import urls
from startupdir.site.feed import _moment
from startupdir.site.i18n import catalogue

FEED_SIZE = 20


def opened(challenges: Iterable[Challenge], day: dt.date) -> list[Challenge]:
    """The challenges open or closed on ``day``, newest ``opens`` first (ties: by slug)."""
    published = [c for c in challenges if c.state(day) != UPCOMING]
    return sorted(published, key=lambda c: (-c.opens.toordinal(), c.slug))


def atom(
    challenges: Iterable[Challenge], day: dt.date, site_url: str, identity=None, lang: str = "fr"
) -> bytes:
    """Atom 1.0 of the challenges opened by ``day``, in the edition ``lang``."""
    base = site_url.rstrip("/") + "/"
    tr = catalogue(lang)
    items = opened(challenges, day)[:FEED_SIZE]
    page = urls.challenges(lang)
    fg = FeedGenerator()
    fg.id(base + page)
    fg.title(tr.t("challenges_feed.title"))
    if identity is not None:
        fg.subtitle(tr.t("challenges_feed.subtitle", name=identity.site_name(lang)))
    fg.link(href=base + page, rel="alternate")
    fg.link(href=base + urls.challenges_feed(lang), rel="self")
    fg.language(identity.language if identity is not None and lang == "fr" else lang)
    fg.generator("startupdir")
    fg.updated(_moment(max((_changed(c) for c in items), default=dt.date(2026, 1, 1))))
    for challenge in reversed(items):  # feedgen prepends: the newest ends up first
        url = base + urls.challenge(challenge.slug, lang)
        entry = fg.add_entry()
        entry.id(url)
        entry.title(tr.text(challenge.title)[0])
        entry.link(href=url)
        entry.summary(
            tr.t(
                "challenges_feed.summary",
                summary=tr.text(challenge.summary)[0],
                company=challenge.company.name,
                deadline=tr.long_date(challenge.deadline),
            )
        )
        entry.author(name=challenge.company.name)
        for sector in challenge.sectors:
            entry.category(term=sector)
        entry.published(_moment(challenge.opens))
        entry.updated(_moment(_changed(challenge)))
    return fg.atom_str(pretty=True)


def _changed(challenge: Challenge) -> dt.date:
    """An entry's last change: its review date, never before it opened."""
    return max(challenge.opens, challenge.updated)
