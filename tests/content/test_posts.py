"""startupdir.content.posts: post validation driven by Markdown fixtures, the sample posts, and
the `startupdir new-post` scaffold.

Every file of tests/fixtures/news/valid/ must validate with no problem. Every file of
tests/fixtures/news/invalid/ ends with one `<!-- expect: FILE:LINE:COL: … -->` comment
per error it must produce (compared with Problem.as_text()). The expected text is
HTML-unescaped before the comparison, so that a fixture can quote « <script » or
« onerror= » (written `&lt;script`, `onerror&#61;`) without its own comment tripping
the check it tests. Line numbers are file lines: the front matter starts at line 2.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
from post_routes import BUILD_WARNINGS, ROUTES, Balance
from startupdir.cli import EXIT_INVALID, EXIT_OK, main
from startupdir.content import posthtml
from startupdir.content.postload import load_posts
from startupdir.content.posts import (
    AUTHORS_FILE,
    POST_SUFFIXES,
    POSTS_DIR,
    Event,
    split_front_matter,
)
from startupdir.content.problems import Report
from startupdir.content.reporters import as_text
from startupdir.content.validate import load_directory
from startupdir.site import news
from startupdir.site.build import BuildFailed

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "news"
VALID_FILES = sorted((FIXTURES / "valid").glob("*.md"))
INVALID_FILES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.suffix in POST_SUFFIXES)
EXPECT = re.compile(r"<!-- expect: (.+?) -->")

# The cases the news validator must cover, one invalid fixture each (guards against a
# fixture being deleted or renamed without anyone noticing).
REQUIRED_INVALID = {
    "2026-01-05-missing-date.md",
    "2026-01-05-bad-date-format.md",
    "2026-01-05-date-mismatch.md",
    "2026-01-05-bad-category.md",
    "2026-01-05-unknown-author.md",
    "2026-01-05-unknown-startup.md",
    "2026-01-05-unknown-startup-no-suggestion.md",
    "2026-01-05-unknown-program.md",
    "2026-01-05-event-end-before-start.md",
    "2026-01-05-event-unknown-city.md",
    "2026-01-05-registration-javascript.md",
    "2026-01-05-raw-script.md",
    "2026-01-05-onerror-handler.md",
    "2026-01-05-handler-without-space.md",
    "2026-01-05-attribute-list-handler.md",
    "2026-01-05-javascript-link.md",
    "2026-01-05-javascript-reference-link.md",
    "2026-01-05-missing-title.md",
    "2026-01-05-html-title.md",
    "sans-date.md",
    "2026-01-05-no-front-matter.md",
    "2026-01-05-yaml-anchor.md",
    "2026-01-05-duplicate-key.md",
    # What the published HTML would hold (rendered like MkDocs, checked like the cleaning)
    *(f"2026-01-05-{name}.md" for name in ROUTES),
    "2026-01-05-heading-attributes.md",
    # What MkDocs' strict build would warn about
    *(f"2026-01-05-{name}.md" for name in BUILD_WARNINGS),
    "2026-01-05-anchor-on-generated-page.md",
    "2026-01-05-relative-html-link.md",
    # Material's blog publishes every Markdown extension
    "2026-01-05-extension-markdown.markdown",
}
REQUIRED_VALID = {
    "2026-01-05-minimal.md",
    "2026-06-01-evenement-startups-programmes.md",
    "2026-11-20-brouillon.md",
    "2099-01-15-programmee.md",
    "2026-01-07-mise-en-forme.md",
}


@pytest.fixture(scope="module")
def slugs() -> list[str]:
    return sorted(path.stem for path in (ROOT / "startups").glob("*.yml"))


@pytest.fixture(scope="module")
def check(taxonomy, slugs, when):
    """``check(*paths)`` -> (posts, report): the news validator on fixture files."""

    def run(*paths: Path, root: Path = ROOT, startups=None):
        report = Report()
        posts = load_posts(
            root,
            taxonomy,
            slugs if startups is None else startups,
            when,
            report,
            paths=list(paths),
        )
        return posts, report

    return run


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def expected_lines(path: Path) -> list[str]:
    return [html.unescape(m) for m in EXPECT.findall(path.read_text(encoding="utf-8"))]


# ---------------------------------------------------------------------------
# The fixtures themselves


def test_fixture_sets_are_complete():
    assert not REQUIRED_INVALID - {p.name for p in INVALID_FILES}
    assert not REQUIRED_VALID - {p.name for p in VALID_FILES}


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_invalid_fixture_states_its_errors_at_the_end(path: Path):
    text = path.read_text(encoding="utf-8")
    lines = expected_lines(path)
    assert lines, f"{path.name}: no <!-- expect: … --> comment"
    first = text.index("<!-- expect: ")
    assert not EXPECT.sub("", text[first:]).strip(), "expect comments must end the file"
    for line in lines:
        assert line.startswith(rel(path) + ":"), line


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_valid_fixture_has_no_expectation(path: Path):
    assert not expected_lines(path)


# ---------------------------------------------------------------------------
# Invalid posts: exact messages


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_invalid_fixture_reports_exactly_its_errors(check, path: Path):
    posts, report = check(path)
    assert posts == ()
    got = sorted(p.as_text() for p in report.sorted())
    assert got == sorted(expected_lines(path))


def test_invalid_fixtures_are_reported_together(check):
    """One run over every invalid file reports each file's errors, no more, no less."""
    posts, report = check(*INVALID_FILES)
    assert posts == ()
    assert report.posts == len(INVALID_FILES)
    assert report.files_with_errors == len(INVALID_FILES)
    expected = sorted(line for path in INVALID_FILES for line in expected_lines(path))
    assert sorted(p.as_text() for p in report.sorted()) == expected


