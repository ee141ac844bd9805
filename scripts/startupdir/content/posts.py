"""Partnership news: posts in content/actualites/posts/, validated like profiles, then
cross-linked with the startups and programs they name, listed on the home page and
published as an Atom feed.

This module declares a post and checks its source; postcheck.py checks it as it is
published, postload.py reads the news folder, site/news.py makes the lists.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from startupdir.content import addresses, invisible, posthtml
from startupdir.content.problems import Problem
from startupdir.content.schema import INVALID, Context, ListOf, MapOf, Object, spec
from startupdir.content.schema_kinds import Boolean, Choice, Date, Ref, Url
from startupdir.content.schema_text import _MD_LINK, _MD_REF, PlainText, link_scheme_ok

CONTENT_DIR = "content"  # mkdocs.yml's docs_dir
THEME_DIR = "overrides"  # mkdocs.yml's custom_dir: its files are served too
NEWS_DIR = "content/actualites"
POSTS_DIR = f"{NEWS_DIR}/posts"
AUTHORS_FILE = f"{NEWS_DIR}/.authors.yml"
# English versions of posts: content/en/news/posts/<the French post's file name>.
EN_NEWS_DIR = "content/en/news"
EN_POSTS_DIR = f"{EN_NEWS_DIR}/posts"
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
    challenges: tuple[str, ...] = spec(
        ListOf(Ref("challenges")),
        "Défis concernés (noms de fichiers de challenges/, sans « .yml »)",
        example=["maintenance-predictive"],
    )
    draft: bool | None = spec(
        Boolean(), "Brouillon : visible en aperçu local seulement", example=True
    )
    pin: bool | None = spec(Boolean(), "Épingler en tête de liste", example=False)
    event: Event | None = spec(
        Object(Event), "Annonce d'événement", example={"start": "2026-03-12", "city": "capitale"}
    )


@dataclass(frozen=True, kw_only=True)
class TranslationMeta:
    """The front matter of a post's English version: the rest (date, authors, categories,
    startups, event…) is the French post's."""

    description: str = spec(
        PlainText(200, prose=True),
        "Résumé d'une ligne en anglais (listes, flux, aperçus)",
        required=True,
        example="The regional incubator opens a new intake.",
    )


@dataclass(frozen=True)
class Translation:
    """A post's validated English version."""

    source: str  # content/en/news/posts/<stem>.md
    title: str
    description: str


@dataclass(frozen=True)
class Post:
    """One validated post."""

    stem: str
    source: str
    title: str
    meta: PostMeta
    # The authors' names from the validated .authors.yml, in the order of meta.authors.
    author_names: tuple[str, ...] = ()
    english: Translation | None = None  # its English version, when it has one

    @property
    def url(self) -> str:
        return addresses.post(self.stem)

    @property
    def english_url(self) -> str:
        return addresses.english_post(self.stem)

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


def line_of(body: str, start_line: int, pos: int) -> int:
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
        for found in pattern.finditer(body):
            text = " ".join(found.group(0).split())[:40]
            ctx.problems.append(
                Problem(
                    ctx.file,
                    line_of(body, start_line, found.start()),
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
                    line_of(body, start_line, pos),
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
                line_of(body, start_line, match.start()),
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
                line_of(body, start_line, match.start()),
                3,
                "titre",
                f"titre trop long ({len(title)} caractères, maximum 120)",
                "raccourcissez-le",
            )
        )
        return INVALID
    return title if ok else INVALID


def mkdocs_files(folder: Path):
    """Files of ``folder`` as MkDocs lists them (symbolic links followed; names starting
    with a dot left out, as MkDocs excludes them), relative POSIX paths, sorted."""
    found = []
    for current, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(current).relative_to(folder)
        found += [(rel / n).as_posix() for n in names if not n.startswith(".")]
    return sorted(found)
