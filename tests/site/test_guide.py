"""The contributor's guide (issue 18): its two paths, the repository and GitHub's pages
linked from mkdocs.yml's addresses, every allowed value listed with its label, the profile
template in a block that wraps on a phone with a copy button, the staff's « Publier une
actualité » link carrying the dated post template."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from startupdir.content.model import Startup
from startupdir.content.scaffold import new_post
from startupdir.content.schema import ListOf, fields_of
from startupdir.content.schema_kinds import Choice
from startupdir.site import guide
from startupdir.site.i18n import catalogue
from startupdir.site.views import Site, Views

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"fr": "contribuer/index.html", "en": "en/contribute/index.html"}
SOURCES = {"fr": ROOT / "content/contribuer.md", "en": ROOT / "content/en/contribute.md"}
VOCABULARIES = ("sectors", "cities", "stages", "needs", "programs")
REPO = "https://github.com/organisation/annuaire"


def mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def views(sample_directory, lang: str = "fr", repo: str = REPO) -> Views:
    site = Site(name="Annuaire", url="https://annuaire.example/", repo_url=repo)
    edition = Views(sample_directory.taxonomy, sample_directory.startups, site)
    return edition.editions()[lang]


# -- the pieces ------------------------------------------------------------------------


def test_every_taxonomy_term_and_every_choice_has_its_list(sample_directory):
    lists = {v.key: v for v in guide.value_lists(views(sample_directory))}
    taxonomy = sample_directory.taxonomy
    for vocabulary in VOCABULARIES:
        assert [value for value, _, _ in lists[vocabulary].values] == taxonomy.ids(vocabulary)
        for value, label, _ in lists[vocabulary].values:
            assert label == taxonomy.label(vocabulary, value)
    choices = {
        name: (fs.kind.item if isinstance(fs.kind, ListOf) else fs.kind).values
        for name, fs in fields_of(Startup)
        if isinstance(fs.kind.item if isinstance(fs.kind, ListOf) else fs.kind, Choice)
    }
    assert set(choices) == set(guide.CHOICE_LABELS), "give each new choice its labels"
    for name, values in choices.items():
        assert [value for value, _, _ in lists[name].values] == list(values)
    assert lists["stages"].fields == ("stage", "seeking_investment.round")
    assert lists["programs"].fields == ("programs[].id",)


def test_english_labels_on_the_english_page(sample_directory):
    lists = {v.key: v for v in guide.value_lists(views(sample_directory, "en"))}
    for term in sample_directory.taxonomy.sectors:
        row = next(r for r in lists["sectors"].values if r[0] == term.id)
        assert row[1:] == ((term.label.en, "en") if term.label.en else (term.label.fr, "fr"))
    assert lists["status"].values[0][1] == catalogue("en").t("status.active")


def test_new_post_link_carries_what_new_post_writes(sample_directory, tmp_path, when):
    addresses = guide.links(views(sample_directory), "edit/main/", when)
    url = urlsplit(addresses["sd-new-post"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO}/new/main/content/actualites/posts"
    query = parse_qs(url.query)
    assert query["filename"] == [f"{when.isoformat()}-titre.md"]
    written = new_post(tmp_path, guide.POST_TITLE, when)
    assert query["value"] == [written.read_text(encoding="utf-8")]
    assert "draft: true" in query["value"][0] and f"date: {when.isoformat()}" in query["value"][0]
    assert addresses["sd-repo"] == REPO
    assert addresses["sd-profiles"] == f"{REPO}/tree/main/startups"
    assert addresses["sd-new-profile"] == f"{REPO}/new/main/startups"


def test_links_follow_the_branch_and_survive_a_missing_repository(sample_directory, when):
    assert guide.branch("edit/main/") == "main"
    assert guide.branch("blob/trunk/content/") == "trunk"
    assert guide.branch("") == "main"
    addresses = guide.links(views(sample_directory), "edit/trunk/", when)
    assert "/new/trunk/" in addresses["sd-new-post"]
    bare = guide.links(views(sample_directory, repo=""), "edit/main/", when)
    assert set(bare.values()) == {guide.GITHUB}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_guide_sources_use_every_marker_and_write_no_address(lang):
    text = SOURCES[lang].read_text(encoding="utf-8")
    for marker in (guide.TEMPLATE, guide.FIELDS, guide.VALUES, guide.LINKS):
        assert text.count(marker) == 1, marker
    used = set(re.findall(r"\]\[(sd-[a-z-]+)\]", text))
    assert used == {"sd-repo", "sd-profiles", "sd-new-profile", "sd-new-post"}
    assert "github.com" not in text and "…/" not in text
    form = "contribuer/formulaire/index.md" if lang == "fr" else "contribute/form/index.md"
    assert f"]({form})" in text


# -- the built pages -------------------------------------------------------------------


@pytest.fixture(scope="module")
def guide_pages(built_site) -> dict[str, BeautifulSoup]:
    return {
        lang: BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        for lang, page in PAGES.items()
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_built_guide_lists_every_taxonomy_value(guide_pages, sample_directory, lang):
    page = guide_pages[lang]
    tr = catalogue(lang)
    for vocabulary in VOCABULARIES:
        table = page.find("table", id=f"valeurs-{vocabulary}")
        assert table is not None, vocabulary
        rows = {
            tr_.find("code").get_text(): tr_.find_all("td")[1].get_text()
            for tr_ in table.find("tbody").find_all("tr")
        }
        for term in getattr(sample_directory.taxonomy, vocabulary):
            assert rows[term.id] == tr.text(term.label)[0], (vocabulary, term.id)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_built_guide_links_the_form_the_repository_and_github(guide_pages, lang):
    page = guide_pages[lang]
    html = str(page)
    repo = mkdocs_config()["repo_url"].rstrip("/")
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert ("formulaire/" if lang == "fr" else "form/") in hrefs
    assert repo in hrefs
    assert f"{repo}/new/main/startups" in hrefs
    assert any(h.startswith(f"{repo}/new/main/content/actualites/posts?filename=") for h in hrefs)
    assert "startupdir:" not in html and "[sd-" not in html
    article = page.find("article") or page
    assert "…/" not in article.get_text()
    site_url = mkdocs_config()["site_url"].rstrip("/")
    assert f"{site_url}/contribuer/" in page.find(id="sd-template").find("pre").get_text()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_built_template_block_is_the_profile_template_with_a_copy_button(guide_pages, lang):
    page = guide_pages[lang]
    block = page.find(id="sd-template").find("pre")
    text = block.get_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert '\nname: "Ma Startup"\n' in text and "\n  # en:\n" in text
    button = page.find("button", attrs={"data-sd-copy": "sd-template"})
    assert button.has_attr("hidden")  # shown by copy.js
    assert button.get_text() == catalogue(lang).t("guide.copy.button")


def test_template_block_wraps_on_a_phone_and_copies(browser, site_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-FR", device_scale_factor=2
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server[:-1])
    page = context.new_page()
    try:
        response = page.goto(site_server + "contribuer/", wait_until="networkidle")
        assert response is not None and response.ok, site_server
        block = page.locator("#sd-template pre")
        sizes = block.evaluate(
            "e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]"
        )
        assert sizes[0] <= sizes[1] + 1 and sizes[2] <= 390, sizes
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        button = page.locator("[data-sd-copy]")
        assert button.is_visible()
        button.click()
        page.wait_for_function("document.querySelector('.sd-copy__status').textContent !== ''")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == block.evaluate("e => e.textContent")
        assert copied.startswith("# yaml-language-server") and "\n\n# " in copied
        assert '\nname: "Ma Startup"\n' in copied
    finally:
        context.close()


@pytest.mark.parametrize("page", ["contribuer/index.html", "en/contribute/index.html"])
def test_the_guide_documents_every_challenge_field(built_site, page):
    from startupdir.content.challenges import Challenge
    from startupdir.site.docs import field_rows

    html = (built_site / page).read_text(encoding="utf-8")
    assert "new-challenge" in html
    codes = {c.get_text() for c in BeautifulSoup(html, "html.parser").select("table code")}
    paths = [path for path, *_ in field_rows(Challenge)]
    assert "deadline" in paths and "company.name" in paths
    assert [p for p in paths if p not in codes] == []
