"""`startupdir new`: a commented profile template, generated from the declaration; and
the same layout filled with values (the profile form of the site writes the same text:
its script fills the blocks this module gives it, with the same rules)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from startupdir.content.challenges import CHALLENGE_DIR, Challenge
from startupdir.content.clock import today
from startupdir.content.model import Startup
from startupdir.content.render import environment
from startupdir.content.schema import ListOf, Object, fields_of, slug_problem
from startupdir.content.schema_kinds import Boolean, Date, Email, Integer, LogoPath, Url
from startupdir.content.schema_text import LANGUAGES, I18n, Markdown, PlainText
from startupdir.content.text import slugify
from startupdir.content.validate import PROFILE_DIR

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/startup.schema.json"
GUIDE_PATH = "/contribuer/"  # the guide's address when the site's is unknown
INDENT = "  "

# What `startupdir new` writes for a field left empty: required fields as empty keys,
# optional ones commented out with an example (a test checks every field has one).
PLACEHOLDERS = {
    "tagline": "tagline:\n  fr:\n  # en:\n  # ar:",
    "description": "description:\n  fr: |\n\n  # en: |\n  #   …",
    "website": "website:",
    "founded": "founded:",
    "status": "# status: active",
    "sectors": "sectors: []",
    "city": "city:",
    "stage": "stage:",
    "employees": "employees:",
    "business_model": "# business_model: [b2b]",
    "markets": "# markets: [MA]",
    "needs": "# needs: [financing, market-access]",
    "seeking_investment": "# seeking_investment:\n#   round: seed\n#   amount_mad: 5000000",
    "hiring": "# hiring: true",
    "programs": "# programs:\n#   - id: incubation\n#     year: 2024",
    "founders": (
        "# founders:\n#   - name: Prénom Nom\n#     role: CEO\n"
        "#     linkedin: https://www.linkedin.com/in/…"
    ),
    "contact": "# contact:\n#   email: contact@votre-domaine.ma",
    "links": "# links:\n#   linkedin: https://www.linkedin.com/company/…",
    "logo": "# logo: logos/nom-du-fichier.png",
    "maintainers": "# maintainers: [votre-compte-github]",
    "name": "name:",
    "updated": "updated:",
}


CHALLENGE_SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/challenge.schema.json"
# What `startupdir new-challenge` writes for a field left empty (as PLACEHOLDERS).
CHALLENGE_PLACEHOLDERS = {
    "title": "title:\n  fr:\n  # en:",
    "company": ("company:\n  name:\n  # website: https://…\n  # logo: logos/nom-du-fichier.png"),
    "summary": "summary:\n  fr:\n  # en:",
    "problem": "problem:\n  fr: |\n\n  # en: |\n  #   …",
    "sectors": "sectors: []",
    "needs": "# needs: [open-innovation]",
    "stages": "# stages: [seed, series-a]",
    "cities": "# cities: [capitale]",
    "format": "format:",
    "reward": "# reward:\n#   fr: Pilote rémunéré de six mois",
    "opens": "opens:",
    "deadline": "deadline:",
    "apply": "apply:",
    "program": "# program: identifiant-du-programme",
    "contact": "# contact:\n#   email: defis@votre-domaine.ma",
    "updated": "updated:",
    "maintainers": "# maintainers: [votre-compte-github]",
}


class ScaffoldError(Exception):
    pass


def template_fields(cls: type = Startup) -> list[dict]:
    """Each field with its French documentation, for the template to lay out."""
    rows = []
    for name, fs in fields_of(cls):
        rows.append(
            {
                "name": name,
                "doc": fs.doc,
                "rule": fs.kind.describe(),
                "required": fs.required,
            }
        )
    return rows


def field_comment(row: dict) -> str:
    """The comment line above a field (its documentation, required or not, its rule)."""
    need = "obligatoire" if row["required"] else "facultatif"
    return f"# {row['doc']} ({need}) : {row['rule']}."


def header(guide: str | None = None) -> str:
    """The template's first lines: the schema comment, then how to fill it."""
    return (
        environment("startupdir.content")
        .get_template("profile.yml.j2")
        .render(schema_comment=SCHEMA_COMMENT, guide=guide or GUIDE_PATH)
    )


def blocks(cls: type = Startup, placeholders: dict[str, str] = PLACEHOLDERS) -> list[dict]:
    """The template's blocks in the declaration's order: name, comment, placeholder."""
    return [
        {"name": row["name"], "comment": field_comment(row), "empty": placeholders[row["name"]]}
        for row in template_fields(cls)
    ]


