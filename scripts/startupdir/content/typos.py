"""Typing slips a machine can correct without guessing (``startupdir validate --fix``)."""

from __future__ import annotations

import re

_URL_START = re.compile(
    r"(?P<scheme>[A-Za-z]{2,7})(?P<sep>[:;]?/{1,3})(?P<rest>[A-Za-z0-9].*)", re.S
)
# "://" with at most one slip: a slash missing or repeated, the colon missing or typed ";".
_SEPARATORS = ("://", ":/", ":///", "//", ";//")
_SCHEMES = ("http", "https")


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def corrected_url(value: str) -> str | None:
    """``value`` with a slip in its scheme corrected: « ttps://a.ma », « htps://a.ma »,
    « https//a.ma », « https:/a.ma », « http;//a.ma » become « https://a.ma »… The scheme
    must be one typing slip (a letter missing, doubled, extra or wrong) away from exactly
    one of http and https (« htts » is as close to both: left alone), the separator at
    most one slip away from « :// ». None when there is nothing to correct, or no one
    correction."""
    match = _URL_START.fullmatch(value)
    if match is None or match["sep"] not in _SEPARATORS:
        return None
    scheme = match["scheme"].lower()
    close = [s for s in _SCHEMES if _distance(scheme, s) <= 1]
    target = scheme if scheme in _SCHEMES else (close[0] if len(close) == 1 else None)
    if target is None or (target == scheme and match["sep"] == "://"):
        return None
    return f"{target}://{match['rest']}"
