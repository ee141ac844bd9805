"""The list of /startups/ in pages, for visitors without JavaScript and for crawlers.

Page 1 is /startups/ (the explorer's page: with JavaScript it shows the matching cards
itself, a page of results at a time); pages 2 and later are /startups/page/<n>/, plain
lists in alphabetical order, so every profile stays one link away from a list whatever
the size of the directory, and no page carries more than ``PAGE_SIZE`` cards.
"""

from __future__ import annotations

from dataclasses import dataclass

from startupdir.content import french
from startupdir.site import urls
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

    @property
    def first(self) -> bool:
        return self.number == 1

    @property
    def position(self) -> str:
        """« Page 2 sur 41 »."""
        return f"Page {french.number(self.number)} sur {french.number(self.total)}"


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


def _links(current: int, total: int) -> tuple[PageLink, ...]:
    if total == 1:
        return ()
    return tuple(
        PageLink("…", None)
        if n is None
        else PageLink(
            french.number(n), None if n == current else urls.directory_page(n), n == current
        )
        for n in page_numbers(current, total)
    )


def directory_pages(views: Views, size: int = PAGE_SIZE) -> tuple[DirectoryPage, ...]:
    listed = views.listed
    total = max(1, -(-len(listed) // size))
    count = french.plural(len(listed), "startup")
    return tuple(
        DirectoryPage(
            number=n,
            total=total,
            count=count,
            cards=views.cards(listed[(n - 1) * size : n * size]),
            links=_links(n, total),
            previous=urls.directory_page(n - 1) if n > 1 else None,
            next=urls.directory_page(n + 1) if n < total else None,
        )
        for n in range(1, total + 1)
    )
