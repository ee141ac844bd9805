"""The investor's explorer on the built sample site, in Chromium at 1366×900 and on a
390×844 phone (issue 15): filtering by sector, city and round sought gives exactly the
startups whose data match, the first result is in view after every change, a shared link
restores the filters and shows them as chips, options that would empty the list are
disabled, an empty result suggests which filter to remove, « Copier le lien » and
« Télécharger la sélection (CSV) » give the view and its rows, and axe finds nothing
serious. Expected startups are computed from the raw YAML, not from the code under test.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
CARDS = ".sd-cards > .sd-card"
READY = "#sd-explorer[data-ready=ready]"
NBSP = "\u00a0"


@pytest.fixture
def open_explorer(browser, site_server):
    """Opens /startups/<query> in a fresh context; every context is closed at the end."""
    contexts = []

    def open_(viewport: dict, query: str = "", **options):
        phone = viewport is PHONE
        context = browser.new_context(
            locale="fr-FR", viewport=viewport, is_mobile=phone, has_touch=phone, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        page.goto(f"{site_server}startups/{query}")
        page.wait_for_selector(READY, state="attached")
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def listed(raw_profiles) -> dict[str, dict]:
    return {slug: p for slug, p in raw_profiles.items() if p.get("status") != "closed"}


def matching(listed, *, sectors=(), cities=(), rounds=(), stages=(), low=None, high=None):
    out = set()
    for slug, p in listed.items():
        seeking = p.get("seeking_investment") or {}
        amount = seeking.get("amount_mad")
        if sectors and not set(p["sectors"]) & set(sectors):
            continue
        if cities and p["city"] not in cities:
            continue
        if rounds and seeking.get("round") not in rounds:
            continue
        if stages and p["stage"] not in stages:
            continue
        if (low is not None or high is not None) and not amount:
            continue
        if low is not None and amount < low:
            continue
        if high is not None and amount > high:
            continue
        out.add(slug)
    return out


def shown(page) -> set[str]:
    hrefs = page.locator(f"{CARDS} .sd-card__name a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs}


def count(page) -> str:
    return page.locator(".sd-explorer__count").inner_text().strip()


def chips(page) -> list[str]:
    return [
        text.replace("×", "").strip()
        for text in page.locator(".sd-explorer__chips button").all_inner_texts()
    ]


def query(page) -> dict[str, list[str]]:
    # The page's own address: Playwright's page.url follows pushState a moment later.
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


def first_result_position(page) -> dict:
    """Where the first card sits in the window, below Material's sticky header."""
    return page.evaluate(
        """() => {
          const card = document.querySelector('.sd-cards > .sd-card, .sd-explorer__empty');
          const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
          const r = card.getBoundingClientRect();
          const count = document.querySelector('.sd-explorer__count').getBoundingClientRect();
          return {top: r.top, header: header, height: innerHeight, count: count.top,
                  document: r.top + scrollY};
        }"""
    )


def assert_first_result_in_view(page) -> dict:
    where = first_result_position(page)
    # The card's top and its name (about 80 px) are on screen, and so is the count.
    assert where["header"] <= where["top"] and where["top"] + 80 <= where["height"], where
    assert where["header"] <= where["count"], where
    return where


def tick(page, param: str, value: str) -> None:
    page.locator(f"#sd-explorer input[name={param}][value={value}]").check()


def test_sector_city_and_round_give_exactly_the_matching_startups(open_explorer, listed):
    page = open_explorer(DESKTOP)
    steps = [("secteur", "fintech"), ("ville", "casablanca"), ("tour", "seed")]
    for i, (param, value) in enumerate(steps, 1):
        tick(page, param, value)
        chosen = dict(steps[:i])
        expected = matching(
            listed,
            sectors=[chosen["secteur"]],
            cities=[chosen["ville"]] if "ville" in chosen else (),
            rounds=[chosen["tour"]] if "tour" in chosen else (),
        )
        assert shown(page) == expected
        assert_first_result_in_view(page)
    assert query(page) == {"secteur": ["fintech"], "ville": ["casablanca"], "tour": ["seed"]}
    seed_round = matching(listed, sectors=["fintech"], cities=["casablanca"], rounds=["seed"])
    seed_stage = matching(listed, sectors=["fintech"], cities=["casablanca"], stages=["seed"])
    # The case: the round sought and the company's own stage are different filters.
    assert seed_round and seed_stage and seed_round != seed_stage
    assert chips(page) == ["Tour : Amorçage", "Fintech", "Casablanca", "Tout effacer"]
    assert page.errors == []


