"""The explorer in a real browser (Debian's Chromium through Playwright): facet counts, URL
state (reload, back), keyboard use, accent-insensitive search, cards identical to the static
ones, and a phone-width layout. The page is a minimal static copy of /startups/ served from
a temporary folder: the real script, styles, cards and explorer.json.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bench import synthesise
from markupsafe import Markup, escape
from startupdir.content.render import environment
from startupdir.content.validate import load_directory
from startupdir.site import urls
from startupdir.site.explorer import explorer_json
from startupdir.site.exports import export_files
from startupdir.site.paging import PAGE_SIZE, directory_pages
from startupdir.site.plugin import THEME_DIR
from startupdir.site.views import ImageLogo, ImageSize, Views

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ASSETS = THEME_DIR / "assets"  # the generator's script and styles, as the package ships them
BRAND = Path(__file__).resolve().parents[2] / "overrides" / "assets"  # the directory's colours
IMAGE_LOGO = "atlas-pay"  # one card gets an image logo, to compare that markup too
COUNT = ".sd-explorer__count"
SITE_URL = "https://annuaire.example/"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compact(html: str) -> str:
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def count_text(n: int) -> str:
    return "Aucune startup" if n == 0 else f"{n} startup" + ("s" if n > 1 else "")


@pytest.fixture(scope="module")
def directory(repo_root, when):
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    return directory


@pytest.fixture(scope="module")
def views(directory) -> Views:
    url = f"assets/images/logos/{IMAGE_LOGO}.webp"
    logo = ImageLogo(
        card=ImageSize(url, f"assets/images/logos/{IMAGE_LOGO}.png", 48, 48),
        header=ImageSize(url, "", 48, 48),
    )
    return Views(directory.taxonomy, directory.startups, logos={IMAGE_LOGO: logo})


@pytest.fixture(scope="module")
def static_cards(views) -> dict[str, str]:
    """slug -> the card's HTML as the site's template renders it on /startups/."""
    template = environment("startupdir.site").get_template("card.html.j2")
    tr = views.tr
    return {
        st.slug: compact(template.render(c=views.card(st), base="../", t=tr.t, lang=tr.lang))
        for st in views.listed
    }


@pytest.fixture(scope="module")
def explorer_site(tmp_path_factory, directory, views, static_cards) -> Path:
    root = tmp_path_factory.mktemp("site")
    for sub in ("javascripts/explorer.js", "stylesheets/explorer.css", "stylesheets/directory.css"):
        target = root / "assets" / sub
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ASSETS / sub, target)
    shutil.copy(BRAND / "stylesheets/brand.css", root / "assets/stylesheets/brand.css")
    (root / "assets/stylesheets/sectors.css").write_text(views.sector_css(), encoding="utf-8")
    (root / "assets/data").mkdir(parents=True)
    (root / "assets/data/explorer.json").write_bytes(explorer_json(views))
    (root / "api").mkdir()
    (root / urls.STARTUPS_CSV).write_bytes(export_files(directory, SITE_URL)[urls.STARTUPS_CSV])
    body = (
        environment("startupdir.site")
        .get_template("directory.html.j2")
        .render(
            d=directory_pages(views)[0],
            card_html=[Markup(static_cards[st.slug]) for st in views.listed],
            base="../",
            data_url=urls.EXPLORER_DATA,
            csv_url=urls.STARTUPS_CSV,
            page_size=PAGE_SIZE,
            first_page=urls.DIRECTORY,
            t=views.tr.t,
            tr=views.tr,
            lang=views.lang,
        )
    )
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Les startups</title>"
        + "".join(
            f'<link rel="stylesheet" href="../assets/stylesheets/{name}.css">'
            for name in ("directory", "explorer", "brand", "sectors")  # the site's order
        )
        + '</head><body><main class="md-typeset">'
        + compact(body)
        + '</main><script src="../assets/javascripts/explorer.js"></script></body></html>'
    )
    (root / "startups").mkdir()
    (root / "startups/index.html").write_text(page, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def big_page(explorer_site, repo_root, when) -> int:
    """/big/: 150 synthetic startups, enough for more than one page of results."""
    source = explorer_site.parent / "big-repo"
    source.mkdir()
    synthesise(source, 150, repo_root, repo_root / "tests" / "corpora")
    shutil.rmtree(source / "content")  # its news posts cite sample startups
    directory, report = load_directory(source, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    views = Views(directory.taxonomy, directory.startups)
    (explorer_site / "assets/data/big.json").write_bytes(explorer_json(views))
    (explorer_site / "big").mkdir()
    messages = escape(directory_pages(views)[0].messages)
    (explorer_site / "big/index.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Big</title></head>'
        f'<body><div id="sd-explorer" data-src="../assets/data/big.json" data-messages="{messages}">'
        "</div>"
        '<div class="sd-cards" role="list"></div>'
        '<script src="../assets/javascripts/explorer.js"></script></body></html>',
        encoding="utf-8",
    )
    return len(views.listed)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def explorer_server(explorer_site):
    handler = functools.partial(QuietHandler, directory=str(explorer_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's browser (conftest): one Playwright instance per test session."""
    return browser


