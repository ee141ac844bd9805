"""startupdir.site.stats: the numbers of /statistiques/ against counts made here from the YAML
files alone, French formatting, and each chart's text alternative, table and colours."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
import yaml
from startupdir.content.validate import load_directory
from startupdir.images.colors import contrast
from startupdir.site.stats import percent, percent_text, render_statistics, statistics
from startupdir.site.views import Views

NNBSP = "\u202f"
CHARTS = (
    "sd-stat-sectors",
    "sd-stat-cities",
    "sd-stat-stages",
    "sd-stat-years",
    "sd-stat-employees",
    "sd-stat-shares",
    "sd-stat-needs",
    "sd-stat-rounds",
)
# Charts whose bars link to the explorer view of the startups they count.
LINKED = {
    "sd-stat-sectors",
    "sd-stat-cities",
    "sd-stat-stages",
    "sd-stat-years",
    "sd-stat-shares",
    "sd-stat-needs",
    "sd-stat-rounds",
}


@pytest.fixture(scope="module")
def views(repo_root, when) -> Views:
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    return Views(directory.taxonomy, directory.startups)


@pytest.fixture(scope="module")
def raw(repo_root) -> list[dict]:
    """The listed sample profiles, read as plain YAML (closed ones left out)."""
    profiles = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((repo_root / "startups").glob("*.yml"))
    ]
    assert any(p.get("status") == "closed" for p in profiles)  # the sample has one
    return [p for p in profiles if p.get("status") != "closed"]


@pytest.fixture(scope="module")
def tax(repo_root) -> dict:
    data = yaml.safe_load((repo_root / "taxonomy.yml").read_text(encoding="utf-8"))
    return {key: {t["id"]: t["label"]["fr"] for t in terms} for key, terms in data.items()}


@pytest.fixture(scope="module")
def stats(views) -> dict:
    return statistics(views)


@pytest.fixture(scope="module")
def html(views) -> str:
    return render_statistics(views)


@pytest.fixture(scope="module")
def tree(html) -> ET.Element:
    return ET.fromstring(html)  # also proves the block is well-formed


def counts(rows: list[dict]) -> dict[str, int]:
    return {row["id"]: row["count"] for row in rows}


def test_totals(stats, raw):
    assert stats["total"] == len(raw)
    assert stats["employees"] == sum(p["employees"] for p in raw)


def test_by_sector_city_stage_year(stats, raw, tax):
    sectors = Counter(s for p in raw for s in p["sectors"])
    assert counts(stats["sectors"]) == dict(sectors)
    assert [r["count"] for r in stats["sectors"]] == sorted(sectors.values(), reverse=True)
    assert all(r["label"] == tax["sectors"][r["id"]] for r in stats["sectors"])
    assert counts(stats["cities"]) == dict(Counter(p["city"] for p in raw))
    stages = Counter(p["stage"] for p in raw)
    assert [r["id"] for r in stats["stages"]] == list(tax["stages"])  # taxonomy order
    assert counts(stats["stages"]) == {s: stages.get(s, 0) for s in tax["stages"]}
    years = Counter(p["founded"] for p in raw)
    assert [r["year"] for r in stats["years"]] == list(range(min(years), max(years) + 1))
    assert {r["year"]: r["count"] for r in stats["years"] if r["count"]} == dict(years)


def test_employees_hiring_raising_needs(stats, raw):
    jobs = Counter()
    for p in raw:
        jobs[p["sectors"][0]] += p["employees"]
    assert counts(stats["employees_by_sector"]) == dict(jobs)
    assert sum(r["count"] for r in stats["employees_by_sector"]) == stats["employees"]
    hiring = sum(1 for p in raw if p.get("hiring") is True)
    raising = sum(1 for p in raw if p.get("seeking_investment"))
    assert stats["hiring"] == {"count": hiring, "percent": round(100 * hiring / len(raw))}
    assert stats["raising"] == {"count": raising, "percent": round(100 * raising / len(raw))}
    needs = Counter(n for p in raw for n in p.get("needs") or [])
    top = sorted(needs.values(), reverse=True)[:10]
    assert [r["count"] for r in stats["needs"]] == top
    assert all(needs[r["id"]] == r["count"] for r in stats["needs"])


def test_percentages_are_french():
    assert percent(15, 39) == 38
    assert percent(1, 8) == 13  # 12.5 rounds up
    assert percent(0, 0) == 0
    assert percent_text(38) == f"38{NNBSP}%"


def test_french_numbers_in_the_page(html, stats):
    total = f"{stats['employees']:,}".replace(",", NNBSP)
    assert stats["employees"] >= 1000 and NNBSP in total
    assert f"{total} salariés" in html
    assert f"<td>{percent_text(stats['hiring']['percent'])}</td>" in html
    assert re.search(r"\d,\d{3}", html) is None  # no English thousands separator


def test_one_compact_block(html):
    assert html.startswith('<div class="sd-stats">') and html.endswith("</div>")
    lines = html.split("\n")
    assert all(line.strip() and line == line.lstrip() for line in lines)


def test_each_chart_has_heading_svg_alternative_and_table(tree):
    sections = tree.findall("section")
    assert [s.get("aria-labelledby") for s in sections] == [f"{key}-h" for key in CHARTS]
    svg_ns = "{http://www.w3.org/2000/svg}"
    for key, section in zip(CHARTS, sections, strict=True):
        assert section.find("h2").get("id") == f"{key}-h"
        svg = section.find(f"{svg_ns}svg")
        if key in LINKED:  # an image's children (the links) would be hidden
            assert svg.get("role") == "group"
            assert svg.get("aria-labelledby") == f"{key}-t"
            assert svg.get("aria-describedby") == f"{key}-d"
        else:
            assert svg.get("role") == "img"
            assert svg.get("aria-labelledby") == f"{key}-t {key}-d"
        assert svg.get("width") == "100%" and svg.get("viewBox").startswith("0 0 ")
        assert svg.find(f"{svg_ns}title").get("id") == f"{key}-t"
        desc = svg.find(f"{svg_ns}desc")
        assert desc.get("id") == f"{key}-d" and len(desc.text) > 40
        details = section.find("details")
        assert details.get("open") is None  # closed by default
        assert details.find("summary").text == "Voir les données"
        table = details.find("table")
        assert table.find("caption").text
        assert all(th.get("scope") == "col" for th in table.find("thead").iter("th"))
        body = table.find("tbody").findall("tr")
        assert body and all(tr.find("th").get("scope") == "row" for tr in body)
        bars = [r for r in svg.iter(f"{svg_ns}rect") if r.get("fill") != "none"]
        assert len(bars) == len(body)  # one bar per row of data


def test_tables_hold_the_numbers(tree, stats):
    by_key = {s.get("aria-labelledby").removesuffix("-h"): s for s in tree.findall("section")}

    def rows(key):
        return [
            [tr.find("th").text] + [td.text for td in tr.findall("td")]
            for tr in by_key[key].find("details/table").find("tbody")
        ]

    assert rows("sd-stat-sectors") == [[r["label"], str(r["count"])] for r in stats["sectors"]]
    assert rows("sd-stat-years") == [[str(r["year"]), str(r["count"])] for r in stats["years"]]
    jobs = [
        [r["label"], f"{r['count']:,}".replace(",", NNBSP)] for r in stats["employees_by_sector"]
    ]
    assert rows("sd-stat-employees") == jobs
    assert rows("sd-stat-shares")[0] == [
        "Recrutent",
        str(stats["hiring"]["count"]),
        percent_text(stats["hiring"]["percent"]),
    ]


def test_colours_match_sectors_and_contrast(tree, views, stats):
    svg_ns = "{http://www.w3.org/2000/svg}"
    sections = {s.get("aria-labelledby").removesuffix("-h"): s for s in tree.findall("section")}
    sector_svg = sections["sd-stat-sectors"].find(f"{svg_ns}svg")
    fills = [r.get("fill") for r in sector_svg.iter(f"{svg_ns}rect")]
    assert fills == [views.colors[r["id"]] for r in stats["sectors"]]
    for section in sections.values():
        svg = section.find(f"{svg_ns}svg")
        for rect in svg.iter(f"{svg_ns}rect"):
            colour = rect.get("fill") if rect.get("fill") != "none" else rect.get("stroke")
            assert contrast(colour, "#ffffff") >= 3, colour
        for text in svg.iter(f"{svg_ns}text"):
            assert contrast(text.get("fill"), "#ffffff") >= 4.5


def test_desc_summarises_in_french(tree, stats):
    svg_ns = "{http://www.w3.org/2000/svg}"
    desc = tree.find("section").find(f"{svg_ns}svg").find(f"{svg_ns}desc").text
    first = stats["sectors"][0]
    assert f"{first['label']} ({first['count']})" in desc
    assert f"sur {stats['total']} startups" in desc


def test_empty_directory(views):
    html = render_statistics(Views(views.taxonomy, ()))
    assert "Aucune startup" in html and "<svg" not in html


# ---------------------------------------------------------------------------
# Issue 15: bars link to the explorer; amount sought by round

SVG = "{http://www.w3.org/2000/svg}"
# The explorer's URL parameters, read from its script (FACETS and TOGGLES), not from stats.py.
EXPLORER_JS = "scripts/startupdir/site/theme/assets/javascripts/explorer.js"


# The explorer names its facets by message keys (issue 17), formerly by their French legends.
LEGEND_KEYS = {
    "Secteurs": "facet.sector.legend",
    "Villes": "facet.city.legend",
    "Stade de l'entreprise": "facet.stage.legend",
    "Besoins": "facet.need.legend",
    "Tour recherché": "facet.round.legend",
    "Recrute": "toggle.hiring",
    "Lève des fonds": "toggle.raising",
}


def explorer_params(repo_root) -> dict[str, str]:
    """The explorer's URL parameter of each facet and toggle, by its French legend."""
    script = (repo_root / EXPLORER_JS).read_text(encoding="utf-8")
    found = dict(re.findall(r'param: "([a-z]+)", (?:legend|label): "([^"]+)"', script))
    by_legend = {legend: param for param, legend in found.items()}
    for legend, key in LEGEND_KEYS.items():
        if key in by_legend:
            by_legend[legend] = by_legend[key]
    return by_legend


