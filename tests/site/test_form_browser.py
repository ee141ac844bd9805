"""The profile form (/contribuer/formulaire/) in Chromium: the file it writes is the one
content.scaffold writes for the same values and `startupdir validate` accepts it; empty
required fields show the validator's messages; the GitHub link carries the file; an update
(?profil=<slug>) gives back every sample profile unchanged; phones, keyboard, axe."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from startupdir.cli import EXIT_OK, main
from startupdir.content.scaffold import profile_text
from startupdir.content.text import slugify
from startupdir.content.validate import load_directory

FORM = "contribuer/formulaire/"
EN_FORM = "en/contribute/form/"
PHONE = {"width": 390, "height": 844}

# A valid profile, by the controls' names (lists: checkboxes ticked in this order).
VALUES: dict[str, object] = {
    "name": "Atlas « Formulaire » Test",
    "tagline.fr": 'Paiement mobile "simple" pour les commerces',
    "tagline.en": "Mobile payments for small shops",
    "description.fr": "Une présentation en **Markdown**.\n\nDeuxième paragraphe :\n\n- un\n- deux",
    "website": "https://atlas-form.example",
    "founded": "2021",
    "status": "acquired",
    "sectors": ["edtech", "fintech"],
    "city": "rabat",
    "stage": "seed",
    "employees": "12",
    "business_model": ["b2c", "b2b"],
    "markets": "MA, SN",
    "needs": ["financing", "skills"],
    "seeking_investment.round": "seed",
    "seeking_investment.amount_mad": "5000000",
    "hiring": "true",
    "programs.0.id": "technopark-incubation",
    "programs.0.year": "2022",
    "founders.0.name": "Salma Idrissi",
    "founders.0.role": "CEO",
    "founders.0.linkedin": "https://www.linkedin.com/in/salma",
    "founders.1.name": "Karim Alaoui",
    "contact.email": "contact@atlas-form.example",
    "links.linkedin": "https://www.linkedin.com/company/atlas-form",
    "links.github": "https://github.com/atlas-form",
    "maintainers": "atlas-dev, salma-i",
    "updated": "2026-11-20",
}


def nested(flat: dict) -> dict:
    """The form's values as YAML reads them (what profile_text(values=…) takes)."""
    out: dict = {}
    for path, value in flat.items():
        parts = path.split(".")
        if path in ("markets", "maintainers"):
            value = [v.strip() for v in str(value).split(",")]
        elif path == "hiring":
            value = value == "true"
        elif parts[-1] in ("founded", "employees", "amount_mad", "year"):
            value = int(value)
        where = out
        for index, part in enumerate(parts[:-1]):
            if parts[index + 1].isdigit():
                where = where.setdefault(part, [])
                continue
            if part.isdigit():
                while len(where) <= int(part):
                    where.append({})
                where = where[int(part)]
            else:
                where = where.setdefault(part, {})
        where[parts[-1]] = value
    return out


def open_form(browser, url: str, locale: str = "fr-FR", **context):
    ctx = browser.new_context(locale=locale, **context)
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_selector("#sd-form[data-ready=true]")
    return ctx, page, errors


