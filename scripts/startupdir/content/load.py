"""Hardened YAML reading: bytes -> a small tree of located nodes, or located problems.

The text is read and checked by ``yamltext`` and turned into a tree by ``yamltree``; here,
what libyaml refuses is explained in words a non-programmer follows, and what
``startupdir validate --fix`` can repair (tabulations in the indentation, U+2028, U+2029
or NEL where YAML expects a line break) is found by reading the file again.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from startupdir.content.yamltext import (
    _BREAK_RE,
    YamlProblem,
    _break_problem,
    _hide_breaks,
    decode,
    read_regular,
)
from startupdir.content.yamltree import Node, _build, _Parser


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
    if mark is None:
        return None
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
