"""startupdir.content.removed: removed.yml, its checks, and the pages kept at removed profiles' URLs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from startupdir.content.removed import (
    REASONS,
    RemovedProfile,
    check_removed,
    load_removed,
    removed_pages,
)
from startupdir.content.validate import Directory, load_directory
from startupdir.site.pages import removed as generated_removed

ROOT = Path(__file__).resolve().parents[2]


def write(repo: Path, text: str) -> None:
    (repo / "removed.yml").write_text(text, encoding="utf-8")


def test_no_file_no_problem_no_page(repo, when):
    assert load_removed(repo, when) == ([], [])
    assert removed_pages(repo, when) == ()


def test_the_repository_list_is_valid(repo_root, when):
    entries, problems = load_removed(repo_root, when)
    assert problems == []
    assert entries, "removed.yml ships at least one example"
    for entry in entries:
        assert entry.reason in REASONS
        assert not (repo_root / "startups" / f"{entry.slug}.yml").exists()


def test_page_of_a_removed_profile(repo, when, profile_text):
    (repo / "startups" / "nouveau-souk.yml").write_text(profile_text("Nouveau Souk"))
    write(
        repo,
        "removed:\n"
        "  - slug: vieux-souk\n    date: 2026-03-10\n    reason: request\n"
        "  - slug: ancien-souk\n    date: 2026-06-01\n    reason: renamed\n"
        "    replaced_by: nouveau-souk\n",
    )
    directory, report = load_directory(repo, when=when)
    assert directory is not None, report.problems
    assert [r.slug for r in directory.removed] == ["ancien-souk", "vieux-souk"]
    assert all(isinstance(r, RemovedProfile) for r in directory.removed)
    pages = generated_removed(directory)
    assert [p.src_uri for p in pages] == ["startups/ancien-souk.md", "startups/vieux-souk.md"]
    body = pages[1].body
    assert (pages[1].src_uri, pages[1].title) == ("startups/vieux-souk.md", "Profil retiré")
    assert (
        "<p>Le profil « vieux-souk » a été retiré de l'annuaire le 10 mars 2026, "
        "à la demande de la startup.</p>"
    ) in body
    assert '<a href="../">Voir toutes les startups de l\'annuaire</a>' in body
    assert "la startup ayant changé de nom" in pages[0].body
    assert '<a href="../nouveau-souk/">ce profil</a>' in pages[0].body
    generated = pages[1]
    assert generated.text.startswith('---\ntitle: "Profil retiré"\n')
    assert generated.meta["search"] == {"exclude": True}  # a tombstone is no search answer
    assert body in generated.text


def test_pages_never_read_removed_yml_again(repo, when, monkeypatch):
    """Removed profiles travel in the Directory: once it is built, pages read no file."""
    write(repo, "removed:\n  - slug: vieux-souk\n    date: 2026-03-10\n    reason: request\n")
    directory, _ = load_directory(repo, when=when)
    assert directory is not None and [r.slug for r in directory.removed] == ["vieux-souk"]

    def refuse(*args, **kwargs):
        raise AssertionError("a YAML file was read after load_directory")

    import startupdir.content.load as load
    import startupdir.content.removed as removed_module

    monkeypatch.setattr(load, "read_file", refuse)
    monkeypatch.setattr(removed_module, "read_file", refuse)
    (repo / "removed.yml").unlink()  # nor the file itself
    assert [p.src_uri for p in generated_removed(directory)] == ["startups/vieux-souk.md"]
