"""Issue 16, search that loads what it needs: the site search is a Pagefind index written
into site/pagefind/ by the plugin (Material's search plugin, whose whole index every visitor
downloaded, is gone). What is indexed and how it is weighed is read here from the index
itself (its fragments: one per page); the ranking is checked in Chromium (test_browser.py).

Issue 15's choices carry over: profiles carry their sectors and city as search tags (weighed
above a title), so they rank first for names, sectors and cities; /statistiques/ and
/donnees/ are not indexed; the contributor guide is boosted."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil

import pytest
from startupdir.site import search

EXCLUDED = ("/statistiques/", "/donnees/")
SIGNATURE = b"pagefind_dcd"


def fragments(site) -> dict[str, dict]:
    """Every indexed page's fragment (its text, title and metadata), by URL."""
    pages = {}
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        fragment = json.loads(data[len(SIGNATURE) :])
        pages[fragment["url"]] = fragment
    return pages


@pytest.fixture(scope="module")
def indexed(built_site) -> dict[str, dict]:
    return fragments(built_site)


def labels_of(raw_taxonomy, vocabulary: str) -> dict[str, str]:
    return {
        t["id"]: t["label"]["fr"] if isinstance(t["label"], dict) else t["label"]
        for t in raw_taxonomy[vocabulary]
    }


def test_the_site_search_is_pagefind_not_material(built_site):
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert not (built_site / "search" / "search_index.json").exists()
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    # One index per edition (<html lang>): French stemming for French pages, English for /en/.
    assert sorted(entry["languages"]) == ["en", "fr"]
    # Pagefind's own interfaces are not shipped: the header field is the site's.
    assert not list((built_site / "pagefind").glob("pagefind-ui*"))
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/search.js" in home
    assert "pagefind.js" not in home  # imported by search.js on first use only
    assert 'data-md-component="search' not in home  # Material's search is not mounted


def test_statistics_and_open_data_are_left_out_of_the_search_index(built_site, indexed):
    assert "/startups/atlas-pay/" in indexed and "/contribuer/" in indexed
    for url in EXCLUDED:
        assert url not in indexed
        page = (built_site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" not in page


def test_news_posts_and_the_guide_are_indexed_not_the_news_lists(indexed, sample_directory):
    posts = {u for u in indexed if u.startswith("/actualites/") and u != "/actualites/"}
    assert posts, sorted(indexed)
    assert "/actualites/" not in indexed  # the list repeats the posts' excerpts
    assert not [u for u in indexed if "/categories/" in u or "/archives/" in u]


def test_the_guide_is_boosted(indexed):
    guides = ["/contribuer/", "/en/contribute/"]  # the guide of each edition
    for guide in guides:
        assert indexed[guide]["meta"].get("boost") == indexed[guide]["meta"]["title"]
    assert sorted(u for u, f in indexed.items() if "boost" in f["meta"]) == sorted(guides)


def test_profiles_carry_their_sectors_city_and_stage_as_search_tags(
    indexed, raw_profiles, raw_taxonomy
):
    sectors, cities, stages = (labels_of(raw_taxonomy, v) for v in ("sectors", "cities", "stages"))
    for slug, raw in raw_profiles.items():
        fragment = indexed[f"/startups/{slug}/"]
        assert fragment["meta"]["title"] == raw["name"], slug
        tags = fragment["meta"]["tags"]
        for label in [sectors[s] for s in raw["sectors"]] + [cities[raw["city"]]]:
            assert label in tags, (slug, label, tags)
        assert stages[raw["stage"]] in tags, slug
    assert "tags" not in indexed["/secteurs/agritech/"]["meta"]


def test_a_profile_indexes_its_name_taglines_labels_and_every_description(indexed, raw_profiles):
    for slug, raw in raw_profiles.items():
        content = indexed[f"/startups/{slug}/"]["content"]
        assert content.startswith(raw["name"]), slug
        for text in raw["tagline"].values():
            assert " ".join(text.split()) in content, (slug, text)
        for lang, text in raw["description"].items():
            first_word = text.split()[0].strip("*_#`[")
            assert first_word in content, (slug, lang)
    english = [s for s, raw in raw_profiles.items() if "en" in raw["description"]]
    assert english  # the sample has English descriptions to find (test_browser.py)


def test_a_profile_leaves_out_other_startups_and_the_page_furniture(indexed):
    """Only the profile's own text: not its neighbours (« Dans le même secteur »), the
    breadcrumb, the buttons, nor the logo's initials."""
    content = indexed["/startups/argania-lab/"]["content"]
    for other in ("Fellah Data", "Frigo Souss", "Modifier ce profil", "Fil d'Ariane"):
        assert other not in content
    assert not content.startswith("AL ")
    # A card's logo is no term page's image, nor its alternative text searchable.
    assert "image" not in indexed["/secteurs/agritech/"]["meta"]


def test_the_index_is_the_same_for_the_same_pages(built_site, tmp_path):
    """Two Pagefind runs over the same pages write the same bytes (a build is reproducible)."""

    def digest(root):
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    search.index_site(copy)
    assert digest(copy / "pagefind") == digest(built_site / "pagefind")


@pytest.mark.parametrize(
    ("meta", "marked"),
    [({}, True), ({"search": {"exclude": True}}, False), ({"search": {"boost": 2}}, True)],
)
def test_mark_page(meta, marked):
    page = (
        '<main><article class="md-content__inner md-typeset"><h1 id="t">T</h1>'
        "<div data-search-exclude><p>Cards</p></div></article></main>"
    )
    out = search.mark_page(page, meta)
    assert ("data-pagefind-body" in out) is marked
    assert '<div data-search-exclude data-pagefind-ignore="all">' in out
    assert ('<h1 data-pagefind-meta="boost"' in out) is ("boost" in meta.get("search", {}))
    assert search.mark_page(out, meta) == out  # once


def test_a_page_that_marks_its_own_parts_is_left_as_it_is():
    page = (
        '<article class="md-content__inner md-typeset"><div data-pagefind-body><h1>X</h1></div>'
        "<p>Furniture</p></article>"
    )
    assert search.mark_page(page, {}) == page


def test_a_failed_pagefind_run_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "executable", lambda: tmp_path / "missing-pagefind")
    with pytest.raises(search.SearchIndexError, match="Pagefind"):
        search.index_site(tmp_path)
