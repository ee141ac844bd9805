"""The command reference in README.md and CONTRIBUTING.md, checked against the parser:
every sub-command and every option is documented, and nothing documented is gone."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from startupdir.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
COMMON = {"--root"}  # documented once, in a sentence under each reference


def parser_reference() -> dict[str, set[str]]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {
        name: {o for a in command._actions for o in a.option_strings if o.startswith("--")}
        - {"--help"}
        for name, command in sub.choices.items()
    }


def documented(text: str) -> dict[str, set[str]]:
    """Sub-commands and their options, from the lines of a code block (`startupdir …`) or
    of a table (a cell starting with startupdir); comments and descriptions are left out."""
    found: dict[str, set[str]] = {}
    for line in text.splitlines():
        match = re.match(r"\s*\|? ?`?startupdir ([a-z][a-z-]*)(.*)", line)
        if match:
            usage = match.group(2).split("#")[0].split("` |")[0]
            found.setdefault(match.group(1), set()).update(re.findall(r"--[a-z][a-z-]*", usage))
    return found


def section(path: str, heading: str) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start : following if following != -1 else len(text)]


@pytest.mark.parametrize(
    ("path", "heading"), [("README.md", "## Commands"), ("CONTRIBUTING.md", "## Commandes")]
)
def test_the_command_reference_follows_the_parser(path, heading):
    text = section(path, heading)
    docs = documented(text)
    reference = parser_reference()
    assert set(docs) == set(reference), f"{path}: sub-commands differ from the parser"
    for command, options in reference.items():
        assert options - COMMON == docs[command], f"{path}: startupdir {command}"
    assert "--root" in text