@pytest.fixture
def tab(chromium, explorer_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base = explorer_server
    yield page
    context.close()
    assert not errors, errors


def open_directory(page, query: str = ""):
    page.goto(f"{page.base}/startups/{query}")
    page.wait_for_selector("#sd-explorer[data-ready=ready]")


def names(page) -> list[str]:
    return page.locator(".sd-cards .sd-card__name a").all_text_contents()


def count(page) -> str:
    return page.locator(COUNT).text_content()


def choose(page, name: str, value: str, checked: bool = True) -> None:
    """Tick or untick a facet option, unfolding its facet first if needed."""
    box = page.locator(f"input[name={name}][value={value}]")
    if not box.is_visible():
        page.locator(f"details.sd-facet:has(input[name={name}]) > summary").click()
    box.set_checked(checked)


def option_count(page, name: str, value: str) -> str:
    label = page.locator(f"label:has(input[name={name}][value={value}])")
    return label.locator(".sd-facet__count").text_content().strip()


def matching(views, *, sectors=(), cities=()) -> list[str]:
    return [
        st.name
        for st in views.listed
        if (not sectors or set(st.sectors) & set(sectors)) and (not cities or st.city in cities)
    ]


def test_cards_rendered_by_the_script_match_the_static_cards(tab, views, static_cards):
    open_directory(tab)
    assert count(tab) == count_text(len(views.listed))
    assert names(tab) == [st.name for st in views.listed][:60]
    rendered = tab.locator(".sd-cards > .sd-card").evaluate_all("els => els.map(e => e.outerHTML)")
    parsed = tab.evaluate(
        """cards => cards.map(html => {
            const t = document.createElement('template');
            t.innerHTML = html;
            return t.content.firstElementChild.outerHTML;
        })""",
        [static_cards[st.slug] for st in views.listed[:60]],
    )
    assert rendered == parsed
    assert any('type="image/webp"' in html for html in rendered)  # the image logo branch
    assert tab.locator("#sd-count").is_hidden()  # the explorer's live count replaces it
    assert tab.locator(".sd-explorer__more").is_hidden() == (len(views.listed) <= 60)
    assert tab.locator(".sd-explorer__empty").is_hidden()


def test_two_facets_then_reload_and_back(tab, views):
    open_directory(tab)
    choose(tab, "secteur", "fintech")
    fintech = matching(views, sectors=["fintech"])
    assert count(tab) == count_text(len(fintech))
    choose(tab, "ville", "casablanca")
    both = matching(views, sectors=["fintech"], cities=["casablanca"])
    assert 0 < len(both) < len(fintech)
    assert count(tab) == count_text(len(both))
    assert names(tab) == both
    # Disjunctive counts: an option counts what it would give with the other facets' choices.
    assert option_count(tab, "secteur", "insurtech") == (
        f"({len(matching(views, sectors=['insurtech'], cities=['casablanca']))})"
    )
    assert option_count(tab, "ville", "tanger") == (
        f"({len(matching(views, sectors=['fintech'], cities=['tanger']))})"
    )
    assert option_count(tab, "secteur", "fintech") == f"({len(both)})"
    query = parse_qs(urlsplit(tab.url).query)
    assert query == {"secteur": ["fintech"], "ville": ["casablanca"]}

    # OR within a facet.
    choose(tab, "secteur", "insurtech")
    either = matching(views, sectors=["fintech", "insurtech"], cities=["casablanca"])
    assert count(tab) == count_text(len(either))
    assert names(tab) == either
    choose(tab, "secteur", "insurtech", checked=False)

    tab.reload()
    tab.wait_for_selector("#sd-explorer[data-ready=ready]")
    assert count(tab) == count_text(len(both))
    assert names(tab) == both
    assert tab.is_checked("input[name=secteur][value=fintech]")
    assert tab.is_checked("input[name=ville][value=casablanca]")

    tab.go_back()  # before unchecking insurtech: fintech or insurtech, in Casablanca
    assert count(tab) == count_text(len(either))
    tab.go_back()  # fintech and Casablanca
    tab.go_back()  # fintech only
    assert count(tab) == count_text(len(fintech))
    assert names(tab) == fintech
    assert not tab.is_checked("input[name=ville][value=casablanca]")
    tab.go_back()
    assert count(tab) == count_text(len(views.listed))
    assert urlsplit(tab.url).query == ""


def test_keyboard_only(tab, views):
    open_directory(tab)
    tab.focus("#sd-x-q")
    for _ in range(20):
        tab.keyboard.press("Tab")
        kind = tab.evaluate("document.activeElement.type")
        if kind == "checkbox":
            break
    else:
        pytest.fail("no checkbox reached with Tab")
    name = tab.evaluate("document.activeElement.name")
    assert name == "levee"  # after the search box and the sort
    tab.keyboard.press("Space")
    assert tab.evaluate("document.activeElement.checked")
    raising = [st.name for st in views.listed if st.raising]
    assert count(tab) == count_text(len(raising))
    assert names(tab) == raising
    tab.keyboard.press("Space")
    assert count(tab) == count_text(len(views.listed))
    # On to the first facet, the round sought, unfolded: Tab skips its disabled options
    # (no startup seeks an « Idée » round) and reaches the first one that has startups.
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert tab.evaluate("document.activeElement.textContent") == "Tour recherché"
    assert tab.evaluate("document.activeElement.parentNode.open")
    tab.keyboard.press("Tab")
    sought = [st.seeking_investment.round for st in views.listed if st.seeking_investment]
    first = next(stage.id for stage in views.taxonomy.stages if stage.id in sought)
    assert views.taxonomy.stages[0].id not in sought
    assert tab.evaluate("[document.activeElement.name, document.activeElement.value]") == [
        "tour",
        first,
    ]
    tab.keyboard.press("Space")
    assert count(tab) == count_text(sought.count(first))
    assert "tour=" + first in tab.url
    # Back up: the disabled options before it are skipped again, up to the summary.
    tab.keyboard.press("Shift+Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Tour recherché (1 choisi)"


def test_search_ignores_accents_and_case(tab, views):
    open_directory(tab)
    expected = [st.name for st in views.listed if "securite" in fold(f"{st.name} {st.tagline.fr}")]
    assert expected and any("sécurité" in st.tagline.fr for st in views.listed)
    tab.fill("#sd-x-q", "securite")
    assert count(tab) == count_text(len(expected))
    assert names(tab) == expected
    tab.fill("#sd-x-q", "SÉCURITÉ")
    assert names(tab) == expected
    assert parse_qs(urlsplit(tab.url).query) == {"q": ["SÉCURITÉ"]}
    tab.fill("#sd-x-q", "zzzz introuvable")
    assert count(tab) == "Aucune startup"
    assert tab.locator(".sd-explorer__empty").is_visible()


def test_sort_and_years_from_the_url(tab, views):
    first, last = 2015, 2022
    open_directory(tab, f"?tri=annee&de={first}&a={last}")
    expected = sorted(
        (st for st in views.listed if first <= st.founded <= last),
        key=lambda st: -st.founded,  # stable: names stay in order within a year
    )
    assert names(tab) == [st.name for st in expected]
    assert tab.input_value("#sd-x-tri") == "annee"
    assert tab.input_value("#sd-x-de") == str(first)


def test_phone_width(chromium, explorer_server):
    """On a phone the filters open in a full-screen dialog: every target is at least 44 px
    high, nothing is wider than the screen, and « Voir N startups » closes it."""
    context = chromium.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{explorer_server}/startups/")
    page.wait_for_selector("#sd-explorer[data-ready=ready]", state="attached")
    panel = page.locator("#sd-explorer")
    assert panel.is_hidden()
    toggle = page.locator(".sd-explorer__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert panel.is_visible() and panel.get_attribute("role") == "dialog"
    assert panel.get_attribute("aria-modal") == "true"
    assert toggle.get_attribute("aria-expanded") == "true"
    summaries = page.locator("details.sd-facet:not([open]) > summary")
    while summaries.count():
        summaries.first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    targets = page.evaluate(
        """() => [...document.querySelectorAll(
              '.sd-facet__option, .sd-facet__summary, .sd-explorer__reset, .sd-explorer__x, '
              + '.sd-explorer__close, #sd-explorer input[type=search], #sd-explorer select, '
              + '#sd-explorer input[type=text]')]
            .map(e => [e.textContent || e.id, e.getBoundingClientRect().height])"""
    )
    assert len(targets) > 50
    assert [t for t in targets if t[1] < 44] == []
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.className").startswith("sd-explorer__toggle")
    toggle.click()
    page.locator(".sd-explorer__close").click()
    assert panel.is_hidden()
    context.close()


def test_data_file_is_what_the_page_reads(explorer_site, views):
    data = json.loads((explorer_site / "assets/data/explorer.json").read_text(encoding="utf-8"))
    assert data["d"]["s"] == [st.slug for st in views.listed]


def test_results_come_one_page_at_a_time(tab, big_page):
    tab.goto(f"{tab.base}/big/")
    tab.wait_for_selector("#sd-explorer[data-ready=ready]")
    assert count(tab) == count_text(big_page)
    assert tab.locator(".sd-cards > .sd-card").count() == 60
    more = tab.locator(".sd-explorer__more")
    assert more.text_content() == f"Afficher plus ({big_page - 60} restantes)"
    more.click()
    assert tab.locator(".sd-cards > .sd-card").count() == 120
    # Focus goes to the first new card, so keyboard users continue from there.
    assert tab.evaluate("document.activeElement.textContent") == names(tab)[60]
    more.click()
    assert tab.locator(".sd-cards > .sd-card").count() == big_page
    assert more.is_hidden()
    tab.select_option("#sd-x-tri", "maj")  # any change starts again from the first page
    assert tab.locator(".sd-cards > .sd-card").count() == 60
    assert parse_qs(urlsplit(tab.url).query) == {"tri": ["maj"]}
