"""`make preview` (`mkdocs serve --dirty`): after a profile is edited, only the pages whose
generated text changed are rebuilt, the change shows, no search index is built, and every
page says it is a quick preview. The plugin instance lives across rebuilds, as under
`mkdocs serve` (it has on_startup); the builds run through MkDocs' own build()."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import pinned_environ
from mkdocs.commands.build import build
from mkdocs.config import load_config

SLUG = "atlas-pay"
BANNER = "Aperçu rapide (make preview)"


def serve_build(root: Path, site: Path, plugins=None):
    """One rebuild as `mkdocs serve --dirty` runs it; returns the plugins to reuse."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=False)
    if plugins is None:
        config.plugins.on_startup(command="serve", dirty=True)
    else:
        config["plugins"] = plugins
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    return config.plugins


def pages_written_after(site: Path, moment: float) -> set[str]:
    return {
        str(path.parent.relative_to(site)) + "/"
        for path in site.rglob("index.html")
        if path.stat().st_mtime_ns > moment
    }


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory, copy_repo):
    top = tmp_path_factory.mktemp("preview")
    root = copy_repo(top / "repo")
    site = top / "site"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with pinned_environ():
            plugins = serve_build(root, site)
            first = {p.relative_to(site) for p in site.rglob("index.html")}
            moment = max(p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file())
            profile = root / "startups" / f"{SLUG}.yml"
            text = profile.read_text(encoding="utf-8")
            edited = text.replace("tagline:\n  fr: ", "tagline:\n  fr: Nouveauté, ", 1)
            assert edited != text
            profile.write_text(edited, encoding="utf-8")
            serve_build(root, site, plugins)
    finally:
        os.chdir(cwd)
    return site, first, pages_written_after(site, moment)


def test_only_the_pages_the_change_touches_are_rebuilt(rebuilt):
    site, first, written = rebuilt
    assert len(first) > 60
    assert f"startups/{SLUG}/" in written and "startups/" in written
    assert 0 < len(written) < len(first) / 2, sorted(written)
    assert "Nouveauté, " in (site / "startups" / SLUG / "index.html").read_text(encoding="utf-8")
    # A profile without a card of the edited startup was not rewritten.
    assert "contribuer/" not in written


def test_the_preview_says_so_and_builds_no_search_index(rebuilt):
    site, _, _ = rebuilt
    assert not (site / "pagefind").exists()
    for page in ("index.html", f"startups/{SLUG}/index.html", "startups/index.html"):
        assert BANNER in (site / page).read_text(encoding="utf-8")


def test_the_preview_builds_the_french_edition_only_and_says_so(rebuilt):
    site, first, _ = rebuilt
    assert not (site / "en").exists()
    assert not [p for p in first if p.parts[0] == "en"]
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "l&#39;édition anglaise et la recherche ne sont pas construites" in page
    assert "sd-lang-switch" not in page  # no switch to pages the preview did not build
