"""A real browser (Playwright + Debian's Chromium) on the built sample site, served on
127.0.0.1: the home page loads cleanly, the header search (Pagefind, issue 16) finds
startups by name, sector, city and English text without fetching its index before the
visitor searches, and nothing is requested from another host."""

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
    """Open the header search, type ``query``, wait for results; returns their links."""
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


# Issue 16: the search index is fetched per query, never on a page view.
def pagefind_requests(record) -> list[str]:
    return [u for u in record.requests if "/pagefind/" in urlsplit(u).path]


@pytest.mark.parametrize("path", ["", "startups/atlas-pay/"])
def test_no_search_index_is_fetched_before_the_visitor_searches(recorded_page, site_server, path):
    page = recorded_page.page
    page.goto(site_server + path, wait_until="networkidle")
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(300)
    assert pagefind_requests(recorded_page) == []
    links = search(page, "Argania Lab")
    assert result_paths(links, site_server)[0] == "startups/argania-lab/"
    fetched = pagefind_requests(recorded_page)
    assert any(u.endswith("/pagefind.js") for u in fetched), fetched
    assert any("/pagefind/fragment/" in u for u in fetched), fetched
    assert recorded_page.problems == []


def test_the_shortcut_focuses_the_header_search(recorded_page, site_server):
    page = recorded_page.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(site_server, wait_until="networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("agadir", delay=20)
    page.wait_for_selector(RESULT)
    assert page.locator("input.md-search__input").input_value() == "agadir"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    assert recorded_page.problems == []


def test_english_text_of_a_profile_is_found(recorded_page, site_server):
    page = recorded_page.page
    page.goto(site_server, wait_until="networkidle")
    links = search(page, "grocers expensive terminal")
    assert result_paths(links, site_server)[0] == "startups/atlas-pay/"
    assert page.locator(f"{RESULT} mark").count() >= 1  # the excerpt marks the words
    assert recorded_page.problems == []


def test_accents_are_optional_and_the_results_are_counted_in_french(recorded_page, site_server):
    page = recorded_page.page
    page.goto(site_server, wait_until="networkidle")
    paths = result_paths(search(page, "leve des fonds"), site_server)
    assert paths and paths[0].startswith("startups/"), paths
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.fullmatch(r"\d+ résultats?", meta), meta
    field = page.locator("input.md-search__input")
    field.fill("")
    field.press_sequentially("zzzqqq", delay=20)
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.startsWith('Aucun')"
    )
    meta = page.locator(".md-search-result__meta").inner_text()
    assert meta == "Aucun résultat pour «\u00a0zzzqqq\u00a0»"
    assert page.locator(RESULT).count() == 0
    assert recorded_page.problems == []


@pytest.mark.parametrize("query", ["statistiques", "données ouvertes startups"])
def test_statistics_and_open_data_never_come_up(recorded_page, site_server, query):
    page = recorded_page.page
    page.goto(site_server, wait_until="networkidle")
    links = search(page, query)
    while page.locator(".sd-search-more button").count():
        before = links.count()
        page.locator(".sd-search-more button").click()
        page.wait_for_function(
            f"document.querySelectorAll('{RESULT} > a.md-search-result__link').length > {before}"
        )
    paths = result_paths(links, site_server)
    assert paths
    assert not [p for p in paths if p in ("statistiques/", "donnees/")], paths
    assert recorded_page.problems == []


def test_result_text_is_never_markup(recorded_page, site_server):
    """Titles and excerpts come from the index as text: only <mark> elements are made."""
    page = recorded_page.page
    page.goto(site_server, wait_until="networkidle")
    search(page, "startup")
    tags = page.evaluate(
        "[...document.querySelectorAll('.md-search-result__list *')].map(e => e.tagName)"
    )
    assert set(tags) <= {"LI", "A", "ARTICLE", "DIV", "H1", "P", "MARK", "BUTTON"}, set(tags)
    assert recorded_page.problems == []