def test_unknown_startup_names_the_post_and_the_slug(check):
    path = FIXTURES / "invalid" / "2026-01-05-unknown-startup.md"
    _, report = check(path)
    (problem,) = report.problems
    assert problem.file == rel(path)
    assert "atlas-pai" in problem.message
    assert problem.hint == "vouliez-vous dire « atlas-pay » ?"


def test_a_post_naming_a_missing_startup_fails_the_build(site_repo, build, tmp_path, caplog):
    post = site_repo / POSTS_DIR / "2026-11-25-startup-inconnue.md"
    post.write_text(
        "---\ndate: 2026-11-25\nauthors: [equipe]\ncategories: [Startups]\n"
        "description: Une startup absente de l'annuaire.\nstartups: [atlas-pay, atlas-pai]\n"
        "---\n\n# Une startup absente\n\nTexte.\n",
        encoding="utf-8",
    )
    with caplog.at_level("ERROR"), pytest.raises(BuildFailed) as failure:
        build(site_repo, tmp_path / "site")
    # What the person building reads: the exception, and MkDocs' error log on stderr.
    shown = str(failure.value) + "\n" + caplog.text
    assert (
        f"{POSTS_DIR}/2026-11-25-startup-inconnue.md:6:23: startups[1]: "
        "startup inconnue « atlas-pai » — vouliez-vous dire « atlas-pay » ?"
    ) in shown
    assert not (tmp_path / "site").exists()


@pytest.fixture
def repo_with_bad_post(site_repo, monkeypatch, when) -> Path:
    """A copy of the repository holding one invalid post, as the current folder."""
    monkeypatch.setenv("STARTUPDIR_TODAY", when.isoformat())
    shutil.copy(
        FIXTURES / "invalid" / "2026-01-05-bad-category.md",
        site_repo / POSTS_DIR / "2026-01-05-bad-category.md",
    )
    monkeypatch.chdir(site_repo)
    return site_repo


