"""The package's shape (issue 14): no module over 600 lines, and higher rooms use lower
ones, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
PACKAGE = SCRIPTS / "startupdir"
MAX_LINES = 600

# Room -> the rooms it may import. ``images`` stands alone; ``content`` (files -> frozen
# Directory) reads images; ``site`` and ``staff`` build on both; ``cli`` (cli.py,
# __main__.py, the package's __init__.py) is on top and alone imports ``staff``.
ALLOWED = {
    "images": set(),
    "content": {"images"},
    "init": {"content", "images"},
    "site": {"content", "images"},
    "staff": {"content", "images", "site"},
    "cli": {"content", "images", "init", "site", "staff"},
}
TOP_LEVEL = {"__init__", "__main__", "cli"}  # the modules beside the rooms: ``cli``


def modules() -> list[Path]:
    return sorted(p for p in SCRIPTS.rglob("*.py") if "__pycache__" not in p.parts)


def room_of(module: tuple[str, ...]) -> str:
    """The room of a module (``("startupdir", "site", "urls")``), "cli" for the top."""
    if len(module) >= 2 and module[1] in ALLOWED:
        return module[1]
    if len(module) == 2 and module[1] in TOP_LEVEL:
        return "cli"
    return ".".join(module)  # no room: refused by the rules below


def imported(tree: ast.Module, module: tuple[str, ...], is_package: bool) -> list[tuple]:
    """(line, imported module as a tuple) for every import of the tree, relative ones
    resolved from ``module``; ``from x import y`` counts as importing x.y too, as y may
    be a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, tuple(a.name.split("."))) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module if is_package else module[:-1]
                base = package[: len(package) - node.level + 1]
            else:
                base = ()
            target = base + tuple((node.module or "").split(".") if node.module else ())
            found.append((node.lineno, target))
            found += [(node.lineno, target + (a.name,)) for a in node.names if a.name != "*"]
    return found


def violations(source: str, module: tuple[str, ...], is_package: bool = False) -> list[str]:
    """What the module's source imports against the room rules."""
    room = room_of(module)
    if room not in ALLOWED:
        return [f"{'.'.join(module)}: in no room (declare it in test_architecture.ALLOWED)"]
    out = []
    for line, target in imported(ast.parse(source), module, is_package):
        if len(target) < 2 or target[0] != "startupdir":
            continue
        if target[1] not in ALLOWED and target[1] not in TOP_LEVEL:
            continue  # the package's own names (__version__)
        other = room_of(target[:2])
        if other != room and other not in ALLOWED[room]:
            out.append(f"{'.'.join(module)}:{line}: {room} imports {'.'.join(target)}")
    return sorted(set(out))


def module_name(path: Path) -> tuple[tuple[str, ...], bool]:
    parts = path.relative_to(SCRIPTS).with_suffix("").parts
    if parts[-1] == "__init__":
        return parts[:-1] if len(parts) > 2 else parts, len(parts) > 2
    return parts, False


def test_no_module_is_over_600_lines():
    long = {}
    for path in modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long[str(path.relative_to(SCRIPTS))] = lines
    assert long == {}, f"split these modules along a real seam (at most {MAX_LINES} lines)"


def test_rooms_import_only_lower_rooms():
    found = []
    for path in modules():
        if PACKAGE not in path.parents:
            continue
        module, is_package = module_name(path)
        found += violations(path.read_text(encoding="utf-8"), module, is_package)
    assert found == []


@pytest.mark.parametrize(
    ("source", "module", "is_package"),
    [
        ("from startupdir.site import urls\n", ("startupdir", "content", "posts"), False),
        ("from startupdir.site.urls import post\n", ("startupdir", "content", "posts"), False),
        ("import startupdir.site.urls\n", ("startupdir", "content", "posts"), False),
        ("from ..site import urls\n", ("startupdir", "content", "posts"), False),
        ("from .. import site\n", ("startupdir", "content"), True),
        ("def f():\n    from startupdir.cli import main\n", ("startupdir", "site", "x"), False),
        ("from startupdir.staff import health\n", ("startupdir", "site", "pages"), False),
        ("from startupdir import staff\n", ("startupdir", "content", "x"), False),
        ("from startupdir.content.french import plural\n", ("startupdir", "images", "x"), False),
        ("from startupdir.cli import main\n", ("startupdir", "staff", "cli"), False),
        ("import os\n", ("startupdir", "attic", "old"), False),
    ],
)
def test_a_violating_import_is_caught(source, module, is_package):
    assert violations(source, module, is_package) != []


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from startupdir.content.posts import Post\n", ("startupdir", "site", "news")),
        ("from . import urls\n", ("startupdir", "site", "pages")),
        ("from .addresses import post\n", ("startupdir", "content", "posts")),
        ("from startupdir.images.images import ImagePipeline\n", ("startupdir", "content", "v")),
        ("from startupdir.staff import cli\n", ("startupdir", "cli")),
        ("import yaml\nfrom startupdir import content\n", ("startupdir", "site", "x")),
    ],
)
def test_an_allowed_import_passes(source, module):
    assert violations(source, module) == []
