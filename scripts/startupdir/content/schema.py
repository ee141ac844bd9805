"""Field kinds: how one value is read from a node, checked, documented and exported.

The data model (``model.py``) declares every field once with ``spec(kind, ...)``; the
validator, the JSON Schema export and the documentation table all walk those
declarations. A kind turns a located node into a clean Python value or records
problems; it never trusts the YAML type guessing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import html
import os
import posixpath
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pycountry

from startupdir.content import clock, invisible
from startupdir.content.confusables import has_visible_letter_or_digit
from startupdir.content.load import Node
from startupdir.content.text import (
    MAX_NESTING,
    Rendered,
    anchor_prefix,
    link_problem,
    render_checked,
)
from startupdir.content.typos import corrected_url

INVALID = object()  # returned by a kind when the value was rejected (a problem was recorded)

# ---------------------------------------------------------------------------
# Declaration helpers


@dataclass(frozen=True)
class FieldSpec:
    kind: Kind
    required: bool
    doc: str
    example: Any = None
    aliases: tuple[str, ...] = ()


def spec(kind: Kind, doc: str, *, required: bool = False, example: Any = None, aliases=()):
    """A dataclass field carrying its schema declaration in its metadata."""
    meta = {"spec": FieldSpec(kind, required, doc, example, tuple(aliases))}
    if required:
        return dataclasses.field(metadata=meta)
    default = () if isinstance(kind, ListOf) else None
    return dataclasses.field(default=default, metadata=meta)


def fields_of(cls) -> list[tuple[str, FieldSpec]]:
    return [(f.name, f.metadata["spec"]) for f in dataclasses.fields(cls) if "spec" in f.metadata]


# ---------------------------------------------------------------------------
# Context passed to kinds while checking one file


class Context:
    """Where problems go, and what cross-references resolve against."""

    def __init__(self, file: str, taxonomy=None, today: dt.date | None = None, base=None):
        self.file = file
        self.taxonomy = taxonomy
        self.today = today or clock.today()
        self.base = base  # folder that relative paths (logos) must stay inside
        self.known: dict[str, list[str]] = {}  # other vocabularies: authors, startups
        self.line_offset = 0  # front matter starts after the opening "---"
        self.problems: list = []

    def error(
        self,
        node: Node,
        path: str,
        message: str,
        hint: str = "",
        line=None,
        col=None,
        fixable: bool = False,
    ):
        from startupdir.content.problems import Problem

        self.problems.append(
            Problem(
                self.file,
                (line or node.line) + self.line_offset,
                col or node.col,
                path,
                message,
                hint,
                fixable=fixable,
            )
        )
        return INVALID


def suggest(value: str, choices, *, many_hint: str = "") -> str:
    """A French hint: the closest allowed value, or the list when it is short."""
    choices = list(choices)
    if not choices:
        return many_hint
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.6)
    close = close or [c for c in choices if value and c.startswith(value.lower())][:1]
    if close:
        return f"vouliez-vous dire « {close[0]} » ?"
    if len(choices) <= 8:
        return "valeurs possibles : " + ", ".join(choices)
    return many_hint


class Kind:
    """Base class of field kinds."""

    def check(self, node: Node, path: str, ctx: Context):
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def scalar(self, node: Node, path: str, ctx: Context, what: str, hint: str):
        if node.kind != "scalar":
            return ctx.error(node, path, f"{what} attendu, pas une liste de valeurs", hint)
        if not isinstance(self, PlainText | Markdown):  # texts: see clean_text
            pos = invisible.first_refused_strict(node.value)
            if pos is not None:
                fixable = invisible.strict_fixable(node.value, pos) and not node.escaped
                return refuse_character(node, path, ctx, node.value, pos, fixable)
        return node.value


# ---------------------------------------------------------------------------
# Text

_TAG = re.compile(r"</?[A-Za-z!?][^>]*>?|<!--")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")


def _locate(node: Node, text: str, pos: int) -> tuple[int, int]:
    """Line and column of position ``pos`` of a scalar's text in the file (best effort)."""
    text, pos = invisible.origin(node, text, pos)  # back to the text as typed
    before = text[:pos]
    if node.style == "|":
        return node.line + 1 + before.count("\n"), node.indent + pos - before.rfind("\n")
    if node.style == ">":
        return node.line + 1 + before.count("\n"), node.col
    if "\n" in before:
        return node.line + before.count("\n"), node.col
    return node.line, node.col + pos + (1 if node.style in ("'", '"') else 0)


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