BAD_CATEGORY = (
    f"{POSTS_DIR}/2026-01-05-bad-category.md:4:14: categories[0]: valeur inconnue « Sport »"
)


def test_validate_command_reports_post_errors(repo_with_bad_post, capsys):
    assert main(["validate"]) == EXIT_INVALID
    assert BAD_CATEGORY in capsys.readouterr().out


def test_validate_command_checks_one_post_by_absolute_path(repo_with_bad_post, capsys):
    path = repo_with_bad_post / POSTS_DIR / "2026-01-05-bad-category.md"
    assert main(["validate", str(path)]) == EXIT_INVALID
    assert BAD_CATEGORY in capsys.readouterr().out


def test_validate_command_checks_one_post_by_relative_path(repo_with_bad_post, capsys):
    """What the guide's reader types from the repository root."""
    assert main(["validate", f"{POSTS_DIR}/2026-01-05-bad-category.md"]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert BAD_CATEGORY in out
    assert "erreur interne" not in out


# ---------------------------------------------------------------------------
# Valid posts


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_valid_fixture_validates(check, path: Path):
    posts, report = check(path)
    assert report.ok, as_text(report)
    (post,) = posts
    assert post.stem == path.stem
    assert post.source == rel(path)
    assert post.url == f"actualites/{path.stem}/"


def test_minimal_post(check):
    (post,), _ = check(FIXTURES / "valid" / "2026-01-05-minimal.md")
    assert post.title == "Une actualité minimale"
    assert post.date == dt.date(2026, 1, 5)
    meta = post.meta
    assert meta.authors == ("equipe",)
    assert meta.categories == ("Partenariat",)
    assert meta.description == "Le strict minimum d'une actualité."
    assert (meta.startups, meta.programs, meta.draft, meta.event) == ((), (), None, None)


def test_post_with_event_startups_and_programs(check):
    (post,), _ = check(FIXTURES / "valid" / "2026-06-01-evenement-startups-programmes.md")
    assert post.title == "Rencontre investisseurs à Rabat"
    meta = post.meta
    assert meta.categories == ("Événements", "Financement", "Startups")
    assert meta.startups == ("atlas-pay", "sahara-solar")
    assert meta.programs == ("startup-financing-days", "cgem-tech-connect")
    assert meta.pin is False
    assert meta.event == Event(
        start=dt.date(2026, 6, 30),
        end=dt.date(2026, 7, 2),
        city="rabat",
        venue="Technopark Rabat",
        registration="https://inscription.example/rencontre",
    )


def test_esperluette_and_semicolon_make_a_plain_title(check):
    """« R&D ; … » is ordinary French typography, not an HTML entity."""
    posts, report = check(FIXTURES / "valid" / "2026-01-06-esperluette-dans-le-titre.md")
    assert report.ok, as_text(report)
    assert posts[0].title == "R&D industrielle ; les startups s'y mettent"


def test_draft_and_scheduled_posts_validate_but_are_not_published(check, when):
    draft_path = FIXTURES / "valid" / "2026-11-20-brouillon.md"
    future_path = FIXTURES / "valid" / "2099-01-15-programmee.md"
    posts, report = check(draft_path, future_path)
    assert report.ok, as_text(report)
    future, draft = posts
    assert draft.meta.draft is True
    assert future.date == dt.date(2099, 1, 15)
    for post in posts:
        assert not post.published(when)
        assert post.published(when, include_drafts=True)
    assert news.visible(posts, when) == []
    assert news.visible(posts, when, include_drafts=True) == [future, draft]


def test_valid_fixtures_load_together_newest_first(check, when):
    posts, report = check(*VALID_FILES)
    assert report.ok, as_text(report)
    assert [p.stem for p in posts] == sorted((p.stem for p in VALID_FILES), reverse=True)
    assert report.posts == len(VALID_FILES)
    assert [p.stem for p in news.visible(posts, when)] == [
        "2026-06-01-evenement-startups-programmes",
        "2026-01-07-mise-en-forme",
        "2026-01-06-esperluette-dans-le-titre",
        "2026-01-05-minimal",
    ]


def test_sample_posts_are_valid(repo_root, when):
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, as_text(report)
    stems = [p.stem for p in directory.posts]
    assert stems == sorted((p.stem for p in (repo_root / POSTS_DIR).glob("*.md")), reverse=True)
    assert 3 <= len([p for p in directory.posts if p.published(when)]) <= 5


# ---------------------------------------------------------------------------
# `startupdir new-post`


TITLE = "Appel à projets : édition 2027"
NEW_POST = f"{POSTS_DIR}/2026-11-26-appel-a-projets-edition-2027.md"


@pytest.fixture
def new_post_repo(repo, monkeypatch, when):
    """An empty repository (taxonomy, no startups) with today pinned."""
    monkeypatch.setenv("STARTUPDIR_TODAY", when.isoformat())
    return repo


def test_new_post_writes_a_dated_draft(new_post_repo, capsys):
    assert main(["new-post", TITLE, "--root", str(new_post_repo)]) == EXIT_OK
    path = new_post_repo / NEW_POST
    assert path.is_file()
    assert NEW_POST in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert re.search(r"^date: 2026-11-26$", text, re.M)
    assert f"\n# {TITLE}\n" in text
    assert re.search(r"^draft: true$", text, re.M)


def test_new_post_comments_every_front_matter_field(new_post_repo):
    main(["new-post", TITLE, "--root", str(new_post_repo)])
    lines = (new_post_repo / NEW_POST).read_text(encoding="utf-8").splitlines()
    front = lines[1 : lines.index("---", 1)]
    for field in ("date", "authors", "categories", "description", "draft"):
        (index,) = [i for i, line in enumerate(front) if line.startswith(f"{field}:")]
        assert front[index - 1].startswith("# "), f"{field} has no explanation"
    for field in ("startups", "programs", "event", "  start", "  end", "  city", "  venue"):
        assert any(line.startswith(f"# {field}:") for line in front), field
    assert any(line.startswith("#   registration:") for line in front)


def test_new_post_validates_once_the_authors_file_exists(new_post_repo, when):
    main(["new-post", TITLE, "--root", str(new_post_repo)])
    directory, report = load_directory(new_post_repo, when=when)
    assert directory is None
    assert sorted(p.as_text() for p in report.sorted()) == [
        f"{AUTHORS_FILE}:1:1: fichier des auteurs introuvable — créez-le avec « authors: » "
        "puis un identifiant par auteur (name, description, avatar)",
        f"{NEW_POST}:5:11: authors[0]: auteur inconnu « equipe » — "
        "ajoutez l'auteur dans content/actualites/.authors.yml",
    ]

    shutil.copy(ROOT / AUTHORS_FILE, new_post_repo / AUTHORS_FILE)
    directory, report = load_directory(new_post_repo, when=when)
    assert directory is not None, as_text(report)
    (post,) = directory.posts
    assert post.title == TITLE
    assert post.date == when
    assert post.meta.draft is True
    assert news.visible(directory.posts, when) == []
    assert news.visible(directory.posts, when, include_drafts=True) == [post]


def test_new_post_refuses_to_overwrite(new_post_repo, capsys):
    assert main(["new-post", TITLE, "--root", str(new_post_repo)]) == EXIT_OK
    path = new_post_repo / NEW_POST
    path.write_text(path.read_text(encoding="utf-8") + "\nDéjà rédigé.\n", encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["new-post", TITLE, "--root", str(new_post_repo)]) == EXIT_INVALID
    assert capsys.readouterr().err == f"startupdir new-post : {NEW_POST} existe déjà\n"
    assert path.read_bytes() == before
    assert len(list((new_post_repo / POSTS_DIR).iterdir())) == 1


def test_new_post_refuses_a_title_without_letters(new_post_repo, capsys):
    assert main(["new-post", "« … »", "--root", str(new_post_repo)]) == EXIT_INVALID
    assert "au moins une lettre" in capsys.readouterr().err
    assert not (new_post_repo / POSTS_DIR).exists()


# ---------------------------------------------------------------------------
# The set of files the blog publishes is the set validated


def test_post_suffixes_are_what_mkdocs_reads_as_markdown():
    from mkdocs.utils import markdown_extensions

    assert set(POST_SUFFIXES) == set(markdown_extensions)


def test_posts_are_rendered_with_the_extensions_of_mkdocs_yml(repo_root):
    from mkdocs.config import load_config

    config = load_config(str(repo_root / "mkdocs.yml"))
    assert list(config.markdown_extensions) == list(posthtml.EXTENSIONS)
    assert {k: v for k, v in config.mdx_configs.items() if v} == posthtml.EXTENSION_CONFIGS


VALID_POST = (
    "---\ndate: 2026-11-25\nauthors: [equipe]\ncategories: [Startups]\n"
    "description: Une actualité rangée ailleurs.\n---\n\n# Une actualité rangée ailleurs\n\nTexte.\n"
)


def test_a_post_in_a_subfolder_or_with_another_extension_is_refused(site_repo, when):
    posts = site_repo / POSTS_DIR
    (posts / "2026").mkdir()
    (posts / "2026" / "2026-11-25-rangee.md").write_text(VALID_POST, encoding="utf-8")
    (posts / "2026-11-25-extension.mdown").write_text(VALID_POST, encoding="utf-8")
    (posts / ".brouillon-cache.md").write_text("MkDocs ignore ce fichier.", encoding="utf-8")
    directory, report = load_directory(site_repo, when=when)
    assert directory is None
    assert [p.as_text() for p in report.sorted()] == [
        f"{POSTS_DIR}/2026-11-25-extension.mdown:1:1: extension « .mdown » non acceptée "
        "— renommez le fichier en 2026-11-25-extension.md",
        f"{POSTS_DIR}/2026/2026-11-25-rangee.md:1:1: actualité rangée dans un sous-dossier "
        f"de {POSTS_DIR}/ — déplacez-la dans {POSTS_DIR}/ : {POSTS_DIR}/2026-11-25-rangee.md",
    ]


def test_other_files_of_the_news_folder_are_refused(site_repo, when):
    news_dir = site_repo / "content" / "actualites"
    (news_dir / "annonce.md").write_text(VALID_POST, encoding="utf-8")
    (news_dir / "postscript.md").write_text(VALID_POST, encoding="utf-8")  # "posts…": a post
    (news_dir / "affiche.png").write_bytes(b"\x89PNG\r\n")
    (news_dir / "posts" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (news_dir / ".gitkeep").write_text("", encoding="utf-8")
    directory, report = load_directory(site_repo, when=when)
    assert directory is None
    elsewhere = (
        "n'y ont leur place que index.md, .authors.yml et les actualités "
        f"({POSTS_DIR}/AAAA-MM-JJ-titre.md) : retirez ce fichier"
    )
    misplaced = f"une actualité se range dans {POSTS_DIR}/, nommée AAAA-MM-JJ-titre.md"
    stray = "fichier inattendu dans le dossier des actualités"
    assert [p.as_text() for p in report.sorted()] == [
        f"content/actualites/affiche.png:1:1: {stray} — {elsewhere}",
        f"content/actualites/annonce.md:1:1: {stray} — {misplaced}",
        f"content/actualites/posts/photo.jpg:1:1: {stray} — {elsewhere}",
        f"content/actualites/postscript.md:1:1: {stray} — {misplaced}",
    ]


def test_validating_the_posts_folder_checks_every_markdown_extension(
    site_repo, monkeypatch, capsys
):
    (site_repo / POSTS_DIR / "2026-11-25-extension.markdown").write_text(
        VALID_POST, encoding="utf-8"
    )
    monkeypatch.chdir(site_repo)
    assert main(["validate", POSTS_DIR]) == EXIT_INVALID
    assert (
        f"{POSTS_DIR}/2026-11-25-extension.markdown:1:1: extension « .markdown » non acceptée"
        in capsys.readouterr().out
    )


def test_a_post_in_a_subfolder_fails_the_build(site_repo, build, tmp_path, caplog):
    """Material's blog would publish it, unchecked: the build stops, in French."""
    (site_repo / POSTS_DIR / "2026").mkdir()
    (site_repo / POSTS_DIR / "2026" / "2026-11-25-rangee.md").write_text(
        VALID_POST, encoding="utf-8"
    )
    with caplog.at_level("ERROR"), pytest.raises(BuildFailed) as failure:
        build(site_repo, tmp_path / "site")
    shown = str(failure.value) + "\n" + caplog.text
    assert (
        f"{POSTS_DIR}/2026/2026-11-25-rangee.md:1:1: actualité rangée dans un sous-dossier" in shown
    )
    assert not (tmp_path / "site").exists()


def test_an_avatar_from_another_site_is_refused(site_repo, when):
    authors = site_repo / AUTHORS_FILE
    text = authors.read_text(encoding="utf-8")
    authors.write_text(
        text.replace("assets/images/avatar-annuaire.png", "https://avatars.example/equipe.png"),
        encoding="utf-8",
    )
    directory, report = load_directory(site_repo, when=when)
    assert directory is None
    assert [p.as_text() for p in report.sorted()] == [
        f"{AUTHORS_FILE}:5:13: authors.equipe.avatar: avatar hors du site "
        "« https://avatars.example/equipe.png » refusé — placez l'image dans "
        "overrides/assets/images/ et indiquez assets/images/…"
    ]


# ---------------------------------------------------------------------------
# The cleaning (posthtml.clean_html): what any post, checked or not, can publish


def published_html(path: Path) -> str:
    _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    rendered, _ = posthtml.render(body)
    return posthtml.clean_html(rendered)


ROUTE_FILES = [FIXTURES / "invalid" / f"2026-01-05-{name}.md" for name in ROUTES]
ROUTE_FILES.append(FIXTURES / "invalid" / "2026-01-05-heading-attributes.md")


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem[11:])
def test_the_cleaning_leaves_nothing_to_report(path: Path):
    """Rendered then cleaned, a hostile post holds only allowed elements, attributes,
    classes and ids, links with allowed schemes and images of the site."""
    clean = published_html(path)
    assert "<h1" in clean
    for item in posthtml.audit(clean):
        assert item.kind == "link", item
        if item.tag == "img":
            assert not posthtml.other_origin(item.value), item
        else:
            assert posthtml.url_scheme(item.value) in ("", "http", "https", "mailto"), item


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem[11:])
def test_the_cleaning_balances_every_element(path: Path):
    """html5ever closes what the post leaves open and drops what it closes without
    opening: the page around a post keeps its structure."""
    assert Balance(published_html(path)).errors == []


