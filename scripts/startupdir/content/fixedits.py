"""`startupdir validate --fix`'s corrections, as edits of the text: which kind reads
each scalar (and what it means to the validator), the notes that say what is corrected,
and the edits of characters in free text and values and of blanks at the end of lines.
``fix`` applies them to a file and checks them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from startupdir.content import invisible
from startupdir.content.schema import Kind, ListOf, MapOf, Object, fields_of
from startupdir.content.schema_kinds import Url
from startupdir.content.schema_text import LANGUAGES, I18n, Markdown, PlainText
from startupdir.content.typos import corrected_url
from startupdir.content.yamltree import Node

_TERMINATOR = re.compile(r"\r\n|\r|\n")
_TRAILING = re.compile(r"[ \t]+$", re.M)


@dataclass(frozen=True)
class Change:
    """One correction, on a line of the file as it was (1-based)."""

    line: int
    message: str


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (never a line break) by ``new``; ``note`` says what it
    corrects, ``owner`` is the scalar it belongs to (its position in the walk), if any."""

    start: int
    end: int
    new: str
    note: str
    owner: int | None = None


@dataclass
class _Text:
    """The file's text (line feeds only) and, for each of its lines, the line of the file
    as it was, and, for each line feed, the line ending to write."""

    text: str
    origin: list[int]
    endings: list[str]
    changes: list[Change] = field(default_factory=list)

    def style(self) -> str:
        return Counter(self.endings).most_common(1)[0][0] if self.endings else "\n"

    def apply(self, edits: list[Edit]) -> None:
        """Apply non-overlapping edits; notes become changes on the file's lines."""
        out, origin, endings = [], [self.origin[0]], []
        line, pos = 0, 0
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            segment = self.text[pos : edit.start]
            for _ in range(segment.count("\n")):
                endings.append(self.endings[line])
                line += 1
                origin.append(self.origin[line])
            out.append(segment)
            out.append(edit.new)
            self.changes.append(Change(self.origin[line], edit.note))
            for _ in range(edit.new.count("\n")):
                endings.append(self.endings[line] if line < len(self.endings) else self.style())
                origin.append(self.origin[line])
            pos = edit.end
        segment = self.text[pos:]
        for _ in range(segment.count("\n")):
            endings.append(self.endings[line])
            line += 1
            origin.append(self.origin[line])
        out.append(segment)
        self.text, self.origin, self.endings = "".join(out), origin, endings

    def serialise(self) -> str:
        pieces = self.text.split("\n")
        return "".join(
            p + (self.endings[i] if i < len(self.endings) else "") for i, p in enumerate(pieces)
        )


def _read(raw: str) -> _Text:
    pieces = _TERMINATOR.split(raw)
    endings = _TERMINATOR.findall(raw)
    return _Text("\n".join(pieces), list(range(1, len(pieces) + 1)), endings)


# ---------------------------------------------------------------------------
# Which kind reads which scalar


@dataclass(frozen=True)
class _Scalar:
    node: Node
    kind: Kind | None  # None: a key, or a value no field reads


def _walk_kind(kind: Kind | None, node: Node, out: list[_Scalar]) -> None:
    if isinstance(kind, Object):
        _walk_object(kind.cls, node, out)
    elif isinstance(kind, ListOf) and node.kind == "sequence":
        for item in node.items:
            _walk_kind(kind.item, item, out)
    elif isinstance(kind, I18n) and node.kind == "mapping":
        for key, value in node.items:
            out.append(_Scalar(key, None))
            _walk_kind(kind.text if key.value in LANGUAGES else None, value, out)
    elif isinstance(kind, MapOf) and node.kind == "mapping":
        for key, value in node.items:
            out.append(_Scalar(key, None))
            _walk_kind(kind.value, value, out)
    else:
        _walk_any(node, out, kind if node.kind == "scalar" and not node.is_null else None)


def _walk_any(node: Node, out: list[_Scalar], kind: Kind | None = None) -> None:
    if node.kind == "scalar":
        out.append(_Scalar(node, kind))
    elif node.kind == "sequence":
        for item in node.items:
            _walk_any(item, out)
    else:
        for key, value in node.items:
            out.append(_Scalar(key, None))
            _walk_any(value, out)