def test_first_result_in_view_after_filtering_from_far_down_the_page(open_explorer):
    page = open_explorer(DESKTOP)
    page.mouse.wheel(0, 2500)
    page.wait_for_function("scrollY > 1000")
    tick(page, "ville", "rabat")  # the column stays beside the results while scrolling
    assert_first_result_in_view(page)


def test_phone_filters_panel_then_first_result_in_the_first_screen(open_explorer, listed):
    page = open_explorer(PHONE)
    page.locator(".sd-explorer__toggle").click()
    for param, value in (("secteur", "fintech"), ("tour", "series-a")):
        tick(page, param, value)
    expected = matching(listed, sectors=["fintech"], rounds=["series-a"])
    close = page.locator(".sd-explorer__close")
    assert close.inner_text() == f"Voir {len(expected)} startup" + (
        "s" if len(expected) > 1 else ""
    )
    close.click()
    assert page.locator("#sd-explorer").is_hidden()
    assert shown(page) == expected
    where = assert_first_result_in_view(page)
    assert where["document"] < PHONE["height"]  # in the first screen, no scrolling needed
    assert page.locator(".sd-explorer__toggle").inner_text() == "Filtres (2)"
    assert chips(page) == ["Tour : Série A", "Fintech", "Tout effacer"]


def test_a_shared_link_restores_filters_and_chips_on_a_phone(open_explorer, listed):
    page = open_explorer(PHONE, "?secteur=fintech&ville=casablanca&tour=seed")
    assert chips(page) == ["Tour : Amorçage", "Fintech", "Casablanca", "Tout effacer"]
    assert shown(page) == matching(
        listed, sectors=["fintech"], cities=["casablanca"], rounds=["seed"]
    )
    assert page.locator(".sd-explorer__chips").is_visible()
    where = assert_first_result_in_view(page)
    assert where["document"] < PHONE["height"]
    page.locator(".sd-explorer__toggle").click()
    for param, value in (("secteur", "fintech"), ("ville", "casablanca"), ("tour", "seed")):
        assert page.locator(f"#sd-explorer input[name={param}][value={value}]").is_checked()
    page.keyboard.press("Escape")
    # Removing a chip updates results and address; Back brings it back.
    page.get_by_role("button", name="Retirer le filtre Casablanca").click()
    assert query(page) == {"secteur": ["fintech"], "tour": ["seed"]}
    assert shown(page) == matching(listed, sectors=["fintech"], rounds=["seed"])
    page.go_back()
    page.wait_for_function("location.search.includes('ville=casablanca')")
    assert "Casablanca" in chips(page)
    page.get_by_role("button", name="Tout effacer").click()
    assert chips(page) == [] and page.locator(".sd-explorer__chips").is_hidden()
    assert len(shown(page)) == len(listed)


def test_amount_range_in_mad(open_explorer, listed):
    page = open_explorer(DESKTOP, "?montant_min=3000000&montant_max=20000000")
    assert shown(page) == matching(listed, low=3_000_000, high=20_000_000)
    assert chips(page) == [f"Montant : 3{NBSP}M à 20{NBSP}M{NBSP}MAD"]
    assert page.input_value("#sd-x-montant_min") == f"3{NBSP}M"
    page.fill("#sd-x-montant_max", "")
    page.fill("#sd-x-montant_min", "2,5 M")
    assert query(page) == {"montant_min": ["2500000"]}
    assert shown(page) == matching(listed, low=2_500_000)
    assert chips(page) == [f"Montant : 2,5{NBSP}M{NBSP}MAD ou plus"]
    page.fill("#sd-x-montant_min", "800 000")
    assert query(page) == {"montant_min": ["800000"]}
    # Every existing parameter still works beside the new ones.
    page.goto(page.url.split("?")[0] + "?levee=1&stade=seed&de=2015&tour=series-a")
    page.wait_for_selector(READY, state="attached")
    expected = {
        slug
        for slug in matching(listed, stages=["seed"], rounds=["series-a"])
        if listed[slug]["founded"] >= 2015
    }
    assert shown(page) == expected
    assert chips(page)[:2] == ["Tour : Série A", "Stade : Amorçage"]


