"""Reading the news folder: the authors file, every post, stray files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from startupdir.content import posthtml
from startupdir.content.load import parse
from startupdir.content.postcheck import SiteSources, check_text, short_url, site_sources
from startupdir.content.posts import (
    AUTHORS_FILE,
    CONTENT_DIR,
    EN_NEWS_DIR,
    EN_POSTS_DIR,
    NEWS_DIR,
    POST_NAME,
    POST_SUFFIXES,
    POSTS_DIR,
    AuthorsFile,
    Post,
    PostMeta,
    Translation,
    TranslationMeta,
    mkdocs_files,
    split_front_matter,
)
from startupdir.content.problems import Problem, Report
from startupdir.content.schema import INVALID, Context, check_object
from startupdir.content.schema_kinds import display
from startupdir.content.yamltext import YamlProblem, decode


def _check_avatars(node, authors: dict, ctx: Context) -> None:
    """Avatars are shown on every post and news list: images of the site only."""
    entries = next((v for k, v in node.items if k.value == "authors"), None)
    for key, entry in getattr(entries, "items", ()):
        author = authors.get(key.value)
        value = next((v for k, v in entry.items if k.value == "avatar"), None)
        if author is not None and value is not None and posthtml.other_origin(author.avatar):
            ctx.error(
                value,
                f"authors.{key.value}.avatar",
                f"avatar hors du site « {short_url(author.avatar)} » refusé",
                "placez l'image dans overrides/assets/images/ et indiquez assets/images/…",
            )


def load_authors(root: Path, report: Report, when: dt.date) -> dict[str, str] | None:
    """The authors' names by identifier, from the validated .authors.yml (None: no file)."""
    path = root / AUTHORS_FILE
    if not path.is_file():
        return None
    ctx = Context(AUTHORS_FILE, None, when, root)
    report.files_checked += 1
    try:
        node, soft = parse(decode(path.read_bytes()))
    except YamlProblem as exc:
        report.problems.append(
            Problem(AUTHORS_FILE, exc.line, exc.col, exc.field, exc.message, exc.hint)
        )
        return {}
    for warning in soft:
        report.problems.append(
            Problem(
                AUTHORS_FILE,
                warning.line,
                warning.col,
                warning.field,
                warning.message,
                warning.hint,
            )
        )
    value = check_object(AuthorsFile, node, "", ctx)
    if value is not INVALID:
        _check_avatars(node, value.authors, ctx)
    # A staff file: `startupdir validate --fix` rewrites profiles and posts only.
    report.problems.extend(dataclasses.replace(p, fixable=False) for p in ctx.problems)
    return {} if value is INVALID else {key: a.name for key, a in value.authors.items()}


def _placement(path: Path, root: Path) -> tuple[str, list[tuple[str, str]]]:
    """The post's MkDocs source path, and what is wrong with where it is: Material's blog
    publishes every Markdown file under posts/, but a post is posts/AAAA-MM-JJ-titre.md."""
    wrong = []
    right = path.stem + ".md"
    if path.suffix != ".md":
        wrong.append(
            (f"extension « {path.suffix} » non acceptée", f"renommez le fichier en {right}")
        )
    folder = (root / POSTS_DIR).resolve()
    try:
        rel = path.resolve().relative_to(folder)
    except ValueError:
        return f"{POSTS_DIR.removeprefix(CONTENT_DIR + '/')}/{path.name}", wrong
    if len(rel.parts) > 1:
        wrong.append(
            (
                f"actualité rangée dans un sous-dossier de {POSTS_DIR}/",
                f"déplacez-la dans {POSTS_DIR}/ : {POSTS_DIR}/{right}",
            )
        )
    return f"{POSTS_DIR.removeprefix(CONTENT_DIR + '/')}/{rel.as_posix()}", wrong


def read_front_matter(path: Path, name: str, ctx: Context, report: Report, fields: str):
    """A Markdown file's front matter parsed (YAML node), its body and the body's first line;
    None, with the problem reported, when it cannot be read. ``fields`` completes the hint
    of a missing front matter."""
    try:
        text = decode(path.read_bytes())
    except YamlProblem as exc:
        report.problems.append(exc.problem(name))
        return None
    parts = split_front_matter(text)
    if parts is None:
        report.problems.append(
            Problem(
                name,
                1,
                1,
                "",
                "en-tête manquant",
                f"commencez le fichier par « --- », {fields}, puis « --- »",
            )
        )
        return None
    front, body, body_line = parts
    try:
        # A blank first line: every line number, duplicate-key messages included, is a file line.
        node, soft = parse("\n" + front)
    except YamlProblem as exc:
        report.problems.append(exc.problem(name))
        return None
    for warning in soft:
        ctx.problems.append(warning.problem(name))
    return node, body, body_line


