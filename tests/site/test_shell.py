"""startupdir.site.shell: Material's page shell kept once per folder of generated pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from startupdir.site.plugin import THEME_DIR
from startupdir.site.shell import ShellCache

HEADER = (
    '<header class="md-header"><a aria-label="{site}">{site}</a>'
    '<div class="md-header__topic"><span class="md-ellipsis">{site}</span></div>'
    '<div class="md-header__topic" data-md-component="header-topic">\n'
    '          <span class="md-ellipsis">\n            \n              {title}\n'
    "            \n          </span></div></header>"
)


def header(title: str, site: str = "Annuaire des startups") -> str:
    return HEADER.format(title=title, site=site)


def test_a_block_is_kept_per_block_and_folder():
    shell = ShellCache()
    assert not shell.has("nav", "startups")
    assert shell.keep("nav", "startups", "<nav>a</nav>") == "<nav>a</nav>"
    assert shell.has("nav", "startups")
    assert not shell.has("nav", "secteurs") and not shell.has("tabs", "startups")
    assert shell.get("nav", "startups") == "<nav>a</nav>"
    assert shell.reused == 1


def test_pages_without_a_folder_key_are_never_kept():
    shell = ShellCache()
    shell.keep("nav", None, "<nav>a</nav>")
    shell.keep_header(None, header("Accueil"), "Accueil")
    assert not shell.has("nav", None) and not shell.has("header", None)


@pytest.mark.parametrize(
    "first", ["Atlas Pay", "md", "span", "ellipsis", "Annuaire des startups", "header"]
)
def test_the_header_puts_each_page_title_in_the_topic_bar(first):
    shell = ShellCache()
    assert shell.keep_header("startups", header(first), first) == header(first)
    assert shell.has("header", "startups")
    for title in ("Argania Lab", "md", "span", "&lt;b&gt; &amp; co"):
        assert shell.header("startups", title) == header(title)


def test_a_header_without_the_title_in_place_is_not_kept():
    shell = ShellCache()
    shell.keep_header("startups", header("Autre chose"), "Atlas Pay")
    shell.keep_header("villes", "<header>no topic</header>", "Rabat")
    shell.keep_header("stades", header(""), "")
    assert not any(shell.has("header", k) for k in ("startups", "villes", "stades"))


@pytest.mark.parametrize("name", ["nav", "tabs"])
def test_copies_of_material_partials_match_the_installed_theme(repo_root, name):
    """The theme's partials/<name>.html wraps the cache around a verbatim copy of Material's
    partial: after an upgrade of Material, refresh the copy."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / f"{name}.html").read_text(
        encoding="utf-8"
    )
    ours = (THEME_DIR / "partials" / f"{name}-material.html").read_text(encoding="utf-8")
    assert ours == theirs.replace("  This file was automatically generated - do not edit\n", "")