def test_options_that_would_empty_the_list_are_disabled(open_explorer, listed):
    page = open_explorer(DESKTOP, "?ville=rabat")
    options = page.locator("#sd-explorer label.sd-facet__option").evaluate_all(
        """labels => labels.map(l => {
             const box = l.querySelector('input');
             return [box.name, box.value, box.disabled, box.checked,
                     l.querySelector('.sd-facet__count').textContent.trim()];
           })"""
    )
    disabled = [o for o in options if o[2]]
    live = [o for o in options if not o[2]]
    assert disabled and live
    assert all(o[4] == "(0)" and not o[3] for o in disabled)
    assert all(o[4] != "(0)" for o in live)
    # The counts tell the truth: ticking a live sector gives that many startups.
    sector = next(o for o in live if o[0] == "secteur")
    tick(page, "secteur", sector[1])
    assert len(shown(page)) == int(sector[4].strip("()"))
    assert shown(page) == matching(listed, sectors=[sector[1]], cities=["rabat"])


def test_an_empty_result_suggests_the_filter_to_remove(open_explorer, listed):
    page = open_explorer(DESKTOP, "?secteur=fintech&ville=rabat")
    assert matching(listed, sectors=["fintech"], cities=["rabat"]) == set()
    assert count(page) == "Aucune startup"
    assert page.locator(".sd-explorer__empty").is_visible()
    without_city = matching(listed, sectors=["fintech"])
    without_sector = matching(listed, cities=["rabat"])
    best, label = max(
        ((without_city, "Rabat"), (without_sector, "Fintech")), key=lambda x: len(x[0])
    )
    relax = page.locator(".sd-explorer__relax").first
    assert relax.inner_text() == f"Retirer « {label} » ({len(best)} startups)"
    assert page.locator(".sd-explorer__csv").is_disabled()
    relax.click()
    assert shown(page) == best
    # When no single filter is enough, the suggestion is to start again.
    page.goto(page.url.split("?")[0] + "?secteur=fintech&ville=rabat&tour=growth")
    page.wait_for_selector(READY, state="attached")
    assert page.locator(".sd-explorer__relax").all_inner_texts() == [
        f"Effacer tous les filtres ({len(listed)} startups)"
    ]


def test_the_csv_of_a_selection_has_exactly_its_rows(open_explorer, built_site):
    page = open_explorer(DESKTOP, "?secteur=fintech&tri=annee")
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger la sélection (CSV)").click()
    download = info.value
    assert download.suggested_filename == "startups-selection.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    full = (built_site / "api" / "startups.csv").read_bytes().decode("utf-8-sig")
    everything = list(csv.reader(io.StringIO(full, newline="")))
    by_slug = {row[0]: row for row in everything[1:]}
    visible = page.locator(f"{CARDS} .sd-card__name a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())"
    )
    assert rows[0] == everything[0]  # same columns
    assert rows[1:] == [by_slug[slug] for slug in visible]  # same cells, in the shown order
    assert len(visible) == len(rows) - 1 > 1
    assert page.locator(".sd-explorer__notice").inner_text() == (
        f"Fichier « startups-selection.csv » : {len(visible)} startups."
    )


def test_copy_link_puts_the_current_view_on_the_clipboard(open_explorer):
    page = open_explorer(
        DESKTOP, "?secteur=fintech&tour=seed", permissions=["clipboard-read", "clipboard-write"]
    )
    page.get_by_role("button", name="Copier le lien").click()
    page.wait_for_function("document.querySelector('.sd-explorer__notice').textContent !== ''")
    url = page.evaluate("location.href")
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert url.endswith("/startups/?secteur=fintech&tour=seed")


@pytest.mark.parametrize(
    ("viewport", "query", "panel"),
    [
        (DESKTOP, "?secteur=fintech&ville=casablanca&tour=seed", False),
        (DESKTOP, "?secteur=fintech&ville=rabat", False),
        (PHONE, "?secteur=fintech&montant_min=1000000", True),
    ],
    ids=["desktop-results", "desktop-empty", "phone-panel"],
)
def test_axe_finds_no_serious_violation_in_the_explorer(open_explorer, viewport, query, panel):
    from axe_playwright_python.sync_playwright import Axe

    page = open_explorer(viewport, query)
    if panel:
        page.locator(".sd-explorer__toggle").click()
    result = Axe().run(page, options={"resultTypes": ["violations"]})
    serious = [
        (v["id"], [n["target"] for n in v["nodes"][:3]])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
