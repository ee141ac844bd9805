"""The program's one "today": pinned by STARTUPDIR_TODAY, read nowhere else."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from startupdir.content import clock
from startupdir.content.clock import ClockError, today

PACKAGE = Path(clock.__file__).parents[1]  # every module of startupdir

# Calls that read the wall clock: `date.today()`, `datetime.now()`, `time.time()`…
CLOCK_CALLS = {"today", "now", "utcnow", "time", "time_ns", "localtime", "gmtime", "ctime"}
CLOCK_OWNERS = {"date", "datetime", "dt", "time"}


def clock_reads(path: Path, base: Path = PACKAGE) -> list[str]:
    """`owner.call()` expressions of ``path`` that read the wall clock."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if node.func.attr in CLOCK_CALLS and name in CLOCK_OWNERS:
            found.append(f"{path.relative_to(base)}:{node.lineno}: {name}.{node.func.attr}()")
    return found


def test_the_suite_runs_on_the_pinned_day(when):
    assert today() == when == dt.date(2026, 11, 26)


def test_today_follows_the_pin(monkeypatch):
    monkeypatch.setenv("STARTUPDIR_TODAY", "2031-02-28")
    assert today() == dt.date(2031, 2, 28)


def test_unpinned_today_is_the_system_date(monkeypatch):
    """Without the pin, the clock module asks the system (here a stand-in system clock)."""

    class SystemDate(dt.date):
        @classmethod
        def today(cls):
            return cls(2031, 7, 14)

    monkeypatch.delenv("STARTUPDIR_TODAY")
    monkeypatch.setattr(clock.dt, "date", SystemDate)
    assert today() == dt.date(2031, 7, 14)


def test_a_pin_that_is_not_a_date_is_refused_in_french(monkeypatch):
    monkeypatch.setenv("STARTUPDIR_TODAY", "26/11/2026")
    with pytest.raises(ClockError) as caught:
        today()
    assert str(caught.value) == (
        "STARTUPDIR_TODAY='26/11/2026' n'est pas une date : écrivez-la AAAA-MM-JJ (2026-03-01)"
    )


def test_the_command_reports_a_bad_pin_without_a_traceback(repo_root, monkeypatch):
    env = {"STARTUPDIR_TODAY": "demain", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "startupdir", "validate"],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 2
    assert result.stderr == (
        "startupdir : STARTUPDIR_TODAY='demain' n'est pas une date : "
        "écrivez-la AAAA-MM-JJ (2026-03-01)\n"
    )


def test_only_the_clock_module_reads_the_clock():
    reads = [hit for path in sorted(PACKAGE.rglob("*.py")) for hit in clock_reads(path)]
    assert reads == ["content/clock.py:23: date.today()"]


def test_the_clock_scan_sees_each_way_of_reading_the_clock(tmp_path):
    source = tmp_path / "probe.py"
    text = "import datetime, time\ndatetime.date.today()\ndatetime.datetime.now()\ntime.time()\n"
    source.write_text(text, encoding="utf-8")
    assert clock_reads(source, tmp_path) == [
        "probe.py:2: date.today()",
        "probe.py:3: datetime.now()",
        "probe.py:4: time.time()",
    ]


POST = """\
---
date: {date}
authors: [equipe]
categories: [Partenariat]
description: Une actualité datée.
---

# Actualité du {date}

Texte.
"""


@pytest.mark.parametrize("system_year", [2020, 2035])
def test_scheduled_posts_follow_the_pinned_day_whatever_the_system_clock(
    site_repo, build, tmp_path, monkeypatch, when, system_year
):
    """Material's blog would judge "future" by the system clock; the build follows ours."""
    from material.plugins.blog import plugin as blog

    class SystemClock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(system_year, 6, 1, tzinfo=tz)

    monkeypatch.setattr(blog, "datetime", SystemClock)
    posts = site_repo / "content" / "actualites" / "posts"
    for day in (when - dt.timedelta(days=1), when + dt.timedelta(days=1)):
        (posts / f"{day.isoformat()}-actualite-datee.md").write_text(
            POST.format(date=day.isoformat()), encoding="utf-8"
        )
    site = build(site_repo, tmp_path / "site")
    news = site / "actualites"
    assert (news / "2026-11-25-actualite-datee" / "index.html").is_file()
    assert not (news / "2026-11-27-actualite-datee").exists()
    index = (news / "index.html").read_text(encoding="utf-8")
    assert "Actualité du 2026-11-25" in index
    assert "Actualité du 2026-11-27" not in index
