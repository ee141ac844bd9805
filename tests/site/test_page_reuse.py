"""startupdir.site.page_reuse: a page built by the last build from the same recipe is not
rendered again; whatever changed in between, the site is the bytes of a build from nothing."""

from __future__ import annotations

import functools
import logging
import shutil
import types
from pathlib import Path

import pytest
from startupdir.content.validate import CACHE_DIR
from startupdir.site import page_reuse, writing
from startupdir.site.page_reuse import BuiltRecords, outline, plain, site_digest
from test_build import tree_digest

KEPT = "pages kept as built (same recipe)"
PROFILE_PAGE = Path("startups") / "argania-lab" / "index.html"


def kept(caplog) -> list[int]:
    """How many pages each build of the block kept, from the plugin's log."""
    return [int(r.getMessage().split()[1]) for r in caplog.records if KEPT in r.getMessage()]


@pytest.fixture
def one_process(monkeypatch, caplog):
    """Builds in one process (their log is here)."""
    monkeypatch.setattr(writing, "can_fork", lambda: False)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.startupdir")


def fresh(root: Path, site: Path, build) -> dict[str, str]:
    """The site built from nothing: no page cache, an empty folder."""
    shutil.rmtree(root / CACHE_DIR / "pages", ignore_errors=True)
    return tree_digest(build(root, site))


def built_twice(root: Path, build, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The site built twice (the next build writes into the first's output, build.py),
    and the first build's files."""
    site = tmp_path / "site"
    build(root, site)
    first = tree_digest(site)
    build(root, site)
    return site, first


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def override_footer(root: Path) -> None:
    """The directory's theme overrides the package's footer partial."""
    partial = Path(writing.__file__).parent / "theme" / "partials" / "copyright.html"
    (root / "overrides" / "partials").mkdir(exist_ok=True)
    text = partial.read_text(encoding="utf-8")
    (root / "overrides" / "partials" / "copyright.html").write_text(
        "<!-- overridden -->" + text, encoding="utf-8"
    )


CHANGES = {
    "a profile": lambda root: replace_in(
        root / "startups" / "argania-lab.yml", "name: Argania Lab", "name: Argania Lab Maroc"
    ),
    "a sector's label": lambda root: replace_in(
        root / "taxonomy.yml", "fr: Fintech", "fr: FinTech"
    ),
    "the configuration": lambda root: replace_in(root / "mkdocs.yml", "demo: true", "demo: false"),
    "a tab's title": lambda root: replace_in(root / "mkdocs.yml", "Secteurs:", "Les secteurs:"),
    "the theme overrides": override_footer,
    "the directory's name": lambda root: replace_in(
        root / "directory.yml", "name: Annuaire", "name: Nouvel annuaire"
    ),
}


LOCAL = ("a profile", "a sector's label")  # the other changes reach every page


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_rebuild_after_a_change_is_the_fresh_build(
    change, site_repo, build, tmp_path, one_process, caplog
):
    """The third build writes into the first's output (build.py): its pages are at hand."""
    site, _ = built_twice(site_repo, build, tmp_path)
    CHANGES[change](site_repo)
    caplog.clear()
    build(site_repo, site)
    rebuilt = tree_digest(site)
    assert bool(kept(caplog)) == (change in LOCAL)
    assert rebuilt == fresh(site_repo, tmp_path / "fresh", build)


def test_a_rebuild_of_the_same_data_renders_no_generated_page(
    site_repo, build, tmp_path, one_process, caplog
):
    site, first = built_twice(site_repo, build, tmp_path)
    caplog.clear()
    build(site_repo, site)  # into the first's output
    assert tree_digest(site) == first
    profiles = len(list((site_repo / "startups").glob("*.yml")))
    (count,) = kept(caplog)
    assert count > 2 * profiles  # both editions' profiles, and the term and list pages
    records = BuiltRecords(site_repo / CACHE_DIR / "pages")
    assert str(PROFILE_PAGE) in records.load("fr")
    assert f"en/{PROFILE_PAGE}" in records.load("en")


def test_a_page_changed_in_the_output_is_rendered_again(
    site_repo, build, tmp_path, one_process, caplog
):
    site, first = built_twice(site_repo, build, tmp_path)
    spare = tmp_path / ".site.previous"  # the first output, where the next build writes
    page = spare / PROFILE_PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("Argania", "Autre"), "utf-8")
    caplog.clear()
    build(site_repo, site)
    assert tree_digest(site) == first
    (count,) = kept(caplog)
    build(site_repo, site)
    caplog.clear()
    build(site_repo, site)
    assert kept(caplog) == [count + 1]


def test_a_damaged_record_is_no_record(site_repo, build, tmp_path, one_process, caplog):
    site, first = built_twice(site_repo, build, tmp_path)
    records = site_repo / CACHE_DIR / "pages"
    (records / "fr-built.json").write_text('{"format": 1, "pages": {"x": 3}}', "utf-8")
    (records / "en-built.json").write_text("[", "utf-8")
    caplog.clear()
    build(site_repo, site)
    assert kept(caplog) == []
    assert tree_digest(site) == first


def test_values_are_spelt_out_without_addresses():
    class Opaque:
        pass

    spelt = plain(
        {
            "f": page_reuse.plain,
            "p": functools.partial(page_reuse.plain, 1),
            "o": Opaque(),
            "s": {"b", "a"},
            "t": (1, None, 2.5),
        }
    )
    assert spelt["f"] == "startupdir.site.page_reuse.plain"
    assert spelt["o"] == "test_values_are_spelt_out_without_addresses.<locals>.Opaque"
    assert spelt["s"] == ["'a'", "'b'"]
    assert spelt["t"] == [1, None, 2.5]
    assert " at 0x" not in repr(spelt)


class Nav:
    def __init__(self, items):
        self.items = items


def test_the_site_digest_follows_configuration_navigation_theme_and_code(tmp_path):
    class Theme(dict):
        custom_dir = str(tmp_path)

    config = {"extra": {"demo": True}, "theme": Theme(name="material"), "site_dir": "/a"}
    digest = functools.partial(site_digest, shared={"footer": 1}, code="c")
    first = digest(config, [Nav([])])
    assert digest({**config, "site_dir": "/b"}, [Nav([])]) == first  # where it is built
    assert digest({**config, "extra": {"demo": False}}, [Nav([])]) != first
    assert site_digest(config, [Nav([])], shared={"footer": 2}, code="c") != first
    assert site_digest(config, [Nav([])], shared={"footer": 1}, code="d") != first
    (tmp_path / "main.html").write_text("x", encoding="utf-8")
    assert digest(config, [Nav([])]) != first
    assert outline(object())[0] == "object"


def test_hooks_and_plugin_packages_are_part_of_the_recipe(tmp_path):
    hook = tmp_path / "hook.py"
    hook.write_text("def on_post_page(output, **kw):\n    return output\n", encoding="utf-8")
    module = types.ModuleType("hook")
    module.__file__ = str(hook)
    first = plain({"hooks": {"hook": module}})
    hook.write_text("def on_post_page(output, **kw):\n    return output + ' '\n", "utf-8")
    assert plain({"hooks": {"hook": module}}) != first
    versions = page_reuse.engine_versions()
    assert any(v.startswith("mkdocs-material ") for v in versions)
    assert any(v.startswith("mkdocs ") for v in versions)
