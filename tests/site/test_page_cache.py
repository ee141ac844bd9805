"""startupdir.site.page_cache: generated pages kept from one build to the next, by what
they are made of; the same pages as rendered from nothing, whatever the cache holds."""

from __future__ import annotations

import dataclasses
import functools
import json
import threading
from pathlib import Path

import pytest
from startupdir.content import parallel
from startupdir.content.validate import CACHE_DIR
from startupdir.site import page_cache, pages, urls
from startupdir.site.page_cache import PageBodies, code_digest, page_key
from startupdir.site.pages import generate_editions
from startupdir.site.views import Site, Views
from test_build import tree_digest

SITE = Site(name="Annuaire des startups", url="https://annuaire.example/")
RENDERED = ("startup.html.j2", "directory.html.j2", "term.html.j2")  # the pages kept


@pytest.fixture(autouse=True)
def one_process(monkeypatch):
    """Both editions generated here, so that the templates asked for can be counted."""
    monkeypatch.setattr(parallel, "can_fork", lambda: False)


@pytest.fixture
def fetched(monkeypatch):
    """The names of the templates the page generation fetches (it fetches one to render)."""
    names: list[str] = []
    real = pages.template_of

    @functools.cache
    def recording(name):
        names.append(name)
        return real(name)

    monkeypatch.setattr(pages, "template_of", recording)
    return names


def editions_of(startups, directory) -> dict[str, Views]:
    return Views(directory.taxonomy, startups, SITE).editions()


def generated(directory, when, bodies=None, startups=None):
    views = editions_of(directory.startups if startups is None else startups, directory)
    return generate_editions(views, directory, today=when, bodies=bodies)


def unkeyed(items) -> list:
    return [dataclasses.replace(item, key="") for item in items]


def test_kept_pages_are_the_pages_rendered(sample_directory, when, tmp_path, fetched):
    plain = generated(sample_directory, when)
    first = generated(sample_directory, when, PageBodies(tmp_path))
    assert unkeyed(first) == plain
    keyed = [p for p in first if p.key]
    assert len(keyed) > 2 * len(sample_directory.startups)
    assert len({p.key for p in keyed}) == len(keyed)
    fetched.clear()
    again = generated(sample_directory, when, PageBodies(tmp_path))
    assert again == first
    assert [name for name in fetched if name in RENDERED] == []
    names = sorted(p.name for p in tmp_path.iterdir())
    assert [name[:3] for name in names] == ["en-", "en.", "fr-", "fr."]


def test_a_changed_profile_is_rendered_again(sample_directory, when, tmp_path, fetched):
    generated(sample_directory, when, PageBodies(tmp_path))
    startups = list(sample_directory.startups)
    changed = dataclasses.replace(startups[0], name=startups[0].name + " Nouvelle")
    startups[0] = changed
    fetched.clear()
    again = generated(sample_directory, when, PageBodies(tmp_path), startups)
    assert "startup.html.j2" in fetched
    assert unkeyed(again) == generated(sample_directory, when, startups=startups)
    own = [p for p in again if p.src_uri.endswith(f"startups/{changed.slug}.md")]
    assert len(own) == 2 and all(changed.name in p.body for p in own)


def test_other_code_keeps_nothing(sample_directory, when, tmp_path, fetched):
    generated(sample_directory, when, PageBodies(tmp_path, code="a"))
    fetched.clear()
    again = generated(sample_directory, when, PageBodies(tmp_path, code="b"))
    assert set(RENDERED) <= set(fetched)
    assert unkeyed(again) == generated(sample_directory, when)


def damage_index(folder: Path, change) -> None:
    path = folder / "fr.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    change(index)
    path.write_text(json.dumps(index), encoding="utf-8")


def first_entry(index: dict) -> dict:
    return next(iter(index["pages"].values()))


