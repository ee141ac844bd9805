"""The explorer of /en/startups/ and the header search of the English edition, on the built
sample site in Chromium: English interface (count, facet legends, buttons, chips), English
facet labels, a search on the English tagline finds Atlas Pay in both editions, profile
links stay in the page's edition, English amounts are read, and the header search speaks
the page's language."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

READY = "#sd-explorer[data-ready=ready]"
CARDS = ".sd-cards > .sd-card"
NBSP = "\u00a0"
# Interface words of the French edition: none may show on the English page's explorer.
FRENCH = (
    "Filtres",
    "Rechercher",
    "Trier",
    "Secteurs",
    "Villes",
    "Tour recherché",
    "Stade",
    "Besoins",
    "Modèle",
    "Montant",
    "Année",
    "En ce moment",
    "Lève",
    "Recrute",
    "Aucune",
    "Voir ",
    "Copier",
    "Télécharger",
    "Réinitialiser",
    "Afficher",
)


@pytest.fixture
def open_page(browser, site_server):
    contexts = []

    def open_(path: str, locale: str = "en-GB"):
        context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        page.goto(f"{site_server}{path}")
        return page

    yield open_
    for context in contexts:
        context.close()


def names(page) -> list[str]:
    return page.locator(f"{CARDS} .sd-card__name a").all_text_contents()


def query(page) -> dict[str, list[str]]:
    # The page's own address: Playwright's page.url follows pushState a moment later.
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


def path_of(page, href: str) -> str:
    return urlsplit(page.evaluate("h => new URL(h, location.href).href", href)).path


def test_english_explorer_speaks_english_and_finds_the_english_tagline(open_page, site_server):
    page = open_page("en/startups/")
    page.wait_for_selector(READY)
    count = page.locator(".sd-explorer__count")
    assert re.fullmatch(r"\d+ startups", count.text_content())
    legends = page.locator("#sd-explorer .sd-facet__legend").all_text_contents()
    assert legends == [
        "Round sought",
        "Amount sought (MAD)",
        "Sectors",
        "Cities",
        "Company stage",
        "Needs",
        "Programmes",
        "Business model",
        "Year founded",
    ]
    assert page.locator("label[for=sd-x-q]").text_content() == "Search by name or tagline"
    # English taxonomy labels: the first stage is "Idea" (« Idée » in French).
    stages = page.locator("input[name=stade]").first.locator("xpath=..")
    assert stages.locator(".sd-facet__label").text_content() == "Idea"

    page.fill("#sd-x-q", "mobile payments")
    assert "Atlas Pay" in names(page)
    n = len(names(page))
    assert count.text_content() == (f"{n} startup" if n == 1 else f"{n} startups")
    assert query(page) == {"q": ["mobile payments"]}
    chips = page.locator(".sd-explorer__chips button").all_text_contents()
    assert chips[0].startswith("Search: “mobile payments”")
    # The English tagline on the card, the profile in the English edition.
    card = page.locator(CARDS).filter(has_text="Atlas Pay")
    assert (
        card.locator(".sd-card__tagline").text_content()
        == "Mobile payments for neighbourhood shops"
    )
    assert card.locator(".sd-card__tagline").get_attribute("lang") is None
    href = card.locator(".sd-card__name a").get_attribute("href")
    assert path_of(page, href) == "/en/startups/atlas-pay/"
    sector = card.locator(".sd-chip").first.get_attribute("href")
    assert path_of(page, sector) == "/en/sectors/fintech/"
    assert "Raising: " in card.locator(".sd-card__meta").text_content()
    assert f"MAD{NBSP}25M" in card.locator(".sd-card__meta").text_content()

    interface = page.evaluate(
        "() => document.getElementById('sd-explorer').innerText + '\\n'"
        " + document.querySelector('.sd-explorer__bar').innerText"
    )
    assert [w for w in FRENCH if w in interface] == []
    assert page.errors == []

    card.locator(".sd-card__name a").click()
    page.wait_for_url(re.compile(r"/en/startups/atlas-pay/$"))


def test_french_explorer_finds_the_english_tagline_too(open_page):
    page = open_page("startups/", locale="fr-FR")
    page.wait_for_selector(READY)
    page.fill("#sd-x-q", "mobile payments")
    assert "Atlas Pay" in names(page)
    card = page.locator(CARDS).filter(has_text="Atlas Pay")
    # The French page shows the French tagline and links to the French profile.
    assert card.locator(".sd-card__tagline").text_content().startswith("Paiement mobile")
    href = card.locator(".sd-card__name a").get_attribute("href")
    assert path_of(page, href) == "/startups/atlas-pay/"
    assert page.locator(".sd-explorer__count").text_content().endswith(("startup", "startups"))
    assert page.errors == []


def test_english_amounts(open_page):
    page = open_page("en/startups/")
    page.wait_for_selector(READY)
    page.fill("#sd-x-montant_min", "2.5M")
    assert query(page) == {"montant_min": ["2500000"]}
    chips = page.locator(".sd-explorer__chips button").all_text_contents()
    assert chips[0].startswith(f"Amount: MAD{NBSP}2.5M or more")
    page.fill("#sd-x-montant_min", "500,000")
    assert query(page) == {"montant_min": ["500000"]}
    page.fill("#sd-x-montant_min", "2M")
    assert query(page) == {"montant_min": ["2000000"]}
    page.fill("#sd-x-montant_min", "")
    page.fill("#sd-x-q", "zzzz nowhere")
    assert page.locator(".sd-explorer__count").text_content() == "No startups"
    assert page.locator(".sd-explorer__empty .sd-empty").text_content() == (
        "No startup matches these criteria."
    )
    assert page.errors == []


def test_english_header_search(open_page):
    page = open_page("en/startups/")
    field = page.locator("input.md-search__input")
    assert field.get_attribute("placeholder") == "Search"
    assert page.locator("[data-sd-search]").get_attribute("data-lang") == "en"
    page.keyboard.press("/")
    field.press_sequentially("grocers", delay=20)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "/^\\d+ results?$/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    assert re.fullmatch(r"\d+ results?", meta.inner_text())
    field.fill("")
    field.press_sequentially("zzzqqq", delay=20)
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.startsWith('No results')"
    )
    assert meta.inner_text() == "No results for “zzzqqq”"
    assert page.errors == []


def test_french_header_search_keeps_its_strings(open_page):
    page = open_page("startups/", locale="fr-FR")
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "Rechercher"
    assert page.locator("[data-sd-search]").get_attribute("data-lang") == "fr"
    assert page.locator(".md-search-result__meta").text_content().strip() == (
        "Taper pour démarrer la recherche"
    )
