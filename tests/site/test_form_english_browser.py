"""The English profile form (/en/contribute/form/) in Chromium: each field's rule shows as
help, the checks made as one types and on "Propose on GitHub" speak English (the English
catalogue's wording of the validator's messages), and so do the file name and examples
the script makes up; the French form keeps the validator's own words."""

from __future__ import annotations

import re

from test_form_browser import open_form
from test_form_english import french_in
from test_stats_english import french_leftovers

FORM = "contribuer/formulaire/"
EN_FORM = "en/contribute/form/"


def message_of(page, name: str) -> str:
    """The error shown for a control (the last id its aria-describedby names)."""
    described = page.locator(f'[name="{name}"]').first.get_attribute("aria-describedby")
    return page.locator(f"#{described.split()[-1]}").text_content() or ""


def test_english_form_helps_and_checks_in_english(browser, site_server):
    ctx, page, errors = open_form(browser, site_server + EN_FORM, "en-GB", accept_downloads=True)
    try:
        # The rule of each field, as help the control points to.
        assert page.text_content("#f-employees-help") == "Whole number from 1 to 100,000."
        assert page.text_content("#f-updated-help") == "Date YYYY-MM-DD, not in the future."
        described = page.get_attribute('[name="links.x"]', "aria-describedby").split()
        assert described[0] == "f-links-x-help"
        assert page.text_content("#f-links-x-help") == (
            "Web address (http or https) on x.com or twitter.com."
        )
        helps = page.locator(".sd-form__help").all_text_contents()
        assert len(helps) >= 25 and [h for h in helps if french_in(h)] == []
        # Sent empty: the required fields say so.
        page.fill('[name="name"]', "")
        page.click("#propose-github")
        assert page.url == site_server + EN_FORM
        for name in ("name", "tagline.fr", "description.fr", "website", "founded", "city"):
            assert message_of(page, name) == "empty value: fill in this field", name
        sectors = page.text_content('[data-field="sectors"] .sd-form__error')
        assert sectors == "at least one value expected: complete the list"
        summary = page.text_content("#profile-summary")
        assert re.fullmatch(r"Fields to correct before proposing the profile: [0-9]+\.", summary)
        # Typing checks at once.
        page.fill('[name="founded"]', "1900")
        page.fill('[name="employees"]', "twelve")
        page.fill('[name="website"]', "https://x")
        page.fill('[name="markets"]', "ma")
        page.fill('[name="links.x"]', "https://facebook.com/atlas")
        page.locator('[name="updated"]').focus()
        year = page.evaluate("new Date().getFullYear()")
        assert message_of(page, "founded") == (
            f"value 1900 out of range: give a number between 1950 and {year}"
        )
        assert message_of(page, "employees") == (
            "whole number expected, not “twelve”: write digits only, without quotes or spaces"
            " (e.g. 1)"
        )
        assert message_of(page, "website") == (
            "invalid web address “https://x”: write the full address, e.g. https://example.com"
        )
        assert message_of(page, "markets") == "country code “ma” in lower case: write “MA”"
        assert message_of(page, "links.x") == (
            "address outside x.com “https://facebook.com/atlas”: give the address of your"
            " page on x.com"
        )
        shown = page.locator(".sd-form__error").all_text_contents()
        assert len([s for s in shown if s]) >= 10
        text = page.inner_text("#profile-form") + "\n" + summary
        assert french_in(text) == []
        assert french_leftovers(text, ("form.",)) == []
        # A file downloaded before any name is typed is named in English.
        with page.expect_download() as download:
            page.click("#profile-download")
        assert download.value.suggested_filename == "profile.yml"
    finally:
        ctx.close()
    assert errors == []


def test_french_form_keeps_the_validators_examples(browser, site_server):
    ctx, page, errors = open_form(browser, site_server + FORM, "fr-FR", accept_downloads=True)
    try:
        assert page.text_content("#f-employees-help") == "Nombre entier de 1 à 100\u202f000."
        page.fill('[name="name"]', "")
        page.fill('[name="website"]', "https://x")
        page.locator('[name="founded"]').focus()
        assert message_of(page, "website") == (
            "adresse web invalide « https://x » — écrivez l'adresse complète, ex. https://exemple.ma"
        )
        with page.expect_download() as download:
            page.click("#profile-download")
        assert download.value.suggested_filename == "profil.yml"
    finally:
        ctx.close()
    assert errors == []
