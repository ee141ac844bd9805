"""The result objects shared by every check: one Problem per error, one Report per run."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

# Characters that would split a report line or act on the terminal that shows it: C0 and C1
# controls (newline, escape), line and paragraph separators, bidirectional controls.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with those characters written as escapes (``\\n``, ``\\x1b``,
    ``\\u202e``): a problem printed as text stays one line, and a hostile value quoted in
    it can neither split the report nor drive the terminal."""
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """One error in one file, located as precisely as the source allows (1-based)."""

    file: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    # dataclasses.field: the name `field` is taken by the attribute above
    fixable: bool = dataclasses.field(
        default=False, compare=False
    )  # `startupdir validate --fix` solves it

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        subject = f" {self.field}:" if self.field else ""
        tail = f" — {self.hint}" if self.hint else ""
        return one_line(f"{where}:{subject} {self.message}{tail}")


@dataclass
class Report:
    """Everything a validation run found, independent of how it is printed."""

    problems: list[Problem] = dataclasses.field(default_factory=list)
    files_checked: int = 0
    profiles: int = 0
    posts: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems))

    @property
    def files_with_errors(self) -> int:
        return len({p.file for p in self.problems})

    @property
    def fixable(self) -> int:
        """How many of the problems `startupdir validate --fix` solves."""
        return sum(1 for p in self.sorted() if p.fixable)
