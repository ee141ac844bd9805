"""startupdir.site.stats: the numbers of /statistiques/ against counts made here from the YAML
files alone, French formatting, and each chart's text alternative, table and colours."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
import yaml
from startupdir.images.colors import contrast
from startupdir.site.stats import percent, percent_text, render_statistics, statistics
from startupdir.content.validate import load_directory
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
)


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
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{key}-t {key}-d"
        assert svg.get("width") == "100%" and svg.get("viewBox").startswith("0 0 ")
        assert svg.find(f"{svg_ns}title").get("id") == f"{key}-t"
        desc = svg.find(f"{svg_ns}desc")
        assert desc.get("id") == f"{key}-d" and len(desc.text) > 40
        table = section.find("table")
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
            for tr in by_key[key].find("table").find("tbody")
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