def load_post(
    path: Path,
    root: Path,
    taxonomy,
    known: dict,
    when: dt.date,
    report: Report,
    sources: SiteSources | None = None,
) -> Post | None:
    name = display(path, root)
    ctx = Context(name, taxonomy, when, root)
    ctx.known = known
    report.files_checked += 1
    report.posts += 1
    src_uri, wrong = _placement(path, root)
    for message, hint in wrong:
        report.problems.append(Problem(name, 1, 1, "", message, hint))
    match = POST_NAME.match(path.stem + ".md")
    if not match:
        report.problems.append(
            Problem(
                name,
                1,
                1,
                "",
                "nom de fichier invalide",
                "nommez l'actualité AAAA-MM-JJ-titre-court.md (minuscules, chiffres et tirets)",
            )
        )
    read = read_front_matter(
        path, name, ctx, report, "les champs (date, authors, categories, description)"
    )
    if read is None:
        return None
    node, body, body_line = read
    meta = check_object(PostMeta, node, "", ctx)
    published = meta is not INVALID and not meta.draft and meta.date <= when
    title = check_text(body, body_line, ctx, src_uri, sources, published)
    if meta is not INVALID and match and meta.date.isoformat() != match.group(1):
        line = next((k.line for k, _ in node.items if k.value == "date"), 1)
        ctx.problems.append(
            Problem(
                name,
                line,
                1,
                "date",
                f"la date ({meta.date.isoformat()}) diffère de celle du nom de fichier ({match.group(1)})",
                "renommez le fichier ou corrigez la date",
            )
        )
    if meta is not INVALID and meta.event and meta.event.end and meta.event.end < meta.event.start:
        event = next(v for k, v in node.items if k.value == "event")
        end = next(v for k, v in event.items if k.value == "end")
        ctx.problems.append(
            Problem(
                name,
                end.line,
                end.col,
                "event.end",
                "la fin de l'événement précède son début",
                "vérifiez les dates « start » et « end »",
            )
        )
    report.problems.extend(ctx.problems)
    if meta is INVALID or title is INVALID or ctx.problems or not match or wrong:
        return None
    assert isinstance(title, str)  # check_text: the title, or INVALID (returned above)
    return Post(path.stem, name, title, meta)


def post_paths(root: Path) -> list[Path]:
    """Every file Material's blog publishes as a post: Markdown at any depth under posts/
    (names starting with a dot aside: MkDocs leaves them out)."""
    folder = root / POSTS_DIR
    if not folder.is_dir():
        return []
    return [folder / rel for rel in mkdocs_files(folder) if rel.endswith(POST_SUFFIXES)]


def stray_news_files(root: Path) -> list[Problem]:
    """Files of the news folder that are neither its page, its authors file nor a post:
    MkDocs would publish them unchecked."""
    folder = root / NEWS_DIR
    if not folder.is_dir():
        return []
    problems = []
    for rel in mkdocs_files(folder):
        if rel == "index.md" or (rel.startswith("posts/") and rel.endswith(POST_SUFFIXES)):
            continue
        if rel.endswith(POST_SUFFIXES):
            hint = f"une actualité se range dans {POSTS_DIR}/, nommée AAAA-MM-JJ-titre.md"
        else:
            hint = (
                "n'y ont leur place que index.md, .authors.yml et les actualités "
                f"({POSTS_DIR}/AAAA-MM-JJ-titre.md) : retirez ce fichier"
            )
        problems.append(
            Problem(
                f"{NEWS_DIR}/{rel}",
                1,
                1,
                "",
                "fichier inattendu dans le dossier des actualités",
                hint,
            )
        )
    return problems


