"""`startupdir init`: a new directory repository validates and builds at once."""

from __future__ import annotations

import yaml
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


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["init", str(tmp_path), "--name", "Annuaire"]) == EXIT_INVALID
    assert "n'est pas vide" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_writes_into_an_empty_folder(tmp_path):
    assert main(["init", str(tmp_path), "--name", "Annuaire"]) == EXIT_OK
    assert (tmp_path / "mkdocs.yml").is_file()
