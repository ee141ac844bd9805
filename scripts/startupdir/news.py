"""Partnership news: posts in content/actualites/posts/, validated like profiles, then
cross-linked with the startups and programs they name, listed on the home page and
published as an Atom feed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from startupdir import urls
from startupdir.french import long_date
from startupdir.load import YamlProblem, decode, parse
from startupdir.problems import Problem, Report
from startupdir.schema import (
    _MD_LINK,
    _MD_REF,
    INVALID,
    Boolean,
    Choice,
    Context,
    Date,
    ListOf,
    MapOf,
    Object,
    PlainText,
    Ref,
    Url,
    check_object,
    link_scheme_ok,
    spec,
)

NEWS_DIR = "content/actualites"
POSTS_DIR = f"{NEWS_DIR}/posts"
AUTHORS_FILE = f"{NEWS_DIR}/.authors.yml"
CATEGORIES = (
    "Partenariat",
    "Programmes",
    "Appels à candidatures",
    "Événements",
    "Startups",
    "Financement",
)
POST_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(-[a-z0-9]+)*\.md$")


# ---------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True, kw_only=True)
class Author:
    name: str = spec(PlainText(80), "Nom affiché", required=True, example="Équipe de l'annuaire")
    description: str = spec(PlainText(160), "Fonction", required=True, example="Rédaction")
    avatar: str = spec(
        PlainText(200),
        "Image (chemin dans le site)",
        required=True,
        example="assets/images/avatar-annuaire.png",
    )
    url: str | None = spec(Url(), "Page de l'auteur")


@dataclass(frozen=True, kw_only=True)
class AuthorsFile:
    authors: dict = spec(MapOf(Object(Author)), "Auteurs, par identifiant", required=True)


@dataclass(frozen=True, kw_only=True)
class Event:
    start: dt.date = spec(
        Date(not_future=False), "Date de début (AAAA-MM-JJ)", required=True, example="2026-03-12"
    )
    end: dt.date | None = spec(
        Date(not_future=False),
        "Date de fin, si l'événement dure plusieurs jours",
        example="2026-03-13",
    )
    city: str | None = spec(
        Ref("cities"), "Ville (identifiant de la taxonomie)", example="casablanca"
    )
    venue: str | None = spec(PlainText(120), "Lieu", example="Technopark Casablanca")
    registration: str | None = spec(
        Url(), "Page d'inscription", example="https://evenement.example"
    )


@dataclass(frozen=True, kw_only=True)
class PostMeta:
    date: dt.date = spec(
        Date(not_future=False),
        "Date de publication (AAAA-MM-JJ)",
        required=True,
        example="2026-02-03",
    )
    authors: tuple[str, ...] = spec(
        ListOf(Ref("authors"), 1),
        "Auteurs (identifiants de .authors.yml)",
        required=True,
        example=["equipe"],
    )
    categories: tuple[str, ...] = spec(
        ListOf(Choice(CATEGORIES), 1, 3), "Catégories", required=True, example=["Partenariat"]
    )
    description: str = spec(
        PlainText(200),
        "Résumé d'une ligne (cartes, flux, aperçus)",
        required=True,
        example="La CGEM et Technopark Morocco s'associent.",
    )
    startups: tuple[str, ...] = spec(
        ListOf(Ref("startups")), "Startups concernées (identifiants)", example=["atlas-pay"]
    )
    programs: tuple[str, ...] = spec(
        ListOf(Ref("programs")),
        "Programmes concernés (identifiants)",
        example=["technopark-incubation"],
    )
    draft: bool | None = spec(
        Boolean(), "Brouillon : visible en aperçu local seulement", example=True
    )
    pin: bool | None = spec(Boolean(), "Épingler en tête de liste", example=False)
    event: Event | None = spec(
        Object(Event), "Annonce d'événement", example={"start": "2026-03-12", "city": "casablanca"}
    )


@dataclass(frozen=True)
class Post:
    """One validated post."""

    stem: str
    source: str
    title: str
    meta: PostMeta

    @property
    def url(self) -> str:
        return urls.post(self.stem)

    @property
    def date(self) -> dt.date:
        return self.meta.date

    def published(self, today: dt.date, include_drafts: bool = False) -> bool:
        if include_drafts:
            return True
        return not self.meta.draft and self.meta.date <= today


# ---------------------------------------------------------------------------
# Reading and checking

_FORBIDDEN_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|form|link|meta|base|svg|math)\b", re.I
)
# Browsers split attributes on "/" and after a closing quote too: <img/onerror=…>, <img src="x"onerror=…>.
_HANDLER = re.compile(r"<[^>]*?[\s/\"']on[a-z]+\s*=", re.I | re.S)
# attr_list (enabled in mkdocs.yml) sets attributes from Markdown: [lien](https://…){ onclick="…" }.
_ATTR_HANDLER = re.compile(r"\{[^}]*?\bon[a-z]+\s*=", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)
_HTML_URL = re.compile(r"\b(?:href|src|action|formaction)\s*=\s*[\"']?\s*([^\"'\s>]+)", re.I)
_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
_RELATIVE_BAD = re.compile(r"[\"'<>()\[\]\\`]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _post_link_ok(target: str) -> bool:
    """Relative links (to startups, programs, other posts) or http(s)/mailto."""
    decoded = unquote(html.unescape(target)).strip()
    decoded = re.sub(r"[\x00-\x20\x7f]+", "", decoded)
    if not _SCHEME.match(decoded):
        return not decoded.startswith("//") and not _RELATIVE_BAD.search(decoded)
    return link_scheme_ok(target)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts) or None when there is none."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None
    front = text[4 : end + 1]
    body = text[end + 5 :]
    return front, body, front.count("\n") + 3


def _line_of(body: str, start_line: int, pos: int) -> int:
    return start_line + body.count("\n", 0, pos)


def check_body(body: str, start_line: int, ctx: Context) -> str | object:
    """The post's title (its first `# ` heading), after refusing dangerous HTML and links."""
    ok = True
    for pattern, what in (
        (_FORBIDDEN_TAG, "balise"),
        (_HANDLER, "attribut d'événement"),
        (_ATTR_HANDLER, "attribut d'événement"),
    ):
        for match in pattern.finditer(body):
            text = " ".join(match.group(0).split())[:40]
            ctx.problems.append(
                Problem(
                    ctx.file,
                    _line_of(body, start_line, match.start()),
                    1,
                    "texte",
                    f"{what} HTML « {text} » interdit{'e' if what == 'balise' else ''} dans une actualité",
                    "écrivez en Markdown ; les scripts et gestionnaires d'événements ne sont pas acceptés",
                )
            )
            ok = False
    targets = [(m.start(1), m.group(1)) for m in _MD_LINK.finditer(body)]
    targets += [(m.start(1), m.group(1)) for m in _HTML_URL.finditer(body)]
    targets += [(m.start(1), m.group(1)) for m in _MD_REF.finditer(body)]
    for pos, target in sorted(targets):
        if not _post_link_ok(target):
            ctx.problems.append(
                Problem(
                    ctx.file,
                    _line_of(body, start_line, pos),
                    1,
                    "texte",
                    f"lien refusé « {' '.join(target.split())[:60]} »",
                    "utilisez un lien relatif (../../startups/atlas-pay.md) ou une adresse https://",
                )
            )
            ok = False
    match = _TITLE.search(body)
    if not match:
        ctx.problems.append(
            Problem(
                ctx.file,
                start_line,
                1,
                "titre",
                "titre manquant",
                "commencez le texte par une ligne « # Titre de l'actualité »",
            )
        )
        return INVALID
    title = match.group(1).strip()
    if "<" in title or _ENTITY.search(title):
        ctx.problems.append(
            Problem(
                ctx.file,
                _line_of(body, start_line, match.start()),
                3,
                "titre",
                "le titre doit être du texte simple",
                "retirez le HTML du titre",
            )
        )
        return INVALID
    if len(title) > 120:
        ctx.problems.append(
            Problem(
                ctx.file,
                _line_of(body, start_line, match.start()),
                3,
                "titre",
                f"titre trop long ({len(title)} caractères, maximum 120)",
                "raccourcissez-le",
            )
        )
        return INVALID
    return title if ok else INVALID


