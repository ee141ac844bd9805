"""English versions of posts (issue 17): content/en/news/posts/<the French post's name>.md,
a description and a text, checked like a post's; anything else in content/en/news/ refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from startupdir.content.reporters import as_text
from startupdir.content.validate import load_directory

STEM = "2026-02-03-accord-cgem-technopark"
VERSION = "content/en/news/posts/" + STEM + ".md"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def problems(root: Path, when) -> list[str]:
    directory, report = load_directory(root, when=when)
    return [p.as_text() for p in report.sorted()]


def test_the_sample_post_has_its_english_version(repo_root, when):
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, as_text(report)
    post = next(p for p in directory.posts if p.stem == STEM)
    assert post.english is not None
    assert post.english.title == "The CGEM and Technopark Morocco join forces for startups"
    assert post.english.description.startswith("The CGEM and Technopark Morocco sign")
    assert post.english_url == f"en/news/posts/{STEM}/"
    assert [p.stem for p in directory.posts if p.english] == [STEM]


def test_a_version_of_no_french_post_is_refused(site_repo, when):
    write(
        site_repo,
        "content/en/news/posts/2026-05-01-nothing.md",
        "---\ndescription: x\n---\n\n# X\n",
    )
    assert problems(site_repo, when) == [
        "content/en/news/posts/2026-05-01-nothing.md:1:1: aucune actualité française "
        "« 2026-05-01-nothing » : une version anglaise porte le nom de l'actualité qu'elle "
        "traduit — renommez le fichier comme l'actualité de content/actualites/posts/ qu'il traduit"
    ]


def test_a_version_without_description_is_refused(site_repo, when):
    write(site_repo, VERSION, "---\ndescripton: A typo.\n---\n\n# Title\n\nText.\n")
    found = problems(site_repo, when)
    assert found and all(line.startswith(VERSION + ":") for line in found)
    assert any("« description »" in line for line in found), found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("[link](javascript:alert(1))", "javascript:"),
        ("<img src=x onerror=alert(1)>", "onerror"),
    ],
)
def test_a_hostile_version_is_refused_like_a_post(site_repo, when, body, expected):
    write(site_repo, VERSION, f"---\ndescription: Hostile.\n---\n\n# Title\n\n{body}\n")
    found = problems(site_repo, when)
    assert found and all(line.startswith(VERSION + ":") for line in found)
    assert any(expected in line for line in found), found


def test_other_files_in_the_english_news_folder_are_refused(site_repo, when):
    write(site_repo, "content/en/news/posts/deeper/2026-02-03-x.md", "# X\n")
    write(site_repo, "content/en/news/notes.md", "# Notes\n")
    found = problems(site_repo, when)
    assert found == [
        f"content/en/news/{rel}:1:1: fichier inattendu dans le dossier des actualités en "
        "anglais — n'y ont leur place que index.md et la version anglaise d'une actualité, "
        "content/en/news/posts/AAAA-MM-JJ-titre.md (le nom de l'actualité française)"
        for rel in ("notes.md", "posts/deeper/2026-02-03-x.md")
    ]


def test_a_version_of_a_draft_is_not_published(site_repo, build, tmp_path, when):
    post = site_repo / "content/actualites/posts" / f"{STEM}.md"
    post.write_text(post.read_text(encoding="utf-8").replace("pin: true", "pin: true\ndraft: true"))
    site = build(site_repo, tmp_path / "site")
    assert not (site / "en/news/posts" / STEM).exists()
    assert not (site / "actualites" / STEM).exists()
    assert STEM not in (site / "en/news/feed.xml").read_text(encoding="utf-8")