def test_balance_check_can_fail():
    assert Balance("<p>a</div></main>").errors
    assert Balance("<div><textarea>").errors


def test_the_cleaning_of_each_route(tmp_path):
    cleaned = {p.stem[11:]: published_html(p) for p in ROUTE_FILES}
    assert 'href="' not in cleaned["reference-in-quote"]  # the javascript: link is gone
    assert "<a>compte rendu</a>" in cleaned["reference-in-quote"]
    assert "vbscript" not in cleaned["reference-in-list"]
    assert "onmouseover" not in cleaned["attribute-list-brace"]
    assert 'title="version {2026}"' in cleaned["attribute-list-brace"]
    assert "script:" not in cleaned["newline-in-scheme"].replace("\n", "")
    assert "<pre>graph LR" in cleaned["mermaid-diagram"]
    assert "mermaid" not in cleaned["mermaid-diagram"]
    assert '<img alt="Affiche du salon de l\'innovation">' in cleaned["image-elsewhere"]
    assert "srcset" not in cleaned["image-srcset"]
    assert 'src="../../assets/images/logo.png"' in cleaned["image-srcset"]
    assert "style" not in cleaned["style-background"]
    assert "ping" not in cleaned["link-ping"]
    assert "<video" not in cleaned["video-elsewhere"]
    assert "<plaintext" not in cleaned["plaintext"]  # what follows it is escaped text
    assert "&lt;/p&gt;" in cleaned["plaintext"]
    assert "<textarea" not in cleaned["unclosed-textarea"]
    assert "&lt;/p&gt;" in cleaned["unclosed-textarea"]
    assert "main" not in cleaned["closing-layout-tags"]
    assert "<p>Ce paragraphe voudrait" in cleaned["closing-layout-tags"]
    assert "<h2>Paramètres</h2>" in cleaned["reserved-heading-id"]
    assert "onfocus" not in cleaned["heading-attributes"]
    assert "onerror" not in cleaned["heading-attributes"]