def _walk_object(cls, node: Node, out: list[_Scalar]) -> None:
    if node.kind != "mapping":
        _walk_any(node, out)
        return
    declared = dict(fields_of(cls))
    for key, value in node.items:
        out.append(_Scalar(key, None))
        spec = declared.get(key.value)
        if spec is None:
            _walk_any(value, out)
        else:
            _walk_kind(spec.kind, value, out)


def scalars(cls, root: Node) -> list[_Scalar]:
    """Every scalar of the tree in the order of the file, with the kind that reads it."""
    out: list[_Scalar] = []
    _walk_object(cls, root, out)
    return out


def _mode(kind: Kind | None) -> str:
    if kind is None:
        return "raw"
    if isinstance(kind, Markdown):
        return "markdown"
    if isinstance(kind, PlainText):
        return "text"
    return "strict"


def meaning(item: _Scalar) -> tuple:
    """What the validator reads in a scalar, once what --fix corrects is corrected."""
    value, mode = item.node.value, _mode(item.kind)
    if mode == "markdown":
        return (mode, invisible.normalise(value, multiline=True).strip())
    if mode == "text":
        return (mode, " ".join(invisible.normalise(value, multiline=False).split()))
    if mode == "strict":
        fixed = invisible.strict_fix(value)
        if isinstance(item.kind, Url):
            fixed = corrected_url(fixed) or fixed
        return (mode, fixed)
    return (mode, item.node.style, value)


# ---------------------------------------------------------------------------
# Notes (French, one per correction)


def _dropped(char: str) -> str:
    return f"caractère invisible supprimé : {invisible.describe(char)[0]}"


def _tab(spaces: int) -> str:
    return f"tabulation remplacée par {spaces} espace{'s' if spaces > 1 else ''}"


def _break(char: str, new: str) -> str:
    name = invisible.describe(char)[0]
    if not new:
        return f"{name} supprimé"
    if new == " ":
        return f"{name} remplacé par un espace"
    if new.count("\n") > 1:
        return f"{name} remplacé par une ligne vide"
    return f"{name} remplacé par un vrai retour à la ligne"


_BLANKS = "blancs en fin de ligne supprimés"
_FINAL = "retour à la ligne ajouté en fin de fichier"


# ---------------------------------------------------------------------------
# Characters of free text and of values


def _line_edits(
    text: str, start: int, end: int, owner: int | None, *, indent: str = "", post: bool = False
) -> list[Edit]:
    """Edits normalising text[start:end], one line of Markdown (of a literal block, after
    its indentation ``indent``, or of a post), as the validator reads it: U+2028 and co.
    become real line breaks, the next line indented by ``indent``. In a ``post``, tab stops
    are counted on the line as typed, as MkDocs' Markdown reads the file."""
    line = text[start:end]
    edits, column = [], 0
    for pos, char in enumerate(line):
        if char == "\t":
            spaces = invisible.TAB_SIZE - column % invisible.TAB_SIZE
            edits.append(Edit(start + pos, start + pos + 1, " " * spaces, _tab(spaces), owner))
            column += spaces
        elif char in invisible.BREAKS:
            new = "\n" * invisible.BREAKS[char].count("\n") + indent
            if not line[pos + 1 :].strip(" \t"):  # it ends the line: no new line
                new = "\n" * (new.count("\n") - 1)
            edits.append(Edit(start + pos, start + pos + 1, new, _break(char, new), owner))
            column = 0
        elif char in invisible.DROPPED or (
            char in invisible.JOINERS and not invisible.joiner_needed(line, pos)
        ):
            edits.append(Edit(start + pos, start + pos + 1, "", _dropped(char), owner))
            column += post
        else:
            column += 1
    return edits


def _drops(text: str, start: int, end: int, owner: int) -> list[Edit]:
    """Invisible characters that draw nothing, removed from text[start:end] as typed."""
    span = text[start:end]
    return [
        Edit(start + pos, start + pos + 1, "", _dropped(char), owner)
        for pos, char in enumerate(span)
        if char in invisible.DROPPED
        or (char in invisible.JOINERS and not invisible.joiner_needed(span, pos))
    ]


