"""The list of /startups/ in pages, for visitors without JavaScript and for crawlers.

Page 1 is /startups/ (the explorer's page: with JavaScript it shows the matching cards
itself, a page of results at a time); pages 2 and later are /startups/page/<n>/, plain
lists in alphabetical order, so every profile stays one link away from a list whatever
the size of the directory, and no page carries more than ``PAGE_SIZE`` cards. Each
edition has its list (``views.lang``): /en/startups/, /en/startups/page/<n>/ in English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from startupdir.site import urls
from startupdir.site.explorer import explorer_messages
from startupdir.site.i18n import DEFAULT, catalogue
from startupdir.site.views import Card, Views

PAGE_SIZE = 60  # cards per list page; the explorer shows as many per « Afficher plus »
AROUND = 2  # page links shown on each side of the current one


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # site-relative; None for the current page and for a gap (…)
    current: bool = False


@dataclass(frozen=True)
class DirectoryPage:
    number: int
    total: int
    count: str  # « 2 413 startups », the whole directory
    cards: tuple[Card, ...]
    links: tuple[PageLink, ...]  # empty when the list fits on one page
    previous: str | None
    next: str | None
    lang: str = DEFAULT  # the edition

    @property
    def first(self) -> bool:
        return self.number == 1

    @property
    def position(self) -> str:
        """« Page 2 sur 41 », "Page 2 of 41"."""
        tr = catalogue(self.lang)
        return tr.t("explorer.page.position", n=tr.number(self.number), total=tr.number(self.total))

    @property
    def whatsnew(self) -> str:
        return urls.whatsnew(self.lang)

    @property
    def first_url(self) -> str:
        return urls.directory(self.lang)

    @property
    def profile_url(self) -> str:
        """The edition's profile URL pattern, for the explorer's links."""
        return urls.startup("{slug}", self.lang)

    @property
    def messages(self) -> str:
        """The explorer's interface strings in the edition's language (JSON, for the
        page's data-messages attribute: Jinja escapes it)."""
        return json.dumps(
            explorer_messages(catalogue(self.lang)), ensure_ascii=False, sort_keys=True
        )


def page_numbers(current: int, total: int, around: int = AROUND) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 41: the first, the last and the neighbours; None marks a gap of
    two pages or more (a gap of one shows that page instead)."""
    shown = {1, total, *range(current - around, current + around + 1)}
    shown |= {n + 1 for n in shown if n + 2 in shown}
    numbers: list[int | None] = []
    for n in sorted(x for x in shown if 1 <= x <= total):
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


def _links(current: int, total: int, views: Views) -> tuple[PageLink, ...]:
    if total == 1:
        return ()
    return tuple(
        PageLink("…", None)
        if n is None
        else PageLink(
            views.tr.number(n),
            None if n == current else urls.directory_page(n, views.lang),
            n == current,
        )
        for n in page_numbers(current, total)
    )


def directory_pages(views: Views, size: int = PAGE_SIZE) -> tuple[DirectoryPage, ...]:
    """The list pages of ``views``' edition."""
    listed, lang = views.listed, views.lang
    total = max(1, -(-len(listed) // size))
    count = views.tr.plural(len(listed), "startup")
    return tuple(
        DirectoryPage(
            number=n,
            total=total,
            count=count,
            cards=views.cards(listed[(n - 1) * size : n * size]),
            links=_links(n, total, views),
            previous=urls.directory_page(n - 1, lang) if n > 1 else None,
            next=urls.directory_page(n + 1, lang) if n < total else None,
            lang=lang,
        )
        for n in range(1, total + 1)
    )
