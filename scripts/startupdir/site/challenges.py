"""Open-innovation challenges on the site (issue 19): which startups can answer a
challenge (the matching rule), and the view models of /defis/, /defis/<slug>/, of the
« Défis ouverts pour vous » block of profiles, of sector pages and of the home page.

The matching rule, deterministic and printed on every challenge's page: a startup
matches when it is active (listed, neither acquired nor closed), shares at least one
sector with the challenge, and is in an eligible stage and city when the challenge
restricts them. Matches are ranked by the number of shared sectors (most first), then
of shared needs, then whether the startup seeks open innovation (the ``open-innovation``
need, when the taxonomy has it), then by name as the directory sorts it.

Everything is judged against one given day (the build's "today"): nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from startupdir.content.challenges import CLOSED, FORMATS, OPEN, UPCOMING, Challenge
from startupdir.content.model import Startup, Taxonomy
from startupdir.content.text import markdown_to_html
from startupdir.site import urls
from startupdir.site.paging import PageLink, page_numbers
from startupdir.site.viewmodels import Card, Link
from startupdir.site.views import Views, sort_key

OPEN_INNOVATION = "open-innovation"  # the need of startups looking for such programs
MATCH_PAGE_SIZE = 30  # matched startups per page of a challenge
# The list's URL parameters (theme/assets/javascripts/challenges.js reads them).
SECTOR_PARAM, FORMAT_PARAM = "secteur", "format"

# Why a startup matched: one reason per shared sector, eligible stage and city, shared
# need, and its looking for open innovation.
SECTOR, STAGE, CITY, NEED, SEEKS = "sector", "stage", "city", "need", "seeks"
_VOCABULARY = {SECTOR: "sectors", STAGE: "stages", CITY: "cities", NEED: "needs"}


# ---------------------------------------------------------------------------
# The rule


@dataclass(frozen=True)
class Reason:
    kind: str  # SECTOR, STAGE, CITY, NEED or SEEKS
    term: str = ""  # the term id (none for SEEKS)


@dataclass(frozen=True)
class Match:
    startup: Startup
    reasons: tuple[Reason, ...]
    shared_sectors: int
    shared_needs: int
    seeks: bool  # its needs name open innovation

    @property
    def rank(self) -> tuple:
        return (-self.shared_sectors, -self.shared_needs, not self.seeks, sort_key(self.startup))


def is_candidate(startup: Startup) -> bool:
    """Active: listed, neither acquired nor closed."""
    return startup.is_listed and startup.is_active


def match(challenge: Challenge, startup: Startup, open_innovation: bool = True) -> Match | None:
    """The startup's match with the challenge, or None (``open_innovation``: the taxonomy
    has the need, so seeking it counts)."""
    if not is_candidate(startup):
        return None
    sectors = [s for s in challenge.sectors if s in startup.sectors]
    if not sectors:
        return None
    if challenge.stages and startup.stage not in challenge.stages:
        return None
    if challenge.cities and startup.city not in challenge.cities:
        return None
    needs = [n for n in challenge.needs if n in startup.needs]
    seeks = open_innovation and OPEN_INNOVATION in startup.needs
    reasons = [Reason(SECTOR, s) for s in sectors]
    if challenge.stages:
        reasons.append(Reason(STAGE, startup.stage))
    if challenge.cities:
        reasons.append(Reason(CITY, startup.city))
    # Open innovation is said once, as the startup's search, not as a shared need.
    reasons += [Reason(NEED, n) for n in needs if not (seeks and n == OPEN_INNOVATION)]
    if seeks:
        reasons.append(Reason(SEEKS))
    return Match(startup, tuple(reasons), len(sectors), len(needs), seeks)


def matches(
    challenge: Challenge, startups: Iterable[Startup], taxonomy: Taxonomy
) -> tuple[Match, ...]:
    """Every startup that can answer the challenge, best first (the rule above)."""
    open_innovation = any(n.id == OPEN_INNOVATION for n in taxonomy.needs)
    found = (match(challenge, s, open_innovation) for s in startups)
    return tuple(sorted((m for m in found if m is not None), key=lambda m: m.rank))


@dataclass(frozen=True, eq=False)
class Board:
    """The challenges on one day, with their matches: the same for both editions."""

    challenges: tuple[Challenge, ...]
    today: dt.date
    matched: Mapping[str, tuple[Match, ...]]  # challenge slug -> its matches

    def state(self, challenge: Challenge) -> str:
        return challenge.state(self.today)

    @property
    def open(self) -> tuple[Challenge, ...]:
        """Open challenges, soonest deadline first."""
        found = [c for c in self.challenges if self.state(c) == OPEN]
        return tuple(sorted(found, key=lambda c: (c.deadline, c.slug)))

    @property
    def upcoming(self) -> tuple[Challenge, ...]:
        found = [c for c in self.challenges if self.state(c) == UPCOMING]
        return tuple(sorted(found, key=lambda c: (c.opens, c.deadline, c.slug)))

    @property
    def closed(self) -> tuple[Challenge, ...]:
        """Closed challenges, the latest deadline first."""
        found = [c for c in self.challenges if self.state(c) == CLOSED]
        return tuple(sorted(found, key=lambda c: (-c.deadline.toordinal(), c.slug)))

    def for_startup(self, slug: str) -> tuple[Challenge, ...]:
        """The open challenges the startup matches, soonest deadline first."""
        return tuple(
            c for c in self.open if any(m.startup.slug == slug for m in self.matched[c.slug])
        )

    def for_sector(self, sector: str) -> tuple[Challenge, ...]:
        return tuple(c for c in self.open if sector in c.sectors)


def board(
    challenges: Iterable[Challenge], startups: Iterable[Startup], taxonomy: Taxonomy, today
) -> Board:
    startups = tuple(startups)
    items = tuple(challenges)
    matched = {c.slug: matches(c, startups, taxonomy) for c in items}
    return Board(items, today, MappingProxyType(matched))


def directory_board(directory, today: dt.date) -> Board:
    """The board of a validated directory (``validate.Directory``) on ``today``."""
    return board(directory.challenges, directory.startups, directory.taxonomy, today)


# ---------------------------------------------------------------------------
# View models


@dataclass(frozen=True)
class Item:
    """A challenge in a list: /defis/, a profile, a sector page, the home page."""

    slug: str
    url: str
    title: str
    title_lang: str  # the edition's language, or French when the title has no translation
    summary: str
    summary_lang: str
    company: str
    sectors: tuple[Link, ...]
    sector_ids: str  # space-separated, for the list's filters
    format: str  # the format's id
    format_label: str
    state: str
    when: str  # « J-12 », « ouvre le 7 décembre 2026 », « clos le 30 septembre 2026 »
    deadline: str  # long date


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class ChallengeList:
    open: tuple[Item, ...]
    upcoming: tuple[Item, ...]
    closed: tuple[Item, ...]
    sectors: tuple[Option, ...]  # the filter's choices: the sectors of the challenges
    formats: tuple[Option, ...]
    count: str  # « 2 défis ouverts »
    sector_param: str = SECTOR_PARAM
    format_param: str = FORMAT_PARAM


@dataclass(frozen=True)
class ChallengePage:
    item: Item
    number: int  # the page of matches (1: the challenge's own page)
    problem: str  # HTML (the Markdown subset of descriptions)
    problem_lang: str
    reward: str
    reward_lang: str
    company_website: str
    stages: tuple[Link, ...]  # empty: every stage
    cities: tuple[Link, ...]  # empty: anywhere
    needs: tuple[Link, ...]
    program: Link | None
    apply: str  # an https address or a mailto: link
    apply_label: str  # the address as shown
    apply_mail: bool
    contact: str
    opens: str
    updated: str
    state_text: str  # « Ouvert jusqu'au 20 décembre 2026 (J-24) »
    match_count: str  # « 3 startups »
    cards: tuple[Card, ...]  # this page's matched startups
    reasons: tuple[tuple[str, ...], ...]  # each card's reasons, as printed
    links: tuple[PageLink, ...]  # the pages of matches, when more than one
    previous: str | None
    next: str | None
    first_match: int  # the position of this page's first match (1-based)


@dataclass(frozen=True)
class Home:
    count: str  # « 2 défis ouverts »
    open: int
    next: Item | None  # the open challenge whose deadline comes first
    url: str


def item(views: Views, board: Board, challenge: Challenge) -> Item:
    tr = views.tr
    title, title_lang = tr.text(challenge.title)
    summary, summary_lang = tr.text(challenge.summary)
    state = board.state(challenge)
    if state == OPEN:
        left = challenge.days_left(board.today)
        form = "one" if left == 1 else "other"
        when = tr.t(f"challenge.days_left.{form}", n=left) if left else tr.t("challenge.last_day")
    elif state == UPCOMING:
        when = tr.t("challenge.opens_on", date=tr.long_date(challenge.opens))
    else:
        when = tr.t("challenge.closed_on", date=tr.long_date(challenge.deadline))
    return Item(
        slug=challenge.slug,
        url=urls.challenge(challenge.slug, views.lang),
        title=title,
        title_lang=title_lang,
        summary=summary,
        summary_lang=summary_lang,
        company=challenge.company.name,
        sectors=tuple(views.term_link("sectors", s) for s in challenge.sectors),
        sector_ids=" ".join(challenge.sectors),
        format=challenge.format,
        format_label=tr.t(f"challenge.format.{challenge.format}"),
        state=state,
        when=when,
        deadline=tr.long_date(challenge.deadline),
    )


def items(views: Views, board: Board, challenges: Iterable[Challenge]) -> tuple[Item, ...]:
    return tuple(item(views, board, c) for c in challenges)


def challenge_list(views: Views, board: Board) -> ChallengeList:
    tr = views.tr
    used = {s for c in board.challenges for s in c.sectors}
    formats = {c.format for c in board.challenges}
    return ChallengeList(
        open=items(views, board, board.open),
        upcoming=items(views, board, board.upcoming),
        closed=items(views, board, board.closed),
        sectors=tuple(
            Option(s.id, views.label("sectors", s.id))
            for s in views.taxonomy.sectors
            if s.id in used
        ),
        formats=tuple(Option(f, tr.t(f"challenge.format.{f}")) for f in FORMATS if f in formats),
        count=tr.plural(len(board.open), "challenge.open_count"),
    )


def reason_text(views: Views, reason: Reason) -> str:
    if reason.kind == SEEKS:
        return views.tr.t("challenge.reason.seeks")
    label = views.label(_VOCABULARY[reason.kind], reason.term)
    return views.tr.t(f"challenge.reason.{reason.kind}", label=label)


def match_page_count(board: Board, challenge: Challenge) -> int:
    return max(1, -(-len(board.matched[challenge.slug]) // MATCH_PAGE_SIZE))


def match_page_url(slug: str, number: int, lang: str) -> str:
    first = urls.challenge(slug, lang)
    return first if number == 1 else f"{first}page/{number}/"


def match_page_source(slug: str, number: int, lang: str) -> str:
    if number == 1:
        return urls.challenge_source(slug, lang)
    return f"{urls.challenge(slug, lang)}page/{number}.md"


def challenge_page(views: Views, board: Board, challenge: Challenge, number: int = 1):
    tr, lang = views.tr, views.lang
    problem, problem_lang = tr.text(challenge.problem)
    reward, reward_lang = tr.text(challenge.reward) if challenge.reward else ("", lang)
    found = board.matched[challenge.slug]
    total = match_page_count(board, challenge)
    start = (number - 1) * MATCH_PAGE_SIZE
    shown = found[start : start + MATCH_PAGE_SIZE]
    head = item(views, board, challenge)
    mail = "@" in challenge.apply and not challenge.apply.lower().startswith("https://")
    state_key = {OPEN: "challenge.state.open", UPCOMING: "challenge.state.upcoming"}
    state_text = tr.t(
        state_key.get(head.state, "challenge.state.closed"),
        deadline=head.deadline,
        opens=tr.long_date(challenge.opens),
        when=head.when,
    )
    links: tuple[PageLink, ...] = ()
    if total > 1:
        links = tuple(
            PageLink("…", None)
            if n is None
            else PageLink(
                tr.number(n),
                None if n == number else match_page_url(challenge.slug, n, lang),
                n == number,
            )
            for n in page_numbers(number, total)
        )
    return ChallengePage(
        item=head,
        number=number,
        problem=markdown_to_html(problem, problem_lang),
        problem_lang=problem_lang,
        reward=reward,
        reward_lang=reward_lang,
        company_website=challenge.company.website or "",
        stages=tuple(views.term_link("stages", s) for s in challenge.stages),
        cities=tuple(views.term_link("cities", c) for c in challenge.cities),
        needs=tuple(views.term_link("needs", n) for n in challenge.needs),
        program=views.term_link("programs", challenge.program) if challenge.program else None,
        apply=f"mailto:{challenge.apply}" if mail else challenge.apply,
        apply_label=challenge.apply,
        apply_mail=mail,
        contact=challenge.contact.email if challenge.contact and challenge.contact.email else "",
        opens=tr.long_date(challenge.opens),
        updated=tr.long_date(challenge.updated),
        state_text=state_text,
        match_count=tr.plural(len(found), "startup"),
        cards=views.cards(m.startup for m in shown),
        reasons=tuple(tuple(reason_text(views, r) for r in m.reasons) for m in shown),
        links=links,
        previous=match_page_url(challenge.slug, number - 1, lang) if number > 1 else None,
        next=match_page_url(challenge.slug, number + 1, lang) if number < total else None,
        first_match=start + 1,
    )


def home(views: Views, board: Board) -> Home:
    opened = board.open
    return Home(
        count=views.tr.plural(len(opened), "challenge.open_count"),
        open=len(opened),
        next=item(views, board, opened[0]) if opened else None,
        url=urls.challenges(views.lang),
    )