def bar_links(tree, key) -> list[tuple[str, str, str]]:
    """(href, accessible name, label text) of each linked bar of one chart."""
    section = next(s for s in tree.findall("section") if s.get("aria-labelledby") == f"{key}-h")
    return [
        (a.get("href"), a.get("aria-label"), a.find(f"{SVG}text").text)
        for a in section.find(f"{SVG}svg").findall(f"{SVG}a")
    ]


def expected_links(param: str, counted: Counter, order: list[str], labels: dict) -> list:
    def name(label, count):
        plural = "startup" if count == 1 else "startups"
        these = "voir cette startup" if count == 1 else "voir ces startups"
        return f"{label} : {count} {plural}, {these}"

    return [(f"../startups/?{param}={i}", name(labels[i], counted[i]), labels[i]) for i in order]


def test_sector_city_stage_and_need_bars_link_to_the_explorer(tree, raw, tax, repo_root):
    params = explorer_params(repo_root)
    assert (
        params["Secteurs"],
        params["Villes"],
        params["Stade de l'entreprise"],
        params["Besoins"],
    ) == (
        "secteur",
        "ville",
        "stade",
        "besoin",
    )
    sectors = Counter(s for p in raw for s in p["sectors"])
    cities = Counter(p["city"] for p in raw)
    stages = Counter(p["stage"] for p in raw)
    needs = Counter(n for p in raw for n in p.get("needs") or [])

    def ranked(counted, vocabulary):
        order = list(tax[vocabulary])
        return sorted((i for i in order if counted[i]), key=lambda i: (-counted[i], order.index(i)))

    assert bar_links(tree, "sd-stat-sectors") == expected_links(
        "secteur", sectors, ranked(sectors, "sectors"), tax["sectors"]
    )
    assert bar_links(tree, "sd-stat-cities") == expected_links(
        "ville", cities, ranked(cities, "cities"), tax["cities"]
    )
    assert bar_links(tree, "sd-stat-stages") == expected_links(
        "stade", stages, [i for i in tax["stages"] if stages[i]], tax["stages"]
    )
    assert bar_links(tree, "sd-stat-needs") == expected_links(
        "besoin", needs, ranked(needs, "needs")[:10], tax["needs"]
    )


