"""startupdir.staff.preview: the pull request's summary (`startupdir preview-summary`), on
real commits of a temporary Git repository built from the sample directory."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from startupdir.cli import main
from startupdir.staff.preview import preview_summary, text

NEW = """\
name: Nouvelle | *Startup*
tagline:
  fr: Une accroche d'une ligne
description:
  fr: Une description.
website: https://nouvelle.example
founded: 2020
sectors: [{sector}]
city: rabat
stage: idea
employees: 3
updated: 2026-01-01
"""
POST = """\
---
date: {date}
authors: [equipe]
categories: [Partenariat]
description: Un résumé d'une ligne.
{extra}---

# Une actualité de test

Premier paragraphe.
"""


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def pr(tmp_path: Path, copy_repo) -> Path:
    """A buildable copy of the sample directory committed on main, then a branch `pr`."""
    root = copy_repo(tmp_path / "annuaire")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def commit(root: Path, files: dict[str, str]) -> None:
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")


def test_an_invalid_profile_shows_its_error_in_french_with_its_line(pr, tmp_path):
    commit(pr, {"startups/nouvelle.yml": NEW.format(sector="fintek")})
    summary = preview_summary(pr, "main", tmp_path / "site")  # the build failed: no site
    assert "#### Profil `startups/nouvelle.yml` (ajouté)" in summary
    assert "**1 erreur**" in summary
    assert (
        "startups/nouvelle.yml:8:11: sectors[0]: secteur inconnu « fintek » — vouliez-vous dire"
        " « fintech » ?" in summary
    )
    assert "Le site n'a pas été construit" in summary
    assert "atlas-pay" not in summary  # unchanged profiles are left out


def test_a_valid_profile_shows_its_key_facts_escaped(pr, when):
    commit(pr, {"startups/nouvelle.yml": NEW.format(sector="fintech")})
    summary = preview_summary(pr, "main")
    assert "| Nom | Nouvelle \\| \\*Startup\\* |" in summary  # no Markdown of its own
    assert "| Ville | Rabat |" in summary
    assert "| Secteurs | Fintech |" in summary
    assert "| Salariés | 3 |" in summary
    assert "erreur" not in summary


def test_the_built_site_gives_the_page_and_the_share_card(pr, build, tmp_path):
    commit(pr, {"startups/nouvelle.yml": NEW.format(sector="fintech")})
    site = build(pr, tmp_path / "site")
    artifact = "https://github.com/organisation/annuaire/actions/runs/1/artifacts/2"
    summary = preview_summary(pr, "main", site, artifact)
    assert f"[télécharger le site]({artifact})" in summary
    assert "| Page | `startups/nouvelle/index.html` |" in summary
    card = next(line for line in summary.splitlines() if line.startswith("| Carte de partage"))
    path = card.split("`")[1]
    assert (site / path).is_file() and path.endswith(".png")
    assert "data:" not in summary  # GitHub strips data: images from summaries
    hostile = preview_summary(pr, "main", site, "javascript:alert(1)")
    assert "javascript:" not in hostile


def test_posts_say_draft_scheduled_or_published(pr, when):
    day = when.isoformat()
    commit(
        pr,
        {
            f"content/actualites/posts/{day}-brouillon.md": POST.format(
                date=day, extra="draft: true\n"
            ),
            "content/actualites/posts/2099-01-01-plus-tard.md": POST.format(
                date="2099-01-01", extra=""
            ),
            f"content/actualites/posts/{day}-maintenant.md": POST.format(date=day, extra=""),
        },
    )
    summary = preview_summary(pr, "main")
    assert summary.count("#### Actualité `content/actualites/posts/") == 3
    assert "Brouillon (`draft: true`)" in summary
    assert (
        "Programmé : paraîtra à la première construction du site à partir du 2099-01-01" in summary
    )
    assert "Publié dès la fusion de cette pull request." in summary
    assert "| Titre | Une actualité de test |" in summary


def test_deleted_and_other_files(pr):
    git(pr, "rm", "-q", "startups/atlas-pay.yml")
    commit(pr, {"README.md": "changé\n"})
    summary = preview_summary(pr, "main")
    assert "#### Profil `startups/atlas-pay.yml` (supprimé)" in summary
    nothing = preview_summary(pr, "pr")
    assert "Cette demande ne touche aucun profil ni aucune actualité." in nothing


def test_the_command_appends_to_the_summary_file(pr, tmp_path, capsys):
    commit(pr, {"startups/nouvelle.yml": NEW.format(sector="fintek")})
    out = tmp_path / "summary.md"
    out.write_text("avant\n", encoding="utf-8")
    code = main(["preview-summary", "--root", str(pr), "--base", "main", "--out", str(out)])
    assert code == 0
    written = out.read_text(encoding="utf-8")
    assert written.startswith("avant\n") and "secteur inconnu « fintek »" in written
    assert main(["preview-summary", "--root", str(pr), "--base=--nope"]) == 2
    assert "référence Git refusée" in capsys.readouterr().err


def test_text_escapes_markdown_and_keeps_one_line():
    assert text("a|b *c* [d](e) <img>\nf") == "a\\|b \\*c\\* \\[d\\]\\(e\\) \\<img\\>\\\\nf"