def refuse_character(node: Node, path: str, ctx: Context, text: str, pos: int, fixable: bool):
    """A problem for the character ``text[pos]``, named by what the contributor sees."""
    line, col = _locate(node, text, pos)
    message, hint = invisible.explain(text, pos, col)
    return ctx.error(node, path, message, hint, line, col, fixable=fixable)


def refuse_html(node: Node, path: str, ctx: Context, text: str):
    """A plain text, unless it holds an HTML tag or comment (then a problem is recorded).
    Markdown texts are checked by their renderer instead (text.render_checked)."""
    match = _TAG.search(_AUTOLINK.sub("", text))
    if match:
        tag = match.group()[:30]
        line, col = _locate(node, text, text.find(tag) if tag in text else 0)
        return ctx.error(
            node, path, f"balise HTML « {tag} » interdite", "écrivez du texte simple", line, col
        )
    return text


@dataclass(frozen=True)
class PlainText(Kind):
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

    def describe(self):
        letters = ", avec au moins une lettre ou un chiffre" if self.visible else ""
        return f"texte simple, {self.max_len} caractères au plus{letters}"


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
            line, col = _locate(node, text, pos)
            return ctx.error(node, path, message, hint, line, col)
        return Rendered(text, rendered, prefix)

    def json_schema(self):
        return {"type": "string", "minLength": 1, "maxLength": self.max_len}

    def describe(self):
        return (
            "Markdown tel que l'aperçu de GitHub l'affiche : paragraphes, titres (`#`, `##`, "
            "`###` : sous-titres du profil), `**gras**`, `*italique*`, `~~barré~~`, listes, "
            "citations, code entre accents graves, liens complets (`[texte](https://…)`, "
            "`mailto:`), adresses web et e-mails liés d'eux-mêmes, balises `<b>`, `<strong>`, "
            '`<i>`, `<em>`, `<sup>`, `<sub>`, `<br>`, `<abbr title="…">` ; ni image, ni '
            "tableau, ni autre HTML, ni lien relatif ou vers une ancre ; "
            f"{self.max_len} caractères au plus, listes et citations imbriquées sur "
            f"{MAX_NESTING} niveaux au plus"
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

    def describe(self):
        return f"par langue (`fr` obligatoire, `en` et `ar` facultatifs) : {self.text.describe()}"


# ---------------------------------------------------------------------------
# Numbers, booleans, dates, choices

_INT = re.compile(r"^[0-9][0-9_]*$")
MAX_DIGITS = 18  # far above any bound of the model, far below what int() refuses


@dataclass(frozen=True)
class Integer(Kind):
    minimum: int = 0
    maximum: int | None = None
    current_year_max: bool = False

    def upper(self, ctx) -> int | None:
        return ctx.today.year if self.current_year_max else self.maximum

    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "nombre", "écrivez un nombre entier")
        if raw is INVALID:
            return raw
        if node.style or not _INT.fullmatch(raw):
            return ctx.error(
                node,
                path,
                f"nombre entier attendu, pas « {raw[:40]} »",
                f"écrivez seulement des chiffres, sans guillemets ni espaces (ex. {self.minimum})"
                if not self.current_year_max
                else "écrivez l'année en chiffres, sans guillemets (ex. 2021)",
            )
        upper = self.upper(ctx)
        bounds = f"entre {self.minimum} et {upper}" if upper else f"au moins {self.minimum}"
        digits = raw.replace("_", "").lstrip("0") or "0"
        if len(digits) > MAX_DIGITS:  # int() itself refuses more than 4,300 digits
            return ctx.error(
                node,
                path,
                f"valeur hors limites ({len(digits)} chiffres)",
                f"indiquez un nombre {bounds}",
            )
        value = int(digits)
        if value < self.minimum or (upper is not None and value > upper):
            return ctx.error(
                node, path, f"valeur {value} hors limites", f"indiquez un nombre {bounds}"
            )
        return value

    def json_schema(self):
        out = {"type": "integer", "minimum": self.minimum}
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out

    def describe(self):
        if self.current_year_max:
            return f"année, de {self.minimum} à l'année en cours"
        if self.maximum:
            return f"nombre entier de {self.minimum} à {self.maximum:,}".replace(",", "\u202f")
        return f"nombre entier, au moins {self.minimum}"


