"""`startupdir validate --fix`: what a machine can correct safely, rewritten in place.

The fixes, on profiles and news posts:

- in free text (descriptions, taglines, roles, posts), what the validator already reads
  as harmless (see ``invisible``): U+FEFF, U+200B, U+2060, U+00AD and joiners no script
  needs are removed, tabulations become spaces, U+2028 / NEL become line breaks and U+2029
  an empty line (in a literal « | » block or a post's text; a space in a one-line text);
- in names, addresses, identifiers and accounts, the invisible characters the validator
  refuses but that draw nothing (and tabulations, special spaces or invisible line breaks
  before or after the value);
- a slip in a web address's scheme (« ttps:// », « htps:// », « https// »: see
  ``typos.corrected_url``);
- tabulations in the indentation, when every reading of them means the same
  (``load.untab``), and U+2028, U+2029 or NEL where YAML expects a line break;
- blanks at the end of lines (kept where two spaces end a line of a Markdown paragraph:
  that is a line break), and a missing line break at the end of the file.

It works on the text and never writes YAML again: every byte a fix does not name is kept
(comments, key order, quoting, line endings, a byte order mark). Each fix is checked before
it is written: read again, the file must give every field the value the validator read
before (descriptions and posts rendered to the same HTML when blanks are removed), bar
the correction itself; a fix that cannot be shown so is left undone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from startupdir.content import invisible, posthtml
from startupdir.content.load import (
    Node,
    YamlProblem,
    decode,
    parse,
    read_regular,
    repair_breaks,
    untab,
)
from startupdir.content.model import Startup
from startupdir.content.posts import PostMeta, split_front_matter
from startupdir.content.schema import Kind, ListOf, MapOf, Object, fields_of
from startupdir.content.schema_kinds import Url
from startupdir.content.schema_text import LANGUAGES, I18n, Markdown, PlainText
from startupdir.content.typos import corrected_url

BOM = b"\xef\xbb\xbf"
_TERMINATOR = re.compile(r"\r\n|\r|\n")
_TRAILING = re.compile(r"[ \t]+$", re.M)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


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


def _walk_kind(kind: Kind, node: Node, out: list[_Scalar]) -> None:
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
_ANY_DAY = dt.date(2000, 1, 1)  # no text kind reads the date
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


# ---------------------------------------------------------------------------
# A YAML document (a profile, a post's front matter)


def _structure(doc: _Text, start: int, end: int) -> tuple[int, int] | None:
    """Repair tabulations in the indentation and U+2028 and co. where YAML wants line
    breaks in doc.text[start:end]; its new end, or None when it is still refused."""
    for _ in range(3):
        part = doc.text[start:end]
        try:
            parse(part)
            return start, end
        except YamlProblem as problem:
            if problem.message.startswith("tabulation") and problem.fixable:
                fixed, _width = untab(part)
                edits = []
                offset = start
                for old, new in zip(part.split("\n"), fixed.split("\n"), strict=True):
                    if old != new:
                        lead = len(old) - len(old.lstrip(" \t"))
                        tabs = old[:lead].count("\t")
                        added = len(new) - len(old) + tabs
                        note = (
                            _tab(added)
                            if tabs == 1
                            else f"{tabs} tabulations remplacées par {added} espaces"
                        )
                        edits.append(
                            Edit(offset, offset + lead, new[: len(new) - len(old) + lead], note)
                        )
                    offset += len(old) + 1
            elif problem.position is not None and problem.fixable:
                edits = [
                    Edit(start + pos, start + pos + 1, new, _break(part[pos], new))
                    for pos, new in repair_breaks(part)
                ]
            else:
                return None
            before = len(doc.text)
            doc.apply(edits)
            end += len(doc.text) - before
    return None


def _fix_yaml(doc: _Text, start: int, end: int, cls) -> int | None:
    """Correct the YAML document doc.text[start:end] read as ``cls``; its new end, or
    None when it cannot be read (then only what needs no reading is done)."""
    span = _structure(doc, start, end)
    if span is None:
        return None
    start, end = span
    old_root, _ = parse(doc.text[start:end])
    old_items = scalars(cls, old_root)
    excluded: set[int] = set()
    # Characters, then blanks: each pass checked against the meaning read before it.
    for _ in range(4):
        edits = [
            e
            for i, item in enumerate(old_items)
            if i not in excluded
            for e in _value_edits(doc.text, start, i, item)
        ]
        trial = _Text(doc.text, list(doc.origin), list(doc.endings))
        before = len(trial.text)
        trial.apply(edits)
        bad = _mismatches(trial.text[start : end + len(trial.text) - before], cls, old_items)
        if bad is None:
            return end if not edits else _commit(doc, trial, end + len(trial.text) - before)
        if not bad - excluded:
            return end
        excluded |= bad
    return end


def _commit(doc: _Text, trial: _Text, end: int) -> int:
    doc.text, doc.origin, doc.endings = trial.text, trial.origin, trial.endings
    doc.changes.extend(trial.changes)
    return end


def _mismatches(text: str, cls, old_items: list[_Scalar]) -> set[int] | None:
    """The scalars whose meaning changed (by position in the walk), None when none did;
    every scalar when the text no longer reads the same way."""
    everything = set(range(len(old_items)))
    try:
        root, _ = parse(text)
    except YamlProblem:
        return everything
    new_items = scalars(cls, root)
    if len(new_items) != len(old_items):
        return everything
    bad = {
        i
        for i, (old, new) in enumerate(zip(old_items, new_items, strict=True))
        if meaning(old) != meaning(new)
    }
    return bad or None


def _rendered(item: _Scalar):
    """A Markdown scalar's HTML, as the validator renders it (None if it is refused)."""
    from startupdir.content.schema import INVALID, Context

    value = item.kind.check(item.node, "description.fr", Context("fix", None, _ANY_DAY))
    return None if value is INVALID else value.html


