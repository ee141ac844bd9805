"""French formatting for what the public reads: numbers, plurals, dates, countries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache

from babel import Locale
from babel.dates import format_date

NARROW_NBSP = "\u202f"


def number(value: int) -> str:
    """1 700, 2 500: thousands grouped with a narrow no-break space."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def compact_amount(value: int) -> str:
    """6 M, 2,5 M, 800 000: millions shortened (decimal comma), smaller amounts in full;
    a no-break space keeps the figure and its unit together."""
    if value >= 1_000_000:
        millions = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{millions}\u00a0M"
    return number(value)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count <= 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


@cache  # Babel parses its locale at every call: a profile page shows a date or two
def long_date(value: dt.date) -> str:
    """« 1er février 2026 », « 20 octobre 2026 »."""
    text = format_date(value, format="long", locale="fr_FR")
    return "1er" + text[1:] if value.day == 1 else text


@cache
def _territories() -> Mapping[str, str]:
    return Locale("fr").territories


def country(code: str) -> str:
    return _territories().get(code, code)
