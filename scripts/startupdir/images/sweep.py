"""What the image cache no longer reads, removed when a build lists it.

Two kinds of leftovers, both recognised by name, so the sweep is one listing of each of the
cache's two folders and one ``stat`` per temporary file, never a walk of every image:

- a temporary file (``.tmp-…``) of a write that was interrupted before its rename, once it
  is older than the build by ``TEMP_GRACE_S``: another build on the same cache may be
  between the create and the rename of its own, which takes milliseconds;
- a folder named by a result's key: pipeline versions 1 to 4 kept each result in one.

Anything else is left alone, above all the index and the content-named images a build uses.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

TEMP_PREFIX = ".tmp-"
TEMP_GRACE_S = 600
OLD_RESULT_FOLDER = re.compile(r"[0-9a-f]{64}")  # named by a result's key (SHA-256)


def list_names(folder: Path) -> set[str]:
    """The names in ``folder``, none when it does not exist yet."""
    try:
        return set(os.listdir(folder))
    except FileNotFoundError:
        return set()


def file_system_now(folder: Path) -> float:
    """The file system's time now, as it stamps the files of ``folder`` (touched, then
    read): what a temporary file's age is measured against. The wall clock is not read
    (the program's one clock, content/clock.py, gives the day)."""
    os.utime(folder)
    return folder.stat().st_mtime


def sweep(folder: Path, names: Iterable[str], started: float) -> set[str]:
    """Remove the leftovers among ``names`` (the entries of ``folder``) for a build that
    started at ``started`` (``file_system_now``); the names removed."""
    candidates = [n for n in names if n.startswith(TEMP_PREFIX) or OLD_RESULT_FOLDER.fullmatch(n)]
    return {name for name in candidates if _remove_leftover(folder / name, started)}


def _remove_leftover(path: Path, started: float) -> bool:
    """Whether ``path`` was a leftover, now removed (a failure leaves it for a later build)."""
    try:
        if OLD_RESULT_FOLDER.fullmatch(path.name):
            shutil.rmtree(path)
            return True
        if path.name.startswith(TEMP_PREFIX) and path.stat().st_mtime < started - TEMP_GRACE_S:
            path.unlink()
            return True
    except OSError:  # renamed by its writer, removed by another build's sweep, not a folder
        pass
    return False
