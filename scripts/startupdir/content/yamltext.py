"""A YAML file's text: its bytes read (a regular file only), decoded and checked (size,
UTF-8, no control characters), and the line breaks of YAML 1.1 (U+2028, U+2029, NEL) that
YAML 1.2 and editors read as ordinary characters of their line.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from startupdir.content import invisible

MAX_BYTES = 64 * 1024


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


_BREAKS = "\u2028\u2029\u0085"
_BREAK_RE = re.compile(f"[{_BREAKS}]")


def _hide_breaks(text: str) -> tuple[str, dict | None]:
    """``text`` with U+2028, U+2029 and NEL swapped for private-use characters it does not
    hold (libyaml reads those as letters), and the table that swaps them back."""
    if not _BREAK_RE.search(text):
        return text, None
    stand_ins: list[str] = []
    code = 0xF0000
    while len(stand_ins) < len(_BREAKS):
        if chr(code) not in text:
            stand_ins.append(chr(code))
        code += 1
    forth = dict(zip(_BREAKS, stand_ins, strict=True))
    back = str.maketrans({v: k for k, v in forth.items()})
    return text.translate({ord(k): v for k, v in forth.items()}), back


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