def test_year_and_share_bars_link_to_the_explorer(tree, raw, repo_root):
    params = explorer_params(repo_root)
    assert (params["Recrute"], params["Lève des fonds"]) == ("recrute", "levee")
    years = Counter(p["founded"] for p in raw)
    links = bar_links(tree, "sd-stat-years")
    assert [(h, label) for h, _, label in links] == [
        (f"../startups/?de={y}&a={y}", str(y)) for y in range(min(years), max(years) + 1)
    ]
    hiring = sum(1 for p in raw if p.get("hiring"))
    raising = sum(1 for p in raw if p.get("seeking_investment"))
    assert bar_links(tree, "sd-stat-shares") == [
        (
            "../startups/?recrute=1",
            f"Recrutent : {hiring} startups, voir ces startups",
            "Recrutent",
        ),
        (
            "../startups/?levee=1",
            f"Lèvent des fonds : {raising} startups, voir ces startups",
            "Lèvent des fonds",
        ),
    ]


def test_the_page_escapes_the_ampersand_of_year_links(html):
    assert 'href="../startups/?de=' in html and "&amp;a=" in html


def test_employee_bars_are_not_links(tree):
    assert bar_links(tree, "sd-stat-employees") == []


def test_amount_bars_link_to_the_startups_seeking_that_round(tree, raw, tax, repo_root):
    assert explorer_params(repo_root)["Tour recherché"] == "tour"
    seekers = Counter(p["seeking_investment"]["round"] for p in raw if p.get("seeking_investment"))
    order = [r for r in tax["stages"] if seekers[r]]
    links = bar_links(tree, "sd-stat-rounds")
    assert [(href, name) for href, name, _ in links] == [
        (href, name) for href, name, _ in expected_links("tour", seekers, order, tax["stages"])
    ]


