"""A news post as it is published: rendered like MkDocs renders it, then checked like
the cleaning (posthtml.clean_html) and MkDocs' strict link validation will see it."""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from startupdir.content import addresses, posthtml
from startupdir.content.load import parse
from startupdir.content.posts import (
    CONTENT_DIR,
    NEWS_DIR,
    POST_SUFFIXES,
    POSTS_DIR,
    THEME_DIR,
    check_body,
    line_of,
    mkdocs_files,
    split_front_matter,
)
from startupdir.content.problems import Problem
from startupdir.content.schema import INVALID, Context
from startupdir.content.yamltext import YamlProblem, decode

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


def site_sources(root: Path, taxonomy, slugs, when: dt.date) -> SiteSources:
    from startupdir.content.removed import removed_pages

    pages: set[str] = set()
    files: set[str] = set()
    news = NEWS_DIR.removeprefix(CONTENT_DIR + "/") + "/"
    for rel in mkdocs_files(root / CONTENT_DIR):
        if rel.startswith(news) and rel != news + "index.md":
            continue  # posts are read on demand; anything else there is refused
        (pages if rel.endswith(POST_SUFFIXES) else files).add(rel)
    for rel in mkdocs_files(root / THEME_DIR):
        if not rel.endswith(".html"):
            files.add(rel)
    files.add(addresses.FEED)
    files.add(addresses.WHATSNEW_FEED)
    generated: set[str] = set()
    for lang, prefix in addresses.PREFIXES.items():  # both editions' generated pages
        generated |= {addresses.directory_page_source(1, lang), addresses.whatsnew_source(lang)}
        generated |= {addresses.startup_source(s, lang) for s in slugs}
        generated |= {prefix + page.src_uri for page in removed_pages(root, when)}
        if taxonomy is not None:
            for vocabulary in addresses.SECTIONS:
                generated.add(addresses.section_source(vocabulary, lang))
                generated |= {
                    addresses.term_source(vocabulary, i, lang) for i in taxonomy.ids(vocabulary)
                }
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
        if parts is None:  # no front matter: no date, never published
            return PostTarget(False, set())
        node, _ = parse("\n" + parts[0])
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
                return line_of(self.body, self.start, pos)
        return self.start


def short_url(url: str) -> str:
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
            f"{what} absolu{'e' if image else ''} « {short_url(url)} » refusé{'e' if image else ''}",
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
                f"lien relatif « {short_url(url)} » non reconnu",
                f"visez le fichier de la page : « {_relative_to_post(guess, src_uri)} »"
                if guess
                else "visez le fichier .md de la page, par exemple ../../startups/atlas-pay.md",
            )
            return
        close = difflib.get_close_matches(target, sources.candidates(image), n=1, cutoff=0.8)
        noun = "image" if image else ("page" if path.endswith(POST_SUFFIXES) else "fichier")
        add(
            f"{noun} introuvable « {short_url(url)} »",
            f"vouliez-vous dire « {_relative_to_post(close[0], src_uri)} » ?"
            if close
            else _PATH_HINT,
        )
        return
    if post is not None and not post.published and published:
        add(
            f"lien vers une actualité non publiée « {short_url(url)} »",
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
        add(f"ancre introuvable « #{anchor} » dans « {short_url(path)} »", _anchor_hint(ids))


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
                f"identifiant « {short_url(value)} » non accepté",
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
                    f"image hors du site « {short_url(url)} » refusée",
                    "une actualité n'affiche que des images du site, par un chemin relatif "
                    "(../../assets/images/…)",
                )
            elif image and not markdown_link:
                add(
                    f"image HTML « {short_url(url)} » non acceptée",
                    f"écrivez l'image en Markdown : ![description]({short_url(url)})",
                )
            elif not image and posthtml.url_scheme(value):
                if posthtml.url_scheme(value) not in posthtml.URL_SCHEMES:
                    add(f"lien refusé « {short_url(url)} »", _LINK_HINT)
            elif not image and posthtml.other_origin(value):
                add(f"lien refusé « {short_url(url)} »", _LINK_HINT)
            elif not markdown_link and not url.startswith("#"):
                add(
                    f"lien HTML relatif « {short_url(url)} » non accepté",
                    f"écrivez ce lien en Markdown : [texte]({short_url(url)})",
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
