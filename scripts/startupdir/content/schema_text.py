"""Text kinds: plain text, Markdown and texts by language (see ``schema.py``)."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from startupdir.content import invisible
from startupdir.content.confusables import has_visible_letter_or_digit
from startupdir.content.schema import (
    INVALID,
    Context,
    Kind,
    locate,
    refuse_character,
    suggest,
    worded,
)
from startupdir.content.text import (
    MAX_NESTING,
    Rendered,
    anchor_prefix,
    link_problem,
    render_checked,
)
from startupdir.content.yamltree import Node

_TAG = re.compile(r"</?[A-Za-z!?][^>]*>?|<!--")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")


def clean_text(
    node: Node, path: str, ctx: Context, *, multiline: bool, prose: bool = False
) -> str | object:
    """NFC, and no control, format or separator character but the harmless ones of free
    text (``prose``, always so when ``multiline``), which are normalised (invisible.scan)."""
    text = unicodedata.normalize("NFC", node.value)
    # Printable means no "Other" or "Separator" character: the usual case, checked in C.
    if (text.replace("\n", "") if multiline else text).isprintable():
        return text
    found = invisible.scan(text, multiline=multiline, prose=prose or multiline)
    if found.refused is not None:
        fixable = found.fixable and not node.escaped
        return refuse_character(node, path, ctx, text, found.refused, fixable)
    if not found.text.strip():
        return ctx.error(
            node,
            path,
            "valeur vide",
            "ce texte ne contient que des caractères invisibles : écrivez-le en entier",
        )
    node.normal = (text, found)
    return found.text


def refuse_html(node: Node, path: str, ctx: Context, text: str):
    """A plain text, unless it holds an HTML tag or comment (then a problem is recorded).
    Markdown texts are checked by their renderer instead (text.render_checked)."""
    match = _TAG.search(_AUTOLINK.sub("", text))
    if match:
        tag = match.group()[:30]
        line, col = locate(node, text, text.find(tag) if tag in text else 0)
        return ctx.error(
            node, path, f"balise HTML « {tag} » interdite", "écrivez du texte simple", line, col
        )
    return text


@dataclass(frozen=True)
class PlainText(Kind):
    strict_characters = False
    max_len: int = 80
    min_len: int = 1
    visible: bool = False  # a name: at least one letter or digit that is drawn
    prose: bool = False  # free text: harmless invisible characters are normalised

    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "texte", "écrivez le texte sur la même ligne")
        if raw is INVALID:
            return raw
        if node.is_null or not raw.strip():
            return ctx.error(node, path, "valeur vide", "écrivez le texte après les deux-points")
        text = clean_text(node, path, ctx, multiline=False, prose=self.prose)
        if text is INVALID:
            return text
        text = refuse_html(node, path, ctx, text)
        if text is INVALID:
            return text
        text = " ".join(text.split())
        if len(text) > self.max_len:
            return ctx.error(
                node,
                path,
                f"texte trop long ({len(text)} caractères, maximum {self.max_len})",
                "raccourcissez-le",
            )
        if self.visible and not has_visible_letter_or_digit(text):
            return ctx.error(
                node,
                path,
                "nom sans lettre ni chiffre visible",
                "écrivez le nom en lettres ou en chiffres : des caractères de remplissage"
                " ou invisibles ne forment pas un nom",
            )
        return text

    def json_schema(self):
        return {"type": "string", "minLength": self.min_len, "maxLength": self.max_len}

    def describe(self, lang="fr"):
        if self.visible:
            return worded(
                lang,
                f"texte simple, {self.max_len} caractères au plus, avec au moins une lettre ou un chiffre",
                f"plain text, {self.max_len} characters at most, with at least one letter or digit",
            )
        return worded(
            lang,
            f"texte simple, {self.max_len} caractères au plus",
            f"plain text, {self.max_len} characters at most",
        )


_MD_LINK = re.compile(r"\]\(\s*<?([^)>]*?)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_MD_REF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
LINK_SCHEMES = ("http", "https", "mailto")


def link_scheme_ok(url: str) -> bool:
    """True when a link target is http(s) or mailto after every decoding trick is undone."""
    decoded = url
    for _ in range(3):
        decoded = unquote(html.unescape(decoded))
    decoded = re.sub(r"[\x00-\x20\x7f]+", "", decoded).lower()
    scheme = decoded.split(":", 1)[0] if ":" in decoded else ""
    if scheme not in LINK_SCHEMES:
        return False
    if scheme in ("http", "https"):
        return bool(urlsplit(url.strip()).hostname)
    return True


@dataclass(frozen=True)
class Markdown(Kind):
    strict_characters = False
    max_len: int = 3000

    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "texte", "utilisez « | » puis le texte indenté")
        if raw is INVALID:
            return raw
        if node.is_null or not raw.strip():
            return ctx.error(node, path, "valeur vide", "écrivez le texte après « | »")
        text = clean_text(node, path, ctx, multiline=True)
        if text is INVALID:
            return text
        text = text.strip() + "\n"
        if len(text) > self.max_len:
            return ctx.error(
                node,
                path,
                f"texte trop long ({len(text)} caractères, maximum {self.max_len})",
                "raccourcissez la description",
            )
        # Every link-like target of the source, even one the renderer would leave as text.
        targets = [(m.start(1), m.group(1)) for m in _MD_LINK.finditer(text)]
        targets += [(m.start(1), m.group(1)) for m in _MD_REF.finditer(text)]
        targets += [(m.start(1), m.group(1)) for m in _AUTOLINK.finditer(text)]
        found = [(pos, *problem) for pos, t in targets if (problem := link_problem(t))]
        # Rendered here exactly as the build renders it, so that what validates builds.
        prefix = anchor_prefix(path.rpartition(".")[2])
        try:
            rendered, refusals = render_checked(text, prefix)
        except Exception:  # noqa: BLE001 - a text we cannot render is the text's problem
            return ctx.error(
                node,
                path,
                "mise en forme impossible",
                "simplifiez la mise en forme de ce texte (listes, liens, emphase)",
            )
        found += [(r.offset, r.message, r.hint) for r in refusals]
        if found:
            pos, message, hint = min(found, key=lambda problem: problem[0])
            line, col = locate(node, text, pos)
            return ctx.error(node, path, message, hint, line, col)
        return Rendered(text, rendered, prefix)

    def json_schema(self):
        return {"type": "string", "minLength": 1, "maxLength": self.max_len}

    def describe(self, lang="fr"):
        tags = '`<b>`, `<strong>`, `<i>`, `<em>`, `<sup>`, `<sub>`, `<br>`, `<abbr title="…">`'
        return worded(
            lang,
            "Markdown tel que l'aperçu de GitHub l'affiche : paragraphes, titres (`#`, `##`, "
            "`###` : sous-titres du profil), `**gras**`, `*italique*`, `~~barré~~`, listes, "
            "citations, code entre accents graves, liens complets (`[texte](https://…)`, "
            f"`mailto:`), adresses web et e-mails liés d'eux-mêmes, balises {tags} ; ni image, "
            "ni tableau, ni autre HTML, ni lien relatif ou vers une ancre ; "
            f"{self.max_len} caractères au plus, listes et citations imbriquées sur "
            f"{MAX_NESTING} niveaux au plus",
            "Markdown as GitHub's preview shows it: paragraphs, headings (`#`, `##`, "
            "`###`: the profile's subheadings), `**bold**`, `*italic*`, `~~strikethrough~~`, "
            "lists, quotes, code between backticks, full links (`[text](https://…)`, "
            f"`mailto:`), web and e-mail addresses linked automatically, the tags {tags}; no "
            "images, tables or other HTML, no relative links or links to an anchor; "
            f"{self.max_len:,} characters at most, lists and quotes nested {MAX_NESTING} "
            "levels deep at most",
        )


LANGUAGES = ("fr", "en", "ar")
LANGUAGE_NAMES = {"fr": "français", "en": "anglais", "ar": "arabe"}


@dataclass(frozen=True)
class Localized:
    """A text in French, with optional English and Arabic versions."""

    fr: str
    en: str | None = None
    ar: str | None = None

    def items(self) -> list[tuple[str, str]]:
        return [(lang, getattr(self, lang)) for lang in LANGUAGES if getattr(self, lang)]


@dataclass(frozen=True)
class I18n(Kind):
    text: Kind = PlainText(160)

    def check(self, node, path, ctx):
        if node.kind != "mapping":
            return ctx.error(
                node,
                path,
                "texte par langue attendu (fr, en, ar)",
                "écrivez « fr: … » sur la ligne suivante, en retrait de deux espaces",
            )
        values, ok = {}, True
        for key, value in node.items:
            if key.value not in LANGUAGES:
                ctx.error(
                    key,
                    f"{path}.{key.value}",
                    f"langue inconnue « {key.value} »",
                    suggest(key.value, LANGUAGES),
                )
                ok = False
                continue
            checked = self.text.check(value, f"{path}.{key.value}", ctx)
            if checked is INVALID:
                ok = False
            else:
                values[key.value] = checked
        if "fr" not in values and ok:
            return ctx.error(node, f"{path}.fr", "version française manquante", "ajoutez « fr: … »")
        return Localized(**values) if ok else INVALID

    def json_schema(self):
        inner = self.text.json_schema()
        return {
            "type": "object",
            "properties": {lang: inner for lang in LANGUAGES},
            "required": ["fr"],
            "additionalProperties": False,
        }

    def describe(self, lang="fr"):
        inner = self.text.describe(lang)
        return worded(
            lang,
            f"par langue (`fr` obligatoire, `en` et `ar` facultatifs) : {inner}",
            f"by language (`fr` required, `en` and `ar` optional): {inner}",
        )
