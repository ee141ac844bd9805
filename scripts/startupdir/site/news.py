"""News for the site: visible posts, links, latest posts, upcoming events, a post's
extras (startups and programs it names)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from startupdir.content.posts import Event, Post
from startupdir.site import urls
from startupdir.site.i18n import catalogue


@dataclass(frozen=True)
class NewsLink:
    title: str
    url: str
    date: str
    description: str = ""
    lang: str = "fr"  # posts are written in French


def visible(posts, today: dt.date, include_drafts: bool = False) -> list[Post]:
    return [p for p in posts if p.published(today, include_drafts)]


def link(post: Post, lang: str = "fr") -> NewsLink:
    """A post as listed in an edition: its English version on English pages when it has
    one (else the French post, marked as French), its date in the edition's language."""
    date = catalogue(lang).long_date(post.date)
    if lang == "en" and post.english is not None:
        english = post.english
        return NewsLink(english.title, post.english_url, date, english.description, "en")
    return NewsLink(post.title, post.url, date, post.meta.description)


@dataclass(frozen=True)
class EnglishPost:
    """A post's English version as the English news list and feed show it."""

    post: Post

    @property
    def url(self) -> str:
        return self.post.english_url

    @property
    def title(self) -> str:
        assert self.post.english is not None
        return self.post.english.title

    @property
    def date(self) -> dt.date:
        return self.post.date

    @property
    def meta(self):
        assert self.post.english is not None
        return dataclasses.replace(self.post.meta, description=self.post.english.description)


def english_posts(posts, today: dt.date, include_drafts: bool = False) -> list[EnglishPost]:
    """The published posts that have an English version, newest first."""
    return [EnglishPost(p) for p in visible(posts, today, include_drafts) if p.english]


def news_index(posts, today: dt.date, include_drafts: bool = False, lang: str = "fr"):
    from startupdir.site.pages import NewsIndex

    index = NewsIndex()
    for post in visible(posts, today, include_drafts):
        for slug in post.meta.startups:
            index.by_startup.setdefault(slug, []).append(link(post, lang))
        for program in post.meta.programs:
            index.by_program.setdefault(program, []).append(link(post, lang))
        for challenge in post.meta.challenges:
            index.by_challenge.setdefault(challenge, []).append(link(post, lang))
    return index


@dataclass(frozen=True)
class LatestLink(NewsLink):
    pinned: bool = False


def pinned(posts, today: dt.date, include_drafts: bool = False) -> list[Post]:
    """Published posts marked `pin: true`, newest first (as Material's blog lists them)."""
    return [p for p in visible(posts, today, include_drafts) if p.meta.pin]


def latest(
    posts, today: dt.date, count: int = 3, include_drafts: bool = False, lang: str = "fr"
) -> list[NewsLink]:
    """The home's news block: pinned posts first, whatever the number of later posts,
    then the latest others, `count` in all (more if more posts are pinned)."""
    shown = pinned(posts, today, include_drafts)
    others = [p for p in visible(posts, today, include_drafts) if not p.meta.pin]
    shown += others[: max(0, count - len(shown))]
    return [LatestLink(**vars(link(p, lang)), pinned=bool(p.meta.pin)) for p in shown]


def upcoming_events(
    posts, today: dt.date, taxonomy, include_drafts: bool = False, lang: str = "fr"
) -> list[dict]:
    """Events that have not ended, soonest first; past ones drop off but keep their post."""
    events = []
    for post in visible(posts, today, include_drafts):
        event = post.meta.event
        if event is None or (event.end or event.start) < today:
            continue
        view, shown = event_view(event, taxonomy, lang), link(post, lang)
        events.append(
            dict(
                view,
                sort=(event.start, post.stem),
                title=shown.title,
                url=shown.url,
                lang=shown.lang,
            )
        )
    return sorted(events, key=lambda e: e["sort"])


def event_dates(start: dt.date, end: dt.date | None, lang: str = "fr") -> str:
    """« 10 décembre 2026 », « du 10 au 11 décembre 2026 », « du 30 avril au 2 mai 2026 »;
    in English "10–11 December 2026"."""
    long_date = catalogue(lang).long_date
    if lang != "fr":  # "10 December 2026", "10–11 December 2026", "30 April – 2 May 2026"
        if not end or end == start:
            return long_date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{long_date(end)}"
        if start.year == end.year:
            return f"{long_date(start).rsplit(' ', 1)[0]} – {long_date(end)}"
        return f"{long_date(start)} – {long_date(end)}"
    if not end or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"du {start.day} au {long_date(end)}"
    if start.year == end.year:
        return f"du {long_date(start).rsplit(' ', 1)[0]} au {long_date(end)}"
    return f"du {long_date(start)} au {long_date(end)}"


def event_view(event: Event, taxonomy, lang: str = "fr") -> dict:
    when = event_dates(event.start, event.end, lang)
    city = catalogue(lang).text(taxonomy.get("cities", event.city).label)[0] if event.city else ""
    return {
        "when": when,
        "city": city,
        "venue": event.venue or "",
        "registration": event.registration or "",
    }


def post_extras(post: Post, directory, lang: str = "fr") -> dict:
    """What a post page shows besides its text: event details, startups and programs named
    (in the edition of the page: the French post, or its English version)."""
    names = {s.slug: s.name for s in directory.startups}
    tr, tx = catalogue(lang), directory.taxonomy
    return {
        "event": event_view(post.meta.event, tx, lang) if post.meta.event else None,
        "startups": [
            {"name": names[s], "url": urls.startup(s, lang)}
            for s in post.meta.startups
            if s in names
        ],
        "programs": [
            {
                "label": tr.text(tx.get("programs", p).label)[0],
                "url": urls.term("programs", p, lang),
            }
            for p in post.meta.programs
        ],
        "challenges": [
            {"title": tr.text(c.title)[0], "url": urls.challenge(c.slug, lang)}
            for c in directory.challenges
            if c.slug in post.meta.challenges
        ],
        # Material's blog dates the French posts; an English version is a page of its own.
        "date": tr.long_date(post.date) if lang != "fr" else "",
        "iso": post.date.isoformat(),
    }
