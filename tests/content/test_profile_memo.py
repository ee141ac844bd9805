"""ProfileMemo (make preview): a second validation re-reads only the profiles whose file
changed; a new day or taxonomy starts afresh; a profile with a problem is never kept."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from startupdir.content import validate
from startupdir.content.validate import ProfileMemo, load_directory


@pytest.fixture
def reads(monkeypatch):
    """The profile files read by load_profile, in order."""
    seen: list[str] = []
    original = validate.load_profile

    def spy(path, *args, **kwargs):
        seen.append(path.stem)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(validate, "load_profile", spy)
    return seen


def write(repo, slug, text):
    path = repo / "startups" / f"{slug}.yml"
    path.write_text(text, encoding="utf-8")
    stat = path.stat()  # a distinct modification time, whatever the file system's precision
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    return path


def test_only_edited_profiles_are_read_again(repo, profile_text, when, reads):
    for slug, name in (("alpha", "Alpha"), ("beta", "Beta"), ("gamma", "Gamma")):
        write(repo, slug, profile_text(name))
    memo = ProfileMemo()
    first, report = load_directory(repo, when=when, memo=memo)
    assert first is not None and sorted(reads) == ["alpha", "beta", "gamma"]
    reads.clear()
    write(repo, "beta", profile_text("Beta Deux"))
    second, report = load_directory(repo, when=when, memo=memo)
    assert reads == ["beta"]
    assert second is not None and report.files_checked >= 3
    assert [s.name for s in second.startups] == ["Alpha", "Beta Deux", "Gamma"]
    assert report.profiles == 3


def test_a_new_day_or_taxonomy_reads_everything(repo, profile_text, when, reads):
    write(repo, "alpha", profile_text("Alpha"))
    memo = ProfileMemo()
    load_directory(repo, when=when, memo=memo)
    reads.clear()
    load_directory(repo, when=when + dt.timedelta(days=1), memo=memo)
    assert reads == ["alpha"]
    reads.clear()
    taxonomy = repo / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    assert "Fintech" in text
    taxonomy.write_text(text.replace("Fintech", "Fintech et paiement", 1), encoding="utf-8")
    load_directory(repo, when=when + dt.timedelta(days=1), memo=memo)
    assert reads == ["alpha"]


def test_a_profile_with_a_problem_is_never_kept(repo, profile_text, when, reads):
    write(repo, "alpha", profile_text("Alpha"))
    write(repo, "beta", profile_text("Beta").replace("founded: ", "founded: 1", 1))
    memo = ProfileMemo()
    directory, report = load_directory(repo, when=when, memo=memo)
    assert directory is None and not report.ok
    reads.clear()
    directory, report = load_directory(repo, when=when, memo=memo)
    assert reads == ["beta"] and not report.ok