@dataclass(frozen=True)
class Boolean(Kind):
    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "true ou false", "écrivez true ou false")
        if raw is INVALID:
            return raw
        if node.style == "" and raw in ("true", "True", "TRUE"):
            return True
        if node.style == "" and raw in ("false", "False", "FALSE"):
            return False
        if node.style and raw in ("true", "false"):
            return ctx.error(
                node, path, f"« {raw} » entre guillemets", f"écrivez {raw} sans guillemets"
            )
        return ctx.error(node, path, f"« {raw[:20]} » n'est pas accepté", "écrivez true ou false")

    def json_schema(self):
        return {"type": "boolean"}

    def describe(self):
        return "`true` ou `false`"


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Date(Kind):
    not_future: bool = True

    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "date", "écrivez la date sous la forme AAAA-MM-JJ")
        if raw is INVALID:
            return raw
        try:
            if not _DATE.fullmatch(raw):
                raise ValueError
            value = dt.date.fromisoformat(raw)
        except ValueError:
            return ctx.error(
                node,
                path,
                f"date invalide « {raw[:30]} »",
                "écrivez la date sous la forme AAAA-MM-JJ, par exemple 2026-02-01",
            )
        if self.not_future and value > ctx.today:
            return ctx.error(
                node,
                path,
                f"date dans le futur ({raw})",
                f"indiquez la date de la dernière relecture, au plus tard {ctx.today.isoformat()}",
            )
        return value

    def json_schema(self):
        return {"type": "string", "format": "date"}

    def describe(self):
        return "date AAAA-MM-JJ" + (", pas dans le futur" if self.not_future else "")


@dataclass(frozen=True)
class Choice(Kind):
    values: tuple[str, ...] = ()

    def check(self, node, path, ctx):
        raw = self.scalar(
            node, path, ctx, "valeur", "valeurs possibles : " + ", ".join(self.values)
        )
        if raw is INVALID:
            return raw
        if raw not in self.values:
            return ctx.error(
                node, path, f"valeur inconnue « {raw[:40]} »", suggest(raw, self.values)
            )
        return raw

    def json_schema(self):
        return {"type": "string", "enum": list(self.values)}

    def describe(self):
        return "une valeur parmi " + ", ".join(f"`{v}`" for v in self.values)


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
WINDOWS_RESERVED = (
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def slug_problem(value: str) -> tuple[str, str] | None:
    """Why a slug is refused (message, hint), or None when it is fine."""
    if not 2 <= len(value) <= 60:
        return (
            f"identifiant « {value[:60]} » de longueur {len(value)}",
            "entre 2 et 60 caractères",
        )
    if not SLUG.fullmatch(value):
        return (
            f"identifiant « {value[:60]} » invalide",
            "minuscules sans accents, chiffres et tirets simples (ex. atlas-pay)",
        )
    if value in WINDOWS_RESERVED:
        return (f"identifiant « {value} » réservé par Windows", "choisissez un autre nom")
    return None


@dataclass(frozen=True)
class Slug(Kind):
    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "identifiant", "ex. atlas-pay")
        if raw is INVALID:
            return raw
        problem = slug_problem(raw)
        if problem:
            return ctx.error(node, path, *problem)
        return raw

    def json_schema(self):
        return {"type": "string", "pattern": SLUG.pattern, "minLength": 2, "maxLength": 60}

    def describe(self):
        return "identifiant : minuscules, chiffres et tirets"


# Taxonomy kinds: (French noun for "unknown X", whether the noun is feminine).
REF_NOUNS = {
    "sectors": ("secteur", False),
    "cities": ("ville", True),
    "stages": ("stade", False),
    "needs": ("besoin", False),
    "programs": ("programme", False),
    "authors": ("auteur", False),
    "startups": ("startup", True),
}


REF_HINTS = {
    "startups": "indiquez le nom d'un fichier de startups/, sans « .yml »",
    "authors": "ajoutez l'auteur dans content/actualites/.authors.yml",
}


