"""Issue 17: /en/statistics/ (stats.render_statistics with English views) in English, with
English numbers, amounts and labels and links inside the English edition; the stats.* and
data.* keys in both catalogues."""

from __future__ import annotations

import html as htmllib
import posixpath
import re
import string
import xml.etree.ElementTree as ET

import pytest
from startupdir.content.validate import load_directory
from startupdir.site import urls
from startupdir.site.i18n import catalogue
from startupdir.site.stats import mad_text, percent_text, render_statistics, statistics
from startupdir.site.views import Views

SVG = "{http://www.w3.org/2000/svg}"
PAGE = urls.source_to_url(urls.TWIN_SOURCES["statistiques.md"])  # en/statistics/
FR, EN = catalogue("fr"), catalogue("en")


@pytest.fixture(scope="module")
def french(repo_root, when) -> Views:
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    return Views(directory.taxonomy, directory.startups)


@pytest.fixture(scope="module")
def views(french) -> Views:
    return french.edition("en")


@pytest.fixture(scope="module")
def html(views) -> str:
    return render_statistics(views)


@pytest.fixture(scope="module")
def tree(html) -> ET.Element:
    return ET.fromstring(html)


def own_keys(prefixes: tuple[str, ...]) -> list[str]:
    return [key for key in FR.messages if key.startswith(prefixes)]


def french_leftovers(page: str, prefixes: tuple[str, ...]) -> list[str]:
    """French texts of these keys (their fixed parts, unless the English text has them too)
    found in an English page; elements marked lang="fr" (French data shown as such) are
    left out."""
    text = re.sub(r'<(td|p|span) lang="fr">.*?</\1>', "", page, flags=re.S)
    text = htmllib.unescape(re.sub(r"<code>|</code>", "`", text))
    found = []
    for key in own_keys(prefixes):
        french, english = FR.t(key), EN.t(key)
        if french == english or not french:
            continue
        parts = [p for p, *_ in string.Formatter().parse(french)]
        for part in (p.strip(" .,:;()") for p in parts):
            if len(part) >= 8 and part in text and part not in english:
                found.append(f"{key}: {part}")
        if len(parts) == 1 and f">{french}<" in text and french not in english:
            found.append(f"{key}: {french}")
    return found


def test_keys_in_both_catalogues_with_the_same_placeholders():
    prefixes = ("stats.", "data.")
    assert own_keys(prefixes)
    assert sorted(own_keys(prefixes)) == sorted(k for k in EN.messages if k.startswith(prefixes))

    def fields(text):
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)

    for key in own_keys(prefixes):
        assert fields(FR.t(key)) == fields(EN.t(key)), key


def test_headings_and_interface_in_english(tree, html):
    headings = [s.find("h2").text for s in tree.findall("section")]
    assert headings[0] == EN.t("stats.sectors.heading") == "Startups by sector"
    assert EN.t("stats.rounds.heading") in headings
    assert all(s.find("details/summary").text == "Show the data" for s in tree.findall("section"))
    assert "Figures computed from" in html
    assert french_leftovers(html, ("stats.",)) == []


def test_labels_in_english(tree, views):
    st = statistics(views)
    sectors = next(
        s for s in tree.findall("section") if s.get("aria-labelledby") == "sd-stat-sectors-h"
    )
    rows = [tr.find("th").text for tr in sectors.find("details/table/tbody")]
    assert rows == [views.label("sectors", r["id"]) for r in st["sectors"]]
    assert rows != [views.taxonomy.label("sectors", r["id"]) for r in st["sectors"]]  # not French


def test_english_numbers_percentages_and_amounts(tree, html, views):
    st = statistics(views)
    assert st["employees"] >= 1000
    assert f"{st['employees']:,} employees" in html
    assert re.search("\\d\u202f\\d{3}", html) is None  # no French grouping
    assert percent_text(38, EN) == "38%"
    assert f"<td>{st['hiring']['percent']}%</td>" in html
    assert mad_text(2_500_000, EN) == "MAD\u00a02.5M"
    assert mad_text(6_000_000, EN) == "MAD\u00a06M"
    assert mad_text(750_000, EN) == "MAD\u00a0750,000"
    assert mad_text(2_000_000_000, EN) == "MAD\u00a02,000M"
    rounds = next(
        s for s in tree.findall("section") if s.get("aria-labelledby") == "sd-stat-rounds-h"
    )
    amounts = [tr.findall("td")[1].text for tr in rounds.find("details/table/tbody")]
    assert amounts == [mad_text(r["amount"], EN) for r in st["rounds"]]
    assert all(re.fullmatch("MAD\u00a0[\\d,]+(\\.\\d)?M?", a) for a in amounts)


def test_bar_links_stay_in_the_english_edition(tree):
    links = list(tree.iter(f"{SVG}a"))
    assert links
    for a in links:
        path, _, query = a.get("href").partition("?")
        target = posixpath.normpath(posixpath.join(PAGE, path)) + "/"
        assert target == urls.directory("en") == "en/startups/" and query, a.get("href")
        assert re.search(r": \d+ startups?, see th(is|ese) startups?$", a.get("aria-label"))


def test_amount_bars_link_to_the_round_in_the_english_explorer(tree, views):
    rounds = next(
        s for s in tree.findall("section") if s.get("aria-labelledby") == "sd-stat-rounds-h"
    )
    hrefs = [a.get("href") for a in rounds.iter(f"{SVG}a")]
    assert hrefs == [f"../startups/?tour={r['id']}" for r in statistics(views)["rounds"]]


def test_chart_alternatives_in_english(tree, views):
    first = statistics(views)["sectors"][0]
    desc = tree.find("section").find(f"{SVG}svg").find(f"{SVG}desc").text
    assert desc.startswith("Number of startups by sector, out of ")
    assert f"Leading: {first['label']} ({first['count']})" in desc


def test_empty_directory_in_english(views):
    page = render_statistics(Views(views.taxonomy, (), lang="en"))
    assert page == '<div class="sd-stats">\n<p>No startup is listed yet.</p>\n</div>'


def test_french_edition_unchanged(french):
    assert render_statistics(french.edition("fr")) == render_statistics(french)