def load_posts(
    root: Path,
    taxonomy,
    slugs: list[str],
    when: dt.date,
    report: Report,
    paths: list[Path] | None = None,
    challenges: list[str] | tuple[str, ...] = (),
) -> tuple[Post, ...]:
    if paths is None:
        report.problems.extend(stray_news_files(root))
    targets = paths if paths is not None else post_paths(root)
    if not targets:
        return ()
    sources = site_sources(root, taxonomy, slugs, when)
    authors = load_authors(root, report, when)
    if authors is None:
        report.problems.append(
            Problem(
                AUTHORS_FILE,
                1,
                1,
                "",
                "fichier des auteurs introuvable",
                "créez-le avec « authors: » puis un identifiant par auteur (name, description, avatar)",
            )
        )
    authors = authors or {}
    known = {
        "startups": sorted(slugs),
        "authors": sorted(authors),
        "challenges": sorted(challenges),
    }
    posts = []
    for path in targets:
        try:
            post = load_post(path, root, taxonomy, known, when, report, sources)
        except Exception as exc:  # noqa: BLE001 - staff never see a traceback either
            name = display(path, root)
            report.problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"erreur interne du validateur ({type(exc).__name__})",
                    "signalez-la à l'équipe de l'annuaire en joignant ce fichier",
                )
            )
            continue
        if post is not None:
            names = tuple(authors.get(key, key) for key in post.meta.authors)
            posts.append(dataclasses.replace(post, author_names=names))
    return tuple(sorted(posts, key=lambda p: (p.date, p.stem), reverse=True))


# ---------------------------------------------------------------------------
# English versions of posts


def translation_paths(root: Path) -> list[Path]:
    folder = root / EN_POSTS_DIR
    if not folder.is_dir():
        return []
    return [folder / rel for rel in mkdocs_files(folder) if "/" not in rel and rel.endswith(".md")]


def stray_english_news_files(root: Path) -> list[Problem]:
    """Files of the English news folder other than its page and the posts' English
    versions (at the top of posts/): MkDocs would publish them unchecked."""
    folder = root / EN_NEWS_DIR
    if not folder.is_dir():
        return []
    problems = []
    for rel in mkdocs_files(folder):
        if rel == "index.md" or (
            rel.startswith("posts/") and rel.count("/") == 1 and rel.endswith(".md")
        ):
            continue
        problems.append(
            Problem(
                f"{EN_NEWS_DIR}/{rel}",
                1,
                1,
                "",
                "fichier inattendu dans le dossier des actualités en anglais",
                f"n'y ont leur place que index.md et la version anglaise d'une actualité, "
                f"{EN_POSTS_DIR}/AAAA-MM-JJ-titre.md (le nom de l'actualité française)",
            )
        )
    return problems


def load_translation(
    path: Path, root: Path, post: Post | None, when: dt.date, report: Report, sources
) -> Translation | None:
    """A post's English version: its own description and text, checked like a post's."""
    name = display(path, root)
    report.files_checked += 1
    if post is None:
        report.problems.append(
            Problem(
                name,
                1,
                1,
                "",
                f"aucune actualité française « {path.stem} » : une version anglaise porte le "
                "nom de l'actualité qu'elle traduit",
                f"renommez le fichier comme l'actualité de {POSTS_DIR}/ qu'il traduit",
            )
        )
        return None
    ctx = Context(name, None, when, root)
    read = read_front_matter(path, name, ctx, report, "« description: » (le résumé en anglais)")
    if read is None:
        return None
    node, body, body_line = read
    meta = check_object(TranslationMeta, node, "", ctx)
    src_uri = name.removeprefix(CONTENT_DIR + "/")
    published = post.published(when)
    title = check_text(body, body_line, ctx, src_uri, sources, published)
    report.problems.extend(ctx.problems)
    if meta is INVALID or title is INVALID or ctx.problems:
        return None
    assert isinstance(title, str)
    return Translation(name, title, meta.description)


def add_translations(
    root: Path, posts: tuple[Post, ...], taxonomy, slugs: list[str], when: dt.date, report: Report
) -> tuple[Post, ...]:
    """The posts, each with its validated English version when content/en/news/posts/
    has one; stray files there and versions of no post are reported."""
    report.problems.extend(stray_english_news_files(root))
    paths = translation_paths(root)
    if not paths:
        return posts
    sources = site_sources(root, taxonomy, slugs, when)
    by_stem = {post.stem: post for post in posts}
    english = {}
    for path in paths:
        version = load_translation(path, root, by_stem.get(path.stem), when, report, sources)
        if version is not None:
            english[path.stem] = version
    return tuple(dataclasses.replace(p, english=english.get(p.stem)) for p in posts)