DAMAGE = {
    "index not JSON": lambda folder: (folder / "fr.json").write_text("{", encoding="utf-8"),
    "another format": lambda folder: damage_index(folder, lambda i: i.update(format=0)),
    "blob outside": lambda folder: damage_index(folder, lambda i: i.update(blob="../fr.bin")),
    "blob missing": lambda folder: [p.unlink() for p in folder.glob("fr-*.bin")],
    "blob changed": lambda folder: [
        p.write_bytes(p.read_bytes()[:-1] + bytes([p.read_bytes()[-1] ^ 1]))
        for p in folder.glob("fr-*.bin")
    ],
    "entry malformed": lambda folder: damage_index(folder, lambda i: first_entry(i).update(at="x")),
    "entry past the blob": lambda folder: damage_index(
        folder, lambda i: first_entry(i).update(at=[10**9, 10])
    ),
    "anchors not text": lambda folder: damage_index(
        folder, lambda i: first_entry(i).update(anchors=[1])
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_renders_the_pages_and_is_written_again(
    sample_directory, when, tmp_path, damage
):
    first = generated(sample_directory, when, PageBodies(tmp_path))
    DAMAGE[damage](tmp_path)
    assert generated(sample_directory, when, PageBodies(tmp_path)) == first
    bodies = PageBodies(tmp_path)
    french = [p for p in first if p.key and urls.language_of(p.src_uri) == "fr"]
    assert french and all(bodies.get(p.key, "fr") is not None for p in french)


def test_an_unchanged_edition_is_not_written_again(sample_directory, when, tmp_path):
    generated(sample_directory, when, PageBodies(tmp_path))
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    generated(sample_directory, when, PageBodies(tmp_path))
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def test_a_changed_edition_replaces_its_blob(sample_directory, when, tmp_path):
    generated(sample_directory, when, PageBodies(tmp_path))
    blobs = {p.name for p in tmp_path.glob("*.bin")}
    startups = sample_directory.startups[1:]
    generated(sample_directory, when, PageBodies(tmp_path), startups)
    now = {p.name for p in tmp_path.glob("*.bin")}
    assert len(now) == 2 and now.isdisjoint(blobs)


@pytest.mark.parametrize("value", [threading.Lock(), lambda: "x"])
def test_a_value_that_cannot_be_spelt_out_is_not_kept(value):
    assert page_key("code", ("t.html.j2", "a.md"), {"p": value}) is None


def test_keys_tell_every_input_apart():
    made_of = ("t.html.j2", "a.md", "Titre", "Description", ("toc",), "fr", False)
    keys = {
        page_key("code", made_of, {"p": 1}),
        page_key("code", made_of, {"p": 2}),
        page_key("code", made_of, {"q": 1}),
        page_key("other", made_of, {"p": 1}),
        page_key("code", (*made_of[:-2], "en", False), {"p": 1}),
    }
    assert len(keys) == 5 and None not in keys
    assert page_key("code", made_of, {"p": 1, "q": 2}) == page_key(
        "code", made_of, {"q": 2, "p": 1}
    )


def test_the_code_digest_follows_every_file_of_the_package(tmp_path):
    package = tmp_path / "package"
    (package / "templates").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    template = package / "templates" / "page.html.j2"
    template.write_text("<p>{{ x }}</p>", encoding="utf-8")
    first = code_digest(package)
    (package / "__pycache__" / "module.pyc").write_bytes(b"\0")
    assert code_digest(package) == first
    template.write_text("<p>{{ y }}</p>", encoding="utf-8")
    assert code_digest(package) != first
    assert page_cache.PACKAGE.name == "startupdir"


def test_a_rebuild_after_changes_is_the_fresh_build(site_repo, build, tmp_path):
    """A profile and a sector's label changed between two builds: the second, with the
    first's pages at hand, is the same bytes as a build without them."""
    build(site_repo, tmp_path / "site")
    assert len(list((site_repo / CACHE_DIR / "pages").glob("*.bin"))) == 2
    profile = sorted((site_repo / "startups").glob("*.yml"))[0]
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("name: ", "name: Nouvelle ", 1), encoding="utf-8")
    taxonomy = site_repo / "taxonomy.yml"
    labels = taxonomy.read_text(encoding="utf-8")
    assert labels.count("Agritech") >= 1
    taxonomy.write_text(labels.replace("Agritech", "Agri-tech"), encoding="utf-8")
    build(site_repo, tmp_path / "site")
    for path in (site_repo / CACHE_DIR / "pages").iterdir():
        path.unlink()
    build(site_repo, tmp_path / "fresh")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "fresh")
