"""Hardened YAML reading: bytes -> a small tree of located nodes, or located problems.

The C parser (libyaml) only produces events here; we build the tree ourselves while
enforcing the rules that make hostile files harmless: one document, a mapping at the
root, no anchors, aliases, tags or merge keys, nesting at most MAX_DEPTH, no
duplicate keys. No YAML type is guessed: scalars stay the text that was typed, and
the schema decides what they mean.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.style == "" and self.value in ("", "~")


class YamlProblem(Exception):
    """A problem that stops the reading of one file (located, in French)."""

    def __init__(self, line: int, col: int, message: str, hint: str = "", field: str = ""):
        super().__init__(message)
        self.line, self.col, self.message, self.hint, self.field = line, col, message, hint, field


# Characters the YAML reader refuses or that have no place in a profile file.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


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
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        code = f"U+{ord(bad.group()):04X}"
        raise YamlProblem(
            line,
            col,
            f"caractère de contrôle invisible {code} interdit",
            "supprimez ce caractère (souvent issu d'un copier-coller)",
        )
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
    parser = _Parser(text)
    duplicates: list[YamlProblem] = []
    try:
        return _build(parser, duplicates, text), duplicates
    except yaml.MarkedYAMLError as exc:
        raise _explain(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, 1, "syntaxe YAML invalide", str(exc).splitlines()[0]) from None
    finally:
        parser.dispose()


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


def _build(parser, duplicates: list, text: str = "") -> Node:
    lines = text.split("\n")
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
            node = Node("scalar", line, col, value=event.value, style=style)
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
    return root


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


_TAB = (
    "tabulation utilisée pour l'indentation",
    "YAML n'accepte que des espaces : remplacez chaque tabulation par deux espaces",
)
# Problems libyaml only notices on a later line: point at where the construct began.
_AT_CONTEXT = (
    "could not find expected ':'",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
)


def _explain(exc: yaml.MarkedYAMLError, text: str = "") -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = f"{exc.problem or ''} {exc.context or ''}"
    if mark:
        lines = text.split("\n")
        current = lines[mark.line] if mark.line < len(lines) else ""
        indent = current[: mark.column + 1]
        if "\t" in indent and not indent.strip(" \t"):
            return YamlProblem(line, indent.index("\t") + 1, *_TAB)
    ctx = exc.context_mark
    if ctx and mark and ctx.line < mark.line and any(n in problem for n in _AT_CONTEXT):
        line, col = ctx.line + 1, ctx.column + 1
    for needle, message, hint in _EXPLANATIONS:
        if needle in problem:
            return YamlProblem(line, col, message, hint)
    return YamlProblem(
        line,
        col,
        "syntaxe YAML invalide",
        "vérifiez l'indentation, les deux-points et les guillemets de cette ligne",
    )
