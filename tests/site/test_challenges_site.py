"""Challenges in the built sample site (issue 19): the list, each challenge, the links
between challenges, profiles, sector pages and the home page in both editions, the
language switch, and the list's filters in Chromium (?secteur=…&format=…)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

PAYMENT = "paiement-sans-contact-commerces"
MAINTENANCE = "maintenance-predictive-usines"
DELIVERY = "logistique-dernier-kilometre"
RECYCLING = "tri-dechets-recyclables"
SLUGS = (PAYMENT, MAINTENANCE, DELIVERY, RECYCLING)


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_list_and_pages_are_published(built_site):
    for url in ("defis/", "en/challenges/", *(f"defis/{s}/" for s in SLUGS)):
        assert (built_site / url / "index.html").is_file(), url
    for slug in SLUGS:
        assert (built_site / "en" / "challenges" / slug / "index.html").is_file()
    text = read(built_site, "defis/")
    for slug in SLUGS:
        assert f'href="{slug}/"' in text or f'href="../defis/{slug}/"' in text
    assert 'class="md-tabs__link">' in text and "Défis" in text


def test_challenge_links_to_its_startups_and_back(built_site, parse_html):
    page = parse_html(read(built_site, f"defis/{PAYMENT}/"))
    hrefs = [a.attrs.get("href") for a in page.find_all("a")]
    assert "../../startups/atlas-pay/" in hrefs and "../../startups/souk-connect/" in hrefs
    atlas = read(built_site, "startups/atlas-pay/")
    assert "Défis ouverts pour vous" in atlas and f'href="../../defis/{PAYMENT}/"' in atlas
    fintech = read(built_site, "secteurs/fintech/")
    assert f'href="../../defis/{PAYMENT}/"' in fintech
    home = read(built_site, "")
    assert "2 défis ouverts" in home and f'href="defis/{PAYMENT}/"' in home
    english = read(built_site, "en/startups/atlas-pay/")
    assert (
        "Open challenges for you" in english
        and f'href="../../../en/challenges/{PAYMENT}/"' in english
    )


def test_language_switch_between_editions(built_site, parse_html):
    page = parse_html(read(built_site, f"defis/{MAINTENANCE}/"))
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page.find_all("link")
        if "hreflang" in link.attrs and "alternate" in link.attrs.get("rel", "").split()
    }
    assert alternates["en"].endswith(f"en/challenges/{MAINTENANCE}/")
    switch = page.find("a", css="sd-lang-switch")
    assert switch.attrs["href"] == f"../../en/challenges/{MAINTENANCE}/"
    english = read(built_site, f"en/challenges/{MAINTENANCE}/")
    assert "Predictive maintenance for production lines" in english
    assert "Startups that can answer" in english and 'lang="en"' in english


@pytest.fixture
def challenges_page(browser, site_server):
    ctx = browser.new_context(locale="fr-FR")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, site_server, errors
    ctx.close()
    assert not errors


def visible_titles(page) -> list[str]:
    return page.locator(".sd-challenges__item:visible .sd-challenges__title a").all_inner_texts()


def test_filters_read_and_write_the_url(challenges_page):
    page, base, _ = challenges_page
    page.goto(base + "defis/")
    assert page.locator("#sd-challenge-filters").is_visible()
    assert len(visible_titles(page)) == 4
    page.select_option("#sd-challenge-sector", "industry")
    assert visible_titles(page) == ["Maintenance prédictive des lignes de production"]
    assert parse_qs(urlsplit(page.url).query) == {"secteur": ["industry"]}
    assert page.locator("#sd-challenges-status").inner_text() == "1 défi affiché"
    page.select_option("#sd-challenge-format", "poc")
    assert visible_titles(page) == []
    assert page.locator("[data-filter-empty]:visible").count() >= 1
    assert parse_qs(urlsplit(page.url).query) == {"secteur": ["industry"], "format": ["poc"]}
    page.select_option("#sd-challenge-sector", "")
    assert visible_titles(page) == ["Paiement sans contact pour les commerces de quartier"]
    # A shared address opens with its filters.
    page.goto(base + "defis/?secteur=cleantech")
    assert page.locator("#sd-challenge-sector").input_value() == "cleantech"
    assert visible_titles(page) == ["Tri des déchets recyclables dans les zones industrielles"]
    page.goto(base + "en/challenges/?format=contract&secteur=unknown")
    assert visible_titles(page) == ["Last-mile delivery in the medinas"]


def test_without_javascript_everything_is_listed(browser, site_server):
    ctx = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = ctx.new_page()
    page.goto(site_server + "defis/?secteur=industry")
    assert not page.locator("#sd-challenge-filters").is_visible()
    assert page.locator(".sd-challenges__item").count() == 4
    ctx.close()


NEWS_POST = "actualites/2026-04-15-defi-open-innovation/"


def test_a_post_naming_challenges_links_them_and_they_link_it_back(built_site):
    from bs4 import BeautifulSoup

    post = BeautifulSoup(read(built_site, NEWS_POST), "html.parser")
    aside = next(p for p in post.select(".sd-post-links p") if p.text.startswith("Défis :"))
    assert [a["href"] for a in aside.find_all("a")] == [
        "../../defis/maintenance-predictive-usines/",
        "../../defis/paiement-sans-contact-commerces/",
    ]
    for url, heading in (
        ("defis/paiement-sans-contact-commerces/", "Dans l'actualité"),
        ("en/challenges/maintenance-predictive-usines/", "In the news"),
    ):
        page = BeautifulSoup(read(built_site, url), "html.parser")
        assert heading in [h.get_text(strip=True) for h in page.find_all("h2")], url
        items = [a for a in page.select(".sd-news a") if NEWS_POST in a["href"]]
        assert len(items) == 1, url
