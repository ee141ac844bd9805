"""Issue 17: /en/data/ (exports.exports_page_html with English views) in English, its links
to the one (French) set of open-data files, and the files unchanged by the edition."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html import unescape

import pytest
from startupdir.content.validate import load_directory
from startupdir.site import urls
from startupdir.site.docs import field_rows
from startupdir.site.exports import CSV_COLUMNS, EXTRA_FIELDS, FILES, exports_page_html
from startupdir.site.i18n import catalogue
from startupdir.site.views import Site, Views
from test_stats_english import french_leftovers

PAGE = urls.source_to_url(urls.TWIN_SOURCES["donnees.md"])  # en/data/
DATE = dt.date(2026, 11, 26)
EN = catalogue("en")


@pytest.fixture(scope="module")
def french(repo_root, when) -> Views:
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    return Views(directory.taxonomy, directory.startups, Site(identity=directory.identity))


@pytest.fixture(scope="module")
def html(french) -> str:
    return exports_page_html(french.edition("en"), DATE)


def test_headings_and_texts_in_english(html):
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [
        "Files",
        "Licence",
        "Citing the data",
        "Fields of <code>startups.json</code>",
        "Columns of <code>startups.csv</code>",
        "Contents of <code>taxonomy.json</code>",
    ]
    assert french_leftovers(html, ("data.",)) == []
    assert "The files hold 40 published profiles, including 1 closed startup." in html


def test_citation_date_and_licence_in_english(html, french):
    assert "Annuaire des startups Technopark × CGEM, open data, 26 November 2026, CC BY 4.0" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.en"' in html
    assert "[date accessed]" in exports_page_html(french.edition("en"))


def test_links_lead_to_the_one_set_of_files(html):
    hrefs = re.findall(r'href="([^"]+)"', html)
    files = [h for h in hrefs if not h.startswith("https://")]
    assert files == [f"../../{path}" for path in FILES]
    assert [posixpath.normpath(posixpath.join(PAGE, h)) for h in files] == list(FILES)


def test_every_field_and_column_documented_in_english(html):
    for path, *_ in field_rows():
        assert f"<code>{path}</code>" in html, path
    for name in EXTRA_FIELDS:
        doc = re.sub(r"`([^`]+)`", r"<code>\1</code>", EN.t(f"data.extra.{name}"))
        assert f'<th scope="row"><code>{name}</code></th><td>{doc}</td>' in unescape(html), name
    for name, doc, _ in CSV_COLUMNS:
        assert f"<code>{name}</code>" in html, name
        assert doc.text(EN) and doc.text(EN) != doc.text(catalogue("fr")), name
    assert "<td>Tagline (ar)</td>" in html and "<td>LinkedIn page</td>" in html
    assert "<td>yes</td>" in html and "<td>no</td>" in html and "<td>oui</td>" not in html


def test_the_schema_documentation_is_marked_french(html):
    """The profile schema documents its fields in French: shown so, and said so."""
    assert EN.t("data.json.schema_language") in html
    rows = re.findall(
        r'<tr><th scope="row"><code>([^<]+)</code></th><td>(?:yes|no)</td>(.*?)</tr>', html
    )
    assert [path for path, _ in rows] == ["slug"] + [path for path, *_ in field_rows()]
    assert '<td lang="fr">' not in rows[0][1]  # slug: documented by the catalogue, in English
    assert all(cells.count('<td lang="fr">') == 2 for _, cells in rows[1:])


def test_french_page_unchanged_by_the_edition(french):
    assert exports_page_html(french.edition("fr"), DATE) == exports_page_html(french, DATE)
    page = exports_page_html(french, DATE)
    assert 'lang="fr"' not in page and EN.t("data.json.schema_language") not in page
