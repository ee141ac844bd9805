"""A language whose pages are those its last index was written from keeps that index
(site/search_record.py): nothing is sent to Pagefind, and the site's index is the one a full
indexing gives; at the first page that differs, or with a page fewer, every page is indexed
again, with the same result as an index written from nothing."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from startupdir.site import search, search_record
from startupdir.site.search_record import IndexRecords


def page(lang: str, title: str) -> str:
    return (
        f'<html lang="{lang}"><body><main><article class="md-content__inner md-typeset"'
        f" data-pagefind-body><h1>{title}</h1><p>{title} texte text</p></article></main>"
        "</body></html>"
    )


PAGES = [(f"p{i}/index.html", page("fr", f"Profil {i} unique{i}")) for i in range(4)] + [
    (f"en/p{i}/index.html", page("en", f"Profile {i} single{i}")) for i in range(3)
]


def index(site: Path, pages: list[tuple[str, str]], records: IndexRecords | None):
    """The pages written into ``site`` then added, as the build's page writer does."""
    site.mkdir(parents=True, exist_ok=True)
    site_index = search.SiteIndex(site, records)
    for path, html in pages:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
        site_index.add(path, html)
    site_index.write()
    return site_index


def published(site: Path) -> dict[str, str]:
    """The index as the site serves it: its entry and every file the entry leads to."""
    out = site / search.OUTPUT
    entry = json.loads((out / search.ENTRY).read_text(encoding="utf-8"))
    files = [out / search.ENTRY, *search.index_files(out, entry)]
    files += [out / f"wasm.{lang['wasm']}.pagefind" for lang in entry["languages"].values()]
    files += [out / name for name in search_record.RUNTIME]
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files
    }


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """The paths of the pages sent to Pagefind."""
    paths: list[str] = []
    add = search._Service.add

    def spy(service, path, contents):
        paths.append(path)
        add(service, path, contents)

    monkeypatch.setattr(search._Service, "add", spy)
    return paths


def test_the_same_pages_keep_their_index(tmp_path, sent):
    records = IndexRecords(tmp_path / "records", search.INDEX_CONFIG)
    first = index(tmp_path / "site", PAGES, records)
    assert first.reused == [] and len(sent) == len(PAGES)
    before = published(tmp_path / "site")
    sent.clear()
    second = index(tmp_path / "site", PAGES, records)
    assert second.reused == ["fr", "en"]
    assert sent == []
    assert published(tmp_path / "site") == before
    assert sorted(p.name for p in (tmp_path / "records").iterdir()) == ["en.json", "fr.json"]


@pytest.mark.parametrize(
    ("case", "french"),
    [
        ("a page changed", [*PAGES[:2], (PAGES[2][0], page("fr", "Profil changé")), PAGES[3]]),
        ("the last page removed", PAGES[:3]),
        ("a page added", [*PAGES[:4], ("p9/index.html", page("fr", "Profil neuf"))]),
    ],
)
def test_other_pages_are_indexed_again_as_from_nothing(tmp_path, sent, case, french):
    """Only the language whose pages differ is indexed again, every page of it in order,
    the matched ones read back from the site; its index is the one written from nothing."""
    records = IndexRecords(tmp_path / "records", search.INDEX_CONFIG)
    index(tmp_path / "site", PAGES, records)
    sent.clear()
    pages = french + PAGES[4:]
    again = index(tmp_path / "site", pages, records)
    assert again.reused == ["en"], case
    assert sent == [path for path, _ in french], case
    index(tmp_path / "fresh", pages, None)
    assert published(tmp_path / "site") == published(tmp_path / "fresh"), case
    # The record now describes the new index: a third build keeps both.
    assert index(tmp_path / "site", pages, records).reused == ["fr", "en"], case


def test_an_index_whose_files_are_gone_is_written_again(tmp_path, sent):
    records = IndexRecords(tmp_path / "records", search.INDEX_CONFIG)
    index(tmp_path / "site", PAGES, records)
    fragment = next((tmp_path / "site" / search.OUTPUT / "fragment").glob("fr_*"))
    fragment.unlink()
    sent.clear()
    assert index(tmp_path / "site", PAGES, records).reused == ["en"]
    assert fragment.is_file()
    assert len(sent) == 4


def test_a_record_serves_only_the_pagefind_and_options_that_wrote_it(tmp_path, monkeypatch):
    records = IndexRecords(tmp_path, {})
    entry = {"version": "1", "languages": {"fr": {"hash": "fr_1", "wasm": "fr"}}}
    records.save("fr", entry, ["a1"], ["pagefind.fr_1.pf_meta"])
    assert records.load("fr") == search_record.IndexRecord(
        "fr", records.pagefind, {}, entry, ("a1",), ("pagefind.fr_1.pf_meta",)
    )
    assert records.load("en") is None
    assert IndexRecords(tmp_path, {"exclude_selectors": ["nav"]}).load("fr") is None
    monkeypatch.setattr(search_record, "pagefind_version", lambda: "0.0.0")
    assert IndexRecords(tmp_path, {}).load("fr") is None


@pytest.mark.parametrize(
    "text", ["", "{", "[]", '{"format": 1}', '{"format": 99, "lang": "fr"}', "\udc80"]
)
def test_an_unreadable_record_is_no_record(tmp_path, text):
    (tmp_path / "fr.json").write_text(text, encoding="utf-8", errors="surrogateescape")
    assert IndexRecords(tmp_path, {}).load("fr") is None


def test_a_record_is_replaced_whole(tmp_path):
    records = IndexRecords(tmp_path / "records", search.INDEX_CONFIG)
    entry = {"languages": {"fr": {"hash": "fr_1"}}}
    records.save("fr", entry, ["a"], [])
    records.save("fr", entry, ["b"], [])
    assert [p.name for p in (tmp_path / "records").iterdir()] == ["fr.json"]
    record = records.load("fr")
    assert record is not None and record.pages == ("b",)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("files", ["../../../etc/passwd"]),
        ("files", ["/etc/passwd"]),
        ("files", [7]),
        ("pages", [None]),
        ("entry", {"languages": {"fr": "fr_1"}}),
        ("entry", {"languages": {"fr": {}, "en": {}}}),
    ],
)
def test_a_record_that_names_what_an_index_cannot_hold_is_no_record(tmp_path, field, value):
    records = IndexRecords(tmp_path, {})
    records.save("fr", {"languages": {"fr": {"hash": "fr_1"}}}, ["a"], ["pagefind.fr_1.pf_meta"])
    data = json.loads((tmp_path / "fr.json").read_text(encoding="utf-8"))
    assert records.load("fr") is not None
    (tmp_path / "fr.json").write_text(json.dumps({**data, field: value}), encoding="utf-8")
    assert records.load("fr") is None


def test_a_process_writing_into_a_folder_is_seen(tmp_path):
    """What settled() waits for: Pagefind answers before its files are written and closed."""
    (tmp_path / "out").mkdir()
    assert not search.writing_into(os.getpid(), tmp_path / "out")
    with open(tmp_path / "out" / "file", "wb"):
        assert search.writing_into(os.getpid(), tmp_path / "out")
        assert not search.writing_into(os.getpid(), tmp_path / "o")  # a name it begins with
    assert not search.writing_into(os.getpid(), tmp_path / "out")
