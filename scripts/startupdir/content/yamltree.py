"""The YAML event tree: libyaml's events -> a small tree of located nodes.

The C parser (libyaml) only produces events here; we build the tree ourselves while
enforcing the rules that make hostile files harmless: one document, a mapping at the
root, no anchors, aliases, tags or merge keys, nesting at most MAX_DEPTH, no
duplicate keys. No YAML type is guessed: scalars stay the text that was typed, and
the schema decides what they mean.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import yaml

from startupdir.content import invisible
from startupdir.content.yamltext import _BREAK_RE, YamlProblem, _break_problem

MAX_DEPTH = 10

_Parser: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    _Parser = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader


@dataclass(slots=True)
class Node:
    kind: str  # "scalar", "mapping" or "sequence"
    line: int  # 1-based
    col: int  # 1-based
    value: str = ""
    style: str = ""  # "" for plain scalars, else one of ' " | >
    indent: int = 0  # block scalars: column (0-based) where their content starts
    items: list = field(default_factory=list)
    start: int = 0  # scalars: where they begin and end in the text (character positions)
    end: int = 0
    escaped: bool = False  # a double-quoted scalar written with a backslash escape
    normal: tuple | None = None  # set by the schema: (text it read, Scan of it)

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.style == "" and self.value in ("", "~")


def _mark(event) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _refuse_decorations(event) -> None:
    if type(event) is yaml.AliasEvent:
        line, col = _mark(event)
        raise YamlProblem(
            line,
            col,
            f"alias YAML « *{event.anchor} » interdit",
            "recopiez la valeur au lieu d'y faire référence",
        )
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        line, col = _mark(event)
        raise YamlProblem(
            line,
            col,
            f"ancre YAML « &{anchor} » interdite",
            "supprimez « &" + anchor + " » : un profil n'a pas besoin d'ancres",
        )
    tag = getattr(event, "tag", None)
    if tag is not None:
        line, col = _mark(event)
        raise YamlProblem(
            line,
            col,
            f"étiquette de type YAML « {tag} » interdite",
            "supprimez l'étiquette ; écrivez la valeur seule",
        )


def _build(parser, duplicates: list, text: str = "", back: dict | None = None) -> Node:
    lines = text.split("\n")
    spans: list[tuple[int, int]] | None = [] if invisible.BIDI_RE.search(text) else None
    stack: list[Node] = []
    keys: list[dict[str, int]] = []
    pending_key: list[Node | None] = []
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "sequence":
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if node.kind != "scalar":
                raise YamlProblem(
                    node.line,
                    node.col,
                    "clé complexe interdite",
                    "chaque clé doit être un simple nom de champ",
                )
            if back is not None and (hidden := _BREAK_RE.search(node.value)):
                lines_at = text.split("\n")
                at = node.start + hidden.start()
                line0 = text.count("\n", 0, at)
                raise _break_problem(lines_at, line0, at - (text.rfind("\n", 0, at) + 1))
            if node.style == "" and node.value == "<<":
                raise YamlProblem(
                    node.line,
                    node.col,
                    "clé de fusion YAML « << » interdite",
                    "écrivez les champs en entier",
                )
            seen = keys[-1]
            if node.value in seen:
                duplicates.append(
                    YamlProblem(
                        node.line,
                        node.col,
                        f"champ « {node.value} » en double (déjà présent à la ligne {seen[node.value]})",
                        "gardez une seule occurrence de ce champ",
                        field=node.value,
                    )
                )
                node.kind = "duplicate"
            else:
                seen[node.value] = node.line
            pending_key[-1] = node
        else:
            if key.kind != "duplicate":
                parent.items.append((key, node))
            pending_key[-1] = None

    while True:
        event = parser.get_event()
        kind = type(event)
        if event is None or kind is yaml.StreamEndEvent:
            break
        if kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
            continue
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                line, col = _mark(event)
                raise YamlProblem(
                    line,
                    col,
                    "plusieurs documents YAML dans un seul fichier",
                    "un fichier contient un seul profil : supprimez la ligne « --- » et la suite",
                )
            continue
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            keys.pop()
            pending_key.pop()
            continue
        _refuse_decorations(event)
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        if kind is yaml.ScalarEvent:
            style = event.style or ""
            start, end = mark.index, event.end_mark.index
            value = event.value if back is None else event.value.translate(back)
            node = Node("scalar", line, col, value=value, style=style, start=start, end=end)
            if style == '"':
                node.escaped = "\\" in text[start:end]
            if spans is not None:
                spans.append((start, end))
            if style in ("|", ">"):
                body = [s for s in lines[line : event.end_mark.line + 1] if s.strip()]
                node.indent = len(body[0]) - len(body[0].lstrip(" ")) if body else 0
            attach(node)
        else:  # MappingStartEvent or SequenceStartEvent
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(
                    line,
                    col,
                    f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                    "un profil n'a jamais besoin de plus de trois niveaux",
                )
            node = Node("mapping" if kind is yaml.MappingStartEvent else "sequence", line, col)
            attach(node)
            stack.append(node)
            keys.append({})
            pending_key.append(None)
    if root is None:
        raise YamlProblem(
            1, 1, "le fichier est vide", "copiez le modèle de profil et remplissez-le"
        )
    if spans is not None:
        duplicates.extend(_bidi_outside(text, spans))
    return root


def _bidi_outside(text: str, spans: list[tuple[int, int]]) -> list[YamlProblem]:
    """Bidirectional controls outside every value (comments, keys' surroundings): refused
    there too, as they change what a reviewer reads. Those inside a value are the field's."""
    starts = [start for start, _ in spans]
    found = []
    for pos in invisible.bidi_positions(text):
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < spans[i][1]:
            continue
        line, col, message, hint = invisible.refusal_at(text, pos)
        found.append(YamlProblem(line + 1, col, message, hint))
    return found
