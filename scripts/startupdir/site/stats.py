"""The /statistiques/ page: numbers computed at build time, drawn as inline SVG bar charts
that need no JavaScript, each with a French text alternative and its data table.

Only listed startups count (closed ones are left out, as everywhere else). A startup counts
in each of its sectors; employees are attributed to the main (first) sector so that they add
up to the total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from startupdir.content import french
from startupdir.content.render import environment
from startupdir.site import urls
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
NBSP = "\u00a0"
# The explorer, from /statistiques/: a bar links to the startups it counts, with the
# explorer's own URL parameters (theme/assets/javascripts/explorer.js, FACETS and TOGGLES).
EXPLORER = "../" + urls.DIRECTORY
FACET_PARAMS = {"sectors": "secteur", "cities": "ville", "stages": "stade", "needs": "besoin"}
ROUND_PARAM = "tour"  # the round sought, one of the stages


def percent(count: int, total: int) -> int:
    """Whole percentage, halves rounded up."""
    return (200 * count + total) // (2 * total) if total else 0


def percent_text(value: int) -> str:
    """« 38 % »: the French way, with a narrow no-break space."""
    return f"{value}{french.NARROW_NBSP}%"


def mad_text(amount: int) -> str:
    """« 6 M MAD », « 1,5 M MAD » (millions, one decimal at most), « 750 000 MAD »."""
    if amount >= 1_000_000:
        tenths = (amount + 50_000) // 100_000
        whole, decimal = divmod(tenths, 10)
        value = french.number(whole) + (f",{decimal}" if decimal else "")
        return f"{value}{NBSP}M{NBSP}MAD"
    return f"{french.number(amount)}{NBSP}MAD"


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
            row = {"id": term_id, "label": tx.label(vocabulary, term_id), "count": counts[term_id]}
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


def _list(items: list[str]) -> str:
    """« a, b et c »."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def _leaders(rows: list[dict], count: int = 3) -> str:
    return _list([f"{r['label']} ({french.number(r['count'])})" for r in rows[:count]])


