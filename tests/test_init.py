"""`startupdir init`: a new directory repository validates and builds at once."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import yaml
from packaging.requirements import Requirement
from startupdir import __version__
from startupdir.cli import EXIT_INVALID, EXIT_OK, main
from startupdir.site.build import build_site


def test_a_new_directory_validates_and_builds(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    target = tmp_path / "annuaire"
    name = "Annuaire: les startups de « Rabat » #1"  # YAML and Markdown specials
    assert main(["init", str(target), "--name", name]) == EXIT_OK
    for rel in ("mkdocs.yml", "directory.yml", "taxonomy.yml", "Makefile", "README.md",
                ".gitignore", "requirements.txt", ".github/workflows/deploy.yml",
                ".github/workflows/validate.yml", "content/index.md", "content/contribuer.md",
                "content/actualites/index.md", "content/actualites/.authors.yml",
                "startups/exemple.yml"):  # fmt: skip
        assert (target / rel).is_file(), rel
    assert yaml.safe_load((target / "directory.yml").read_text(encoding="utf-8"))["name"] == name
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "make test" in readme
    capsys.readouterr()
    assert main(["validate", "--root", str(target)]) == EXIT_OK, capsys.readouterr().out
    site = build_site(target, strict=True)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<!-- startupdir:" not in home
    assert (site / "startups" / "exemple" / "index.html").is_file()
    assert (site / "actualites" / "feed.xml").is_file()
    assert_the_explorer_works(site)
    # The English edition comes with it: its home, tabs and profiles.
    english = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and "<!-- startupdir:" not in english
    tabs = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*<', english)
    assert tabs == [
        "Home",
        "Startups",
        "Sectors",
        "Cities",
        "Programmes",
        "Challenges",
        "News",
        "Contribute",
    ]
    assert (site / "en" / "startups" / "exemple" / "index.html").is_file()


def assert_the_explorer_works(site: Path) -> None:
    """/startups/ has the explorer: its script, the generator's styles then the directory's
    colours, and the data, each reference resolving to a built file."""
    page = (site / "startups" / "index.html").read_text(encoding="utf-8")
    assert 'id="sd-explorer"' in page
    css = re.findall(r'<link rel="stylesheet" href="(\.\./assets/stylesheets/[^"]+)"', page)
    ours = [
        "../assets/stylesheets/directory.css",
        "../assets/stylesheets/explorer.css",
        "../assets/stylesheets/search.css",
        "../assets/stylesheets/brand.css",
        "../assets/stylesheets/sectors.css",
    ]
    assert [href for href in css if ".min.css" not in href] == ours  # after Material's
    scripts = re.findall(r'<script src="(\.\./assets/javascripts/explorer\.js)"', page)
    data = re.findall(r'data-src="([^"]+)"', page)
    assert scripts and data == ["../assets/data/explorer.json"]
    for href in css + scripts + data:
        built = site / urljoin("startups/", href)
        assert built.is_file() and built.stat().st_size > 0, href
    assert ".sd-card" in (site / "assets/stylesheets/directory.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color" in (site / "assets/stylesheets/brand.css").read_text(
        encoding="utf-8"
    )


def generator_line(target: Path) -> Requirement:
    lines = (target / "requirements.txt").read_text(encoding="utf-8").splitlines()
    specs = [line for line in lines if line.strip() and not line.startswith("#")]
    assert len(specs) == 1, specs
    return Requirement(specs[0])


def test_the_new_requirements_install_startupdir_from_this_checkout(tmp_path, repo_root):
    """startupdir is not on PyPI: by default, pip installs it from the source folder of the
    generator that made the directory (a PEP 508 direct reference, checked without pip)."""
    assert main(["init", str(tmp_path / "a"), "--name", "Annuaire"]) == EXIT_OK
    req = generator_line(tmp_path / "a")
    assert req.name == "startupdir" and req.url
    folder = Path(url2pathname(urlsplit(req.url).path))
    assert urlsplit(req.url).scheme == "file" and folder == repo_root.resolve()
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "startupdir" and project["version"] == __version__
    comment = (tmp_path / "a" / "requirements.txt").read_text(encoding="utf-8")
    assert f"git+https://github.com/ORGANISATION/DEPOT@v{__version__}" in comment


def test_init_writes_the_generator_source_it_is_given(tmp_path, capsys):
    url = "git+https://example.org/org/startupdir@v0.1.0"
    assert main(["init", str(tmp_path / "a"), "--name", "A", "--generator", url]) == EXIT_OK
    req = generator_line(tmp_path / "a")
    assert (req.name, req.url) == ("startupdir", url)
    assert "depuis ce poste" not in capsys.readouterr().out
    assert (
        main(["init", str(tmp_path / "b"), "--name", "B", "--generator", str(tmp_path)])
        == EXIT_INVALID
    )
    assert "pyproject.toml introuvable" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["init", str(tmp_path), "--name", "Annuaire"]) == EXIT_INVALID
    assert "n'est pas vide" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_writes_into_an_empty_folder(tmp_path):
    assert main(["init", str(tmp_path), "--name", "Annuaire"]) == EXIT_OK
    assert (tmp_path / "mkdocs.yml").is_file()
