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
from pathlib import Path

from startupdir.content import posthtml
from startupdir.content.fixedits import (
    _FINAL,
    Change,
    Edit,
    _blank_edits,
    _break,
    _line_edits,
    _mode,
    _read,
    _Scalar,
    _tab,
    _Text,
    _value_edits,
    meaning,
    scalars,
)
from startupdir.content.load import parse, repair_breaks, untab
from startupdir.content.model import Startup
from startupdir.content.posts import PostMeta, split_front_matter
from startupdir.content.yamltext import YamlProblem, decode, read_regular

BOM = b"\xef\xbb\xbf"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ANY_DAY = dt.date(2000, 1, 1)  # no text kind reads the date


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
                untabbed = untab(part)
                if untabbed is None:
                    return None
                fixed, _width = untabbed
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
                repairs = repair_breaks(part)
                if repairs is None:
                    return None
                edits = [
                    Edit(start + pos, start + pos + 1, new, _break(part[pos], new))
                    for pos, new in repairs
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

    if item.kind is None:
        return None
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
