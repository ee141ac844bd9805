"""The image cache sweeps what no build reads any more when a build lists it: temporary files
of interrupted writes (once older than the build by TEMP_GRACE_S) and the per-result folders
of pipeline versions 1 to 4; never the index nor an image, whether in the index or not yet.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from startupdir.images import images, sweep
from startupdir.images.images import ImagePipeline, ImageRef

SITE = "Annuaire de test"
BRAND = "#0b4f71"
LONG_AGO = 2 * sweep.TEMP_GRACE_S


def make_card(pipeline: ImagePipeline, title: str = "Titre") -> ImageRef:
    return pipeline.share_card_post(title, "1er mars", SITE, BRAND)


def leave(path: Path, age_s: float, data: bytes = b"half a card") -> Path:
    """A file last written ``age_s`` seconds ago (by the file system's time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    then = sweep.file_system_now(path.parent) - age_s
    os.utime(path, (then, then))
    return path


def old_result_folder(cache: Path) -> Path:
    """A version-4 result: a folder named by its key, with its card and its manifest."""
    folder = cache / ("3f" * 32)
    leave(folder / "0123456789abcdef.png", LONG_AGO, b"an old card")
    leave(folder / "manifest.json", LONG_AGO, b"{}")
    return folder


def snapshot(cache: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each file under the cache, by relative path: inode, modification time and bytes."""
    return {
        path.relative_to(cache).as_posix(): (
            path.stat().st_ino,
            path.stat().st_mtime_ns,
            path.read_bytes(),
        )
        for path in sorted(cache.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A cache one build filled: its index and one card."""
    pipeline = ImagePipeline(tmp_path / "cache")
    make_card(pipeline)
    pipeline.save()
    return tmp_path / "cache"


@pytest.fixture
def card(cache: Path) -> ImageRef:
    return make_card(ImagePipeline(cache))


def test_a_build_removes_stale_temporaries_and_old_version_folders(cache, card):
    kept = snapshot(cache)
    files = cache / images.FILES_DIR
    stale = [
        leave(files / f".tmp-0a1b2c3d4e5f6a7b-{Path(card.url).name}", LONG_AGO),
        leave(cache / f".tmp-8899aabbccddeeff-{images.INDEX_FILE}", LONG_AGO),
    ]
    old = old_result_folder(cache)
    warm = ImagePipeline(cache)
    assert not old.exists()
    assert [path for path in stale if path.exists()] == []
    assert not {path.name for path in stale} & warm.present
    assert snapshot(cache) == kept  # the index and the card: the same files, untouched
    assert make_card(warm) == card and warm.encoded == 0


def test_a_recent_temporary_may_be_another_builds_write_and_stays(cache):
    files = cache / images.FILES_DIR
    recent = [
        leave(files / ".tmp-0000000000000001-0123456789abcdef.png", 0),
        leave(files / ".tmp-0000000000000002-0123456789abcdef.png", sweep.TEMP_GRACE_S - 60),
        leave(cache / f".tmp-0000000000000003-{images.INDEX_FILE}", sweep.TEMP_GRACE_S - 60),
    ]
    ImagePipeline(cache)
    assert all(path.exists() for path in recent)
    later = sweep.file_system_now(files) + sweep.TEMP_GRACE_S  # seen by a much later build
    assert sweep.sweep(files, sweep.list_names(files), later) == {p.name for p in recent[:2]}
    assert sweep.sweep(cache, sweep.list_names(cache), later) == {recent[2].name}
    assert not any(path.exists() for path in recent)


def test_what_the_sweep_does_not_recognise_stays(cache):
    """An image no index lists yet (another build's, before its save()), and whatever else
    lies in the cache, are not leftovers."""
    files = cache / images.FILES_DIR
    other = [
        leave(files / "fedcba9876543210.png", LONG_AGO, b"not in the index yet"),
        leave(cache / "notes.txt", LONG_AGO),
        leave(cache / "other" / "anything.png", LONG_AGO),
        leave(cache / ("5a" * 32), LONG_AGO, b"a file named like an old folder"),
        leave(cache / "tmp-without-the-dot", LONG_AGO),
    ]
    kept = snapshot(cache)
    warm = ImagePipeline(cache)
    assert all(path.exists() for path in other)
    assert snapshot(cache) == kept
    assert "fedcba9876543210.png" in warm.present


def test_the_sweep_lists_each_folder_once_and_stats_only_temporaries(cache, monkeypatch):
    """A warm build's cost stays one listing per folder, whatever the number of images."""
    for title in ("Un", "Deux", "Trois"):
        make_card(ImagePipeline(cache), title)
    leave(cache / images.FILES_DIR / ".tmp-00000000000000ff-0123456789abcdef.png", LONG_AGO)
    listed: list[str] = []
    stated: list[str] = []
    real_listdir, real_stat = os.listdir, os.stat

    def listdir(path):
        listed.append(Path(path).relative_to(cache).as_posix())
        return real_listdir(path)

    def stat(path, *args, **kwargs):
        stated.append(Path(path).name)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "stat", stat)
    pipeline = ImagePipeline(cache)
    assert sorted(listed) == [".", images.FILES_DIR]
    # The cache folder once (the file system's time now), then the temporaries only.
    assert stated == ["cache", ".tmp-00000000000000ff-0123456789abcdef.png"]
    listed.clear()
    pipeline.fresh()  # a worker's pipeline: the folder is listed and swept once per build
    assert listed == []
