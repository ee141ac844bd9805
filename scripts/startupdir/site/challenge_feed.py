"""The Atom feeds of new open-innovation challenges (issue 19), /defis/feed.xml and
/en/challenges/feed.xml (English texts where the challenge has them), written by
``atom_feed`` like the news and what's-new feeds.

A challenge enters the feed on its opening date (``opens``), newest first; upcoming ones
stay out until they open, closed ones stay in. Every date comes from the challenges
themselves and the day given (the build's today): nothing reads the clock, so one commit
built on one day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from startupdir.content.challenges import UPCOMING, Challenge
from startupdir.site import urls
from startupdir.site.atom_feed import Channel, Item, write_atom
from startupdir.site.i18n import catalogue


def opened(challenges: Iterable[Challenge], day: dt.date) -> list[Challenge]:
    """The challenges open or closed on ``day``, newest ``opens`` first (ties: by slug)."""
    published = [c for c in challenges if c.state(day) != UPCOMING]
    return sorted(published, key=lambda c: (-c.opens.toordinal(), c.slug))


def atom(
    challenges: Iterable[Challenge], day: dt.date, site_url: str, identity=None, lang: str = "fr"
) -> bytes:
    """Atom 1.0 of the challenges opened by ``day``, in the edition ``lang``."""
    tr = catalogue(lang)
    channel = Channel.edition(
        lang,
        urls.challenges(lang),
        urls.challenges_feed(lang),
        "challenges_feed.title",
        "challenges_feed.subtitle",
        identity,
    )
    items = (
        Item(
            url=urls.challenge(challenge.slug, lang),
            title=tr.text(challenge.title)[0],
            summary=tr.t(
                "challenges_feed.summary",
                summary=tr.text(challenge.summary)[0],
                company=challenge.company.name,
                deadline=tr.long_date(challenge.deadline),
            ),
            published=challenge.opens,
            updated=_changed(challenge),
            authors=(challenge.company.name,),
            categories=tuple(challenge.sectors),
        )
        for challenge in opened(challenges, day)
    )
    return write_atom(site_url, channel, items)


def _changed(challenge: Challenge) -> dt.date:
    """An entry's last change: its review date, never before it opened."""
    return max(challenge.opens, challenge.updated)
