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
import sys
import time
from pathlib import Path

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


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _index(pages: list[tuple[str, str]], site: Path) -> dict[str, str]:
    index = search.SiteIndex(site)
    for path, page in pages:
        index.add(path, page)
    return _digest(index.write())


def test_pagefind_indexes_the_main_part_as_the_whole_page(built_site, tmp_path):
    """The build sends Pagefind each page's language and article only: the index is the same
    bytes as from the whole pages, and the same again for the same pages (reproducible)."""
    pages = [
        (p.relative_to(built_site).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(built_site.rglob("*.html"))
    ]
    pages.sort(key=lambda item: item[0].startswith("en/"))  # as the build sends them
    assert sum(search.BODY in page for _, page in pages) > 100
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    from_pages = _index(pages, tmp_path / "a")
    trimmed = [(path, search.indexed_part(page)) for path, page in pages]
    assert len(trimmed[0][1]) < len(pages[0][1]) / 2
    assert _index(trimmed, tmp_path / "b") == from_pages
    assert any(name.startswith("fragment/") for name in from_pages)


def test_indexed_part_keeps_the_language_and_the_article():
    page = (
        '<!doctype html><html lang="en" class="no-js"><head><title>T</title></head><body>'
        '<header>Menu</header><main class="md-main"><nav class="md-nav">Tabs</nav>'
        '<article class="md-content__inner md-typeset" data-pagefind-body><h1>X</h1>'
        "<article>Card</article></article></main><footer>Foot</footer></body></html>"
    )
    assert search.indexed_part(page) == (
        '<html lang="en"><head></head><body><article class="md-content__inner md-typeset"'
        " data-pagefind-body><h1>X</h1><article>Card</article></article></body></html>"
    )


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


def test_a_missing_pagefind_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "executable", lambda: tmp_path / "missing-pagefind")
    with pytest.raises(search.SearchIndexError, match="Pagefind"):
        search.SiteIndex(tmp_path / "site")


def test_a_pagefind_that_stops_fails_the_build(tmp_path, monkeypatch):
    """A service that answers nothing (here: a program that exits once the request has
    come) fails the build with the reason, and leaves no process behind."""
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nhead -c 1 >/dev/null\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: fake)
    with pytest.raises(search.SearchIndexError, match="Pagefind.*ne répond pas"):
        search.SiteIndex(tmp_path / "site")


FAKE_SERVICE = """
import base64, json, sys
def reply(message_id, payload):
    data = json.dumps({"message_id": message_id, "payload": payload}).encode()
    sys.stdout.buffer.write(base64.b64encode(data) + b",")
    sys.stdout.buffer.flush()
pending = b""
while chunk := sys.stdin.buffer.read1(65536):
    pending += chunk
    *messages, pending = pending.split(b",")
    for raw in messages:
        message = json.loads(base64.b64decode(raw))
        kind = message["payload"]["type"]
        if kind == "NewIndex":
            reply(message["message_id"], {"type": "NewIndex", "index_id": 0})
        elif kind == "AddFile":
            reply(message["message_id"], {"type": "Error", "message": "page illisible"})
        else:
            reply(message["message_id"], {"type": "WriteFiles", "output_path": ""})
"""


