"""The contributor's guide (/contribuer/, /en/contribute/): what the plugin writes in place
of its markers, from the model, taxonomy.yml and mkdocs.yml.

- ``<!-- startupdir:modele -->``: the commented profile template (what `startupdir new`
  writes), in a block that wraps on a phone, with a copy button;
- ``<!-- startupdir:valeurs -->``: every allowed value of every list the model refers to
  (the vocabularies of taxonomy.yml, the fixed choices such as `status`), with its label
  in the page's language;
- ``<!-- startupdir:champs -->``: the field reference (``docs.field_table``);
- ``<!-- startupdir:liens -->``: Markdown link reference definitions, so the hand-written
  text links the repository and GitHub's pages by name (``[le dépôt][sd-repo]``) and no
  address is written by hand: they come from mkdocs.yml's ``repo_url`` and ``site_url``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from startupdir.content.challenges import Challenge
from startupdir.content.model import PROFILE_DIR, Startup
from startupdir.content.posts import POSTS_DIR
from startupdir.content.render import environment
from startupdir.content.scaffold import profile_text
from startupdir.content.schema import ListOf, Object, fields_of
from startupdir.content.schema_kinds import Choice, Ref
from startupdir.content.vocabularies import VOCABULARIES
from startupdir.site import pages, urls
from startupdir.site.docs import field_table
from startupdir.site.views import Views

TEMPLATE = "<!-- startupdir:modele -->"
FIELDS = "<!-- startupdir:champs -->"
CHALLENGE_FIELDS = "<!-- startupdir:champs-defi -->"  # the fields of challenges/<slug>.yml
VALUES = "<!-- startupdir:valeurs -->"
LINKS = "<!-- startupdir:liens -->"
# The catalogue key of each value of the model's fixed choices ({value} filled in).
CHOICE_LABELS = {"status": "status.{value}", "business_model": "guide.business_model.{value}"}
# A new post's name in GitHub's form: the date, then a short title to change.
POST_NAME = "titre"
POST_TITLE = "Titre de l'actualité"  # posts are written in French
GITHUB = "https://github.com/"  # where the links lead when mkdocs.yml has no repo_url


@dataclass(frozen=True)
class ValueList:
    """One list of allowed values: its title, the fields that take it, (value, label, lang)."""

    key: str  # vocabulary id, or the field of a fixed choice
    title: str  # its catalogue key
    fields: tuple[str, ...]
    values: tuple[tuple[str, str, str], ...]


def value_fields(cls=Startup, prefix: str = "") -> dict[str, list[str]]:
    """Vocabulary id or choice field -> the field paths that take its values (the
    field reference's notation: ``programs[].id``), walking the model's declaration."""
    found: dict[str, list[str]] = {}
    for name, fs in fields_of(cls):
        path = prefix + name
        inner = fs.kind.item if isinstance(fs.kind, ListOf) else fs.kind
        if isinstance(inner, Ref) and inner.vocabulary in VOCABULARIES:
            found.setdefault(inner.vocabulary, []).append(path)
        elif isinstance(inner, Choice):
            found.setdefault(name, []).append(path)
        elif isinstance(inner, Object):
            nested = f"{path}[]." if isinstance(fs.kind, ListOf) else f"{path}."
            for key, paths in value_fields(inner.cls, nested).items():
                found.setdefault(key, []).extend(paths)
    return found


def choice_values(field: str) -> tuple[str, ...]:
    for name, fs in fields_of(Startup):
        inner = fs.kind.item if isinstance(fs.kind, ListOf) else fs.kind
        if name == field and isinstance(inner, Choice):
            return inner.values
    return ()


def value_lists(views: Views) -> list[ValueList]:
    """The vocabularies in taxonomy.yml's order, then the fixed choices, in the model's."""
    tr, taxonomy = views.tr, views.taxonomy
    fields = value_fields()
    out = []
    for vocabulary in VOCABULARIES.values():
        terms = getattr(taxonomy, vocabulary.id)
        values = tuple((term.id, *tr.text(term.label)) for term in terms)
        title = f"vocabulary.{vocabulary.id}.title"
        out.append(ValueList(vocabulary.id, title, tuple(fields[vocabulary.id]), values))
    titles = {"status": "profile.status", "business_model": "profile.business_model"}
    for field, key in CHOICE_LABELS.items():
        labels = tuple((v, tr.t(key.format(value=v)), tr.lang) for v in choice_values(field))
        out.append(ValueList(field, titles[field], tuple(fields[field]), labels))
    return out


def values_block(views: Views) -> str:
    block = (
        environment("startupdir.site")
        .get_template("guide_values.html.j2")
        .render(t=views.tr.html, lang=views.lang, lists=value_lists(views))
    )
    return pages.compact(block)


def template_block(views: Views, updated: dt.date | None) -> str:
    """The profile template in a block that wraps on a phone, with a copy button. Its
    line breaks are written as character references: the block is one line of HTML,
    which Markdown keeps as it is (blank lines and indentation included)."""
    guide = urls.absolute(views.site.url, urls.CONTRIBUTE) if views.site.url else None
    text = profile_text("Ma Startup", updated, guide=guide)  # reproducible: no "today"
    block = (
        environment("startupdir.site")
        .get_template("guide_template.html.j2")
        .render(t=views.tr.html, text=text)
    )
    return pages.compact(block)


def branch(edit_uri: str) -> str:
    """The branch of an edit_uri such as ``edit/main/`` (GitHub's /edit/<branch>/ path)."""
    parts = edit_uri.strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob", "tree") else "main"


def post_template(day: dt.date, title: str = POST_TITLE) -> tuple[str, str]:
    """(file name, text) of a new post dated ``day``: the template `startupdir new-post`
    writes (content/templates/post.md.j2), as a draft."""
    text = (
        environment("startupdir.content")
        .get_template("post.md.j2")
        .render(date=day.isoformat(), title=title)
    )
    return f"{day.isoformat()}-{POST_NAME}.md", text


def new_file_url(repo: str, ref: str, folder: str, filename: str = "", value: str = "") -> str:
    """GitHub's « new file » page in ``folder``, the name and the content filled in."""
    query = urlencode(
        {k: v for k, v in (("filename", filename), ("value", value)) if v}, quote_via=quote
    )
    return f"{repo}/new/{ref}/{folder}" + (f"?{query}" if query else "")


def links(views: Views, edit_uri: str, day: dt.date) -> dict[str, str]:
    """The addresses the guide's text refers to, by reference name."""
    repo, ref = views.site.repo_url.rstrip("/"), branch(edit_uri)
    if not repo:
        return dict.fromkeys(("sd-repo", "sd-profiles", "sd-new-profile", "sd-new-post"), GITHUB)
    filename, text = post_template(day)
    return {
        "sd-repo": repo,
        "sd-profiles": f"{repo}/tree/{ref}/{PROFILE_DIR}",
        "sd-new-profile": new_file_url(repo, ref, PROFILE_DIR),
        "sd-new-post": new_file_url(repo, ref, POSTS_DIR, filename, text),
    }


def link_definitions(addresses: dict[str, str]) -> str:
    """Markdown link reference definitions (no markup: Markdown makes the links)."""
    return "\n".join(f"[{name}]: {url}" for name, url in addresses.items())


def fill(markdown: str, views: Views, edit_uri: str, day: dt.date, updated: dt.date | None) -> str:
    """The guide's page with every marker replaced (the plugin's on_page_markdown)."""
    for marker, block in (
        (FIELDS, lambda: field_table(views.tr)),
        (CHALLENGE_FIELDS, lambda: field_table(views.tr, Challenge)),
        (TEMPLATE, lambda: template_block(views, updated)),
        (VALUES, lambda: values_block(views)),
        (LINKS, lambda: link_definitions(links(views, edit_uri, day))),
    ):
        if marker in markdown:
            markdown = markdown.replace(marker, block())
    return markdown