@dataclass(frozen=True)
class Ref(Kind):
    """An id from one list of taxonomy.yml."""

    vocabulary: str = "sectors"

    def check(self, node, path, ctx):
        noun, feminine = REF_NOUNS[self.vocabulary]
        raw = self.scalar(node, path, ctx, noun, f"un identifiant de {self.vocabulary}")
        if raw is INVALID:
            return raw
        if self.vocabulary in ctx.known:
            allowed = ctx.known[self.vocabulary]
        elif ctx.taxonomy is None:
            return raw
        else:
            allowed = ctx.taxonomy.ids(self.vocabulary)
        if raw not in allowed:
            unknown = "inconnue" if feminine else "inconnu"
            return ctx.error(
                node,
                path,
                f"{noun} {unknown} « {raw[:40]} »",
                suggest(
                    raw,
                    allowed,
                    many_hint=REF_HINTS.get(
                        self.vocabulary, f"voir la liste « {self.vocabulary} » de taxonomy.yml"
                    ),
                ),
            )
        return raw

    def json_schema(self):
        return {"type": "string", "pattern": SLUG.pattern}

    def describe(self):
        return f"identifiant de la liste `{self.vocabulary}` de `taxonomy.yml`"


# ---------------------------------------------------------------------------
# URLs, e-mail, countries, accounts, paths

_HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")


@dataclass(frozen=True)
class Url(Kind):
    hosts: tuple[str, ...] = ()  # allowed registrable domains (empty: any)

    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "adresse web", "ex. https://exemple.ma")
        if raw is INVALID:
            return raw
        value = raw.strip()
        hint = "écrivez l'adresse complète, ex. https://" + (
            self.hosts[0] if self.hosts else "exemple.ma"
        )
        if len(value) > 300 or any(
            c.isspace() or unicodedata.category(c)[0] == "C" or c in "<>\"'`\\" for c in value
        ):
            return ctx.error(node, path, f"adresse web invalide « {value[:60]} »", hint)
        corrected = corrected_url(value)
        if corrected is not None:
            return ctx.error(
                node,
                path,
                f"adresse web mal écrite « {value[:60]} »",
                f"vouliez-vous dire « {corrected[:60]} » ?",
                fixable=not node.escaped,
            )
        try:
            parts = urlsplit(value)
            host = (parts.hostname or "").rstrip(".")
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            return ctx.error(node, path, f"adresse web invalide « {value[:60]} »", hint)
        if parts.scheme not in ("http", "https"):
            return ctx.error(
                node,
                path,
                f"adresse web refusée « {value[:60]} »",
                "seules les adresses commençant par https:// ou http:// sont acceptées",
            )
        try:
            ascii_host = host.encode("idna").decode("ascii") if host else ""
        except UnicodeError:
            ascii_host = ""
        if not _HOST.fullmatch(ascii_host) or parts.username or parts.password or not port_ok:
            return ctx.error(node, path, f"adresse web invalide « {value[:60]} »", hint)
        if self.hosts and not any(
            ascii_host == h or ascii_host.endswith("." + h) for h in self.hosts
        ):
            return ctx.error(
                node,
                path,
                f"adresse hors de {self.hosts[0]} « {value[:60]} »",
                f"indiquez l'adresse de votre page sur {self.hosts[0]}",
            )
        return value

    def json_schema(self):
        return {"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 300}

    def describe(self):
        where = f" sur {' ou '.join(self.hosts)}" if self.hosts else ""
        return f"adresse web http(s){where}"


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([A-Za-z0-9-]+\.)+[A-Za-z]{2,63}$")


@dataclass(frozen=True)
class Email(Kind):
    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "adresse e-mail", "ex. contact@exemple.ma")
        if raw is INVALID:
            return raw
        if not _EMAIL.fullmatch(raw) or ".." in raw or len(raw) > 254:
            return ctx.error(
                node, path, f"adresse e-mail invalide « {raw[:60]} »", "ex. contact@exemple.ma"
            )
        return raw

    def json_schema(self):
        return {"type": "string", "format": "email"}

    def describe(self):
        return "adresse e-mail de contact générique (pas celle d'une personne)"


COUNTRIES = frozenset(c.alpha_2 for c in pycountry.countries)


@dataclass(frozen=True)
class Country(Kind):
    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "code pays", "ex. MA")
        if raw is INVALID:
            return raw
        if raw.upper() in COUNTRIES and raw != raw.upper():
            return ctx.error(
                node, path, f"code pays « {raw} » en minuscules", f"écrivez « {raw.upper()} »"
            )
        if raw not in COUNTRIES:
            return ctx.error(
                node,
                path,
                f"code pays inconnu « {raw[:20]} »",
                "utilisez le code ISO 3166-1 à deux lettres (MA pour le Maroc, SN pour le Sénégal)",
            )
        return raw

    def json_schema(self):
        return {"type": "string", "enum": sorted(COUNTRIES)}

    def describe(self):
        return "code pays ISO 3166-1 à deux lettres majuscules (`MA`, `SN`, `FR`…)"


