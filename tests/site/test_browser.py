"""A real browser (Playwright + Debian's Chromium) on the built sample site, served on
127.0.0.1: the home page loads cleanly, Material's search finds startups by name, sector
and city, and nothing is requested from another host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

RESULT = ".md-search-result__item"


def same_origin(record, base: str) -> list[str]:
    """Requests that left the site's origin (data: and blob: URLs stay in the page)."""
    origin = urlsplit(base).netloc
    return [
        url
        for url in record.requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != origin
    ]


def search(page, query: str):
    """Open Material's search, type ``query``, wait for results; returns their links."""
    field = page.locator("input.md-search__input")
    if not field.is_visible():
        page.locator("label.md-header__button[for='__search']").first.click()
    field.click()
    field.fill("")
    field.press_sequentially(query, delay=20)
    page.wait_for_selector(RESULT)
    return page.locator(f"{RESULT} > a.md-search-result__link")


def result_paths(links, base: str) -> list[str]:
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    return [urlsplit(h).path.removeprefix(urlsplit(base).path) for h in hrefs]


def test_home_page_loads_without_errors(recorded_page, site_server):
    page = recorded_page.page
    response = page.goto(site_server, wait_until="networkidle")
    assert response is not None and response.ok
    assert page.locator("h1").first.inner_text().strip()
    assert page.locator(".sd-figures__list li").count() == 6
    assert page.locator(".sd-terms--grid li").count() > 10
    assert recorded_page.problems == []
    assert same_origin(recorded_page, site_server) == []
    assert all(u.startswith("http://127.0.0.1:") for u in recorded_page.requests)


def test_search_by_name_opens_the_profile(recorded_page, site_server):
    page = recorded_page.page
    page.goto(site_server, wait_until="networkidle")
    links = search(page, "Argania Lab")
    assert result_paths(links, site_server)[0] == "startups/argania-lab/"
    links.first.click()
    page.wait_for_url(re.compile(r"/startups/argania-lab/"))
    assert urlsplit(page.url).path == urlsplit(site_server).path + "startups/argania-lab/"
    assert page.locator("article h1").inner_text().strip() == "Argania Lab"
    page.wait_for_load_state("networkidle")
    assert recorded_page.problems == []
    assert same_origin(recorded_page, site_server) == []


@pytest.mark.parametrize(
    ("query", "term_page"),
    [("Agritech", "secteurs/agritech/"), ("Agadir", "villes/agadir/")],
)
def test_search_by_sector_and_city_label(recorded_page, site_server, query, term_page):
    page = recorded_page.page
    page.goto(site_server, wait_until="networkidle")
    links = search(page, query)
    paths = result_paths(links, site_server)
    assert len(paths) >= 1
    assert term_page in paths
    assert any(p.startswith("startups/") for p in paths), paths
    assert recorded_page.problems == []
    assert same_origin(recorded_page, site_server) == []


def test_profile_page_renders_rtl_tagline(recorded_page, site_server):
    page = recorded_page.page
    page.goto(site_server + "startups/atlas-pay/", wait_until="networkidle")
    arabic = page.locator("p.sd-tagline[lang='ar']")
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert recorded_page.problems == []
    assert same_origin(recorded_page, site_server) == []


# Issue 15: profiles first for names, sectors and cities; the statistics and open-data
# pages are not indexed; the contributor guide first for « ajouter ma startup ».
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Argania Lab", re.compile(r"startups/argania-lab/$")),
        ("Agritech", re.compile(r"startups/[a-z0-9-]+/$")),
        ("Agadir", re.compile(r"startups/[a-z0-9-]+/$")),
        ("lève des fonds", re.compile(r"startups/[a-z0-9-]+/$")),
        ("ajouter ma startup", re.compile(r"contribuer/$")),
    ],
)
def test_header_search_ranks_what_the_query_asks_for_first(
    recorded_page, site_server, query, first
):
    page = recorded_page.page
    page.goto(site_server, wait_until="networkidle")
    paths = result_paths(search(page, query), site_server)
    assert paths and first.match(paths[0]), paths
    assert not [p for p in paths if p in ("statistiques/", "donnees/")], paths
    assert recorded_page.problems == []


def test_statistics_tables_fold_and_bars_open_the_explorer(recorded_page, site_server):
    page = recorded_page.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(site_server + "statistiques/", wait_until="networkidle")
    section = page.locator("section[aria-labelledby='sd-stat-sectors-h']")
    table = section.locator("details table")
    assert not table.is_visible()
    section.locator("details > summary").click()
    assert table.is_visible()
    bar = section.locator("svg a").first
    href = bar.get_attribute("href")
    assert href is not None and href.startswith("../startups/?secteur=")
    bar.locator("rect").click()  # the link is its label, bar and value, not the gaps
    page.wait_for_url(re.compile(r"/startups/\?secteur="))
    assert urlsplit(page.url).query == href.split("?", 1)[1]
    assert recorded_page.problems == []