def test_a_page_pagefind_refuses_fails_the_build(tmp_path, monkeypatch):
    """An error the service reports for one page fails ``write`` with Pagefind's message,
    and no index is published."""
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!{sys.executable}\n{FAKE_SERVICE}", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: fake)
    site = tmp_path / "site"
    site.mkdir()
    index = search.SiteIndex(site)
    index.add("a/index.html", '<html lang="fr"><main data-pagefind-body>x</main></html>')
    with pytest.raises(search.SearchIndexError, match="Pagefind.*page illisible"):
        index.write()
    assert list(site.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pagefind", "site"]  # nothing staged


def _page(lang: str, title: str) -> str:
    return (
        f'<html lang="{lang}"><body><main><article class="md-content__inner md-typeset"'
        f" data-pagefind-body><h1>{title}</h1><p>{title} texte text</p></article></main></body></html>"
    )


def test_each_language_is_indexed_by_a_service_of_its_own(tmp_path):
    """The French pages' index is written when the English pages begin, and that service
    stops; both indexes end in the site's folder, whose entry lists both languages, with the
    same bytes as one service indexing both (Pagefind's indexes are per language)."""
    pages = [(f"fr{i}/index.html", _page("fr", f"Page {i}")) for i in range(3)]
    pages += [(f"en/en{i}/index.html", _page("en", f"Page {i}")) for i in range(3)]
    (tmp_path / "split").mkdir()
    index = search.SiteIndex(tmp_path / "split")
    index.add(*pages[0])
    french = index._open["fr"]
    for path, page in pages[1:-1]:
        index.add(path, page)
    assert list(index._open) == ["en"]
    index._collect(wait=True)
    assert french._process.poll() == 0  # stopped as soon as its index was written
    index.add(*pages[-1])
    split = _digest(index.write())
    entry = json.loads((tmp_path / "split" / search.OUTPUT / search.ENTRY).read_text())
    assert sorted(entry["languages"]) == ["en", "fr"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["split"]  # nothing staged beside

    one = search._Service()
    for path, page in pages:
        one.add(path, search.indexed_part(page))
    folder = tmp_path / "one" / search.OUTPUT
    one.wait(one.start_writing(folder))
    entry = search.settled(folder, {}, one.pid)  # Pagefind answers before it has written
    one.close()
    assert entry is not None
    search.write_entry(folder, entry)
    assert _digest(folder) == split


def test_a_new_index_over_the_previous_one(tmp_path):
    """Written over the previous build's index, Pagefind keeps the files named by their
    content that exist already (it does not write them again) and leaves the old ones:
    ``index_files`` names every file of the new index and none of a removed page, which
    the plugin's sweep then removes (their time is the previous build's)."""
    site = tmp_path / "site"
    site.mkdir()
    pages = [(f"p{i}/index.html", _page("fr", f"Profil {i} unique{i}")) for i in range(4)]
    first = _index(pages, site)
    before = {p: (site / search.OUTPUT / p).stat().st_mtime_ns for p in first}
    time.sleep(0.01)
    second = _index(pages[1:], site)  # the first page removed
    out = site / search.OUTPUT
    entry = json.loads((out / search.ENTRY).read_text())
    named = {p.relative_to(out).as_posix() for p in search.index_files(out, entry)}
    fresh = {p for p in second if (out / p).stat().st_mtime_ns > before.get(p, 0)}
    stale = set(second) - named - fresh
    assert {p.split("/")[0] for p in stale} >= {"fragment", "index"}  # the removed page's
    assert any(p.endswith(".pf_meta") for p in stale)  # the first index's metadata
    assert all((out / p).stat().st_mtime_ns == before[p] for p in stale)  # for the sweep
    assert named <= set(second)
    assert sum(p.startswith("fragment/") for p in named) == 3


def test_cbor_strings():
    # [1, "fr_8c74ba3", {"a": -2}, h'00ff', tag 1("x"), "é" * 30]
    data = (
        bytes.fromhex("8601")
        + b"\x6afr_8c74ba3"
        + bytes.fromhex("a1616121")
        + bytes.fromhex("4200ff")
    )
    data += bytes.fromhex("c16178") + b"\x78\x3c" + "é".encode() * 30
    assert search.cbor_strings(data) == ["fr_8c74ba3", "a", "x", "é" * 30]


def test_pages_of_a_language_already_written_fail_the_build(tmp_path):
    (tmp_path / "site").mkdir()
    index = search.SiteIndex(tmp_path / "site")
    index.add("a/index.html", _page("fr", "A"))
    index.add("en/a/index.html", _page("en", "A"))
    with pytest.raises(search.SearchIndexError, match="des pages « fr » après"):
        index.add("b/index.html", _page("fr", "B"))
