"""startupdir.site.paging: the static list of /startups/ in pages of PAGE_SIZE cards,
every listed startup on exactly one page, in alphabetical order, with page links."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from startupdir.site.paging import PAGE_SIZE, directory_pages, page_numbers
from startupdir.site.views import Views


@pytest.fixture(scope="module")
def views(sample_directory) -> Views:
    return Views(sample_directory.taxonomy, sample_directory.startups)


def test_one_page_for_the_sample(views, raw_profiles):
    (page,) = directory_pages(views)
    listed = [raw for raw in raw_profiles.values() if raw.get("status") != "closed"]
    assert len(listed) < PAGE_SIZE
    assert (page.number, page.total, page.first) == (1, 1, True)
    assert page.count == f"{len(listed)} startups"
    # The directory's order (alphabetical, tested in test_views.py), every listed startup.
    assert page.cards == views.cards(views.listed)
    assert page.links == () and page.previous is None and page.next is None


def test_pages_of_ten(views):
    pages = directory_pages(views, size=10)
    n = len(views.listed)
    assert len(pages) == -(-n // 10) >= 4
    assert [c.name for p in pages for c in p.cards] == [c.name for c in views.cards(views.listed)]
    assert all(len(p.cards) == 10 for p in pages[:-1]) and 1 <= len(pages[-1].cards) <= 10
    second = pages[1]
    assert second.position == f"Page 2 sur {len(pages)}"
    assert (second.previous, second.next) == ("startups/", "startups/page/3/")
    assert pages[-1].next is None
    current = [link for link in second.links if link.current]
    assert [(link.label, link.url) for link in current] == [("2", None)]
    assert second.links[0].url == "startups/"
    with pytest.raises(dataclasses.FrozenInstanceError):
        second.number = 3  # type: ignore[misc]


def test_english_pages_of_ten(views):
    """The English edition's list: its own URLs, "Page 2 of 4", English numbers."""
    pages = directory_pages(views.edition("en"), size=10)
    second = pages[1]
    assert second.lang == "en"
    assert second.position == f"Page 2 of {len(pages)}"
    assert (second.previous, second.next) == ("en/startups/", "en/startups/page/3/")
    assert second.links[0].url == "en/startups/"
    assert [link.url for link in pages[0].links if link.url][:1] == ["en/startups/page/2/"]
    assert second.first_url == "en/startups/" and second.whatsnew == "en/whats-new/"
    assert second.profile_url == "en/startups/{slug}/"
    assert json.loads(second.messages)["filters"] == "Filters"
    french = directory_pages(views, size=10)[1]
    assert json.loads(french.messages)["filters"] == "Filtres"
    assert (french.first_url, french.whatsnew, french.profile_url) == (
        "startups/",
        "nouveautes/",
        "startups/{slug}/",
    )


def test_page_numbers_are_written_in_the_edition():
    """Page 1,000 of a very long list: « 1 000 » in French, "1,000" in English."""
    from startupdir.site.paging import DirectoryPage

    french = DirectoryPage(1000, 1200, "", (), (), None, None)
    english = DirectoryPage(1000, 1200, "", (), (), None, None, lang="en")
    assert french.position == "Page 1\u202f000 sur 1\u202f200"
    assert english.position == "Page 1,000 of 1,200"


@pytest.mark.parametrize(
    ("current", "total", "expected"),
    [
        (1, 1, [1]),
        (1, 5, [1, 2, 3, 4, 5]),  # a gap of one page shows the page
        (6, 41, [1, None, 4, 5, 6, 7, 8, None, 41]),
        (41, 41, [1, None, 39, 40, 41]),
        (1, 9, [1, 2, 3, None, 9]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_page_numbers(current, total, expected):
    assert page_numbers(current, total) == expected


@pytest.fixture(scope="module")
def big(tmp_path_factory, repo_root, when):
    """150 synthetic startups: three list pages."""
    import shutil

    from bench import synthesise
    from startupdir.content.validate import load_directory

    root = tmp_path_factory.mktemp("paging")
    synthesise(root, 150, repo_root, repo_root / "tests" / "corpora")
    shutil.rmtree(root / "content")  # its news posts cite sample startups
    directory, report = load_directory(root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    return Views(directory.taxonomy, directory.startups)


def test_generated_list_pages_link_every_profile_once(big):
    from startupdir.site.pages import generate

    generated = {p.src_uri: p for p in generate(big)}
    lists = [
        generated[s] for s in ("startups/index.md", "startups/page/2.md", "startups/page/3.md")
    ]
    assert "startups/page/4.md" not in generated
    assert [p.title for p in lists] == [
        "Les startups",
        "Les startups, page 2",
        "Les startups, page 3",
    ]
    assert lists[0].hide == ("toc", "navigation") and lists[1].hide == ("toc",)
    profile = re.compile(r'<h3 class="sd-card__name"><a href="\.\./(?:\.\./\.\./)?([a-z0-9-]+)/">')
    linked = [
        slug for p in lists for slug in profile.findall(p.body.replace("../startups/", "../"))
    ]
    assert sorted(linked) == sorted(st.slug for st in big.listed) and len(linked) == 150
    # Page 1 carries the explorer; later pages link back to it and to their neighbours.
    assert 'id="sd-explorer"' in lists[0].body and 'data-page-size="60"' in lists[0].body
    assert 'id="sd-explorer"' not in lists[1].body
    assert 'href="../../../startups/" rel="prev"' in lists[1].body
    assert 'href="../../../startups/page/3/" rel="next"' in lists[1].body
    assert '<span class="md-pagination__current" aria-current="page">2</span>' in lists[1].body
    assert 'href="../../../startups/">la page Startups</a>' in lists[2].body
    assert 'href="../startups/page/2/" aria-label="Page 2">2</a>' in lists[0].body
