"""The date each profile was added, read from the repository's history.

One ``git log`` for every profile (cost linear in the history, whatever the number of
files): the commit that added ``startups/<slug>.yml``, its committer date. The dates
come from the commits, never from the clock, so one commit always gives the same page.
Without a usable history (no git, not a repository, a shallow clone), ``reason`` says
why in French and the caller falls back to each profile's ``updated`` date.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from startupdir.content.validate import PROFILE_DIR

PROFILE_SUFFIXES = (".yml", ".yaml")
TIMEOUT = 120  # seconds; the log of a large history is read in one pass
MARK = "\x01"  # starts a commit's line in the log output (never in a file name)


@dataclass(frozen=True)
class History:
    """Slug -> the day its profile file was added; ``reason`` is empty when read."""

    added: Mapping[str, dt.date] = field(default_factory=dict)
    reason: str = ""

    @property
    def available(self) -> bool:
        return not self.reason

    def added_on(self, slug: str, fallback: dt.date) -> dt.date:
        return self.added.get(slug, fallback)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=TIMEOUT,
    ).stdout


def parse_log(text: str) -> dict[str, dt.date]:
    """``git log --format=<MARK>%cI --name-only``, newest commit first: each slug gets
    the date of its most recent addition (a profile removed then added again counts
    from its return)."""
    added: dict[str, dt.date] = {}
    day: dt.date | None = None
    for line in text.splitlines():
        if line.startswith(MARK):
            day = dt.date.fromisoformat(line[1:11])
            continue
        name = line.strip()
        if not name or day is None or "/" in name.removeprefix(f"{PROFILE_DIR}/"):
            continue  # a file in a sub-folder (logos) is not a profile
        stem, dot, suffix = name.removeprefix(f"{PROFILE_DIR}/").rpartition(".")
        if dot and f".{suffix}" in PROFILE_SUFFIXES:
            added.setdefault(stem, day)
    return added


def read_history(root: Path) -> History:
    """The addition date of every committed profile under ``root``/startups/."""
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip()
    except FileNotFoundError:
        return History(reason="git n'est pas installé")
    except (OSError, subprocess.SubprocessError):
        return History(reason="le dossier n'est pas un dépôt git")
    if shallow == "true":
        return History(reason="le dépôt est un clone superficiel (shallow)")
    try:
        log = _git(
            root,
            "log",
            "--no-renames",
            "--diff-filter=A",
            f"--format={MARK}%cI",
            "--name-only",
            "--relative",
            "--",
            f"{PROFILE_DIR}/",
        )
    except (OSError, subprocess.SubprocessError):
        return History(reason="l'historique du dépôt est illisible (aucun commit ?)")
    return History(added=parse_log(log))


def unavailable_message(history: History) -> str:
    """What the build tells when it falls back to the ``updated`` dates."""
    return (
        f"Historique git indisponible ({history.reason}) : la date d'ajout des profils "
        "est leur date de mise à jour (updated). Pour des dates exactes, construisez "
        "depuis un clone complet (git fetch --unshallow, ou fetch-depth: 0)."
    )
