"""The site's two editions, French (at the root) and English (under /en/): one catalogue
of interface strings per language (locales/<lang>.yml, the same keys in both), and how
each language writes numbers, amounts, dates and countries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

from startupdir.content import french
from startupdir.content.render import environment
from startupdir.content.schema_text import Localized

CODE_SPAN = re.compile(r"`([^`]+)`")
LANGUAGES = ("fr", "en")  # the site's editions; French is the default (x-default)
DEFAULT = "fr"


class MissingMessage(KeyError):
    pass


@dataclass(frozen=True)
class Catalogue:
    """One language's interface strings; ``t("key", name=…)`` fills ``{name}``."""

    lang: str
    messages: Mapping[str, str]

    def t(self, key: str, **params: object) -> str:
        try:
            text = self.messages[key]
        except KeyError:
            raise MissingMessage(f"{self.lang}: {key}") from None
        return text.format(**params) if params else text

    def html(self, key: str, **params: object) -> Markup:
        """The ``t`` of templates: a message as HTML text (``&``, ``<``, ``>`` and ``"``
        escaped, apostrophes kept as written; `code` spans as code), its parameters escaped
        unless they are markup already."""
        text = self.t(key)
        if "`" in text:
            parts = CODE_SPAN.split(text)
            marked = (
                environment("startupdir.site")
                .get_template("_code_spans.html.j2")
                .render(parts=[(part, i % 2 == 1) for i, part in enumerate(parts) if part])
            )
            return Markup(marked).format(**params)
        plain = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return Markup(plain.replace('"', "&#34;")).format(**params)

    def plural(self, count: int, key: str) -> str:
        """« 3 startups », "1 startup": the count and the key's ``.one`` or ``.other`` form."""
        form = self.t(f"{key}.one" if count <= 1 else f"{key}.other")
        return f"{self.number(count)} {form}"

    def number(self, value: int) -> str:
        return french.number(value) if self.lang == "fr" else f"{value:,}"

    def compact_amount(self, value: int) -> str:
        """6 M / 6M, 2,5 M / 2.5M; smaller amounts in full."""
        if self.lang == "fr":
            return french.compact_amount(value)
        if value >= 1_000_000:
            return f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
        return self.number(value)

    def amount(self, value: int, *, compact: bool = False) -> str:
        """An amount in dirhams: « 6 M MAD », "MAD 6M"."""
        figure = self.compact_amount(value) if compact else self.number(value)
        return f"{figure}\u00a0MAD" if self.lang == "fr" else f"MAD\u00a0{figure}"

    def long_date(self, value: dt.date) -> str:
        return french.long_date(value) if self.lang == "fr" else _english_date(value)

    def country(self, code: str) -> str:
        return _territories(self.lang).get(code, code)

    def text(self, value: Localized) -> tuple[str, str]:
        """A profile's or a term's text in this language, else in French: (text, its lang)."""
        own = getattr(value, self.lang, None)
        return (own, self.lang) if own else (value.fr, DEFAULT)


@cache
def _territories(lang: str) -> Mapping[str, str]:
    return Locale(lang).territories


@cache  # as french.long_date
def _english_date(value: dt.date) -> str:
    return format_date(value, format="long", locale="en_GB")


@cache
def catalogue(lang: str) -> Catalogue:
    text = resources.files("startupdir.site").joinpath(f"locales/{lang}.yml").read_text("utf-8")
    messages = yaml.safe_load(text) or {}
    return Catalogue(lang, {str(k): str(v) for k, v in messages.items()})
