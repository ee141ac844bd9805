"""Value kinds: numbers, booleans, dates, choices, identifiers, taxonomy references,
URLs, e-mail addresses, countries, accounts and logo paths (see ``schema.py``)."""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pycountry

from startupdir.content.schema import INVALID, SLUG, Kind, slug_problem, suggest, worded
from startupdir.content.typos import corrected_url
from startupdir.content.vocabularies import VOCABULARIES

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

    def describe(self, lang="fr"):
        low = self.minimum
        if self.current_year_max:
            return worded(
                lang, f"année, de {low} à l'année en cours", f"year, from {low} to the current year"
            )
        if self.maximum:
            high = f"{self.maximum:,}"  # 100,000; in French 100 000 (narrow spaces)
            french_high = high.replace(",", "\u202f")
            return worded(
                lang,
                f"nombre entier de {low} à {french_high}",
                f"whole number from {low} to {high}",
            )
        return worded(lang, f"nombre entier, au moins {low}", f"whole number, at least {low}")


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

    def describe(self, lang="fr"):
        return worded(lang, "`true` ou `false`", "`true` or `false`")


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

    def describe(self, lang="fr"):
        if self.not_future:
            return worded(
                lang, "date AAAA-MM-JJ, pas dans le futur", "date YYYY-MM-DD, not in the future"
            )
        return worded(lang, "date AAAA-MM-JJ", "date YYYY-MM-DD")


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

    def describe(self, lang="fr"):
        values = ", ".join(f"`{v}`" for v in self.values)
        return worded(lang, f"une valeur parmi {values}", f"one of {values}")


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

    def describe(self, lang="fr"):
        return worded(
            lang,
            "identifiant : minuscules, chiffres et tirets",
            "identifier: lower-case letters, digits and hyphens",
        )


# What a Ref names: (French noun for "unknown X", whether the noun is feminine).
REF_NOUNS = {
    **{v.id: (v.noun, v.feminine) for v in VOCABULARIES.values()},
    "authors": ("auteur", False),
    "startups": ("startup", True),
    "challenges": ("défi", False),
}


REF_HINTS = {
    "startups": "indiquez le nom d'un fichier de startups/, sans « .yml »",
    "authors": "ajoutez l'auteur dans content/actualites/.authors.yml",
    "challenges": "indiquez le nom d'un fichier de challenges/, sans « .yml »",
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

    def describe(self, lang="fr"):
        return worded(
            lang,
            f"identifiant de la liste `{self.vocabulary}` de `taxonomy.yml`",
            f"identifier from the `{self.vocabulary}` list of `taxonomy.yml`",
        )


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

    def describe(self, lang="fr"):
        if not self.hosts:
            return worded(lang, "adresse web http(s)", "web address (http or https)")
        return worded(
            lang,
            f"adresse web http(s) sur {' ou '.join(self.hosts)}",
            f"web address (http or https) on {' or '.join(self.hosts)}",
        )


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

    def describe(self, lang="fr"):
        return worded(
            lang,
            "adresse e-mail de contact générique (pas celle d'une personne)",
            "generic contact e-mail address (not a person's)",
        )


COUNTRIES = frozenset(c.alpha_2 for c in pycountry.countries)


@dataclass(frozen=True)
class Country(Kind):
    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "code pays", "ex. SN")
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
                "utilisez le code ISO 3166-1 à deux lettres (SN pour le Sénégal, FR pour la France)",
            )
        return raw

    def json_schema(self):
        return {"type": "string", "enum": sorted(COUNTRIES)}

    def describe(self, lang="fr"):
        return worded(
            lang,
            "code pays ISO 3166-1 à deux lettres majuscules (`SN`, `FR`, `CA`…)",
            "two-letter ISO 3166-1 country code in capitals (`SN`, `FR`, `CA`…)",
        )


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

    def describe(self, lang="fr"):
        return worded(lang, "nom de compte GitHub", "GitHub account name")


LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


@functools.lru_cache(maxsize=64)
def resolved_folder(folder: Path) -> Path:
    """A folder's real path, looked up once (thousands of files are checked against it)."""
    return folder.resolve()


def display(path: Path, root: Path) -> str:
    """``path`` relative to the root; a symbolic link is named as itself, not as its target."""
    try:
        if path.name in ("", ".", ".."):
            return path.resolve().relative_to(resolved_folder(root)).as_posix()
        where = path.parent.resolve() / path.name
        return where.relative_to(resolved_folder(root)).as_posix()
    except ValueError:
        return path.as_posix()


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

    def describe(self, lang="fr"):
        return worded(
            lang,
            "chemin relatif à `startups/` d'une image PNG, JPEG ou WebP",
            "path, relative to `startups/`, of a PNG, JPEG or WebP image",
        )
