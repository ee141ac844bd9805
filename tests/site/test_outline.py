"""Headings in a description: sub-headings of the profile (h3, h4) with stable ids, and
the profile page's outline, the table of contents Material shows beside it.

tests/fixtures/valid/description-github.yml holds a French and an English description
with sub-headings; it is validated, rendered to pages, built by MkDocs and opened in
Chromium. A profile without sub-headings keeps the page it had: no ids, no outline.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from startupdir.content.load import parse
from startupdir.content.model import Startup
from startupdir.content.schema import Context, check_object
from startupdir.site.pages import generate, outline
from startupdir.site.views import Views

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "description-github.yml"
SLUG = "apercu-github"

FRENCH_HTML = """\
<p>Nous aidons les <strong>coopératives</strong> à vendre en ligne.</p>
<h3 id="fr-le-constat-initial">Le constat initial</h3>
<p>Les coopératives vendent sur les marchés locaux.<br>
Leurs clients sont ailleurs.<br>
Il fallait les relier.</p>
<h4 id="fr-ce-qui-a-change">Ce qui a changé</h4>
<ul>
<li><del>un site par coopérative</del> une vitrine commune ;</li>
<li>une <abbr title="Intelligence artificielle">IA</abbr> pour les fiches produits ;</li>
<li>la 2<sup>e</sup> version, en <b>darija</b> et en <i>tamazight</i>.</li>
</ul>
<h3 id="fr-nous-ecrire">Nous écrire</h3>
<p>Voir <a href="https://apercu-github.ma" rel="nofollow noopener ugc">https://apercu-github.ma</a>\
 ou écrire à <a href="mailto:contact@apercu-github.ma" rel="nofollow noopener ugc">\
