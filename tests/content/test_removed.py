"""startupdir.content.removed: removed.yml, its checks, and the pages kept at removed profiles' URLs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from startupdir.content.removed import (
    REASONS,
    RemovedProfile,
    load_removed,
    removed_pages,
)
from startupdir.content.validate import Directory, load_directory
from startupdir.site.pages import removed as generated_removed

ROOT = Path(__file__).resolve().parents[2]


def check_removed(root: Path, when: dt.date | None = None):
    """The problems of removed.yml, as `startupdir validate` reports them."""
    return load_removed(root, when)[1]


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


def test_a_removed_slug_must_not_have_a_profile(repo, when, profile_text):
    (repo / "startups" / "atlas-pay.yml").write_text(profile_text("Atlas Pay"))
    write(repo, "removed:\n  - slug: atlas-pay\n    date: 2026-03-10\n    reason: request\n")
    assert [p.as_text() for p in check_removed(repo, when)] == [
        "removed.yml:2:11: removed[0].slug: le profil « atlas-pay » est listé comme retiré mais "
        "startups/atlas-pay.yml existe encore — supprimez startups/atlas-pay.yml, ou retirez "
        "cette entrée si le profil revient dans l'annuaire"
    ]
    assert removed_pages(repo, when) == ()  # the profile's own page wins


def test_entries_are_checked_like_profiles(repo, when):
    write(
        repo,
        "removed:\n"
        "  - slug: Vieux_Souk\n    date: 2027-01-01\n    reason: demande\n"
        "  - slug: doublon\n    date: 2026-01-01\n    reason: duplicate\n    replaced_by: absent\n"
        "  - slug: doublon\n    date: 2026-01-02\n    reason: other\n    motif: x\n",
    )
    found = [(p.line, p.field, p.message) for p in check_removed(repo, when)]
    assert (2, "removed[0].slug", "identifiant « Vieux_Souk » invalide") in found
    assert (3, "removed[0].date", "date dans le futur (2027-01-01)") in found
    assert (4, "removed[0].reason", "valeur inconnue « demande »") in found
    assert (12, "removed[2].motif", "champ inconnu « motif »") in found


def test_duplicates_and_missing_replacement(repo, when):
    write(
        repo,
        "removed:\n"
        "  - slug: doublon\n    date: 2026-01-01\n    reason: duplicate\n    replaced_by: absent\n"
        "  - slug: doublon\n    date: 2026-01-02\n    reason: other\n",
    )
    found = [(p.line, p.field, p.message) for p in check_removed(repo, when)]
    assert found == [
        (5, "removed[0].replaced_by", "profil de remplacement introuvable : startups/absent.yml"),
        (6, "removed[1].slug", "« doublon » est déjà listé (entrée 1)"),
    ]
    assert [p.src_uri for p in removed_pages(repo, when)] == ["startups/doublon.md"]


def test_hostile_file_is_a_clean_problem(repo, when):
    write(repo, "removed: &a [*a]\n")
    problems = check_removed(repo, when)
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("removed.yml", 1, "ancre YAML « &a » interdite")
    ]
    assert removed_pages(repo, when) == ()


def test_slugs_are_escaped_in_pages(tmp_path):
    entry = RemovedProfile(slug="a<b", date=dt.date(2026, 1, 1), reason="other")
    directory = Directory(tmp_path, None, (), removed=(entry,))
    (page,) = generated_removed(directory)
    assert "a&lt;b" in page.body and "a<b" not in page.body