def test_the_cleaning_keeps_what_posts_may_use():
    clean = published_html(FIXTURES / "valid" / "2026-01-07-mise-en-forme.md")
    for kept in (
        '<h1 id="ce-quune-actualite-peut-mettre-en-forme">',
        '<h2 id="calendrier">Calendrier</h2>',
        '<a href="#calendrier">lien vers le calendrier</a>',
        '<img alt="Logo de l\'annuaire" src="../../assets/images/logo.png" title="L\'annuaire">',
        '<th align="left">Étape</th>',
        '<td align="center">30 juin</td>',
        '<th align="right">Places</th>',
        '<div class="admonition note">',
        '<p class="admonition-title">À retenir</p>',
        "<blockquote>",
        '<a href="mailto:programmes@annuaire.example">',
        "<pre><code>exemple de code indenté",
        '<pre><code class="language-python">print(',
        "<hr>",
        "<strong>gras</strong>",
        "<em>italique</em>",
        "<code>code</code>",
    ):
        assert kept in clean, kept


def test_table_of_contents_titles_and_anchors_are_cleaned():
    from mkdocs.structure.toc import get_toc

    md = posthtml._markdown()
    md.convert(
        "# Titre\n\n## Ok\n\n## Piège {: id='x\" onfocus=\"alert(1)' }\n\n"
        "## Réservé {: #__search }\n\n## A & B <em>c</em>\n"
    )
    toc = get_toc(md.toc_tokens)
    (top,) = posthtml.clean_toc(toc.items)
    assert [(c.id, c.title) for c in top.children] == [("ok", "Ok"), ("a-b-c", "A &amp; B c")]


def test_heading_ids_that_the_cleaning_refuses():
    for refused in ("__config", "_1", "sd-explorer", "Majuscule", 'a"b', "", "a b"):
        assert not posthtml.id_ok(refused), refused
    for kept in ("calendrier", "qui-fait-quoi", "etape_2", "2026"):
        assert posthtml.id_ok(kept), kept


def test_urls_as_a_browser_reads_them():
    assert posthtml.url_scheme(" java\nscr\tipt:alert(1)") == "javascript"
    assert posthtml.url_scheme("JaVaScRiPt:x") == "javascript"
    assert posthtml.url_scheme("../../startups/atlas-pay.md") == ""
    assert posthtml.other_origin("//pixels.example/p.gif")
    assert posthtml.other_origin("/\\pixels.example/p.gif")
    assert posthtml.other_origin("\\\\pixels.example/p.gif")
    assert posthtml.other_origin("https://pixels.example/p.gif")
    assert not posthtml.other_origin("../../assets/images/logo.png")