def _one_line_value(item: _Scalar) -> tuple[str, list[str]]:
    """The value --fix writes for a one-line scalar, and the notes of its corrections."""
    value, mode, notes = item.node.value, _mode(item.kind), []
    out = []
    for pos, char in enumerate(value):
        if char in invisible.DROPPED or (
            char in invisible.JOINERS and not invisible.joiner_needed(value, pos)
        ):
            notes.append(_dropped(char))
        elif mode == "text" and (char == "\t" or char in invisible.BREAKS):
            out.append(" ")
            notes.append(_tab(1) if char == "\t" else _break(char, " "))
        elif mode == "markdown" and char == "\t" and not any(c in value for c in invisible.BREAKS):
            spaces = invisible.TAB_SIZE - len("".join(out)) % invisible.TAB_SIZE
            out.append(" " * spaces)
            notes.append(_tab(spaces))
        else:
            out.append(char)
    new = "".join(out)
    if mode == "strict":
        first, last = invisible.trim_bounds(new)
        for char in new[:first] + new[last:]:
            if char != " ":
                notes.append(
                    f"caractère supprimé au bord de la valeur : {invisible.describe(char)[0]}"
                )
        new = new[first:last]
        corrected = corrected_url(new) if isinstance(item.kind, Url) else None
        if corrected is not None:
            notes.append(f"adresse corrigée : « {new[:60]} » devient « {corrected[:60]} »")
            new = corrected
    return new, notes


def _value_edits(text: str, base: int, index: int, item: _Scalar) -> list[Edit]:
    """The corrections of one scalar (positions in ``text``; the node's are from ``base``)."""
    node, mode = item.node, _mode(item.kind)
    if mode == "raw" or (node.style == '"' and node.escaped):
        return []
    start, end = base + node.start, base + node.end
    if node.style == "|" and mode == "markdown":
        edits = []
        line_start = text.find("\n", start) + 1
        while 0 < line_start < end:
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            if text[line_start:line_end].strip():
                content = line_start + min(node.indent, len(text[line_start:line_end]))
                edits += _line_edits(text, content, line_end, index, indent=" " * node.indent)
            line_start = line_end + 1
        return edits
    if node.style in ("|", ">") or "\n" in text[start:end]:
        return _drops(text, start, end, index)
    new, notes = _one_line_value(item)
    if not notes:
        return []
    quote = node.style
    if quote == "'":
        new = new.replace("'", "''")
    elif quote == '"' and ('"' in new or "\\" in new):
        return []
    source = f"{quote}{new}{quote}"
    if source == text[start:end]:
        return []
    first, *rest = notes
    edits = [Edit(start, end, source, first, index)]
    # One edit rewrites the value; the other notes are said on the same line.
    edits += [Edit(end, end, "", note, index) for note in rest]
    return edits


# ---------------------------------------------------------------------------
# Blanks at the end of lines


def _hard_break(lines: list[str], i: int, indent: int) -> bool:
    """Two spaces ending a line of Markdown followed by a line of the same text (as
    indented): a line break."""
    line = lines[i]
    if not line.endswith("  ") or not line[indent:].strip() or i + 1 >= len(lines):
        return False
    following = lines[i + 1]
    return bool(following.strip()) and len(following) - len(following.lstrip(" ")) >= indent


def _blank_edits(text: str, start: int, end: int, owner_of, markdown_indent) -> list[Edit]:
    """Trailing blanks of the lines of text[start:end]; ``owner_of(pos)``: the scalar a
    position belongs to; ``markdown_indent(pos)``: the indentation of the Markdown text
    there (None when it is not Markdown)."""
    edits = []
    segment = text[start:end]
    lines = segment.split("\n")
    offset = start
    for i, line in enumerate(lines):
        match = _TRAILING.search(line)
        if match:
            pos = offset + match.start()
            indent = markdown_indent(pos)
            if indent is None or not _hard_break(lines, i, indent):
                edits.append(Edit(pos, offset + len(line), "", _BLANKS, owner_of(pos)))
        offset += len(line) + 1
    return edits
