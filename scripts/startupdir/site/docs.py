"""The contributor's field reference, generated from the model declaration."""

from __future__ import annotations

from startupdir.content.model import Startup
from startupdir.content.schema import ListOf, Object, fields_of


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


def field_table() -> str:
    lines = [
        "| Champ | Obligatoire | Description | Règle |",
        "| --- | --- | --- | --- |",
    ]
    for path, required, doc, rule in field_rows():
        cells = [f"`{path}`", required, doc, rule]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)