def _fix_blanks_yaml(doc: _Text, start: int, end: int, cls) -> None:
    """Trailing blanks of a readable YAML document; in a block, checked by its meaning
    (a description: its HTML)."""
    root, _ = parse(doc.text[start:end])
    items = scalars(cls, root)
    blocks = [
        (start + item.node.start, start + item.node.end, i, item)
        for i, item in enumerate(items)
        if item.node.style in ("|", ">")
    ]

    def block_at(pos):
        for block_start, block_end, i, item in blocks:
            header_end = doc.text.find("\n", block_start)
            if header_end < pos < block_end:
                return i, item
        return None, None

    def owner_of(pos):
        return block_at(pos)[0]

    def markdown_indent(pos):
        _, item = block_at(pos)
        if item is None or _mode(item.kind) != "markdown" or item.node.style != "|":
            return None
        return item.node.indent

    edits = _blank_edits(doc.text, start, end, owner_of, markdown_indent)
    excluded: set = set()
    for _ in range(3):
        kept = [e for e in edits if e.owner not in excluded]
        if not kept:
            return
        trial = _Text(doc.text, list(doc.origin), list(doc.endings))
        before = len(trial.text)
        trial.apply(kept)
        part = trial.text[start : end + len(trial.text) - before]
        try:
            new_items = scalars(cls, parse(part)[0])
        except YamlProblem:
            return
        owners = {e.owner for e in kept if e.owner is not None}
        bad = set()
        for i in owners:
            old, new = items[i], new_items[i] if i < len(new_items) else None
            if new is None or not _same_blocks(old, new):
                bad.add(i)
        if not bad:
            _commit(doc, trial, 0)
            return
        excluded |= bad


def _same_blocks(old: _Scalar, new: _Scalar) -> bool:
    if _mode(old.kind) == "markdown":
        before, after = _rendered(old), _rendered(new)
        if before is not None:
            return before == after
    return meaning(old) == meaning(new)


# ---------------------------------------------------------------------------
# A post's text


def _fix_body(doc: _Text, start: int) -> None:
    """A post's Markdown: characters as the validator reads them, blanks at line ends
    (never in code, never a line break), checked by the HTML MkDocs renders."""
    edits = []
    pos = start
    while pos <= len(doc.text):
        end = doc.text.find("\n", pos)
        end = len(doc.text) if end < 0 else end
        edits += _line_edits(doc.text, pos, end, None, post=True)
        pos = end + 1
    doc.apply(edits)
    body = doc.text[start:]
    lines = body.split("\n")
    fenced, code_lines = None, set()
    for i, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fenced is not None or fence:
            code_lines.add(i)
        if fence and fenced is None:
            fenced = fence.group(1)[0]
        elif fence and fence.group(1)[0] == fenced:
            fenced = None

    def line_of(p):
        return body.count("\n", 0, p - start)

    blank = [
        e
        for e in _blank_edits(doc.text, start, len(doc.text), lambda p: None, lambda p: 0)
        if line_of(e.start) not in code_lines
    ]
    if not blank:
        return
    before = _shown(posthtml.render(body)[0])

    def keeps(edits: list[Edit]) -> _Text | None:
        trial = _Text(doc.text, list(doc.origin), list(doc.endings))
        trial.apply(edits)
        return trial if _shown(posthtml.render(trial.text[start:])[0]) == before else None

    trial = keeps(blank)
    if trial is None:  # some blanks count (in an indented code block…): one by one
        trial = keeps([e for e in blank if keeps([e]) is not None])
    if trial is not None:
        _commit(doc, trial, 0)