# ---------------------------------------------------------------------------
# Values as YAML (form.js's twin: theme/assets/javascripts/form.js, yamlValue)


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes, which YAML reads the same)."""
    return json.dumps(text, ensure_ascii=False)


def is_empty(value: Any) -> bool:
    if value is None or value == [] or value == ():
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def scalar(kind, value: Any) -> str:
    if isinstance(kind, Integer):
        return str(int(value))
    if isinstance(kind, Boolean):
        return "true" if value else "false"
    if isinstance(kind, Date):
        return value if isinstance(value, str) else value.isoformat()
    if isinstance(kind, PlainText):
        return quoted(" ".join(str(value).split()))
    if isinstance(kind, Url | Email | LogoPath):
        return quoted(str(value).strip())
    return str(value).strip()  # identifiers, codes, accounts: plain


def value_lines(kind, key: str, value: Any, indent: str) -> list[str]:
    """The lines of ``key: value`` at ``indent``."""
    if isinstance(kind, I18n):
        lines = [f"{indent}{key}:"]
        for lang in LANGUAGES:
            text = (value or {}).get(lang)
            if not is_empty(text):
                lines += value_lines(kind.text, lang, text, indent + INDENT)
        return lines
    if isinstance(kind, Markdown):
        body = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        inner = indent + INDENT
        return [f"{indent}{key}: |"] + [inner + line if line else "" for line in body.split("\n")]
    if isinstance(kind, Object):
        return [f"{indent}{key}:"] + object_lines(kind.cls, value, indent + INDENT)
    if isinstance(kind, ListOf) and isinstance(kind.item, Object):
        lines = [f"{indent}{key}:"]
        for item in value:
            rows = object_lines(kind.item.cls, item, indent + INDENT + INDENT)
            if rows:
                first = indent + INDENT + "- " + rows[0].lstrip(" ")
                lines += [first, *rows[1:]]
        return lines
    if isinstance(kind, ListOf):
        return [f"{indent}{key}: [" + ", ".join(scalar(kind.item, v) for v in value) + "]"]
    return [f"{indent}{key}: {scalar(kind, value)}"]


def object_lines(cls, values: dict, indent: str) -> list[str]:
    lines: list[str] = []
    for name, fs in fields_of(cls):
        value = values.get(name)
        if not is_empty(value):
            lines += value_lines(fs.kind, name, value, indent)
    return lines


def extra_lines(values: dict) -> list[str]:
    """Keys the declaration does not know, kept as they were (JSON is YAML)."""
    known = {name for name, _ in fields_of(Startup)}
    return [
        f"{key}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in values.items()
        if key not in known
    ]


def profile_text(
    name: str, updated=None, *, values: dict | None = None, guide: str | None = None
) -> str:
    """The profile as `startupdir new` writes it; with ``values`` (the profile as plain
    data, as YAML reads it), the fields given are written in place of their placeholders."""
    values = dict(values or {})
    values["name"] = " ".join(name.split())
    values["updated"] = values.get("updated") or (updated or today()).isoformat()
    if not isinstance(values["updated"], str):
        values["updated"] = values["updated"].isoformat()
    kinds = dict(fields_of(Startup))
    parts = [header(guide)]
    for block in blocks():
        value = values.get(block["name"])
        if is_empty(value):
            body = block["empty"]
        else:
            body = "\n".join(value_lines(kinds[block["name"]].kind, block["name"], value, ""))
        parts.append(f"\n{block['comment']}\n{body}\n")
    extra = extra_lines(values)
    if extra:
        parts.append("\n" + "\n".join(extra) + "\n")
    return "".join(parts)


_SITE_URL = re.compile(r"^site_url:\s*(.+?)\s*$", re.M)
_ENV = re.compile(r"^!ENV\s*\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*[\"']?([^\"'\]]*)[\"']?\s*\]$")


def guide_address(root: Path) -> str:
    """The guide's address from mkdocs.yml's site_url (``!ENV [VAR, default]`` read as
    MkDocs does), else its path on the site."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return GUIDE_PATH
    match = _SITE_URL.search(text)
    if not match:
        return GUIDE_PATH
    raw = match.group(1)
    env = _ENV.match(raw)
    if env:
        raw = os.environ.get(env.group(1)) or env.group(2)
    raw = raw.strip("\"'")
    if not raw.startswith(("http://", "https://")):
        return GUIDE_PATH
    return raw.rstrip("/") + GUIDE_PATH


def write_new(path: Path, text: str) -> Path:
    """A new file, never one that exists (open "x"), with Unix line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def new_data_file(root: Path, folder: str, title: str, slug: str | None, what: str) -> Path:
    """The path of a new profile or challenge (``what``: « ce profil », « ce défi »): its
    slug derived from the title unless given, checked, and free."""
    slug = slug or slugify(title)[:60].strip("-")
    problem = slug_problem(slug)
    if problem:
        message, hint = problem
        raise ScaffoldError(f"{message} — {hint} (option --slug)")
    path = root / folder / f"{slug}.yml"
    if path.exists():
        raise ScaffoldError(
            f"{path.relative_to(root).as_posix()} existe déjà : modifiez {what} au lieu d'en créer un autre"
        )
    return path


def new_profile(root: Path, name: str, slug: str | None = None) -> Path:
    path = new_data_file(root, PROFILE_DIR, name, slug, "ce profil")
    return write_new(path, profile_text(name, guide=guide_address(root)))


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
    return write_new(path, text)


def challenge_text(title: str, updated=None, *, guide: str | None = None) -> str:
    """The challenge as `startupdir new-challenge` writes it: the French title and the
    review date filled, every other field a commented placeholder."""
    kinds = dict(fields_of(Challenge))
    values: dict[str, Any] = {
        "title": {"fr": " ".join(title.split())},
        "updated": (updated or today()).isoformat(),
    }
    parts = [
        environment("startupdir.content")
        .get_template("challenge.yml.j2")
        .render(schema_comment=CHALLENGE_SCHEMA_COMMENT, guide=guide or GUIDE_PATH)
    ]
    for block in blocks(Challenge, CHALLENGE_PLACEHOLDERS):
        value = values.get(block["name"])
        if value is None:
            body = block["empty"]
        else:
            body = "\n".join(value_lines(kinds[block["name"]].kind, block["name"], value, ""))
        parts.append(f"\n{block['comment']}\n{body}\n")
    return "".join(parts)


def new_challenge(root: Path, title: str, slug: str | None = None) -> Path:
    """challenges/<slug>.yml from the commented template; never overwrites a challenge."""
    if not slugify(title):
        raise ScaffoldError("le titre doit contenir au moins une lettre ou un chiffre")
    path = new_data_file(root, CHALLENGE_DIR, title, slug, "ce défi")
    return write_new(path, challenge_text(title, guide=guide_address(root)))