contact@apercu-github.ma</a>.</p>"""
ENGLISH_HTML = (
    '<h3 id="en-the-initial-problem">The initial problem</h3>\n'
    "<p>Cooperatives sell at local markets.<br>Their customers are elsewhere.</p>"
)
# The outline: the descriptions' sub-headings, then the page's own sections.
DESCRIPTION_OUTLINE = [
    ("Le constat initial", "#fr-le-constat-initial", 0),
    ("Ce qui a changé", "#fr-ce-qui-a-change", 1),
    ("Nous écrire", "#fr-nous-ecrire", 0),
    ("In English", "#description-en", 0),
    ("The initial problem", "#en-the-initial-problem", 1),
    ("En bref", "#bref", 0),
]


@pytest.fixture(scope="module")
def startup(taxonomy, when, repo_root):
    root, _ = parse(FIXTURE.read_text(encoding="utf-8"))
    ctx = Context(f"startups/{SLUG}.yml", taxonomy, when, repo_root / "startups")
    value = check_object(Startup, root, "", ctx)
    assert ctx.problems == []
    return value


@pytest.fixture(scope="module")
def profile_pages(sample_directory, startup):
    from dataclasses import replace

    ours = replace(startup, slug=SLUG, source=f"startups/{SLUG}.yml")
    views = Views(sample_directory.taxonomy, (*sample_directory.startups, ours))
    return {p.src_uri: p for p in generate(views)}


def flatten(tokens, depth=0) -> list[tuple[str, str, int]]:
    out = []
    for token in tokens:
        out.append((token["name"], "#" + token["id"], depth))
        out += flatten(token["children"], depth + 1)
    return out


def test_the_validated_descriptions_carry_the_html_github_shows(startup):
    assert startup.description.fr.html == FRENCH_HTML
    assert startup.description.en.html == ENGLISH_HTML


def test_the_profile_page_prints_the_descriptions_and_ids_its_sections(profile_pages):
    page = profile_pages[f"startups/{SLUG}.md"]
    assert FRENCH_HTML.replace("\n", "") in page.body.replace("\n", "")
    assert ENGLISH_HTML.replace("\n", "") in page.body.replace("\n", "")
    assert '<h2 id="description-en">In English</h2>' in page.body
    assert '<h2 id="bref">En bref</h2>' in page.body
    assert '<h2 id="liens-et-contact">Liens et contact</h2>' in page.body


def test_the_profile_page_has_an_outline_and_shows_it(profile_pages, parse_html):
    page = profile_pages[f"startups/{SLUG}.md"]
    found = flatten(page.toc)
    assert found[: len(DESCRIPTION_OUTLINE)] == DESCRIPTION_OUTLINE
    assert ("Liens et contact", "#liens-et-contact", 0) in found
    ids = [e.attrs["id"] for e in parse_html(page.body).elements if "id" in e.attrs]
    assert [anchor for _, anchor, _ in found] == ["#" + i for i in ids]
    assert len(set(ids)) == len(ids)
    assert "toc" not in page.meta.get("hide", [])


def test_a_profile_without_sub_headings_keeps_its_page(profile_pages, parse_html):
    for src, page in profile_pages.items():
        if src.startswith("startups/") and src not in ("startups/index.md", f"startups/{SLUG}.md"):
            assert page.toc == (), src
            assert page.meta["hide"] == ["toc"], src
            assert not [e for e in parse_html(page.body).elements if "id" in e.attrs], src


def test_outline_nests_headings_by_level_and_escapes_their_text():
    body = (
        '<h1>Nom</h1><h3 id="fr-a">A &amp; <b>b</b></h3><h4 id="fr-b">B</h4>'
        '<h4 id="fr-c">&lt;C&gt;</h4><h2 id="bref">En bref</h2><h3>sans id</h3>'
        '<h2 id="x">X</h2><h4 id="y">Y</h4>'
    )
    assert outline(body) == (
        {
            "level": 3,
            "id": "fr-a",
            "name": "A &amp; b",
            "children": [
                {"level": 4, "id": "fr-b", "name": "B", "children": []},
                {"level": 4, "id": "fr-c", "name": "&lt;C&gt;", "children": []},
            ],
        },
        {"level": 2, "id": "bref", "name": "En bref", "children": []},
        {
            "level": 2,
            "id": "x",
            "name": "X",
            "children": [{"level": 4, "id": "y", "name": "Y", "children": []}],
        },
    )
    assert outline("<h2>Sans id</h2><p>texte</p>") == ()


# ---------------------------------------------------------------------------
# Built by MkDocs, opened in Chromium


@pytest.fixture(scope="module")
def outline_site(tmp_path_factory, copy_repo, build, serve_folder):
    root = copy_repo(tmp_path_factory.mktemp("outline") / "repo")
    shutil.copy(FIXTURE, root / "startups" / f"{SLUG}.yml")
    site = build(root, root.parent / "site")
    with serve_folder(site) as url:
        yield site, url


def test_the_built_page_carries_the_outline(outline_site, parse_html):
    site, _ = outline_site
    doc = parse_html((site / "startups" / SLUG / "index.html").read_text(encoding="utf-8"))
    toc = doc.find("nav", css="md-nav--secondary")
    links = [
        (e.text.strip(), e.attrs["href"])
        for e in doc.find_all("a", css="md-nav__link")
        if toc in e.parents
    ]
    assert links[: len(DESCRIPTION_OUTLINE)] == [(t, h) for t, h, _ in DESCRIPTION_OUTLINE]
    article = doc.find("article")
    present = {e.attrs["id"] for e in doc.elements if "id" in e.attrs and article in e.parents}
    assert {href[1:] for _, href in links} <= present
    sidebar = doc.find("div", css="md-sidebar--secondary")
    assert "hidden" not in sidebar.attrs
    # The sample profiles keep their page: no outline, the sidebar hidden.
    sample = parse_html((site / "startups" / "atlas-pay" / "index.html").read_text("utf-8"))
    assert "hidden" in sample.find("div", css="md-sidebar--secondary").attrs
    assert not sample.find_all("a", css="md-skip")


def test_the_outline_in_a_browser(recorded_page, outline_site):
    _, base = outline_site
    page = recorded_page.page
    page.set_viewport_size({"width": 1400, "height": 800})
    page.goto(f"{base}startups/{SLUG}/", wait_until="networkidle")
    toc = page.locator(".md-sidebar--secondary")
    assert toc.is_visible()
    links = toc.locator("a.md-nav__link")
    texts = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert texts[: len(DESCRIPTION_OUTLINE)] == [t for t, _, _ in DESCRIPTION_OUTLINE]
    # "Ce qui a changé" is nested under "Le constat initial".
    nested = toc.locator("li", has=page.locator("a[href='#fr-le-constat-initial']"))
    assert nested.locator("nav a[href='#fr-ce-qui-a-change']").count() == 1
    # The sub-headings are h3 and h4 of the article; the hard breaks are line breaks.
    article = page.locator("article")
    assert article.locator("h3#fr-le-constat-initial").inner_text() == "Le constat initial"
    assert article.locator("h4#fr-ce-qui-a-change").inner_text() == "Ce qui a changé"
    paragraph = article.locator("p", has_text="Il fallait les relier.")
    assert paragraph.inner_text().split("\n") == [
        "Les coopératives vendent sur les marchés locaux.",
        "Leurs clients sont ailleurs.",
        "Il fallait les relier.",
    ]
    # Following an entry of the outline brings its heading into view.
    heading = article.locator("#fr-nous-ecrire")
    toc.locator("a[href='#fr-nous-ecrire']").click()
    page.wait_for_url(re.compile("#fr-nous-ecrire$"))
    page.wait_for_function(
        "() => { const r = document.getElementById('fr-nous-ecrire').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
    assert heading.is_visible()
    assert urlsplit(page.url).fragment == "fr-nous-ecrire"
    assert recorded_page.problems == []
