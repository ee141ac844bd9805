"""The directory's identity is read once, from directory.yml, and the package names no
particular directory (its brands, partners, country and cities)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from startupdir.content.identity import IDENTITY_FILE
from startupdir.content.reporters import as_text
from startupdir.content.validate import load_directory

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "scripts" / "startupdir"
TEXT_SUFFIXES = {".py", ".j2", ".html", ".js", ".css", ".md", ".json", ".yml", ".txt"}
# Names of one directory that the generic package must not carry: its brands, partners,
# country and cities come from directory.yml and taxonomy.yml.
FORBIDDEN = re.compile(r"technopark|cgem|maroc|morocco|casablanca|[\"']MA[\"']", re.IGNORECASE)


def package_texts():
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in TEXT_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            yield path, path.read_text(encoding="utf-8")


def test_the_package_names_no_brand_partner_or_country():
    found = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()}"
        for path, text in package_texts()
        for m in FORBIDDEN.finditer(text)
    ]
    assert found == []


def test_the_package_does_not_repeat_the_identity(sample_directory):
    """What directory.yml says about this directory is written nowhere in the code."""
    identity = sample_directory.identity
    facts = [
        identity.description,
        identity.organisation,
        *identity.partners,
        identity.citation,
        identity.feed_subtitle,
        identity.share_tagline,
        identity.contact,
        identity.press,
    ]
    found = [(p.name, fact) for p, text in package_texts() for fact in facts if fact in text]
    assert found == []


def test_the_forbidden_pattern_catches_what_it_must():
    for text in ('"addressCountry": "MA"', "Technopark Morocco × CGEM", "Royaume du Maroc"):
        assert FORBIDDEN.search(text), text
    assert not FORBIDDEN.search("MAD, MAX, `SN`")


def test_identity_is_read_once_into_the_directory(sample_directory):
    identity = sample_directory.identity
    assert identity.name == "Annuaire des startups"
    assert identity.country == "MA" and identity.language == "fr"


def copy_minimal(repo_root: Path, dest: Path) -> Path:
    dest.mkdir()
    (dest / "startups").mkdir()
    for name in ("taxonomy.yml", IDENTITY_FILE):
        shutil.copy(repo_root / name, dest / name)
    return dest


def test_a_missing_identity_file_is_reported_in_french(tmp_path, repo_root, when):
    root = copy_minimal(repo_root, tmp_path / "repo")
    (root / IDENTITY_FILE).unlink()
    directory, report = load_directory(root, when=when)
    assert directory is None
    assert "directory.yml:1:1: fichier d'identité de l'annuaire introuvable" in as_text(report)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("country: MA", "country: ma", "country: code pays « ma » en minuscules"),
        ('colour: "#0b4f71"', "colour: bleu", "colour: couleur invalide « bleu »"),
        ("languages: [fr, en]", "languages: [fr, de]", "languages[1]: valeur inconnue « de »"),
        ("name: Annuaire des startups\n", "", "champ obligatoire « name » manquant"),
    ],
)
def test_identity_errors_are_located_and_french(tmp_path, repo_root, when, old, new, expected):
    root = copy_minimal(repo_root, tmp_path / "repo")
    path = root / IDENTITY_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    directory, report = load_directory(root, when=when)
    assert directory is None
    lines = [line for line in as_text(report).splitlines() if line.startswith("directory.yml:")]
    assert lines and expected in lines[0], lines


def test_validating_directory_yml_alone_checks_it_as_the_identity(repo_root, when):
    _, report = load_directory(repo_root, [repo_root / IDENTITY_FILE], when=when)
    assert report.ok, as_text(report)


def test_mkdocs_yml_agrees_with_the_identity(sample_directory, repo_root):
    """MkDocs and Material read a few facts from mkdocs.yml: they must say what
    directory.yml says (the plugin sets site_name and site_description from it)."""
    identity = sample_directory.identity
    config = load_config(str(repo_root / "mkdocs.yml"))
    assert config.site_name == identity.name
    assert config.theme["language"] == identity.language
    # The site search is Pagefind's (startupdir.site.search): it indexes in <html lang>.
    assert "material/search" not in config.plugins and "search" not in config.plugins
    css = (repo_root / "overrides/assets/stylesheets/brand.css").read_text(encoding="utf-8")
    assert f"--md-primary-fg-color: {identity.colour};" in css