_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


@dataclass(frozen=True)
class GitHubLogin(Kind):
    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "compte GitHub", "ex. atlaspay-dev")
        if raw is INVALID:
            return raw
        value = raw.removeprefix("@")
        if not _LOGIN.fullmatch(value):
            return ctx.error(
                node,
                path,
                f"compte GitHub invalide « {raw[:40]} »",
                "indiquez le nom du compte, ex. atlaspay-dev",
            )
        return value

    def json_schema(self):
        return {"type": "string", "pattern": _LOGIN.pattern}

    def describe(self):
        return "nom de compte GitHub"


LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


@functools.lru_cache(maxsize=64)
def resolved_folder(folder: Path) -> Path:
    """A folder's real path, looked up once (thousands of files are checked against it)."""
    return folder.resolve()


def symlink_on_the_way(base: Path, relative: str) -> str | None:
    """The first part of ``relative`` (a path inside ``base``) that is a symbolic link,
    as a path relative to ``base``; None when there is none. Nothing is followed: each
    part is looked at with lstat, and the walk stops at the first part that is missing."""
    current, walked = base, []
    for part in relative.split("/"):
        if part in ("", "."):
            continue
        current = current / part
        walked.append(part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return "/".join(walked)
        except (OSError, ValueError):
            return None
    return None


@dataclass(frozen=True)
class LogoPath(Kind):
    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "chemin", "ex. logos/atlas-pay.png")
        if raw is INVALID:
            return raw
        hint = "placez l'image dans startups/logos/ et écrivez « logos/nom.png »"
        if not raw or "\\" in raw or raw.startswith("/") or ":" in raw or "\x00" in raw:
            return ctx.error(node, path, f"chemin de logo invalide « {raw[:60]} »", hint)
        if not raw.lower().endswith(LOGO_SUFFIXES):
            return ctx.error(
                node,
                path,
                f"format de logo non accepté « {raw[:60]} »",
                "envoyez un fichier PNG, JPEG ou WebP",
            )
        if ctx.base is None:
            return raw
        relative = posixpath.normpath(raw)  # "." and ".." undone in the text, not on disk
        if relative == ".." or relative.startswith("../"):
            return ctx.error(node, path, f"chemin de logo hors de startups/ « {raw[:60]} »", hint)
        base = resolved_folder(ctx.base)
        link = symlink_on_the_way(base, relative)
        if link is not None:
            return ctx.error(
                node,
                path,
                f"lien symbolique refusé pour le logo « {link[:60]} »",
                "ajoutez l'image elle-même dans startups/logos/, pas un lien vers un fichier",
            )
        try:
            regular = stat.S_ISREG(os.lstat(base / relative).st_mode)
        except (OSError, ValueError):  # missing, or a name the system refuses (too long)
            regular = False
        if not regular:
            return ctx.error(node, path, f"logo introuvable « {raw[:60]} »", hint)
        return relative

    def json_schema(self):
        return {"type": "string", "pattern": r"^[^/\\:][^\\:]*\.(png|jpe?g|webp|PNG|JPE?G|WEBP)$"}

    def describe(self):
        return "chemin relatif à `startups/` d'une image PNG, JPEG ou WebP"


