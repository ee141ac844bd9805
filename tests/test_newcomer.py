"""A newcomer's walk-through, scripted: in a fresh copy of the repository, create a profile
with `startupdir new`, fill it in, validate, build, and find the page at its URL.

The copy holds every file Git would see (tracked, and new files not ignored), committed
into a new repository, so the walk-through also covers work not committed yet. Commands
run as separate processes, as a contributor would type them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-26"

# Each placeholder of the template and what the newcomer types there.
FILLED = [
    (r"^  fr:$", "  fr: Des semences locales livrées aux agriculteurs du Souss"),
    (r"^  fr: \|\n", "  fr: |\n    **Nouvelle Pousse** relie les semenciers aux agriculteurs.\n"),
    (r"^website:$", "website: https://nouvelle-pousse.example"),
    (r"^founded:$", "founded: 2025"),
    (r"^sectors: \[\]$", "sectors: [agritech]"),
    (r"^city:$", "city: agadir"),
    (r"^stage:$", "stage: prototype"),
    (r"^employees:$", "employees: 4"),
    (r"^# maintainers: \[votre-compte-github\]$", "maintainers: [nouvelle-pousse-dev]"),
]


def startupdir() -> list[str]:
    script = Path(sys.executable).parent / "startupdir"
    return [str(script)] if script.exists() else [sys.executable, "-m", "startupdir"]


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(
        ["git", "-c", "user.name=Newcomer", "-c", "user.email=newcomer@example.invalid", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A fresh repository holding what a clone of the current work would hold."""
    target = tmp_path_factory.mktemp("newcomer") / "annuaire"
    listing = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if not source.is_file() or name.startswith("tests/"):
            continue  # deleted but not yet staged, or the test suite itself
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    git("init", "-q", "-b", "main", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-q", "-m", "clone", cwd=target)
    return target


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [*startupdir(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_walk_through(clone, tmp_path):
    # 1. `startupdir new` writes the commented template
    done = run("new", "Nouvelle Pousse", "--root", str(clone), cwd=clone)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Profil créé : startups/nouvelle-pousse.yml"
    path = clone / "startups" / "nouvelle-pousse.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert f"updated: {TODAY}" in text

    # 2. the untouched template does not validate, and says where to look
    done = run("validate", "--root", str(clone), cwd=clone)
    assert done.returncode == 1
    assert "startups/nouvelle-pousse.yml:" in done.stdout

    # 3. the newcomer fills in the fields
    for pattern, value in FILLED:
        text, count = re.subn(pattern, value, text, count=1, flags=re.M)
        assert count == 1, pattern
    path.write_text(text, encoding="utf-8")

    # 4. everything validates
    done = run("validate", "--root", str(clone), cwd=clone)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Tout est valide")

    # 5. the site builds (strict), with the new profile at its URL
    site = tmp_path / "site"
    done = run("build", "--root", str(clone), "--site-dir", str(site), cwd=clone)
    assert done.returncode == 0, done.stdout + done.stderr
    page = site / "startups" / "nouvelle-pousse" / "index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "Nouvelle Pousse" in html
    assert "Des semences locales livrées aux agriculteurs du Souss" in html
    assert "Nouvelle Pousse" in (site / "startups" / "index.html").read_text(encoding="utf-8")

    # 6. the pull request would pass the ownership check: a new profile, anyone may add it
    git("checkout", "-q", "-b", "ajout-nouvelle-pousse", cwd=clone)
    git("add", "startups/nouvelle-pousse.yml", cwd=clone)
    git("commit", "-q", "-m", "Ajout de Nouvelle Pousse", cwd=clone)
    from startupdir.staff.ownership import review_changes

    verdict = review_changes(clone, "main", "premier-contributeur", Path("staff.yml"))
    assert (verdict.ok, verdict.refused) == (True, [])


def test_new_refuses_to_overwrite(clone):
    done = run("new", "Atlas Pay", "--root", str(clone), cwd=clone)
    assert done.returncode == 1
    assert "existe déjà" in done.stderr


def test_every_profile_starts_with_the_schema_comment(repo_root):
    """Editors that read the comment complete and check fields as the contributor types."""
    from startupdir.content.scaffold import SCHEMA_COMMENT

    profiles = sorted((repo_root / "startups").glob("*.yml"))
    assert profiles
    missing = [
        p.name
        for p in profiles
        if p.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()[0] != SCHEMA_COMMENT
    ]
    assert missing == []
