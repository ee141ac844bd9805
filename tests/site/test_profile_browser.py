"""The top of a profile in Chromium (issue 15): the contact action in the first screen on a
desktop and on a phone, language choice without and with a click, no sideways scrolling
with a 200-character word, and no serious axe violation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 375, "height": 812}
TOKEN = "Z" * 200  # one unbroken word (as long as each field allows)
LONG = "long-token"
LONG_PROFILE = f"""\
name: Long{"x" * 60}
tagline:
  fr: {TOKEN[:160]}
  en: {TOKEN[:160]}
description:
  fr: |
    Début {TOKEN} fin.

    Voir https://example.org/{TOKEN}
  en: English {TOKEN} text.
website: https://example.org/{TOKEN}
founded: 2024
sectors: [fintech]
city: rabat
stage: idea
employees: 3
hiring: false
links:
  linkedin: https://www.linkedin.com/company/{"a" * 90}
founders:
  - name: {TOKEN[:80]}
contact:
  email: {"b" * 60}@example.org
updated: 2026-10-10
"""
CONTACT = ".sd-actions .md-button--primary"


@pytest.fixture(scope="module")
def base(tmp_path_factory, copy_repo, build, serve_folder):
    top = tmp_path_factory.mktemp("profile-top")
    root = copy_repo(top / "repo")
    (root / "startups" / f"{LONG}.yml").write_text(LONG_PROFILE, encoding="utf-8")
    site = build(root, top / "site")
    with serve_folder(site, "profile-top-server") as url:
        yield url


def open_page(browser, url: str, viewport: dict, **options):
    context = browser.new_context(locale="fr-FR", viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url, wait_until="networkidle")
    return context, page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("slug", "label", "to"),
    [
        ("atlas-pay", "Contacter", "mailto:contact@atlaspay.example"),
        ("chifra-labs", "Demander une mise en relation", "mailto:contact@annuaire.example?"),
    ],
)
def test_the_contact_action_is_in_the_first_screen(browser, base, viewport, slug, label, to):
    phone = viewport is PHONE
    context, page = open_page(
        browser, f"{base}startups/{slug}/", viewport, is_mobile=phone, has_touch=phone
    )
    try:
        action = page.locator(CONTACT)
        assert action.inner_text().strip() == label
        assert action.get_attribute("href").startswith(to)
        box = action.bounding_box()
        assert box is not None and box["y"] >= 0
        assert box["y"] + box["height"] <= viewport["height"], box
        assert box["width"] >= 44 and box["height"] >= 44
    finally:
        context.close()


@pytest.mark.parametrize("slug", [LONG, "atlas-pay"])
def test_a_long_word_never_widens_the_page(browser, base, slug):
    context, page = open_page(
        browser, f"{base}startups/{slug}/", NARROW, is_mobile=True, has_touch=True
    )
    try:
        if slug == LONG:
            assert TOKEN in page.locator("article").inner_text()
        for summary in page.locator(".sd-language > summary").all():
            summary.click()  # every language open in turn
            assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    finally:
        context.close()


def test_the_language_choice_switches_and_keeps_every_text_reachable(browser, base):
    context, page = open_page(browser, f"{base}startups/atlas-pay/", DESKTOP)
    try:
        french = page.locator("section.sd-description[lang='fr']")
        english = page.locator("section.sd-description[lang='en']")
        arabic = page.locator("section.sd-description[lang='ar']")
        assert french.is_visible() and not english.is_visible() and not arabic.is_visible()
        page.locator(".sd-language[lang='en'] > summary").click()
        assert english.is_visible() and not french.is_visible()
        assert "merchants" in english.inner_text()
        # Keyboard: the Arabic choice is a focusable control opened with Enter.
        page.locator(".sd-language[lang='ar'] > summary").focus()
        page.keyboard.press("Enter")
        assert arabic.is_visible() and not english.is_visible()
        assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    finally:
        context.close()


def test_without_javascript_every_language_is_one_click_away(browser, base):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}startups/atlas-pay/")
        assert page.locator("section.sd-description[lang='fr']").is_visible()  # open
        for lang in ("en", "ar"):
            page.locator(f".sd-language[lang='{lang}'] > summary").click()
            assert page.locator(f"section.sd-description[lang='{lang}']").is_visible()
        assert page.locator(CONTACT).is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("slug", [LONG, "chifra-labs"])
def test_axe_finds_no_serious_violation_on_the_profile_top(browser, base, slug):
    from axe_playwright_python.sync_playwright import Axe

    context, page = open_page(browser, f"{base}startups/{slug}/", PHONE, is_mobile=True)
    try:
        # The profile itself (the page's shell is checked by test_quality.py).
        result = Axe().run(page, context="article", options={"resultTypes": ["violations"]})
        violations = result.response["violations"]
        serious = [
            (v["id"], [n["target"] for n in v["nodes"][:3]])
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        context.close()