def load_authors(root: Path, report: Report, when: dt.date) -> list[str] | None:
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
        return []
    for exc in soft:
        report.problems.append(
            Problem(AUTHORS_FILE, exc.line, exc.col, exc.field, exc.message, exc.hint)
        )
    value = check_object(AuthorsFile, node, "", ctx)
    report.problems.extend(ctx.problems)
    return [] if value is INVALID else sorted(value.authors)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_post(
    path: Path, root: Path, taxonomy, known: dict, when: dt.date, report: Report
) -> Post | None:
    name = _display(path, root)
    ctx = Context(name, taxonomy, when, root)
    ctx.known = known
    report.files_checked += 1
    report.posts += 1
    match = POST_NAME.match(path.name)
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
    try:
        text = decode(path.read_bytes())
    except YamlProblem as exc:
        report.problems.append(Problem(name, exc.line, exc.col, exc.field, exc.message, exc.hint))
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
                "commencez le fichier par « --- », les champs (date, authors, categories, "
                "description), puis « --- »",
            )
        )
        return None
    front, body, body_line = parts
    try:
        # A blank first line: every line number, duplicate-key messages included, is a file line.
        node, soft = parse("\n" + front)
    except YamlProblem as exc:
        report.problems.append(Problem(name, exc.line, exc.col, exc.field, exc.message, exc.hint))
        return None
    for exc in soft:
        ctx.problems.append(Problem(name, exc.line, exc.col, exc.field, exc.message, exc.hint))
    meta = check_object(PostMeta, node, "", ctx)
    title = check_body(body, body_line, ctx)
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
    if meta is INVALID or title is INVALID or ctx.problems or not match:
        return None
    return Post(path.stem, name, title, meta)


