"""The generator's theme partials (startupdir/site/theme/): shipped in the package, put
between a directory's overrides/ and Material, and each copy of a Material template tied to
the Material version it was written against, so an upgrade fails here, not on the site."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import material
from mkdocs.config import load_config
from startupdir.site.plugin import THEME_CSS, THEME_DIR, THEME_JS, add_theme, add_theme_assets

MATERIAL = Path(material.__file__).resolve().parent / "templates"
ROW = re.compile(r"^\| (.+?) \| `([^`]+)` \| `([0-9a-f]{64})` \|$", re.M)


def manifest() -> list[tuple[list[str], str, str]]:
    """(files here, Material template, its SHA-256) from the theme's README table."""
    text = (THEME_DIR / "README.md").read_text(encoding="utf-8")
    return [
        (re.findall(r"`([^`]+)`", ours), theirs, digest)
        for ours, theirs, digest in ROW.findall(text)
    ]


def test_every_copied_material_template_is_the_one_we_wrote_against():
    rows = manifest()
    assert len(rows) >= 9
    changed = [
        f"{theirs} (ours: {', '.join(ours)})"
        for ours, theirs, digest in rows
        if hashlib.sha256((MATERIAL / theirs).read_bytes()).hexdigest() != digest
    ]
    assert not changed, (
        "Material changed templates the generator copies or overrides; compare them with "
        f"startupdir/site/theme/, then update the hashes in its README.md: {changed}"
    )


def test_every_material_template_the_theme_shadows_is_tracked():
    tracked = {name for ours, _, _ in manifest() for name in ours}
    for path in THEME_DIR.rglob("*.html"):
        name = path.relative_to(THEME_DIR).as_posix()
        if (MATERIAL / name).exists():
            assert name in tracked, f"{name} shadows Material's template: add it to README.md"
        for ours, _, _ in manifest():
            for listed in ours:
                assert (THEME_DIR / listed).is_file(), listed


def test_overrides_keeps_only_the_directory_look(repo_root):
    """No template in this directory's overrides/: the generator's ship in the package."""
    assert not list((repo_root / "overrides").rglob("*.html"))


def test_the_theme_sits_between_the_custom_dir_and_material(repo_root):
    config = load_config(str(repo_root / "mkdocs.yml"))
    add_theme(config)
    add_theme(config)  # a reused theme object gets it once
    dirs = [Path(d).resolve() for d in config.theme.dirs]
    assert dirs.count(THEME_DIR) == 1
    custom = (repo_root / "overrides").resolve()
    assert dirs.index(custom) < dirs.index(THEME_DIR) < dirs.index(MATERIAL)


def test_the_theme_is_in_the_package_data(repo_root):
    import tomllib

    data = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["startupdir"]
    assert "site/theme/*" in patterns and "site/theme/**/*" in patterns


def test_the_generator_assets_come_first_once_from_the_package(repo_root):
    """The generator's styles and script ship in the package (not in overrides/, the
    directory's look): the plugin lists them before mkdocs.yml's own, once."""
    config = load_config(str(repo_root / "mkdocs.yml"))
    add_theme_assets(config)
    add_theme_assets(config)
    assert list(config.extra_css) == [*THEME_CSS, "assets/stylesheets/brand.css"]
    assert [str(s) for s in config.extra_javascript] == list(THEME_JS)
    for rel in (*THEME_CSS, *THEME_JS):
        assert (THEME_DIR / rel).is_file(), rel
        assert not (repo_root / "overrides" / rel).exists(), rel
