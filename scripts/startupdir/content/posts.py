"""Partnership news: posts in content/actualites/posts/, validated like profiles, then
cross-linked with the startups and programs they name, listed on the home page and
published as an Atom feed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import html
import os
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from startupdir.content import invisible, posthtml
from startupdir.content.french import long_date
from startupdir.content.load import YamlProblem, decode, parse
from startupdir.content.problems import Problem, Report
from startupdir.content.schema import INVALID, Context, ListOf, MapOf, Object, check_object, spec
from startupdir.content.schema_kinds import Boolean, Choice, Date, Ref, Url
from startupdir.content.schema_text import _MD_LINK, _MD_REF, PlainText, link_scheme_ok
from startupdir.site import urls

CONTENT_DIR = "content"  # mkdocs.yml's docs_dir
THEME_DIR = "overrides"  # mkdocs.yml's custom_dir: its files are served too
NEWS_DIR = "content/actualites"
POSTS_DIR = f"{NEWS_DIR}/posts"
AUTHORS_FILE = f"{NEWS_DIR}/.authors.yml"
POST_SUFFIXES = posthtml.MARKDOWN_SUFFIXES  # what Material's blog publishes as a post
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
        Ref("cities"), "Ville (identifiant de la taxonomie)", example="capitale"
    )
    venue: str | None = spec(PlainText(120, prose=True), "Lieu", example="Incubateur régional")
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
        PlainText(200, prose=True),
        "Résumé d'une ligne (cartes, flux, aperçus)",
        required=True,
        example="L'incubateur régional ouvre une nouvelle promotion.",
    )
    startups: tuple[str, ...] = spec(
        ListOf(Ref("startups")), "Startups concernées (identifiants)", example=["atlas-pay"]
    )
    programs: tuple[str, ...] = spec(
        ListOf(Ref("programs")),
        "Programmes concernés (identifiants)",
        example=["incubation"],
    )
    draft: bool | None = spec(
        Boolean(), "Brouillon : visible en aperçu local seulement", example=True
    )
    pin: bool | None = spec(Boolean(), "Épingler en tête de liste", example=False)
    event: Event | None = spec(
        Object(Event), "Annonce d'événement", example={"start": "2026-03-12", "city": "capitale"}
    )


@dataclass(frozen=True)
class Post:
    """One validated post."""

    stem: str
    source: str
    title: str
    meta: PostMeta
    # The authors' names from the validated .authors.yml, in the order of meta.authors.
    author_names: tuple[str, ...] = ()

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
    for pos in invisible.bidi_positions(body):  # they change what a reviewer reads
        line, col, message, hint = invisible.refusal_at(body, pos)
        ctx.problems.append(Problem(ctx.file, start_line + line, col, "texte", message, hint))
        ok = False
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


# ---------------------------------------------------------------------------
# The post as it is published: rendered like MkDocs renders it, checked like the
# cleaning (posthtml.clean_html) and MkDocs' strict link validation will see it


_TAG_HINT = (
    "écrivez en Markdown : paragraphes, titres, listes, liens, citations, code, tableaux, "
    "images du site"
)
_HANDLER_HINT = (
    "écrivez en Markdown ; les scripts et gestionnaires d'événements ne sont pas acceptés"
)
_LINK_HINT = "utilisez un lien relatif (../../startups/atlas-pay.md) ou une adresse https://"
_PATH_HINT = "vérifiez le chemin, relatif au dossier content/actualites/posts/"


@dataclass
class PostTarget:
    published: bool
    ids: set[str]


@dataclass
class SiteSources:
    """What a post's relative link can reach, by MkDocs source path (relative to content/):
    pages written in content/, pages the plugin generates, other files (content/, the
    theme folder, the feed), and posts, read on demand."""

    root: Path
    when: dt.date
    pages: frozenset[str] = frozenset()
    generated: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()
    _posts: dict = field(default_factory=dict)
    _ids: dict = field(default_factory=dict)

    def post(self, src_uri: str) -> PostTarget | None:
        """A post file that will be published (or not), with its anchors."""
        if src_uri not in self._posts:
            self._posts[src_uri] = _read_target_post(self.root / CONTENT_DIR / src_uri, self.when)
        return self._posts[src_uri]

    def page_ids(self, src_uri: str) -> set[str]:
        """Anchors of a written page (its Markdown, as MkDocs renders it)."""
        if src_uri not in self._ids:
            try:
                text = (self.root / CONTENT_DIR / src_uri).read_text(encoding="utf-8-sig")
                parts = split_front_matter(text)
                rendered, _ = posthtml.render(parts[1] if parts else text)
                self._ids[src_uri] = posthtml.anchor_ids(rendered)
            except (OSError, UnicodeDecodeError):
                self._ids[src_uri] = set()
        return self._ids[src_uri]

    def candidates(self, image: bool) -> list[str]:
        if image:
            return sorted(self.files)
        return sorted(self.pages | self.generated)


def _walk(folder: Path):
    """Files of ``folder`` as MkDocs lists them (symbolic links followed; names starting
    with a dot left out, as MkDocs excludes them), relative POSIX paths, sorted."""
    found = []
    for current, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(current).relative_to(folder)
        found += [(rel / n).as_posix() for n in names if not n.startswith(".")]
    return sorted(found)


def site_sources(root: Path, taxonomy, slugs, when: dt.date) -> SiteSources:
    from startupdir.content.removed import removed_pages

    pages, files = set(), set()
    news = NEWS_DIR.removeprefix(CONTENT_DIR + "/") + "/"
    for rel in _walk(root / CONTENT_DIR):
        if rel.startswith(news) and rel != news + "index.md":
            continue  # posts are read on demand; anything else there is refused
        (pages if rel.endswith(POST_SUFFIXES) else files).add(rel)
    for rel in _walk(root / THEME_DIR):
        if not rel.endswith(".html"):
            files.add(rel)
    files.add(urls.FEED)
    generated = {"startups/index.md", *(urls.startup_source(s) for s in slugs)}
    generated |= {page.src_uri for page in removed_pages(root, when)}
    if taxonomy is not None:
        for vocabulary in urls.SECTIONS:
            generated.add(urls.section_source(vocabulary))
            generated |= {urls.term_source(vocabulary, i) for i in taxonomy.ids(vocabulary)}
    return SiteSources(root, when, frozenset(pages), frozenset(generated), frozenset(files))


def _scalar(node, key: str) -> str | None:
    for k, v in getattr(node, "items", ()):
        if getattr(k, "value", None) == key and v.kind == "scalar":
            return v.value
    return None


def _read_target_post(path: Path, when: dt.date) -> PostTarget | None:
    """A post a link points to: whether it will be published, and its anchors."""
    if not (path.is_file() and path.parent.name == "posts" and path.suffix == ".md"):
        return None
    try:
        parts = split_front_matter(decode(path.read_bytes()))
        node, _ = parse("\n" + parts[0]) if parts else (None, [])
        date = dt.date.fromisoformat(_scalar(node, "date") or "")
    except (YamlProblem, ValueError, OSError):
        return PostTarget(False, set())
    draft = (_scalar(node, "draft") or "").lower() == "true"
    rendered, _ = posthtml.render(parts[1])
    return PostTarget(
        not draft and date <= when, posthtml.anchor_ids(posthtml.clean_html(rendered))
    )


class _Locator:
    """The body line where a piece of rendered HTML came from: the next occurrence of the
    first needle found (case-insensitive), else the first line of the body."""

    def __init__(self, body: str, start_line: int):
        self.body, self.lower, self.start = body, body.lower(), start_line
        self.cursor: dict[str, int] = {}

    def line(self, *needles: str) -> int:
        for needle in needles:
            key = needle.lower()
            if not key:
                continue
            pos = self.lower.find(key, self.cursor.get(key, 0))
            if pos < 0:
                pos = self.lower.find(key)
            if pos >= 0:
                self.cursor[key] = pos + 1
                return _line_of(self.body, self.start, pos)
        return self.start


def _short(url: str) -> str:
    return " ".join(url.split())[:60]


def _relative_to_post(target: str, src_uri: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(src_uri))


def _anchor_hint(ids: set[str]) -> str:
    if not ids:
        return "cette page n'a aucune section à viser : retirez l'ancre"
    shown = ", ".join(f"« {i} »" for i in sorted(ids)[:6])
    return f"ancres disponibles : {shown}"


def _check_link(url, image, src_uri, own_ids, published, sources, add) -> None:
    """MkDocs' check of a link of the Markdown tree (mkdocs.structure.pages'
    _RelativePathTreeprocessor.path_to_url, validate_anchor_links), in French."""
    scheme, netloc, path, _query, anchor = urlsplit(url)
    if scheme or netloc:
        return
    what = "image" if image else "lien"
    if url.startswith(("/", "\\")):
        add(
            f"{what} absolu{'e' if image else ''} « {_short(url)} » refusé{'e' if image else ''}",
            "écrivez un chemin relatif vers le fichier, par exemple "
            + ("../../assets/images/logo.png" if image else "../../startups/atlas-pay.md"),
        )
        return
    if not path:
        if anchor and anchor not in own_ids:
            add(f"ancre introuvable « #{anchor} » dans cette actualité", _anchor_hint(own_ids))
        return
    path = unquote(path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))
    post = None
    if target.startswith(POSTS_DIR.removeprefix(CONTENT_DIR + "/") + "/"):
        post = sources.post(target)
    found = (
        target in sources.pages
        or target in sources.generated
        or target in sources.files
        or post is not None
    )
    if not found:
        if not posixpath.splitext(path)[-1]:
            guess = next(
                (
                    g
                    for g in (target + ".md", target + "/index.md")
                    if g in sources.pages or g in sources.generated
                ),
                None,
            )
            add(
                f"lien relatif « {_short(url)} » non reconnu",
                f"visez le fichier de la page : « {_relative_to_post(guess, src_uri)} »"
                if guess
                else "visez le fichier .md de la page, par exemple ../../startups/atlas-pay.md",
            )
            return
        close = difflib.get_close_matches(target, sources.candidates(image), n=1, cutoff=0.8)
        noun = "image" if image else ("page" if path.endswith(POST_SUFFIXES) else "fichier")
        add(
            f"{noun} introuvable « {_short(url)} »",
            f"vouliez-vous dire « {_relative_to_post(close[0], src_uri)} » ?"
            if close
            else _PATH_HINT,
        )
        return
    if post is not None and not post.published and published:
        add(
            f"lien vers une actualité non publiée « {_short(url)} »",
            "retirez le lien, ou attendez que cette actualité paraisse "
            "(date passée, sans « draft: true »)",
        )
        return
    if not anchor or target in sources.files:
        return
    if target in sources.generated:
        add(
            f"ancre « #{anchor} » invérifiable sur une page générée",
            f"retirez « #{anchor} » du lien : le lien vers la page suffit",
        )
        return
    ids = post.ids if post is not None else sources.page_ids(target)
    if anchor not in ids:
        add(f"ancre introuvable « #{anchor} » dans « {_short(path)} »", _anchor_hint(ids))


def check_rendered(
    body: str,
    start_line: int,
    ctx: Context,
    src_uri: str,
    sources: SiteSources,
    published: bool = True,
) -> None:
    """What the published post would lose to the cleaning, and every link MkDocs' strict
    build would warn about, reported in French (file:line) before the build."""
    rendered, tree_links = posthtml.render(body)
    own_ids = posthtml.anchor_ids(posthtml.clean_html(rendered))
    from_markdown = Counter(tree_links)
    where = _Locator(body, start_line)

    def report(line: int, message: str, hint: str) -> None:
        ctx.problems.append(Problem(ctx.file, line, 1, "texte", message, hint))

    for item in posthtml.audit(rendered):
        tag, name, value = item.tag, item.name, item.value
        if item.kind == "tag":
            report(
                where.line(f"<{tag}"),
                f"balise « {tag} » non acceptée dans une actualité",
                _TAG_HINT,
            )
        elif item.kind == "end":
            report(
                where.line(f"</{tag}"),
                f"balise fermante « </{tag}> » sans balise ouvrante",
                "retirez-la : elle fermerait des éléments de la page autour de l'actualité",
            )
        elif item.kind == "handler":
            report(
                where.line(name),
                f"attribut d'événement « {name} » interdit dans une actualité",
                _HANDLER_HINT,
            )
        elif item.kind == "attribute":
            report(
                where.line(name),
                f"attribut « {name} » non accepté sur « {tag} »",
                "retirez-le : la mise en forme et les sources externes viennent du site, "
                "pas de l'actualité",
            )
        elif item.kind == "class":
            report(
                where.line(value),
                f"classe « {value} » non acceptée sur « {tag} »",
                "retirez-la : une classe peut déclencher les scripts du thème",
            )
        elif item.kind == "id":
            report(
                where.line("#" + value, value),
                f"identifiant « {_short(value)} » non accepté",
                "un identifiant de section s'écrit en minuscules, chiffres et tirets, sans "
                "« _ » ni « sd- » au début : changez le titre ou son { #identifiant }",
            )
        else:
            image = tag == "img"
            url = posthtml.browser_url(value)
            line = where.line(value, url, url[:20])

            def add(message: str, hint: str, line=line) -> None:
                report(line, message, hint)

            markdown_link = from_markdown[(tag, value)] > 0
            if markdown_link:
                from_markdown[(tag, value)] -= 1
            if image and posthtml.other_origin(value):
                add(
                    f"image hors du site « {_short(url)} » refusée",
                    "une actualité n'affiche que des images du site, par un chemin relatif "
                    "(../../assets/images/…)",
                )
            elif image and not markdown_link:
                add(
                    f"image HTML « {_short(url)} » non acceptée",
                    f"écrivez l'image en Markdown : ![description]({_short(url)})",
                )
            elif not image and posthtml.url_scheme(value):
                if posthtml.url_scheme(value) not in posthtml.URL_SCHEMES:
                    add(f"lien refusé « {_short(url)} »", _LINK_HINT)
            elif not image and posthtml.other_origin(value):
                add(f"lien refusé « {_short(url)} »", _LINK_HINT)
            elif not markdown_link and not url.startswith("#"):
                add(
                    f"lien HTML relatif « {_short(url)} » non accepté",
                    f"écrivez ce lien en Markdown : [texte]({_short(url)})",
                )
            else:
                _check_link(url, image, src_uri, own_ids, published, sources, add)


def check_text(
    body: str,
    start_line: int,
    ctx: Context,
    src_uri: str,
    sources: SiteSources | None,
    published: bool = True,
) -> str | object:
    """A post's text: its title, once the source and the published HTML are both clean."""
    title = check_body(body, start_line, ctx)
    if title is not INVALID and sources is not None:
        before = len(ctx.problems)
        check_rendered(body, start_line, ctx, src_uri, sources, published)
        if len(ctx.problems) > before:
            return INVALID
    return title


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
                f"avatar hors du site « {_short(author.avatar)} » refusé",
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
        return []
    for exc in soft:
        report.problems.append(
            Problem(AUTHORS_FILE, exc.line, exc.col, exc.field, exc.message, exc.hint)
        )
    value = check_object(AuthorsFile, node, "", ctx)
    if value is not INVALID:
        _check_avatars(node, value.authors, ctx)
    # A staff file: `startupdir validate --fix` rewrites profiles and posts only.
    report.problems.extend(dataclasses.replace(p, fixable=False) for p in ctx.problems)
    return {} if value is INVALID else {key: a.name for key, a in value.authors.items()}


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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