def statistics_sections(views: Views, st: dict | None = None) -> list[SectionView]:
    """The page's charts with their tables, in page order (none without startups)."""
    st = st or statistics(views)
    n = french.number
    total = st["total"]
    if not total:
        return []
    startups = french.plural(total, "startup")
    sections = []
    bar_color = views.site.identity.colour if views.site.identity else BAR_COLOR

    def term_chart(
        key, heading, note, rows, unit_header, desc, first_header, colored, vocabulary=""
    ):
        bars = [(r["label"], r["count"], n(r["count"]), r.get("color", bar_color)) for r in rows]
        if not colored:
            bars = [(b[0], b[1], b[2], bar_color) for b in bars]
        links = None
        if vocabulary:
            param = FACET_PARAMS[vocabulary]
            links = [
                (f"{EXPLORER}?{param}={r['id']}", explorer_name(r["label"], r["count"]))
                for r in rows
            ]
        chart = bar_chart(key, heading, desc, bars, links=links)
        table = data_table(
            heading, [first_header, unit_header], [[r["label"], n(r["count"])] for r in rows]
        )
        sections.append(SectionView(key, heading, note, chart, table))

    term_chart(
        "sd-stat-sectors",
        "Startups par secteur",
        "Une startup peut relever de plusieurs secteurs : elle compte alors dans chacun.",
        st["sectors"],
        "Startups",
        f"Nombre de startups par secteur, sur {startups}. En tête : {_leaders(st['sectors'])}.",
        "Secteur",
        True,
        "sectors",
    )
    term_chart(
        "sd-stat-cities",
        "Startups par ville",
        "",
        st["cities"],
        "Startups",
        f"Nombre de startups par ville du siège, sur {startups}. "
        f"En tête : {_leaders(st['cities'])}.",
        "Ville",
        False,
        "cities",
    )
    term_chart(
        "sd-stat-stages",
        "Startups par stade",
        "Du plus précoce au plus avancé.",
        st["stages"],
        "Startups",
        f"Répartition de {startups} par stade, du plus précoce au plus avancé : "
        + _list([f"{r['label']} {n(r['count'])}" for r in st["stages"]])
        + ".",
        "Stade",
        False,
        "stages",
    )

    years = st["years"]
    if years:
        peak = max(years, key=lambda r: (r["count"], r["year"]))
        desc = (
            f"Nombre de startups par année de création, de {years[0]['year']} à "
            f"{years[-1]['year']}. Année la plus représentée : {peak['year']} "
            f"({french.plural(peak['count'], 'startup')})."
        )
    else:
        desc = "Aucune startup référencée."
    bars = [(str(r["year"]), r["count"], n(r["count"]), bar_color) for r in years]
    sections.append(
        SectionView(
            "sd-stat-years",
            "Startups par année de création",
            "",
            bar_chart(
                "sd-stat-years",
                "Startups par année de création",
                desc,
                bars,
                links=[
                    (
                        f"{EXPLORER}?de={r['year']}&a={r['year']}",
                        explorer_name(str(r["year"]), r["count"]),
                    )
                    for r in years
                ],
            ),
            data_table(
                "Startups par année de création",
                ["Année", "Startups"],
                [[str(r["year"]), n(r["count"])] for r in years],
            ),
        )
    )

    jobs = st["employees_by_sector"]
    term_chart(
        "sd-stat-employees",
        "Salariés par secteur",
        "Les salariés de chaque startup sont comptés dans son secteur principal (le premier "
        "de sa fiche).",
        jobs,
        "Salariés",
        f"Nombre de salariés par secteur principal, {n(st['employees'])} au total. "
        f"En tête : {_leaders(jobs)}.",
        "Secteur principal",
        True,
    )

    shares = [
        ("Recrutent", st["hiring"], "recrute"),
        ("Lèvent des fonds", st["raising"], "levee"),
    ]
    bars = [
        (label, s["percent"], f"{percent_text(s['percent'])} ({n(s['count'])})", bar_color)
        for label, s, _ in shares
    ]
    desc = (
        f"Sur {startups}, {percent_text(st['hiring']['percent'])} recrutent "
        f"({n(st['hiring']['count'])}) et {percent_text(st['raising']['percent'])} lèvent des "
        f"fonds en ce moment ({n(st['raising']['count'])})."
    )
    sections.append(
        SectionView(
            "sd-stat-shares",
            "Startups qui recrutent et qui lèvent des fonds",
            "",
            bar_chart(
                "sd-stat-shares",
                "Startups qui recrutent et qui lèvent des fonds",
                desc,
                bars,
                maximum=100,
                track=True,
                links=[
                    (f"{EXPLORER}?{param}=1", explorer_name(label, s["count"]))
                    for label, s, param in shares
                ],
            ),
            data_table(
                "Startups qui recrutent et qui lèvent des fonds",
                ["Indicateur", "Startups", "Part"],
                [[label, n(s["count"]), percent_text(s["percent"])] for label, s, _ in shares],
            ),
        )
    )

    needs = st["needs"]
    term_chart(
        "sd-stat-needs",
        "Besoins les plus cités",
        "Une startup peut exprimer plusieurs besoins.",
        needs,
        "Startups",
        f"Besoins exprimés par les startups, les plus cités d'abord : {_leaders(needs, 5)}."
        if needs
        else "Aucun besoin exprimé.",
        "Besoin",
        False,
        "needs",
    )

    rounds = st["rounds"]
    if rounds:
        total_sought = sum(r["amount"] for r in rounds)
        seekers = sum(r["count"] for r in rounds)
        desc = (
            f"Montant total recherché par les {french.plural(seekers, 'startup')} qui lèvent "
            f"des fonds, {mad_text(total_sought)} au total, par tour : "
            + _list([f"{r['label']} {mad_text(r['amount'])}" for r in rounds])
            + "."
        )
        sections.append(
            SectionView(
                "sd-stat-rounds",
                "Montant recherché par tour",
                "Somme des montants indiqués par les startups qui lèvent des fonds ; une "
                "startup qui n'indique pas de montant compte seulement parmi les startups "
                "de son tour.",
                bar_chart(
                    "sd-stat-rounds",
                    "Montant recherché par tour",
                    desc,
                    [(r["label"], r["amount"], mad_text(r["amount"]), bar_color) for r in rounds],
                    links=[
                        (f"{EXPLORER}?{ROUND_PARAM}={r['id']}", explorer_name(r["label"], r["count"]))
                        for r in rounds
                    ],
                ),
                data_table(
                    "Montant recherché par tour",
                    ["Tour", "Startups", "Montant recherché"],
                    [[r["label"], n(r["count"]), mad_text(r["amount"])] for r in rounds],
                ),
            )
        )

    return sections


def explorer_name(label: str, count: int) -> str:
    """A bar link's accessible name: « Fintech : 12 startups, voir ces startups »."""
    these = "voir cette startup" if count == 1 else "voir ces startups"
    return f"{label} : {french.plural(count, 'startup')}, {these}"


def render_statistics(views: Views) -> str:
    """One compact HTML block (no blank line, no indentation) for /statistiques/."""
    st = statistics(views)
    block = (
        environment("startupdir.site")
        .get_template("statistics.html.j2")
        .render(
            total=st["total"],
            referenced=french.plural(st["total"], "startup référencée", "startups référencées"),
            employees=french.plural(st["employees"], "salarié"),
            sections=statistics_sections(views, st),
        )
    )
    return "\n".join(line.strip() for line in block.splitlines() if line.strip())
