"""Hardened YAML reading: bytes -> a small tree of located nodes, or located problems.

The C parser (libyaml) only produces events here; we build the tree ourselves while
enforcing the rules that make hostile files harmless: one document, a mapping at the
root, no anchors, aliases, tags or merge keys, nesting at most MAX_DEPTH, no
duplicate keys. No YAML type is guessed: scalars stay the text that was typed, and
the schema decides what they mean.
"""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from startupdir.content import invisible

MAX_BYTES = 64 * 1024
MAX_DEPTH = 10

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


class YamlProblem(Exception):
    """A problem that stops the reading of one file (located, in French)."""

    def __init__(
        self,
        line: int,
        col: int,
        message: str,
        hint: str = "",
        field: str = "",
        fixable: bool = False,
    ):
        super().__init__(message)
        self.line, self.col, self.message, self.hint, self.field = line, col, message, hint, field
        self.fixable = fixable  # `startupdir validate --fix` removes it
        self.position: int | None = None  # a U+2028, U+2029 or NEL that broke the structure

    def problem(self, file: str):
        """This problem, reported in ``file``."""
        from startupdir.content.problems import Problem

        return Problem(
            file, self.line, self.col, self.field, self.message, self.hint, fixable=self.fixable
        )


# Characters the YAML reader refuses or that have no place in a profile file. NEL (U+0085)
# is read like U+2028: a line break where free text may have one (see parse).
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def decode(data: bytes) -> str:
    """UTF-8 (an optional BOM and CRLF accepted), size-limited, no control characters."""
    if len(data) > MAX_BYTES:
        raise YamlProblem(
            1,
            1,
            f"fichier trop volumineux ({-(-len(data) // 1024)} Kio, maximum 64 Kio)",
            "raccourcissez les descriptions ; un profil tient largement en 64 Kio",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            line,
            col,
            "le fichier n'est pas encodé en UTF-8",
            "enregistrez le fichier en UTF-8 dans votre éditeur (« Encodage : UTF-8 »)",
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _BAD_CHAR.search(text)
    if bad:
        start = text.rfind("\n", 0, bad.start()) + 1
        end = text.find("\n", bad.start())
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - start + 1
        message, hint = invisible.explain(text[start : None if end < 0 else end], col - 1, col)
        raise YamlProblem(line, col, message, hint + " (souvent issu d'un copier-coller)")
    return text


_NO_FOLLOW = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, never read through a symbolic link (which could lead
    out of the repository) nor from a pipe or device; YamlProblem otherwise."""
    try:
        if path.is_symlink():
            raise OSError(errno.ELOOP, "")
        fd = os.open(path, _NO_FOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlProblem(
                1,
                1,
                "lien symbolique refusé",
                "remplacez le lien par le fichier lui-même : un lien peut mener hors du dépôt",
            ) from None
        raise YamlProblem(1, 1, f"lecture impossible ({exc.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise YamlProblem(
                1, 1, "ce n'est pas un fichier ordinaire", "remplacez-le par un fichier texte"
            )
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return stream.read()
    except OSError as exc:
        raise YamlProblem(1, 1, f"lecture impossible ({exc.strerror})") from None
    finally:
        os.close(fd)


def read_file(path: Path) -> tuple[Node, list[YamlProblem]]:
    """Read one YAML file into a node tree and its non-fatal problems (duplicate keys);
    raise YamlProblem on any refused input."""
    return parse(decode(read_regular(path)))


def parse(text: str) -> tuple[Node, list[YamlProblem]]:
    """The node tree of ``text`` and its non-fatal problems; YamlProblem on refused input.

    Lines are what editors and GitHub show, and what YAML 1.2 says: only line feeds end
    them. U+2028, U+2029 and NEL, line breaks for YAML 1.1 (libyaml), are read as
    ordinary characters of their line, then left to the fields: free text reads them as
    line breaks, names and addresses refuse them."""
    return _parse(text, probe=True)


_BREAKS = "\u2028\u2029\u0085"
_BREAK_RE = re.compile(f"[{_BREAKS}]")


def _hide_breaks(text: str) -> tuple[str, dict | None]:
    """``text`` with U+2028, U+2029 and NEL swapped for private-use characters it does not
    hold (libyaml reads those as letters), and the table that swaps them back."""
    if not _BREAK_RE.search(text):
        return text, None
    stand_ins, code = [], 0xF0000
    while len(stand_ins) < len(_BREAKS):
        if chr(code) not in text:
            stand_ins.append(chr(code))
        code += 1
    forth = dict(zip(_BREAKS, stand_ins, strict=True))
    back = str.maketrans({v: k for k, v in forth.items()})
    return text.translate(str.maketrans(forth)), back


def _parse(text: str, probe: bool) -> tuple[Node, list[YamlProblem]]:
    """``probe``: also say whether --fix repairs the problem (which parses again)."""
    source, back = _hide_breaks(text)
    parser = _Parser(source)
    duplicates: list[YamlProblem] = []
    try:
        return _build(parser, duplicates, text, back), duplicates
    except yaml.MarkedYAMLError as exc:
        problem = _explain(exc, text, probe)
    except yaml.YAMLError as exc:
        problem = YamlProblem(1, 1, "syntaxe YAML invalide", str(exc).splitlines()[0])
    except YamlProblem as exc:
        problem = exc
    finally:
        parser.dispose()
    if probe and problem.position is not None:
        problem.fixable = repair_breaks(text) is not None
    raise problem from None


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
            if back is not None and _BREAK_RE.search(node.value):
                lines_at = text.split("\n")
                at = node.start + _BREAK_RE.search(node.value).start()
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


# libyaml's problems, said in words a non-programmer follows.
_EXPLANATIONS: list[tuple[str, str, str]] = [
    (
        "'\\t'",
        "tabulation utilisée pour l'indentation",
        "YAML n'accepte que des espaces : remplacez chaque tabulation par deux espaces",
    ),
    (
        "mapping values are not allowed",
        "deux-points « : » inattendu dans une valeur",
        "mettez la valeur entre guillemets, ou vérifiez l'indentation de la ligne",
    ),
    (
        "could not find expected ':'",
        "deux-points « : » manquant après le nom d'un champ",
        "écrivez « champ: valeur », avec une espace après les deux-points",
    ),
    (
        "did not find expected key",
        "indentation incohérente",
        "alignez les champs d'un même niveau sur la même colonne, avec des espaces",
    ),
    (
        "expected <block end>",
        "indentation incohérente",
        "alignez les champs d'un même niveau sur la même colonne, avec des espaces",
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste mal aligné",
        "commencez chaque élément par « - » à la même colonne",
    ),
    (
        "found unexpected end of stream",
        "guillemet ou crochet jamais refermé",
        "refermez le guillemet ou le crochet ouvert plus haut",
    ),
    (
        "unknown escape character",
        "séquence d'échappement inconnue entre guillemets doubles",
        "utilisez des guillemets simples, ou doublez la barre oblique inverse",
    ),
    (
        "found character that cannot start any token",
        "caractère inattendu en début de valeur",
        "mettez la valeur entre guillemets (les caractères @ ` % ! & * ne peuvent pas la commencer)",
    ),
    (
        "did not find expected node content",
        "valeur manquante ou mal placée",
        "vérifiez les crochets, virgules et tirets de cette ligne",
    ),
    (
        "did not find expected ',' or ']'",
        "liste entre crochets mal fermée",
        "séparez les éléments par des virgules et refermez avec « ] »",
    ),
    (
        "did not find expected ',' or '}'",
        "accolades mal fermées",
        "séparez les champs par des virgules et refermez avec « } »",
    ),
    (
        "found duplicate anchor",
        "ancre YAML en double",
        "supprimez les ancres « & » : un profil n'en a pas besoin",
    ),
    (
        "found undefined alias",
        "alias YAML interdit",
        "recopiez la valeur au lieu d'y faire référence",
    ),
    (
        "found undefined tag handle",
        "étiquette de type YAML interdite",
        "supprimez l'étiquette ; écrivez la valeur seule",
    ),
    (
        "expected <document start>",
        "contenu inattendu après la fin du profil",
        "supprimez ce qui suit, ou vérifiez l'indentation de cette ligne",
    ),
    (
        "block sequence entries are not allowed",
        "tiret « - » mal placé",
        "une liste commence à la ligne qui suit « champ: », chaque élément précédé de « - »",
    ),
    (
        "found unknown directive",
        "directive YAML « % » interdite",
        "supprimez la ligne qui commence par « % »",
    ),
    (
        "found unexpected ':'",
        "deux-points « : » inattendu",
        "mettez la valeur entre guillemets",
    ),
    (
        "found a tab character",
        "tabulation utilisée pour l'indentation",
        "YAML n'accepte que des espaces : remplacez chaque tabulation par deux espaces",
    ),
]


# Problems libyaml only notices on a later line: point at where the construct began.
_AT_CONTEXT = (
    "could not find expected ':'",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
)
_TAB_MESSAGE = "tabulation utilisée pour l'indentation"


def _explain(exc: yaml.MarkedYAMLError, text: str = "", probe: bool = False) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = f"{exc.problem or ''} {exc.context or ''}"
    if mark:
        lines = text.split("\n")
        current = lines[mark.line] if mark.line < len(lines) else ""
        indent = current[: mark.column + 1]
        if "\t" in indent and not indent.strip(" \t"):
            return _tab_problem(text, mark.line, indent.index("\t"), probe)
        found = _break_at_fault(lines, exc)
        if found is not None:
            return _break_problem(lines, *found)
    ctx = exc.context_mark
    if ctx and mark and ctx.line < mark.line and any(n in problem for n in _AT_CONTEXT):
        line, col = ctx.line + 1, ctx.column + 1
    for needle, message, hint in _EXPLANATIONS:
        if needle in problem:
            if message == _TAB_MESSAGE:
                return _tab_problem(text, line - 1, col - 1, probe)
            return YamlProblem(line, col, message, hint)
    return YamlProblem(
        line,
        col,
        "syntaxe YAML invalide",
        "vérifiez l'indentation, les deux-points et les guillemets de cette ligne",
    )


# ---------------------------------------------------------------------------
# Tabulations in the indentation


def _leading(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _shape(node: Node):
    """What a tree means, positions aside: to compare two readings of one file."""
    if node.kind == "scalar":
        return (node.style, node.value)
    if node.kind == "sequence":
        return [_shape(item) for item in node.items]
    return [(key.value, _shape(value)) for key, value in node.items]


def _indent_unit(lines: list[str]) -> int:
    """The smallest indentation of the file's space-indented lines (2 by default)."""
    found = [
        len(line) - len(line.lstrip(" "))
        for line in lines
        if line.startswith(" ") and line.strip() and not line.lstrip(" ").startswith(("#", "\t"))
    ]
    return min(found, default=2)


def untab(text: str) -> tuple[str, int] | None:
    """``text`` with the tabulations of its lines' indentation turned into spaces, and the
    tab width used, when that is unambiguous: with tab stops every 2, 4 or 8 columns, every
    reading that YAML accepts means the same thing (then the file's own indentation step
    is preferred, else the smallest width). None otherwise."""
    lines = text.split("\n")
    tabbed = [i for i, line in enumerate(lines) if "\t" in _leading(line)]
    if not tabbed:
        return None
    readings = {}
    for width in (2, 4, 8):
        candidate = list(lines)
        for i in tabbed:
            lead = _leading(lines[i])
            candidate[i] = lead.expandtabs(width) + lines[i][len(lead) :]
        joined = "\n".join(candidate)
        try:
            root, _ = _parse(joined, probe=False)
        except YamlProblem:
            continue
        readings[width] = (joined, repr(_shape(root)))
    if not readings or len({shape for _, shape in readings.values()}) > 1:
        return None
    unit = _indent_unit(lines)
    width = unit if unit in readings else min(readings)
    return readings[width][0], width


def _tab_problem(text: str, line: int, col: int, probe: bool) -> YamlProblem:
    """A tabulation in the indentation of ``line`` (0-based), at ``col`` (0-based)."""
    fixed = untab(text) if probe else None
    if fixed is None:
        hint = (
            "YAML n'accepte que des espaces : indentez cette ligne avec des espaces, "
            "alignée sur les champs du même niveau"
        )
    else:
        lead = _leading(text.split("\n")[line])
        spaces = len(lead.expandtabs(fixed[1])) - lead.count(" ")
        tabs = lead.count("\t")
        what = "la tabulation" if tabs == 1 else f"les {tabs} tabulations"
        hint = f"YAML n'accepte que des espaces : remplacez {what} par {spaces} espaces"
    return YamlProblem(line + 1, col + 1, _TAB_MESSAGE, hint, fixable=fixed is not None)


# ---------------------------------------------------------------------------
# U+2028, U+2029 and NEL where YAML expects a line break


def _break_at_fault(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    """The last U+2028, U+2029 or NEL (line, column; 0-based) on the lines where libyaml
    stumbled: the line it names, and the one before (or from its context's line)."""
    mark = exc.problem_mark or exc.context_mark
    first = mark.line - 1
    if exc.context_mark is not None:
        first = min(first, exc.context_mark.line)
    for number in range(min(mark.line, len(lines) - 1), max(first, 0) - 1, -1):
        found = [m.start() for m in _BREAK_RE.finditer(lines[number])]
        if number == mark.line:
            found = [c for c in found if c <= mark.column] or found
        if found:
            return number, found[-1]
    return None


def repair_breaks(text: str) -> list[tuple[int, str]] | None:
    """Where U+2028, U+2029 or NEL break the file's structure, what makes it readable:
    (position, "\n") where the character was meant as a line break, (position, "") where
    it ends its line and goes; None when the file is still refused after that."""
    repairs: list[tuple[int, str]] = []
    for _ in range(len(_BREAK_RE.findall(text)) + 1):
        try:
            _parse(text, probe=False)
            return repairs
        except YamlProblem as exc:
            if exc.position is None:
                return None
            pos = exc.position
            end = text.find("\n", pos)
            ends_line = not text[pos + 1 : None if end < 0 else end].strip(" \t")
            repairs.append((pos, "" if ends_line else "\n"))
            text = text[:pos] + (" " if ends_line else "\n") + text[pos + 1 :]
    return None


def _break_problem(lines: list[str], line: int, col: int) -> YamlProblem:
    """U+2028, U+2029 or NEL at ``line``, ``col`` (0-based) where YAML wants a line break."""
    name, _ = invisible.describe(lines[line][col])
    problem = YamlProblem(
        line + 1,
        col + 1,
        f"{name} à la colonne {col + 1}",
        f"YAML ne le lit pas comme un retour à la ligne : {invisible.where(lines[line], col)}"
        " ; appuyez ensuite sur Entrée s'il fallait aller à la ligne",
    )
    problem.position = sum(len(before) + 1 for before in lines[:line]) + col
    return problem