_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
_BLOCK_END = re.compile(r"\s+(</(?:p|li|h[1-6]|td|th|dd|dt|blockquote)>)")


def _shown(html: str) -> str:
    """HTML as a browser shows it, for comparing: outside <pre>, runs of blanks count as
    one space and none before the end of a block; in <pre>, every character counts."""
    parts = _PRE.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = _BLOCK_END.sub(r"\1", re.sub(r"[ \t\n]+", " ", parts[i]))
    return "".join(parts)


# ---------------------------------------------------------------------------
# Files


def fix_text(raw: str, post: bool) -> tuple[str, list[Change]]:
    """The corrected text of a profile (or a post) and its corrections."""
    doc = _read(raw)
    if post:
        parts = split_front_matter(doc.text)
        if parts is None:
            return raw, []
        front, _body, _line = parts
        end = _fix_yaml(doc, 4, 4 + len(front), PostMeta)
        if end is not None:
            _fix_blanks_yaml(doc, 4, end, PostMeta)
        parts = split_front_matter(doc.text)
        if parts is not None:
            _fix_body(doc, len(doc.text) - len(parts[1]))
    else:
        end = _fix_yaml(doc, 0, len(doc.text), Startup)
        if end is not None:
            _fix_blanks_yaml(doc, 0, len(doc.text), Startup)
    if doc.text and not doc.text.endswith("\n"):
        doc.apply([Edit(len(doc.text), len(doc.text), "\n", _FINAL)])
    return doc.serialise(), _grouped(doc.changes)


def _grouped(changes: list[Change]) -> list[Change]:
    counts = Counter(changes)
    seen, out = set(), []
    for change in changes:
        if change in seen:
            continue
        seen.add(change)
        n = counts[change]
        out.append(change if n == 1 else Change(change.line, f"{change.message}, {n} fois"))
    return sorted(out, key=lambda c: c.line)


def fix_file(path: Path, post: bool) -> list[Change]:
    """Correct one file in place (written only when something changed); its corrections.
    A file the validator cannot read (not UTF-8, too big, a link…) is left as it is."""
    try:
        data = read_regular(path)
        decode(data)
    except YamlProblem:
        return []
    bom = data.startswith(BOM)
    raw = data[len(BOM) :].decode("utf-8") if bom else data.decode("utf-8")
    text, changes = fix_text(raw, post)
    if not changes:
        return []
    _write(path, (BOM if bom else b"") + text.encode("utf-8"))
    return changes


def _write(path: Path, data: bytes) -> None:
    """Replace the file's content at once (a new file renamed over it, mode kept)."""
    mode = os.stat(path, follow_symlinks=False).st_mode
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".fix", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fix_paths(root: Path, paths: list[Path] | None = None) -> list[tuple[str, Change]]:
    """Correct the profiles and posts ``startupdir validate`` would check (the whole
    repository, or ``paths``); (file, correction) in the order of the files."""
    from startupdir.content.postload import post_paths
    from startupdir.content.validate import (
        PROFILE_DIR,
        TAXONOMY_FILE,
        display,
        expand,
        is_post,
        profile_paths,
    )

    if paths is None:
        targets = [(p, False) for p in profile_paths(root / PROFILE_DIR)]
        targets += [(p, True) for p in post_paths(root)]
    else:
        targets = []
        for p in expand(paths):
            if is_post(p, root):
                targets.append((p, True))
            elif p.name != TAXONOMY_FILE and p.suffix in (".yml", ".yaml"):
                targets.append((p, False))
    done = []
    for path, post in targets:
        done += [(display(path, root), change) for change in fix_file(path, post)]
    return done


def fixes_as_text(fixes: list[tuple[str, Change]]) -> str:
    """One line per correction (« startups/x.yml:12: tabulation remplacée par 4 espaces »),
    then how many corrections in how many files."""
    from startupdir.content.french import plural
    from startupdir.content.problems import one_line

    if not fixes:
        return "Aucune correction automatique à faire.\n"
    lines = [one_line(f"{file}:{change.line}: {change.message}") for file, change in fixes]
    files = len({file for file, _ in fixes})
    lines.append(f"{plural(len(fixes), 'correction')} dans {plural(files, 'fichier')}.")
    return "\n".join(lines) + "\n"
