"""The result objects shared by every check: one Problem per error, one Report per run."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One error in one file, located as precisely as the source allows (1-based)."""

    file: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        subject = f" {self.field}:" if self.field else ""
        tail = f" — {self.hint}" if self.hint else ""
        return f"{where}:{subject} {self.message}{tail}"


@dataclass
class Report:
    """Everything a validation run found, independent of how it is printed."""

    problems: list[Problem] = field(default_factory=list)
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
