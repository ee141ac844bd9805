"""The /statistiques/ page and its English twin /en/statistics/: numbers computed at build
time, drawn as inline SVG bar charts that need no JavaScript, each with a text alternative
and its data table in the edition's language (locales/<lang>.yml, keys ``stats.*``).

Only listed startups count (closed ones are left out, as everywhere else). A startup counts
in each of its sectors; employees are attributed to the main (first) sector so that they add
up to the total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial

from startupdir.content.render import environment
from startupdir.site import urls
from startupdir.site.i18n import Catalogue, catalogue
from startupdir.site.views import Views

TOP_NEEDS = 10
TEXT_COLOR = "#1a1a1a"  # 17:1 on white
# Bars take the directory's colour (directory.yml); this one only without an identity.
BAR_COLOR = "#0b4f71"
TRACK_COLOR = "#767676"  # outline of the 100 % track of share bars, 4.5:1 on white

# Chart geometry, in viewBox units (the SVG scales to the width of its container).
WIDTH = 360
FONT = 12
CHAR = 6.6  # average advance of one character at FONT, to reserve room for value labels
BAR = 14
MAX_LABEL = 52
FRENCH = catalogue("fr")
# The page's source in each edition (its URL, from which its links are written).
SOURCES = {"fr": "statistiques.md", "en": urls.TWIN_SOURCES["statistiques.md"]}
# A bar links to the startups it counts in the edition's explorer, with the explorer's own
# URL parameters (theme/assets/javascripts/explorer.js, FACETS and TOGGLES).
FACET_PARAMS = {"sectors": "secteur", "cities": "ville", "stages": "stade", "needs": "besoin"}
ROUND_PARAM = "tour"  # the round sought, one of the stages


def percent(count: int, total: int) -> int:
    """Whole percentage, halves rounded up."""
    return (200 * count + total) // (2 * total) if total else 0


def explorer_url(lang: str) -> str:
    """The edition's explorer, relative to the edition's statistics page."""
    return urls.relative(urls.source_to_url(SOURCES[lang]), urls.directory(lang))


def percent_text(value: int, tr: Catalogue = FRENCH) -> str:
    """« 38 % » (a narrow no-break space), "38%"."""
    return tr.t("stats.percent", value=value)


def mad_text(amount: int, tr: Catalogue = FRENCH) -> str:
    """« 6 M MAD », « 1,5 M MAD » (millions, one decimal at most), « 750 000 MAD »;
    "MAD 6M", "MAD 1.5M", "MAD 750,000"."""
    if amount >= 1_000_000:
        tenths = (amount + 50_000) // 100_000
        whole, decimal = divmod(tenths, 10)
        value = tr.number(whole) + (f"{tr.t('stats.decimal_mark')}{decimal}" if decimal else "")
        return tr.t("stats.amount_millions", value=value)
    return tr.amount(amount)


# ---------------------------------------------------------------------------
# Numbers


def _ranked(counts: Counter, order: list[str]) -> list[str]:
    """Ids with a count, most frequent first; ties keep the taxonomy order."""
    position = {term_id: i for i, term_id in enumerate(order)}
    ids = [term_id for term_id in order if counts[term_id]]
    return sorted(ids, key=lambda term_id: (-counts[term_id], position[term_id]))


def statistics(views: Views) -> dict:
    tx = views.taxonomy
    listed = views.listed
    total = len(listed)

    sectors = Counter(s for st in listed for s in st.sectors)
    cities = Counter(st.city for st in listed)
    stages = Counter(st.stage for st in listed)
    years = Counter(st.founded for st in listed)
    jobs: Counter[str] = Counter()
    for st in listed:
        jobs[st.sectors[0]] += st.employees
    needs = Counter(n for st in listed for n in st.needs)
    hiring = sum(1 for st in listed if st.hiring)
    seekers: Counter[str] = Counter()
    sought: Counter[str] = Counter()
    for st in listed:
        if st.seeking_investment is not None:
            seekers[st.seeking_investment.round] += 1
            sought[st.seeking_investment.round] += st.seeking_investment.amount_mad or 0
    raising = sum(1 for st in listed if st.raising)

    def rows(vocabulary: str, counts: Counter, ids: list[str]) -> list[dict]:
        out = []
        for term_id in ids:
            row = {
                "id": term_id,
                "label": views.label(vocabulary, term_id),
                "count": counts[term_id],
            }
            if vocabulary == "sectors":
                row["color"] = views.colors[term_id]
            out.append(row)
        return out

    first, last = (min(years), max(years)) if years else (0, -1)
    return {
        "total": total,
        "employees": sum(st.employees for st in listed),
        "sectors": rows("sectors", sectors, _ranked(sectors, tx.ids("sectors"))),
        "cities": rows("cities", cities, _ranked(cities, tx.ids("cities"))),
        "stages": rows("stages", stages, tx.ids("stages")),
        "years": [{"year": y, "count": years[y]} for y in range(first, last + 1)],
        "employees_by_sector": rows("sectors", jobs, _ranked(jobs, tx.ids("sectors"))),
        "hiring": {"count": hiring, "percent": percent(hiring, total)},
        "raising": {"count": raising, "percent": percent(raising, total)},
        "needs": rows("needs", needs, _ranked(needs, tx.ids("needs"))[:TOP_NEEDS]),
        # Amount sought by round (a stage), in the stages' order; startups that give no
        # amount count among the startups of their round only.
        "rounds": [
            dict(row, amount=sought[row["id"]])
            for row in rows("stages", seekers, [r for r in tx.ids("stages") if seekers[r]])
        ],
    }


# ---------------------------------------------------------------------------
# Drawing: geometry here, markup in templates/statistics.html.j2 and _charts.html.j2


@dataclass(frozen=True)
class BarView:
    """One bar: its label (beside or above the bar), the bar, the value written after it."""

    label: str
    label_x: int
    label_y: int
    beside: bool
    x: int
    y: int
    width: float | int
    color: str
    track: float | int | None  # length of the outlined 100 % track, or None
    text: str
    text_x: float | int
    text_y: int
    href: str = ""  # the explorer view of the startups the bar counts
    name: str = ""  # the link's accessible name


@dataclass(frozen=True)
class ChartView:
    """An inline SVG bar chart and its text alternative (title, desc); when its bars are
    links, a group (an image's children are hidden from assistive technologies)."""

    key: str
    title: str
    desc: str
    width: int
    height: int
    font: int
    bar: int
    text_color: str
    track_color: str
    bars: tuple[BarView, ...]

    @property
    def linked(self) -> bool:
        return any(b.href for b in self.bars)


@dataclass(frozen=True)
class TableView:
    """A data table: the first cell of each row heads it (scope="row")."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SectionView:
    key: str
    heading: str
    note: str
    chart: ChartView
    table: TableView


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(
    key: str,
    title: str,
    desc: str,
    bars: list[tuple],
    maximum: int = 0,
    track: bool = False,
    links: list[tuple[str, str]] | None = None,
) -> ChartView:
    """Horizontal bars: (label, value, value text, colour) each, and with ``links`` an
    (address, accessible name) per bar. Short labels sit on the
    left of their bar, longer ones above it; with ``track``, each bar sits in an outlined
    track of length ``maximum`` (shares out of 100 %)."""
    maximum = maximum or max((b[1] for b in bars), default=0) or 1
    beside = all(len(b[0]) <= 6 for b in bars)
    reserve = max((len(b[2]) for b in bars), default=1) * CHAR + 8
    left = 44 if beside else 0
    span = WIDTH - left - reserve
    row = 22 if beside else 38
    views = []
    for i, (label, value, text, color) in enumerate(bars):
        href, name = links[i] if links else ("", "")
        top = i * row + 2
        bar_y = top + (3 if beside else 18)
        width = round(span * value / maximum, 1) if value else 0
        if value and width < 2:
            width = 2
        end = left + (span if track else width) + 4
        views.append(
            BarView(
                label=label if beside else _short(label),
                label_x=left - 6 if beside else 0,
                label_y=bar_y + 11 if beside else top + 12,
                beside=beside,
                x=left,
                y=bar_y,
                width=width,
                color=color,
                track=span if track else None,
                text=text,
                text_x=round(end, 1),
                text_y=bar_y + 11,
                href=href,
                name=name,
            )
        )
    return ChartView(
        key=key,
        title=title,
        desc=desc,
        width=WIDTH,
        height=row * len(bars) + 4,
        font=FONT,
        bar=BAR,
        text_color=TEXT_COLOR,
        track_color=TRACK_COLOR,
        bars=tuple(views),
    )


def data_table(caption: str, headers: list[str], rows: list[list[str]]) -> TableView:
    return TableView(caption, tuple(headers), tuple(tuple(row) for row in rows))


def _list(tr: Catalogue, items: list[str]) -> str:
    """« a, b et c », "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return tr.t("stats.list", items=", ".join(items[:-1]), last=items[-1])


def _leaders(tr: Catalogue, rows: list[dict], count: int = 3) -> str:
    return _list(tr, [f"{r['label']} ({tr.number(r['count'])})" for r in rows[:count]])


def statistics_sections(views: Views, st: dict | None = None) -> list[SectionView]:
    """The page's charts with their tables, in page order (none without startups), in the
    edition's language, their bars linking to the edition's explorer."""
    st = st or statistics(views)
    tr = views.tr
    t, n = tr.t, tr.number
    total = st["total"]
    if not total:
        return []
    startups = tr.plural(total, "startup")
    explorer = explorer_url(views.lang)
    sections = []
    bar_color = views.site.identity.colour if views.site.identity else BAR_COLOR
    listed = partial(_list, tr)
    leaders = partial(_leaders, tr)

    def term_chart(key, name, rows, unit_header, desc, colored, vocabulary=""):
        heading = t(f"stats.{name}.heading")
        bars = [(r["label"], r["count"], n(r["count"]), r.get("color", bar_color)) for r in rows]
        if not colored:
            bars = [(b[0], b[1], b[2], bar_color) for b in bars]
        links = None
        if vocabulary:
            param = FACET_PARAMS[vocabulary]
            links = [
                (f"{explorer}?{param}={r['id']}", explorer_name(r["label"], r["count"], tr))
                for r in rows
            ]
        chart = bar_chart(key, heading, desc, bars, links=links)
        table = data_table(
            heading,
            [t(f"stats.{name}.column"), unit_header],
            [[r["label"], n(r["count"])] for r in rows],
        )
        sections.append(SectionView(key, heading, note(tr, name), chart, table))

    term_chart(
        "sd-stat-sectors",
        "sectors",
        st["sectors"],
        t("stats.startups_column"),
        t("stats.sectors.desc", startups=startups, leaders=leaders(st["sectors"])),
        True,
        "sectors",
    )
    term_chart(
        "sd-stat-cities",
        "cities",
        st["cities"],
        t("stats.startups_column"),
        t("stats.cities.desc", startups=startups, leaders=leaders(st["cities"])),
        False,
        "cities",
    )
    term_chart(
        "sd-stat-stages",
        "stages",
        st["stages"],
        t("stats.startups_column"),
        t(
            "stats.stages.desc",
            startups=startups,
            list=listed([f"{r['label']} {n(r['count'])}" for r in st["stages"]]),
        ),
        False,
        "stages",
    )

    years = st["years"]
    if years:
        peak = max(years, key=lambda r: (r["count"], r["year"]))
        desc = t(
            "stats.years.desc",
            first=years[0]["year"],
            last=years[-1]["year"],
            peak=peak["year"],
            startups=tr.plural(peak["count"], "startup"),
        )
    else:
        desc = t("stats.years.empty")
    heading = t("stats.years.heading")
    bars = [(str(r["year"]), r["count"], n(r["count"]), bar_color) for r in years]
    sections.append(
        SectionView(
            "sd-stat-years",
            heading,
            "",
            bar_chart(
                "sd-stat-years",
                heading,
                desc,
                bars,
                links=[
                    (
                        f"{explorer}?de={r['year']}&a={r['year']}",
                        explorer_name(str(r["year"]), r["count"], tr),
                    )
                    for r in years
                ],
            ),
            data_table(
                heading,
                [t("stats.years.column"), t("stats.startups_column")],
                [[str(r["year"]), n(r["count"])] for r in years],
            ),
        )
    )

    jobs = st["employees_by_sector"]
    term_chart(
        "sd-stat-employees",
        "employees",
        jobs,
        t("stats.employees.unit"),
        t("stats.employees.desc", total=n(st["employees"]), leaders=leaders(jobs)),
        True,
    )

    shares = [
        (t("stats.shares.hiring"), st["hiring"], "recrute"),
        (t("stats.shares.raising"), st["raising"], "levee"),
    ]
    bars = [
        (label, s["percent"], f"{percent_text(s['percent'], tr)} ({n(s['count'])})", bar_color)
        for label, s, _ in shares
    ]
    desc = t(
        "stats.shares.desc",
        startups=startups,
        hiring_percent=percent_text(st["hiring"]["percent"], tr),
        hiring=n(st["hiring"]["count"]),
        raising_percent=percent_text(st["raising"]["percent"], tr),
        raising=n(st["raising"]["count"]),
    )
    heading = t("stats.shares.heading")
    sections.append(
        SectionView(
            "sd-stat-shares",
            heading,
            "",
            bar_chart(
                "sd-stat-shares",
                heading,
                desc,
                bars,
                maximum=100,
                track=True,
                links=[
                    (f"{explorer}?{param}=1", explorer_name(label, s["count"], tr))
                    for label, s, param in shares
                ],
            ),
            data_table(
                heading,
                [t("stats.shares.column"), t("stats.startups_column"), t("stats.shares.share")],
                [[label, n(s["count"]), percent_text(s["percent"], tr)] for label, s, _ in shares],
            ),
        )
    )

    needs = st["needs"]
    term_chart(
        "sd-stat-needs",
        "needs",
        needs,
        t("stats.startups_column"),
        t("stats.needs.desc", leaders=leaders(needs, 5)) if needs else t("stats.needs.empty"),
        False,
        "needs",
    )

    rounds = st["rounds"]
    if rounds:
        total_sought = sum(r["amount"] for r in rounds)
        seekers = sum(r["count"] for r in rounds)
        desc = t(
            "stats.rounds.desc",
            startups=tr.plural(seekers, "startup"),
            total=mad_text(total_sought, tr),
            list=listed([f"{r['label']} {mad_text(r['amount'], tr)}" for r in rounds]),
        )
        heading = t("stats.rounds.heading")
        sections.append(
            SectionView(
                "sd-stat-rounds",
                heading,
                note(tr, "rounds"),
                bar_chart(
                    "sd-stat-rounds",
                    heading,
                    desc,
                    [
                        (r["label"], r["amount"], mad_text(r["amount"], tr), bar_color)
                        for r in rounds
                    ],
                    links=[
                        (
                            f"{explorer}?{ROUND_PARAM}={r['id']}",
                            explorer_name(r["label"], r["count"], tr),
                        )
                        for r in rounds
                    ],
                ),
                data_table(
                    heading,
                    [
                        t("stats.rounds.column"),
                        t("stats.startups_column"),
                        t("stats.rounds.amount"),
                    ],
                    [[r["label"], n(r["count"]), mad_text(r["amount"], tr)] for r in rounds],
                ),
            )
        )

    return sections


def note(tr: Catalogue, name: str) -> str:
    """A chart's note under its heading: the ``stats.<name>.note`` key, when it has one."""
    key = f"stats.{name}.note"
    return tr.t(key) if key in tr.messages else ""


def explorer_name(label: str, count: int, tr: Catalogue = FRENCH) -> str:
    """A bar link's accessible name: « Fintech : 12 startups, voir ces startups »."""
    key = "stats.bar_link.one" if count == 1 else "stats.bar_link.other"
    return tr.t(key, label=label, startups=tr.plural(count, "startup"))


def render_statistics(views: Views) -> str:
    """One compact HTML block (no blank line, no indentation) for /statistiques/ or, with
    English views, /en/statistics/."""
    st = statistics(views)
    tr = views.tr
    block = (
        environment("startupdir.site")
        .get_template("statistics.html.j2")
        .render(
            t=tr.html,
            total=st["total"],
            referenced=tr.plural(st["total"], "stats.referenced"),
            employees=tr.plural(st["employees"], "stats.employee"),
            sections=statistics_sections(views, st),
        )
    )
    return "\n".join(line.strip() for line in block.splitlines() if line.strip())
