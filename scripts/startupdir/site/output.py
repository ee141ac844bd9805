"""The previous build's output, kept in place so that this build overwrites its files.

MkDocs empties the site folder before a build, and the build then creates every file again:
17,000 files and folders at 2,000 startups. Deleting and creating that many costs the kernel
more than writing them, and much more on a file system that avoids reusing the inodes it
freed in the last minutes (ext4 without a journal searches past each of them for every new
file, so the cost grows with the square of the site). Kept in place, a page that exists
already is overwritten in the same file.

The plugin moves the previous output into a hidden folder of the site before MkDocs empties
it (``keep``: MkDocs leaves hidden entries alone), moves it back once MkDocs has
(``restore``), and once everything is written removes what this build did not write
(``sweep``: a removed profile's page, an old fragment of the search index).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

KEPT = ".startupdir-previous"


class PreviousOutput:
    """One build's use of the previous output of ``site_dir``."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.kept = site_dir / KEPT
        self.since = 0  # the build's start, by the file system's clock (ns)

    def keep(self) -> None:
        """Before MkDocs empties the site folder: its visible entries go into ``KEPT``."""
        shutil.rmtree(self.kept, ignore_errors=True)  # left by a build that was stopped
        self.site_dir.mkdir(parents=True, exist_ok=True)
        self.kept.mkdir()
        self.since = self.kept.stat().st_mtime_ns
        for entry in os.scandir(self.site_dir):
            if not entry.name.startswith("."):
                os.rename(entry.path, self.kept / entry.name)

    def restore(self) -> None:
        """Once MkDocs has emptied the site folder: the kept entries back in their place."""
        if not self.kept.is_dir():
            return
        for entry in os.scandir(self.kept):
            target = self.site_dir / entry.name
            if target.exists():  # written since keep(): the new one stays
                _remove(Path(entry.path))
            else:
                os.rename(entry.path, target)
        self.kept.rmdir()

    def sweep(self) -> int:
        """Remove the files this build did not write (older than its start: every writer
        rewrites its file, an image already linked in place is touched), then the folders
        left empty; hidden entries at the top stay, as MkDocs leaves them. Nothing is removed
        unless ``keep`` ran. Returns the number of files removed."""
        if not self.since:
            return 0
        return self._sweep(str(self.site_dir), top=True)[0]

    def _sweep(self, folder: str, top: bool = False) -> tuple[int, bool]:
        """(files removed, whether ``folder`` is now empty)."""
        removed, left = 0, 0
        with os.scandir(folder) as scan:
            entries = list(scan)
        for entry in entries:
            if top and entry.name.startswith("."):
                left += 1
            elif entry.is_dir(follow_symlinks=False):
                count, empty = self._sweep(entry.path)
                removed += count
                if empty:
                    os.rmdir(entry.path)
                else:
                    left += 1
            elif entry.stat(follow_symlinks=False).st_mtime_ns >= self.since:
                left += 1
            else:
                os.unlink(entry.path)
                removed += 1
        return removed, left == 0


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
