"""Shared fixtures: the repository root, a pinned date, and throw-away repositories."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Every date rule is checked against this day, so results never depend on the clock.
WHEN = dt.date(2026, 11, 26)

# A valid profile with the required fields only; `{name}` is the startup's name.
PROFILE = """\
name: {name}
tagline:
  fr: Une accroche d'une ligne
description:
  fr: |
    Une description en **Markdown**.
website: https://exemple.example
founded: 2020
sectors: [fintech]
city: rabat
stage: idea
employees: 3
updated: 2026-01-01
"""


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def when() -> dt.date:
    return WHEN


@pytest.fixture
def profile_text():
    """Build the text of a valid minimal profile: ``profile_text("Atlas Pay")``."""

    def build(name: str = "Startup de test") -> str:
        return PROFILE.format(name=name)

    return build


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository: the real taxonomy.yml and an empty startups/ folder."""
    root = tmp_path / "repo"
    (root / "startups").mkdir(parents=True)
    shutil.copy(ROOT / "taxonomy.yml", root / "taxonomy.yml")
    return root


@pytest.fixture(scope="session")
def taxonomy():
    """The repository's taxonomy, validated."""
    from startupdir.problems import Report
    from startupdir.validate import load_taxonomy

    report = Report()
    loaded = load_taxonomy(ROOT, report, WHEN)
    assert loaded is not None, [p.as_text() for p in report.problems]
    return loaded
