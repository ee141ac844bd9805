"""Field kinds: how one value is read from a node, checked, documented and exported.

The data model (``model.py``) declares every field once with ``spec(kind, ...)``; the
validator, the JSON Schema export and the documentation table all walk those
declarations. A kind turns a located node into a clean Python value or records
problems; it never trusts the YAML type guessing. Its rule (``describe``) is worded in
French, the reference, and in English, the two wordings side by side in the kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from startupdir.content import clock, invisible
from startupdir.content.yamltree import Node

INVALID = object()  # returned by a kind when the value was rejected (a problem was recorded)

# ---------------------------------------------------------------------------
# Declaration helpers


@dataclass(frozen=True)
class FieldSpec:
    kind: Kind
    required: bool
    doc: str
    example: Any = None
    aliases: tuple[str, ...] = ()


def spec(kind: Kind, doc: str, *, required: bool = False, example: Any = None, aliases=()):
    """A dataclass field carrying its schema declaration in its metadata."""
    meta = {"spec": FieldSpec(kind, required, doc, example, tuple(aliases))}
    if required:
        return dataclasses.field(metadata=meta)
    default = () if isinstance(kind, ListOf) else None
    return dataclasses.field(default=default, metadata=meta)


def fields_of(cls) -> list[tuple[str, FieldSpec]]:
    return [(f.name, f.metadata["spec"]) for f in dataclasses.fields(cls) if "spec" in f.metadata]


# ---------------------------------------------------------------------------
# Context passed to kinds while checking one file


class Context:
    """Where problems go, and what cross-references resolve against."""

    def __init__(self, file: str, taxonomy=None, today: dt.date | None = None, base=None):
        self.file = file
        self.taxonomy = taxonomy
        self.today = today or clock.today()
        self.base = base  # folder that relative paths (logos) must stay inside
        self.known: dict[str, list[str]] = {}  # other vocabularies: authors, startups
        self.line_offset = 0  # front matter starts after the opening "---"
        self.problems: list = []

    def error(
        self,
        node: Node,
        path: str,
        message: str,
        hint: str = "",
        line=None,
        col=None,
        fixable: bool = False,
    ):
        from startupdir.content.problems import Problem

        self.problems.append(
            Problem(
                self.file,
                (line or node.line) + self.line_offset,
                col or node.col,
                path,
                message,
                hint,
                fixable=fixable,
            )
        )
        return INVALID


RULE_LANGUAGES = ("fr", "en")  # the languages a kind's rule (describe) is worded in


def worded(lang: str, fr: str, en: str) -> str:
    """One of a rule's two wordings: ``fr`` (the reference) or ``en``."""
    if lang not in RULE_LANGUAGES:
        raise ValueError(f"no wording of the rules in {lang!r}")
    return fr if lang == "fr" else en


def suggest(value: str, choices, *, many_hint: str = "") -> str:
    """A French hint: the closest allowed value, or the list when it is short."""
    choices = list(choices)
    if not choices:
        return many_hint
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.6)
    close = close or [c for c in choices if value and c.startswith(value.lower())][:1]
    if close:
        return f"vouliez-vous dire « {close[0]} » ?"
    if len(choices) <= 8:
        return "valeurs possibles : " + ", ".join(choices)
    return many_hint


class Kind:
    """Base class of field kinds."""

    strict_characters = True  # False for free texts, which clean_text checks

    def check(self, node: Node, path: str, ctx: Context):
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def describe(self, lang: str = "fr") -> str:
        """The rule, for the field documentation (French) and the profile form's help
        (French or English: ``lang``)."""
        raise NotImplementedError

    def scalar(self, node: Node, path: str, ctx: Context, what: str, hint: str):
        if node.kind != "scalar":
            return ctx.error(node, path, f"{what} attendu, pas une liste de valeurs", hint)
        if self.strict_characters:  # texts: see schema_text.clean_text
            pos = invisible.first_refused_strict(node.value)
            if pos is not None:
                fixable = invisible.strict_fixable(node.value, pos) and not node.escaped
                return refuse_character(node, path, ctx, node.value, pos, fixable)
        return node.value


# ---------------------------------------------------------------------------
# Located problems


def locate(node: Node, text: str, pos: int) -> tuple[int, int]:
    """Line and column of position ``pos`` of a scalar's text in the file (best effort)."""
    text, pos = invisible.origin(node, text, pos)  # back to the text as typed
    before = text[:pos]
    if node.style == "|":
        return node.line + 1 + before.count("\n"), node.indent + pos - before.rfind("\n")
    if node.style == ">":
        return node.line + 1 + before.count("\n"), node.col
    if "\n" in before:
        return node.line + before.count("\n"), node.col
    return node.line, node.col + pos + (1 if node.style in ("'", '"') else 0)


