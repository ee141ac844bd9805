"""The previous build's output, overwritten in place (startupdir.site.output)."""

from __future__ import annotations

import os
from pathlib import Path

from startupdir.site.output import KEPT, PreviousOutput


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _previous_site(site: Path) -> None:
    for path in ("index.html", "a/index.html", "gone/index.html", "gone/deep/x.png", "old.js"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(f"old {path}", encoding="utf-8")
    (site / ".well-known").mkdir()
    (site / ".well-known" / "security.txt").write_text("kept", encoding="utf-8")


def test_the_previous_output_survives_the_cleaning_and_is_overwritten_in_place(tmp_path):
    site = tmp_path / "site"
    _previous_site(site)
    inode = (site / "a" / "index.html").stat().st_ino
    output = PreviousOutput(site)
    output.keep()
    # Hidden entries stay where they are: MkDocs leaves them alone.
    assert sorted(os.listdir(site)) == [KEPT, ".well-known"]
    assert sorted(os.listdir(site / KEPT)) == ["a", "gone", "index.html", "old.js"]
    # MkDocs empties the folder here (hidden entries stay), then the build writes.
    output.restore()
    (site / "index.html").write_text("new home", encoding="utf-8")
    with open(site / "a" / "index.html", "wb") as page:  # as MkDocs writes a page
        page.write(b"new a")
    (site / "b").mkdir()
    (site / "b" / "index.html").write_text("new b", encoding="utf-8")
    assert output.sweep() == 3  # gone/index.html, gone/deep/x.png, old.js
    assert _files(site) == [
        ".well-known",
        ".well-known/security.txt",
        "a",
        "a/index.html",
        "b",
        "b/index.html",
        "index.html",
    ]
    assert (site / "a" / "index.html").stat().st_ino == inode  # the same file, new bytes
    assert (site / "a" / "index.html").read_text(encoding="utf-8") == "new a"


def test_an_entry_written_before_the_restore_wins(tmp_path):
    site = tmp_path / "site"
    _previous_site(site)
    output = PreviousOutput(site)
    output.keep()
    (site / "a").mkdir()
    (site / "a" / "new.html").write_text("new", encoding="utf-8")
    output.restore()
    assert _files(site / "a") == ["new.html"]
    assert not (site / KEPT).exists()


def test_nothing_is_swept_without_keep(tmp_path):
    """make preview (MkDocs' --dirty) keeps its pages: no keep, no sweep."""
    site = tmp_path / "site"
    _previous_site(site)
    before = _files(site)
    assert PreviousOutput(site).sweep() == 0
    assert _files(site) == before


def test_a_first_build_and_a_stopped_one(tmp_path):
    """No site yet: keep creates the folder. A folder left by a stopped build is replaced."""
    site = tmp_path / "site"
    output = PreviousOutput(site)
    output.keep()
    output.restore()
    assert _files(site) == []
    (site / KEPT / "stale").mkdir(parents=True)
    (site / "page.html").write_text("x", encoding="utf-8")
    output = PreviousOutput(site)
    output.keep()
    assert _files(site) == [KEPT, f"{KEPT}/page.html"]