def load_post(
    path: Path,
    root: Path,
    taxonomy,
    known: dict,
    when: dt.date,
    report: Report,
    sources: SiteSources | None = None,
) -> Post | None:
    name = _display(path, root)
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
        report.problems.append(exc.problem(name))
        return None
    for exc in soft:
        ctx.problems.append(exc.problem(name))
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
    return Post(path.stem, name, title, meta)


def post_paths(root: Path) -> list[Path]:
    """Every file Material's blog publishes as a post: Markdown at any depth under posts/
    (names starting with a dot aside: MkDocs leaves them out)."""
    folder = root / POSTS_DIR
    if not folder.is_dir():
        return []
    return [folder / rel for rel in _walk(folder) if rel.endswith(POST_SUFFIXES)]


def stray_news_files(root: Path) -> list[Problem]:
    """Files of the news folder that are neither its page, its authors file nor a post:
    MkDocs would publish them unchecked."""
    folder = root / NEWS_DIR
    if not folder.is_dir():
        return []
    problems = []
    for rel in _walk(folder):
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
    known = {"startups": sorted(slugs), "authors": sorted(authors)}
    posts = []
    for path in targets:
        try:
            post = load_post(path, root, taxonomy, known, when, report, sources)
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
            names = tuple(authors.get(key, key) for key in post.meta.authors)
            posts.append(dataclasses.replace(post, author_names=names))
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
    from startupdir.site.pages import NewsIndex

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