def millions(amount: int) -> str:
    if amount >= 1_000_000:
        value = round(amount / 1_000_000, 1)
        text = (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")
        return f"{text}\u00a0M\u00a0MAD"
    return f"{amount:,}".replace(",", NNBSP) + "\u00a0MAD"


def test_amount_sought_by_round_from_the_yaml(tree, raw, tax):
    seekers, sought = Counter(), Counter()
    for p in raw:
        if p.get("seeking_investment"):
            seekers[p["seeking_investment"]["round"]] += 1
            sought[p["seeking_investment"]["round"]] += (
                p["seeking_investment"].get("amount_mad") or 0
            )
    assert sought  # the sample has startups raising with an amount
    expected = [
        [tax["stages"][r], str(seekers[r]), millions(sought[r])]
        for r in tax["stages"]
        if seekers[r]
    ]
    section = next(
        s for s in tree.findall("section") if s.get("aria-labelledby") == "sd-stat-rounds-h"
    )
    assert section.find("h2").text == "Montant recherché par tour"
    table = section.find("details/table")
    assert [th.text for th in table.find("thead").iter("th")] == [
        "Tour",
        "Startups",
        "Montant recherché",
    ]
    rows = [
        [tr.find("th").text] + [td.text for td in tr.findall("td")] for tr in table.find("tbody")
    ]
    assert rows == expected
    values = [t.text for t in section.find(f"{SVG}svg").iter(f"{SVG}text")][1::2]
    assert values == [row[2] for row in expected]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (6_000_000, "6\u00a0M\u00a0MAD"),
        (1_500_000, "1,5\u00a0M\u00a0MAD"),
        (12_340_000, "12,3\u00a0M\u00a0MAD"),
        (750_000, f"750{NNBSP}000\u00a0MAD"),
        (2_000_000_000, f"2{NNBSP}000\u00a0M\u00a0MAD"),
    ],
)
def test_amounts_are_written_the_french_way(amount, text):
    from startupdir.site.stats import mad_text

    assert mad_text(amount) == text
