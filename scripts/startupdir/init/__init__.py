"""`startupdir init DIR --name "…"`: a new directory repository, ready to validate and build.

The starter files live in ``files/`` (a name starting with ``dot-`` is written with a
leading dot). The YAML and Markdown files are ``string.Template`` texts; the Makefile and
the workflows are copied as they are.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

from startupdir import __version__

FILES = Path(__file__).resolve().parent / "files"
TEMPLATED = {".yml", ".md", ".txt"}
VERBATIM = {"Makefile", "dot-github"}  # they hold $ of their own (make, GitHub expressions)


class InitError(Exception):
    pass


def source_checkout() -> Path | None:
    """The generator's own source folder (pyproject.toml above scripts/startupdir), when it
    runs from one: pip can install it from there."""
    root = Path(__file__).resolve().parents[3]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        if data.get("project", {}).get("name") == "startupdir":
            return root
    return None


def generator_requirement(source: str | None) -> str:
    """requirements.txt's line for startupdir, which is not on PyPI: a URL pip understands
    (git+https://…@tag, https://…), a local folder, or by default the source checkout this
    generator runs from (else the version from a package index that has it)."""
    if source is None:
        checkout = source_checkout()
        return f"startupdir @ {checkout.as_uri()}" if checkout else f"startupdir=={__version__}"
    source = source.strip()
    if "://" in source:
        if any(c.isspace() for c in source):
            raise InitError(f"--generator : adresse invalide (espace) : {source!r}")
        return f"startupdir @ {source}"
    folder = Path(source).expanduser().resolve()
    if not (folder / "pyproject.toml").is_file():
        raise InitError(
            f"--generator : {source} n'est ni une adresse (git+https://…) ni le dossier du "
            "générateur (pyproject.toml introuvable)"
        )
    return f"startupdir @ {folder.as_uri()}"


def target_name(relative: Path) -> Path:
    return Path(
        *(
            part.replace("dot-", ".", 1) if part.startswith("dot-") else part
            for part in relative.parts
        )
    )


def init_directory(target: Path, name: str, when, generator: str | None = None) -> list[Path]:
    """Write the starter repository into ``target`` (missing or empty); the written paths.
    ``generator``: where pip installs startupdir from (see generator_requirement)."""
    name = " ".join(name.split())
    if not name:
        raise InitError('donnez un nom à l\'annuaire, ex. --name "Annuaire des startups de Rabat"')
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(
            f"le dossier {target} n'est pas vide : choisissez un dossier nouveau ou vide, "
            "rien n'a été écrit"
        )
    requirement = generator_requirement(generator)
    values = {
        "name": name,
        "name_yaml": json.dumps(name, ensure_ascii=False),
        "description_yaml": json.dumps(
            f"Annuaire public des startups accompagnées par {name}.", ensure_ascii=False
        ),
        "feed_subtitle_yaml": json.dumps(
            f"Programmes, appels à candidatures et événements de {name}", ensure_ascii=False
        ),
        "today": when.isoformat(),
        "version": __version__,
        "generator": requirement,
    }
    written = []
    for source in sorted(FILES.rglob("*")):
        if source.is_dir():
            continue
        relative = source.relative_to(FILES)
        path = target / target_name(relative)
        path = path.with_name(path.name.replace("DATE", when.isoformat()))  # a post's name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_text(encoding="utf-8")
        if source.suffix in TEMPLATED and relative.parts[0] not in VERBATIM:
            data = string.Template(data).substitute(values)
        path.write_text(data, encoding="utf-8", newline="\n")
        written.append(path)
    written.append(_avatar(target / "overrides" / "assets" / "images" / "avatar.png"))
    return written


def _avatar(path: Path) -> Path:
    """The news team's avatar: a plain square in the directory's colour, to replace."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (128, 128), "#0b4f71").save(path, optimize=True)
    return path
