"""`startupdir new`: a commented profile template, generated from the declaration."""

from __future__ import annotations

from pathlib import Path

from startupdir.content.clock import today
from startupdir.content.model import Startup
from startupdir.content.render import environment
from startupdir.content.schema import fields_of, slug_problem
from startupdir.content.text import slugify
from startupdir.content.validate import PROFILE_DIR

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/startup.schema.json"


class ScaffoldError(Exception):
    pass


def template_fields() -> list[dict]:
    """Each field with its French documentation, for the template to lay out."""
    rows = []
    for name, fs in fields_of(Startup):
        rows.append(
            {
                "name": name,
                "doc": fs.doc,
                "rule": fs.kind.describe(),
                "required": fs.required,
            }
        )
    return rows


def profile_text(name: str, updated=None) -> str:
    clean = " ".join(name.split())
    quoted = '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'
    template = environment("startupdir.content").get_template("profile.yml.j2")
    return template.render(
        schema_comment=SCHEMA_COMMENT,
        name=quoted,
        fields={row["name"]: row for row in template_fields()},
        updated=(updated or today()).isoformat(),
    )


def new_profile(root: Path, name: str, slug: str | None = None) -> Path:
    slug = slug or slugify(name)[:60].strip("-")
    problem = slug_problem(slug)
    if problem:
        message, hint = problem
        raise ScaffoldError(f"{message} — {hint} (option --slug)")
    path = root / PROFILE_DIR / f"{slug}.yml"
    if path.exists():
        raise ScaffoldError(
            f"{path.relative_to(root).as_posix()} existe déjà : modifiez ce profil au lieu d'en créer un autre"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(profile_text(name))
    return path


def new_post(root: Path, title: str, when=None) -> Path:
    """content/actualites/posts/AAAA-MM-JJ-titre.md with its front matter explained."""
    from startupdir.content.posts import POSTS_DIR

    day = (when or today()).isoformat()
    short = slugify(title)[:50].strip("-")
    if not short:
        raise ScaffoldError("le titre doit contenir au moins une lettre ou un chiffre")
    path = root / POSTS_DIR / f"{day}-{short}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} existe déjà")
    clean = " ".join(title.split())
    text = (
        environment("startupdir.content").get_template("post.md.j2").render(date=day, title=clean)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path