def fill(page, values: dict) -> None:
    for name, value in values.items():
        if re.match(r"founders\.([1-9])\.", name) and not page.query_selector(f'[name="{name}"]'):
            page.click('[data-add="founders"]')
        selector = f'[name="{name}"]'
        if isinstance(value, list):
            for item in value:
                page.check(f'{selector}[value="{item}"]')
        elif page.eval_on_selector(selector, "e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.locator("#profile-yaml").focus()


def guide_of(text: str) -> str:
    return re.search(r"^# Le guide complet : (\S+)", text, re.M).group(1)


@pytest.fixture(scope="module")
def scratch(copy_repo, tmp_path_factory):
    """A repository copy to validate the form's files in."""
    return copy_repo(tmp_path_factory.mktemp("form") / "repo")


def test_filled_form_writes_the_scaffold_text_that_validates(browser, site_server, scratch):
    ctx, page, errors = open_form(browser, site_server + FORM)
    try:
        fill(page, VALUES)
        text = page.input_value("#profile-yaml")
        assert page.text_content("#profile-summary") == "Le profil est prêt à être proposé."
        assert page.locator('[aria-invalid="true"]').count() == 0
        href = page.get_attribute("#propose-github", "href")
        slug = page.text_content("#profile-slug")
    finally:
        ctx.close()
    assert errors == []
    expected_slug = slugify(str(VALUES["name"]))[:60].strip("-")
    assert slug == f"startups/{expected_slug}.yml"
    values = nested(VALUES)
    reference = profile_text(values.pop("name"), values=values, guide=guide_of(text))
    assert text == reference
    assert "# status: active" not in text and "status: acquired" in text
    # GitHub's new-file page, with the same file and its name.
    parts = urlsplit(href)
    assert parts.netloc == "github.com" and parts.path.endswith("/new/main")
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["filename"] == [f"startups/{expected_slug}.yml"]
    assert query["value"] == [text]
    # startupdir validate accepts the file unchanged.
    path = scratch / "startups" / f"{expected_slug}.yml"
    path.write_text(text, encoding="utf-8")
    try:
        assert main(["validate", "--root", str(scratch), str(path)]) == EXIT_OK
    finally:
        path.unlink()


def test_empty_required_fields_show_the_validator_messages(browser, site_server):
    ctx, page, errors = open_form(browser, site_server + FORM)
    try:
        page.fill('[name="name"]', "")
        page.fill('[name="updated"]', "2026-11-20")
        page.click("#propose-github")  # refused: the errors show, the focus goes to the first
        assert page.url == site_server + FORM
        for name in ("name", "tagline.fr", "description.fr", "website", "founded", "city"):
            control = page.locator(f'[name="{name}"]')
            assert control.get_attribute("aria-invalid") == "true", name
            described = control.get_attribute("aria-describedby").split()
            message = page.locator(f"#{described[-1]}").text_content()
            assert message == "valeur vide — complétez ce champ", name
        sectors = page.locator('[name="sectors"]').first
        assert sectors.get_attribute("aria-invalid") == "true"
        assert "au moins une valeur attendue" in page.text_content('[data-field="sectors"]')
        assert page.evaluate("document.activeElement.name") == "name"
        # Typing checks at once, with the validator's words.
        page.fill('[name="founded"]', "1900")
        page.fill('[name="website"]', "ftp://exemple.ma")
        page.locator('[name="employees"]').focus()
        assert "valeur 1900 hors limites" in page.text_content("#f-founded-error")
        assert "adresse web refusée « ftp://exemple.ma »" in page.text_content("#f-website-error")
    finally:
        ctx.close()
    assert errors == []


def sample_slugs():
    root = Path(__file__).resolve().parents[2]  # the repository (collection time: no fixture)
    return sorted(p.stem for p in (root / "startups").glob("*.yml"))


@pytest.fixture(scope="module")
def round_trips(browser, site_server):
    """Every sample profile opened for an update: slug -> the form's file."""
    ctx = browser.new_context(locale="fr-FR")
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    out = {}
    try:
        for slug in sample_slugs():
            page.goto(f"{site_server}{FORM}?profil={slug}")
            page.wait_for_selector("#sd-form[data-ready=true]")
            assert "Mise à jour du profil" in page.text_content("#sd-form-status")
            out[slug] = (
                page.input_value("#profile-yaml"),
                page.get_attribute("#propose-github", "href"),
                page.input_value('[name="updated"]'),
            )
    finally:
        ctx.close()
    return out


def test_update_gives_back_every_sample_profile(
    round_trips, sample_directory, copy_repo, tmp_path, when
):
    root = copy_repo(tmp_path / "repo")
    originals = {s.slug: s for s in sample_directory.startups}
    for slug, (text, href, updated) in round_trips.items():
        assert href.endswith(f"/edit/main/startups/{slug}.yml"), href
        assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", updated), updated
        # The review date is today's; put the published one back to compare.
        text = re.sub(r"^updated: .*$", f"updated: {originals[slug].updated}", text, flags=re.M)
        (root / "startups" / f"{slug}.yml").write_text(text, encoding="utf-8")
    directory, report = load_directory(root, when=when)
    assert directory is not None and report.ok, [p.as_text() for p in report.sorted()]
    again = {s.slug: s for s in directory.startups}
    assert sorted(again) == sorted(originals)
    for slug, original in originals.items():
        # startups.json says "active" for a profile without status (the default): the
        # form writes no status then.
        expected = dataclasses.replace(
            original, status=None if original.is_active else original.status
        )
        got = dataclasses.replace(
            again[slug], status=None if again[slug].is_active else again[slug].status
        )
        assert got == expected, slug


def test_profile_pages_link_to_the_prefilled_form(site_server, built_site):
    html = (built_site / "startups" / "atlas-pay" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../contribuer/formulaire/?profil=atlas-pay"' in html
    english = (built_site / "en" / "startups" / "atlas-pay" / "index.html").read_text("utf-8")
    assert 'href="../../../en/contribute/form/?profil=atlas-pay"' in english


@pytest.mark.parametrize("path", [FORM, EN_FORM])
def test_form_on_a_phone_with_axe(browser, site_server, path):
    from axe_playwright_python.sync_playwright import Axe

    ctx, page, errors = open_form(
        browser, site_server + path, viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        page.click('[data-add="founders"]')
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        results = Axe().run(page, options={"resultTypes": ["violations"]})
        serious = [
            (v["id"], [n["target"] for n in v["nodes"][:3]])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        ctx.close()
    assert errors == []


def test_form_works_with_the_keyboard(browser, site_server):
    ctx, page, errors = open_form(browser, site_server + FORM)
    try:
        page.focus('[name="name"]')
        page.keyboard.type("Clavier Seul")
        page.keyboard.press("Tab")
        page.keyboard.type("Une accroche")
        page.focus('[data-add="programs"]')
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.name") == "programs.1.id"
        page.keyboard.press("Shift+Tab")
        text = page.input_value("#profile-yaml")
        assert 'name: "Clavier Seul"' in text and 'fr: "Une accroche"' in text
    finally:
        ctx.close()
    assert errors == []
