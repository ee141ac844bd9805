"""startupdir.site.urls: every URL of the site in one place, directory URLs, relative links."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from mkdocs.structure.files import File
from startupdir.site import urls
from startupdir.site.pages import base_for

# Pages at every depth the site has: the root, a section, a page in a section.
PAGES = ["", "startups/", "contribuer/", "startups/atlas-pay/", "secteurs/fintech/"]
# Targets: the same pages, plus a file (no trailing slash) at depth 0, 1 and 2.
TARGETS = [*PAGES, "404.html", "search/search_index.json", "assets/stylesheets/directory.css"]

EXPECTED = {
    ("", ""): "./",
    ("", "startups/"): "startups/",
    ("", "startups/atlas-pay/"): "startups/atlas-pay/",
    ("", "404.html"): "404.html",
    ("", "assets/stylesheets/directory.css"): "assets/stylesheets/directory.css",
    ("startups/", ""): "../",
    ("startups/", "startups/"): "./",
    ("startups/", "startups/atlas-pay/"): "atlas-pay/",
    ("startups/", "contribuer/"): "../contribuer/",
    ("startups/", "secteurs/fintech/"): "../secteurs/fintech/",
    ("startups/", "assets/stylesheets/directory.css"): "../assets/stylesheets/directory.css",
    ("startups/atlas-pay/", ""): "../../",
    ("startups/atlas-pay/", "startups/"): "../",
    ("startups/atlas-pay/", "startups/atlas-pay/"): "./",
    ("startups/atlas-pay/", "secteurs/fintech/"): "../../secteurs/fintech/",
    ("startups/atlas-pay/", "search/search_index.json"): "../../search/search_index.json",
    ("secteurs/fintech/", "startups/atlas-pay/"): "../../startups/atlas-pay/",
    ("secteurs/fintech/", "secteurs/fintech/"): "./",
}


@pytest.mark.parametrize(("source", "target"), sorted(EXPECTED), ids=lambda u: u or "home")
def test_relative_expected_links(source, target):
    assert urls.relative(source, target) == EXPECTED[(source, target)]


@pytest.mark.parametrize(
    "base", ["https://annuaire.example/", "http://127.0.0.1:8000/sous/dossier/"]
)
@pytest.mark.parametrize("target", TARGETS, ids=lambda u: u or "home")
@pytest.mark.parametrize("source", PAGES, ids=lambda u: u or "home")
def test_relative_resolves_to_the_target_under_any_base(source, target, base):
    link = urls.relative(source, target)
    assert not link.startswith("/"), link
    assert "//" not in link, link
    assert urljoin(base + source, link) == base + target


@pytest.mark.parametrize("source", PAGES, ids=lambda u: u or "home")
def test_relative_keeps_directory_urls_as_directories(source):
    for target in PAGES:
        assert urls.relative(source, target).endswith("/")


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [
        ("index.md", ""),
        ("contribuer.md", "contribuer/"),
        ("a-propos.md", "a-propos/"),
        ("startups/index.md", "startups/"),
        ("startups/atlas-pay.md", "startups/atlas-pay/"),
        ("secteurs/index.md", "secteurs/"),
        ("secteurs/water-environment.md", "secteurs/water-environment/"),
        ("programmes/cgem-tech-connect.md", "programmes/cgem-tech-connect/"),
        ("a/b/index.md", "a/b/"),
        ("a/b/c.md", "a/b/c/"),
        ("reindex.md", "reindex/"),
    ],
)
def test_source_to_url(src_uri, url, tmp_path):
    assert urls.source_to_url(src_uri) == url
    # The same answer as MkDocs itself with use_directory_urls: true.
    mkdocs_file = File(src_uri, str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    assert mkdocs_file.url == (url or "./")


def every_url() -> dict[str, str]:
    found = {"DIRECTORY": urls.DIRECTORY, "CONTRIBUTE": urls.CONTRIBUTE}
    found["startup"] = urls.startup("atlas-pay")
    for vocabulary in urls.SECTIONS:
        found[f"section({vocabulary})"] = urls.section(vocabulary)
        found[f"term({vocabulary})"] = urls.term(vocabulary, "some-id")
    for name in ("NEWS",):  # added by the news work; checked when present
        if hasattr(urls, name):
            found[name] = getattr(urls, name)
    if hasattr(urls, "post"):
        found["post"] = urls.post("2026-11-02-annonce")
    return found


@pytest.mark.parametrize(("name", "url"), sorted(every_url().items()))
def test_every_page_url_is_a_directory_url(name, url):
    assert url.endswith("/"), f"{name}: {url!r}"
    assert not url.startswith("/"), f"{name}: {url!r}"


def test_home_is_the_site_root():
    assert urls.HOME == ""
    assert urls.source_to_url("index.md") == urls.HOME


def test_sources_map_to_their_urls():
    assert urls.source_to_url(urls.startup_source("atlas-pay")) == urls.startup("atlas-pay")
    for vocabulary in urls.SECTIONS:
        assert urls.source_to_url(urls.section_source(vocabulary)) == urls.section(vocabulary)
        assert urls.source_to_url(urls.term_source(vocabulary, "x-y")) == urls.term(
            vocabulary, "x-y"
        )


def test_sections_are_the_french_segments():
    assert urls.SECTIONS == {
        "sectors": "secteurs",
        "cities": "villes",
        "stages": "stades",
        "needs": "besoins",
        "programs": "programmes",
    }


@pytest.mark.parametrize("site_url", ["https://annuaire.example", "https://annuaire.example/"])
def test_absolute(site_url):
    assert urls.absolute(site_url, "startups/atlas-pay/") == (
        "https://annuaire.example/startups/atlas-pay/"
    )
    assert urls.absolute(site_url, "") == "https://annuaire.example/"


@pytest.mark.parametrize("url", PAGES, ids=lambda u: u or "home")
def test_base_for_leads_back_to_the_root(url):
    base = base_for(url)
    assert urljoin("https://h/x/" + url, base or "./") == "https://h/x/"
    assert base == urls.relative(url, "").removeprefix("./")
