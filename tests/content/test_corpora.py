"""Hostile and unusual input from public corpora (tests/corpora/): never a crash.

- yaml-test-suite: every case, fed as a profile, is valid or reported; never an
  exception, never "erreur interne", never a dead process.
- naughty-strings (blns.json): every string used as name, tagline.fr and
  description.fr is accepted clean, or refused with a located French error.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from quality_hostile import NAUGHTY_PROFILE as PROFILE
from startupdir.content.invisible import joiner_needed
from startupdir.content.load import parse
from startupdir.content.model import Startup
from startupdir.content.schema import INVALID, Context, check_object
from startupdir.content.validate import load_directory
from startupdir.content.yamltext import YamlProblem, decode

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
YAML_SUITE = CORPORA / "yaml-test-suite" / "cases"
BLNS = CORPORA / "naughty-strings" / "blns.json"

CASES = sorted(YAML_SUITE.glob("*.yaml"))
STRINGS = json.loads(BLNS.read_text(encoding="utf-8"))


def case_slug(case: Path) -> str:
    return "case-" + case.stem.lower().replace("_", "-")


def assert_clean(problem_lines: list[tuple[int, int, str]], what: str) -> None:
    for line, col, message in problem_lines:
        assert message.strip(), f"{what}: empty message"
        assert line >= 1 and col >= 1, f"{what}: unlocated problem {message!r}"
        assert "erreur interne" not in message, f"{what}: {message}"
        assert "Traceback" not in message, f"{what}: {message}"


# ---------------------------------------------------------------------------
# yaml-test-suite


@pytest.fixture(scope="module")
def suite_repo(tmp_path_factory, repo_root):
    root = tmp_path_factory.mktemp("yaml-suite")
    (root / "startups").mkdir()
    shutil.copy(repo_root / "taxonomy.yml", root / "taxonomy.yml")
    shutil.copy(repo_root / "directory.yml", root / "directory.yml")
    for case in CASES:
        (root / "startups" / f"{case_slug(case)}.yml").write_bytes(case.read_bytes())
    return root


@pytest.fixture(scope="module")
def suite_report(suite_repo, when):
    _, report = load_directory(suite_repo, when=when)
    return report


def test_suite_is_all_read(suite_report):
    assert suite_report.profiles == len(CASES) > 300


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_yaml_suite_case_is_valid_or_reported(case, suite_report):
    source = f"startups/{case_slug(case)}.yml"
    found = [(p.line, p.col, p.message) for p in suite_report.problems if p.file == source]
    assert_clean(found, case.name)


def test_yaml_suite_in_a_real_process(suite_repo, suite_report, when):
    result = subprocess.run(
        [sys.executable, "-m", "startupdir", "validate", "--format", "json"],
        cwd=suite_repo,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["error_count"] == len(suite_report.sorted())


# ---------------------------------------------------------------------------
# Big List of Naughty Strings

FIELDS = {"name": "name", "tagline": "tagline.fr", "description": "description.fr"}
_TAG = re.compile(r"<[A-Za-z!/?]")


def yaml_scalar(text: str) -> str:
    """A double-quoted YAML scalar for ``text`` (JSON escapes are not all YAML escapes)."""
    out = yaml.safe_dump(text, default_style='"', width=float("inf"), allow_unicode=True)
    return out.removesuffix("\n")


def stored(startup: Startup, field: str) -> str:
    return {
        "name": startup.name,
        "tagline": startup.tagline.fr,
        "description": startup.description.fr,
    }[field]


def forbidden_characters(value: str, multiline: bool) -> list[str]:
    """Controls and format characters a stored value may not hold: only line breaks (in
    a description) and the joiners a script needs (its rule: tests/test_invisible.py)."""
    bad = []
    for pos, char in enumerate(value):
        if char == "\n" and multiline:
            continue
        if char in "\u200c\u200d" and joiner_needed(value, pos):
            continue
        if unicodedata.category(char) in ("Cc", "Cf"):
            bad.append(f"U+{ord(char):04X}")
    return bad


@pytest.mark.parametrize("index", range(len(STRINGS)), ids=lambda i: f"blns-{i:03d}")
def test_naughty_string_is_accepted_clean_or_refused_clearly(index, taxonomy, when, repo_root):
    naughty = STRINGS[index]
    quoted = yaml_scalar(naughty)
    assert yaml.safe_load(quoted) == naughty  # the YAML we write holds exactly that string
    for field, path in FIELDS.items():
        values = {"name": '"Cas de test"', "tagline": "Accroche", "description": "Texte"}
        values[field] = quoted
        ctx = Context("startups/naughty.yml", taxonomy, when, repo_root / "startups")
        try:
            root, duplicates = parse(decode(PROFILE.format(**values).encode("utf-8")))
        except YamlProblem as exc:
            assert_clean([(exc.line, exc.col, exc.message)], f"{field}={naughty!r}")
            continue
        assert duplicates == []
        startup = check_object(Startup, root, "", ctx)
        what = f"{field}={naughty!r}"
        if startup is INVALID:
            assert ctx.problems, what
            assert_clean([(p.line, p.col, p.message) for p in ctx.problems], what)
            assert {p.field for p in ctx.problems} == {path}, what
            assert all(p.hint for p in ctx.problems), what
            continue
        assert ctx.problems == []
        value = stored(startup, field)
        assert value.strip(), what
        assert unicodedata.is_normalized("NFC", value), what
        assert forbidden_characters(value, multiline=field == "description") == [], what
        assert not _TAG.search(value), what


# ---------------------------------------------------------------------------
# The corpora are part of the repository


@pytest.mark.parametrize("folder", ["yaml-test-suite", "naughty-strings", "cncf-landscape"])
def test_each_corpus_is_committed_with_its_licence(folder):
    licence = (CORPORA / folder / "LICENSE").read_text(encoding="utf-8")
    assert ("MIT License" in licence) or ("Apache License" in licence)
    assert folder in (CORPORA / "README.md").read_text(encoding="utf-8")


def test_the_corpora_are_whole():
    assert len(CASES) == 402
    assert len(STRINGS) > 500
    assert any("<script>" in s for s in STRINGS)