def post_paths(root: Path) -> list[Path]:
    folder = root / POSTS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".md")


def load_posts(
    root: Path,
    taxonomy,
    slugs: list[str],
    when: dt.date,
    report: Report,
    paths: list[Path] | None = None,
) -> tuple[Post, ...]:
    targets = paths if paths is not None else post_paths(root)
    if not targets:
        return ()
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
    known = {"startups": sorted(slugs), "authors": authors or []}
    posts = []
    for path in targets:
        try:
            post = load_post(path, root, taxonomy, known, when, report)
        except Exception as exc:  # noqa: BLE001 - staff never see a traceback either
            name = _display(path, root)
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
            posts.append(post)
    return tuple(sorted(posts, key=lambda p: (p.date, p.stem), reverse=True))


# ---------------------------------------------------------------------------
# Cross-links and lists


@dataclass(frozen=True)
class NewsLink:
    title: str
    url: str
    date: str
    description: str = ""


def visible(posts, today: dt.date, include_drafts: bool = False) -> list[Post]:
    return [p for p in posts if p.published(today, include_drafts)]


def link(post: Post) -> NewsLink:
    return NewsLink(post.title, post.url, long_date(post.date), post.meta.description)


def news_index(posts, today: dt.date, include_drafts: bool = False):
    from startupdir.pages import NewsIndex

    index = NewsIndex()
    for post in visible(posts, today, include_drafts):
        for slug in post.meta.startups:
            index.by_startup.setdefault(slug, []).append(link(post))
        for program in post.meta.programs:
            index.by_program.setdefault(program, []).append(link(post))
    return index


def latest(posts, today: dt.date, count: int = 3, include_drafts: bool = False) -> list[NewsLink]:
    return [link(p) for p in visible(posts, today, include_drafts)[:count]]


def upcoming_events(posts, today: dt.date, taxonomy, include_drafts: bool = False) -> list[dict]:
    """Events that have not ended, soonest first; past ones drop off but keep their post."""
    events = []
    for post in visible(posts, today, include_drafts):
        event = post.meta.event
        if event is None or (event.end or event.start) < today:
            continue
        view = event_view(event, taxonomy)
        events.append(dict(view, sort=(event.start, post.stem), title=post.title, url=post.url))
    return sorted(events, key=lambda e: e["sort"])


def event_dates(start: dt.date, end: dt.date | None) -> str:
    """« 10 décembre 2026 », « du 10 au 11 décembre 2026 », « du 30 avril au 2 mai 2026 »."""
    if not end or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"du {start.day} au {long_date(end)}"
    if start.year == end.year:
        return f"du {long_date(start).rsplit(' ', 1)[0]} au {long_date(end)}"
    return f"du {long_date(start)} au {long_date(end)}"


def event_view(event: Event, taxonomy) -> dict:
    when = event_dates(event.start, event.end)
    return {
        "when": when,
        "city": taxonomy.label("cities", event.city) if event.city else "",
        "venue": event.venue or "",
        "registration": event.registration or "",
    }


def post_extras(post: Post, directory) -> dict:
    """What a post page shows besides its text: event details, startups and programs named."""
    names = {s.slug: s.name for s in directory.startups}
    return {
        "event": event_view(post.meta.event, directory.taxonomy) if post.meta.event else None,
        "startups": [
            {"name": names[s], "url": urls.startup(s)} for s in post.meta.startups if s in names
        ],
        "programs": [
            {"label": directory.taxonomy.label("programs", p), "url": urls.term("programs", p)}
            for p in post.meta.programs
        ],
    }