def refuse_character(node: Node, path: str, ctx: Context, text: str, pos: int, fixable: bool):
    """A problem for the character ``text[pos]``, named by what the contributor sees."""
    line, col = locate(node, text, pos)
    message, hint = invisible.explain(text, pos, col)
    return ctx.error(node, path, message, hint, line, col, fixable=fixable)


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
WINDOWS_RESERVED = (
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def slug_problem(value: str) -> tuple[str, str] | None:
    """Why a slug is refused (message, hint), or None when it is fine."""
    if not 2 <= len(value) <= 60:
        return (
            f"identifiant « {value[:60]} » de longueur {len(value)}",
            "entre 2 et 60 caractères",
        )
    if not SLUG.fullmatch(value):
        return (
            f"identifiant « {value[:60]} » invalide",
            "minuscules sans accents, chiffres et tirets simples (ex. atlas-pay)",
        )
    if value in WINDOWS_RESERVED:
        return (f"identifiant « {value} » réservé par Windows", "choisissez un autre nom")
    return None


# ---------------------------------------------------------------------------
# Containers


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    min_items: int = 0
    max_items: int | None = None
    unique: bool = True

    def check(self, node, path, ctx):
        if node.kind != "sequence":
            return ctx.error(
                node,
                path,
                "liste attendue",
                "écrivez les valeurs entre crochets, ex. [a, b], ou une par ligne précédée de « - »",
            )
        if len(node.items) < self.min_items:
            wanted = (
                "au moins une valeur attendue"
                if self.min_items == 1
                else f"au moins {self.min_items} valeurs attendues"
            )
            return ctx.error(node, path, wanted, "complétez la liste")
        if self.max_items is not None and len(node.items) > self.max_items:
            return ctx.error(
                node,
                path,
                f"{len(node.items)} valeurs, maximum {self.max_items}",
                f"gardez les {self.max_items} plus importantes",
            )
        values, ok, seen = [], True, {}
        for index, child in enumerate(node.items):
            value = self.item.check(child, f"{path}[{index}]", ctx)
            if value is INVALID:
                ok = False
                continue
            key = value if isinstance(value, str) else getattr(value, "id", None)
            if self.unique and key is not None:
                if key in seen:
                    ctx.error(
                        child,
                        f"{path}[{index}]",
                        f"valeur en double « {key} »",
                        "elle figure déjà dans la liste : supprimez ce doublon",
                    )
                    ok = False
                    continue
                seen[key] = index
            values.append(value)
        return tuple(values) if ok else INVALID

    def json_schema(self):
        out = {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        if self.unique:
            out["uniqueItems"] = True
        return out

    def describe(self, lang="fr"):
        bounds = ""
        if self.min_items or self.max_items:
            to = worded(lang, "à", "to")
            bounds = f" ({self.min_items} {to} {self.max_items})" if self.max_items else ""
        if isinstance(self.item, Object):
            inner = worded(lang, "éléments", "items")
        else:
            inner = self.item.describe(lang)
        return worded(
            lang, f"liste{bounds}, sans doublon : {inner}", f"list{bounds}, no duplicates: {inner}"
        )


@dataclass(frozen=True)
class MapOf(Kind):
    """A mapping from identifiers to values of one kind (e.g. authors by id)."""

    value: Kind

    def check(self, node, path, ctx):
        if node.kind != "mapping":
            return ctx.error(
                node, path, "table « identifiant: … » attendue", "un identifiant par ligne"
            )
        values, ok = {}, True
        for key, child in node.items:
            problem = slug_problem(key.value)
            if problem:
                ctx.error(key, f"{path}.{key.value}", *problem)
                ok = False
                continue
            value = self.value.check(child, f"{path}.{key.value}", ctx)
            if value is INVALID:
                ok = False
            else:
                values[key.value] = value
        return values if ok else INVALID

    def json_schema(self):
        return {"type": "object", "additionalProperties": self.value.json_schema()}

    def describe(self, lang="fr"):
        return worded(lang, "table d'identifiants", "table of identifiers")


@dataclass(frozen=True)
class Object(Kind):
    cls: type = object

    def check(self, node, path, ctx):
        return check_object(self.cls, node, path, ctx)

    def json_schema(self):
        return object_schema(self.cls)

    def describe(self, lang="fr"):
        names = ", ".join(f"`{name}`" for name, _ in fields_of(self.cls))
        return worded(lang, f"groupe de champs : {names}", f"group of fields: {names}")


def check_object(cls, node: Node, path: str, ctx: Context):
    """Read a mapping node into a frozen ``cls`` instance, recording every problem."""
    declared = dict(fields_of(cls))
    prefix = f"{path}." if path else ""
    if node.kind != "mapping":
        return ctx.error(
            node,
            path,
            "groupe de champs attendu"
            if path
            else "le fichier doit contenir des champs « nom: valeur »",
            "écrivez un champ par ligne, « nom: valeur »",
        )
    aliases = {alias: name for name, fs in declared.items() for alias in fs.aliases}
    values, ok = {}, True
    for key, value in node.items:
        name = key.value
        if name not in declared:
            if name in aliases:
                hint = f"vouliez-vous dire « {aliases[name]} » ?"
            else:
                hint = suggest(
                    name,
                    declared,
                    many_hint="voir la liste des champs dans le guide du contributeur",
                )
            ctx.error(key, prefix + name, f"champ inconnu « {name[:40]} »", hint)
            ok = False
            continue
        fs = declared[name]
        if value.is_null:
            if fs.required:
                example = (
                    f" (ex. « {name}: {fs.example} »)" if isinstance(fs.example, str | int) else ""
                )
                ctx.error(value, prefix + name, "valeur vide", f"complétez ce champ{example}")
                ok = False
            continue
        checked = fs.kind.check(value, prefix + name, ctx)
        if checked is INVALID:
            ok = False
        else:
            values[name] = checked
    present = {k.value for k, _ in node.items} | {
        aliases[k.value] for k, _ in node.items if k.value in aliases
    }
    for name, fs in declared.items():
        if fs.required and name not in values and name not in present:
            example = f" (ex. « {name}: {fs.example} »)" if fs.example is not None else ""
            ctx.error(
                node,
                prefix + name,
                f"champ obligatoire « {name} » manquant",
                f"ajoutez-le{example}",
            )
            ok = False
    if not ok:
        return INVALID
    return cls(**values)


def object_schema(cls) -> dict:
    props, required = {}, []
    for name, fs in fields_of(cls):
        schema = dict(fs.kind.json_schema())
        schema["description"] = fs.doc
        if fs.example is not None:
            schema["examples"] = [fs.example]
        props[name] = schema
        if fs.required:
            required.append(name)
    out = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    return out