# ---------------------------------------------------------------------------
# Containers


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind = PlainText()
    min_items: int = 0
    max_items: int | None = None
    unique: bool = True

    def check(self, node, path, ctx):
        if node.kind != "sequence":
            return ctx.error(
                node,
                path,
                "liste attendue",
                "écrivez les valeurs entre crochets, ex. [a, b], ou une par ligne précédée de « - »",
            )
        if len(node.items) < self.min_items:
            wanted = (
                "au moins une valeur attendue"
                if self.min_items == 1
                else f"au moins {self.min_items} valeurs attendues"
            )
            return ctx.error(node, path, wanted, "complétez la liste")
        if self.max_items is not None and len(node.items) > self.max_items:
            return ctx.error(
                node,
                path,
                f"{len(node.items)} valeurs, maximum {self.max_items}",
                f"gardez les {self.max_items} plus importantes",
            )
        values, ok, seen = [], True, {}
        for index, child in enumerate(node.items):
            value = self.item.check(child, f"{path}[{index}]", ctx)
            if value is INVALID:
                ok = False
                continue
            key = value if isinstance(value, str) else getattr(value, "id", None)
            if self.unique and key is not None:
                if key in seen:
                    ctx.error(
                        child,
                        f"{path}[{index}]",
                        f"valeur en double « {key} »",
                        "elle figure déjà dans la liste : supprimez ce doublon",
                    )
                    ok = False
                    continue
                seen[key] = index
            values.append(value)
        return tuple(values) if ok else INVALID

    def json_schema(self):
        out = {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        if self.unique:
            out["uniqueItems"] = True
        return out

    def describe(self):
        bounds = ""
        if self.min_items or self.max_items:
            bounds = f" ({self.min_items} à {self.max_items})" if self.max_items else ""
        inner = self.item.describe() if not isinstance(self.item, Object) else "éléments"
        return f"liste{bounds}, sans doublon : {inner}"


@dataclass(frozen=True)
class MapOf(Kind):
    """A mapping from identifiers to values of one kind (e.g. authors by id)."""

    value: Kind = PlainText()

    def check(self, node, path, ctx):
        if node.kind != "mapping":
            return ctx.error(
                node, path, "table « identifiant: … » attendue", "un identifiant par ligne"
            )
        values, ok = {}, True
        for key, child in node.items:
            problem = slug_problem(key.value)
            if problem:
                ctx.error(key, f"{path}.{key.value}", *problem)
                ok = False
                continue
            value = self.value.check(child, f"{path}.{key.value}", ctx)
            if value is INVALID:
                ok = False
            else:
                values[key.value] = value
        return values if ok else INVALID

    def json_schema(self):
        return {"type": "object", "additionalProperties": self.value.json_schema()}

    def describe(self):
        return "table d'identifiants"


@dataclass(frozen=True)
class Object(Kind):
    cls: type = object

    def check(self, node, path, ctx):
        return check_object(self.cls, node, path, ctx)

    def json_schema(self):
        return object_schema(self.cls)

    def describe(self):
        return "groupe de champs : " + ", ".join(f"`{name}`" for name, _ in fields_of(self.cls))


def check_object(cls, node: Node, path: str, ctx: Context):
    """Read a mapping node into a frozen ``cls`` instance, recording every problem."""
    declared = dict(fields_of(cls))
    prefix = f"{path}." if path else ""
    if node.kind != "mapping":
        return ctx.error(
            node,
            path,
            "groupe de champs attendu"
            if path
            else "le fichier doit contenir des champs « nom: valeur »",
            "écrivez un champ par ligne, « nom: valeur »",
        )
    aliases = {alias: name for name, fs in declared.items() for alias in fs.aliases}
    values, ok = {}, True
    for key, value in node.items:
        name = key.value
        if name not in declared:
            if name in aliases:
                hint = f"vouliez-vous dire « {aliases[name]} » ?"
            else:
                hint = suggest(
                    name,
                    declared,
                    many_hint="voir la liste des champs dans le guide du contributeur",
                )
            ctx.error(key, prefix + name, f"champ inconnu « {name[:40]} »", hint)
            ok = False
            continue
        fs = declared[name]
        if value.is_null:
            if fs.required:
                example = (
                    f" (ex. « {name}: {fs.example} »)" if isinstance(fs.example, str | int) else ""
                )
                ctx.error(value, prefix + name, "valeur vide", f"complétez ce champ{example}")
                ok = False
            continue
        checked = fs.kind.check(value, prefix + name, ctx)
        if checked is INVALID:
            ok = False
        else:
            values[name] = checked
    present = {k.value for k, _ in node.items} | {
        aliases[k.value] for k, _ in node.items if k.value in aliases
    }
    for name, fs in declared.items():
        if fs.required and name not in values and name not in present:
            example = f" (ex. « {name}: {fs.example} »)" if fs.example is not None else ""
            ctx.error(
                node,
                prefix + name,
                f"champ obligatoire « {name} » manquant",
                f"ajoutez-le{example}",
            )
            ok = False
    if not ok:
        return INVALID
    return cls(**values)


def object_schema(cls) -> dict:
    props, required = {}, []
    for name, fs in fields_of(cls):
        schema = dict(fs.kind.json_schema())
        schema["description"] = fs.doc
        if fs.example is not None:
            schema["examples"] = [fs.example]
        props[name] = schema
        if fs.required:
            required.append(name)
    out = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    return out
