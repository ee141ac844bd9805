"""The contributor's field reference, generated from the model declaration."""

from __future__ import annotations

from startupdir.content.model import Startup
from startupdir.content.render import environment
from startupdir.content.schema import ListOf, Object, fields_of
from startupdir.site.i18n import Catalogue, catalogue


def field_rows(cls=Startup, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(field path, required, documentation, rule) for every field, nested ones included."""
    rows = []
    for name, fs in fields_of(cls):
        path = prefix + name
        rows.append((path, "oui" if fs.required else "non", fs.doc, fs.kind.describe()))
        inner = fs.kind.item if isinstance(fs.kind, ListOf) else fs.kind
        if isinstance(inner, Object):
            nested = f"{path}[]." if isinstance(fs.kind, ListOf) else f"{path}."
            rows.extend(field_rows(inner.cls, nested))
    return rows


def field_table(tr: Catalogue | None = None, cls=Startup) -> str:
    """The reference of a model (a profile, a challenge) as one HTML block; in English, its
    headings are English and a note says the descriptions and rules, declared once with
    the schema, are in French."""
    tr = tr or catalogue("fr")
    html = (
        environment("startupdir.site")
        .get_template("field_table.html.j2")
        .render(rows=field_rows(cls), t=tr.html, lang=tr.lang, note=tr.t("docs.french_note"))
    )
    return "\n".join(line for line in html.splitlines() if line.strip())
