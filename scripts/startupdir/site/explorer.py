"""The compact JSON behind the faceted explorer of /startups/ and /en/startups/
(explorer.js reads it), and the explorer's interface strings for a page (``explorer_messages``).

One file for both editions: the French values in "f" and "d", the English facet labels and
links in "en", and the English texts a search must find (tagline, start of the description)
as two more columns. The page says its language (data-lang) and carries its strings
(data-messages); the script picks the edition's labels and writes amounts and counts itself.

Only listed startups (closed ones leave the explorer), in the directory's order (by name).
The file is downloaded whole, so it is laid out by column: each key of "d" holds one list
with a value per startup, in the same order. Columns compress far better than records
(similar values sit together): at 10,000 synthetic startups the gzipped file is about
270 KB, most of it the taglines (`size_report` measures it; tests/test_explorer.py
checks the budget). The search text (name and taglines, lower case, without accents) is
folded by the script at load time instead of being shipped twice.

Shape (version 2)::

    {"v": 2,
     "u": "startups/{slug}/",                  # profile URL pattern (site-relative)
     "f": {                                     # facet vocabularies, in taxonomy order
       "s": [[id, label, colour, url], ...],   # sectors (colour = views.colors)
       "c": [[id, label, url], ...],           # cities
       "g": [[id, label, url], ...],           # stages, earliest first
       "n": [[id, label, url], ...],           # needs
       "p": [[id, label, url], ...],           # programs
       "b": [[id, label], ...]},               # business models
     "en": {                                    # the English edition's (labels and links)
       "u": "en/startups/{slug}/",
       "f": {"s": [[label, url], ...], "c": …, "g": …, "n": …, "p": …}},  # same order as "f"
     "d": {                                     # one entry per listed startup in each list
       "n": names, "s": slugs, "t": French taglines,
       "T": English taglines, "" when the profile has none,
       "X": the start of the English description, as plain text (search only), or "",
       "S": sector indices (lists), "c": city index, "g": stage index,
       "N": need indices (lists), "P": program indices (lists),
       "b": business model indices (lists),
       "r": 1 if raising else 0, "h": 1 if hiring else 0, "a": 1 if acquired else 0,
       "R": the round sought, as a list of at most one stage index ([] when not raising),
       "M": the amount sought in MAD, 0 when not raising or not given (a raising card says
            « Lève : <R's label> · <M in short> », as views.Card.funding),
       "y": founding year, "m": last review (ISO date),
       "l": logo, as views.logo() gives it: a string for the usual placeholder (its initials;
            its class is "sd-s-" + the first sector), {"i": initials, "c": class} for another
            placeholder, or {"u": url, "f": fallback url, "w": width, "h": height} for the
            card-size image (site-relative URLs, "f" only when there is one)}}

Indices point into the lists of "f".
"""

from __future__ import annotations

import gzip
import json
import re

from startupdir.content.model import BUSINESS_MODELS, VOCABULARIES, Startup
from startupdir.site import urls
from startupdir.site.i18n import Catalogue, catalogue
from startupdir.site.views import BUSINESS_MODEL_LABELS, ImageLogo, Logo, Views

VERSION = 2
FACETS = tuple((v.facet, v.id) for v in VOCABULARIES.values())  # ("s", "sectors"), …
EXCERPT = 160  # characters of an English description the search reads (about a sentence)
# The catalogue keys the script reads, besides every "explorer." one: the card's, so that
# its cards say what the static ones say.
CARD_KEYS = ("card.logo", "card.hiring", "card.raising", "card.acquired")


def explorer_messages(tr: Catalogue) -> dict[str, str]:
    """The strings explorer.js shows, in ``tr``'s language: every ``explorer.*`` key (the
    prefix dropped) and the card's keys (kept whole); ``{name}`` placeholders unfilled."""
    messages = {
        key.removeprefix("explorer."): text
        for key, text in tr.messages.items()
        if key.startswith("explorer.") and not key.startswith("explorer.page.")
    }
    messages.update({key: tr.t(key) for key in CARD_KEYS})
    return messages


_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>|]+|^\s*(?:[-+]|\d+\.)\s+", re.M)


def excerpt(markdown: str, limit: int = EXCERPT) -> str:
    """The start of a Markdown text as plain words (links keep their text), cut at a word."""
    text = " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", markdown).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0]


def _logo(view: Logo, first_sector: str):
    if isinstance(view, ImageLogo):
        card = view.card
        logo = {"u": card.url, "w": card.width, "h": card.height}
        if card.fallback:
            logo["f"] = card.fallback
        return logo
    if view.css == f"sd-s-{first_sector}":
        return view.initials
    return {"i": view.initials, "c": view.css}


def _round(startup: Startup, stages: dict[str, int]) -> list[int]:
    seeking = startup.seeking_investment
    return [stages[seeking.round]] if seeking else []


def _amount(startup: Startup) -> int:
    seeking = startup.seeking_investment
    return (seeking.amount_mad or 0) if seeking else 0


def explorer_data(views: Views) -> dict:
    """The explorer's data, the same for both editions (``views``' French labels, then the
    English ones)."""
    if views.lang != "fr":
        views = views.edition("fr")
    english = catalogue("en")
    tx = views.taxonomy
    facets: dict[str, list] = {}
    en_facets: dict[str, list] = {}
    index: dict[str, dict[str, int]] = {}
    for key, vocabulary in FACETS:
        terms = getattr(tx, vocabulary)
        index[vocabulary] = {term.id: i for i, term in enumerate(terms)}
        rows = []
        for term in terms:
            row = [term.id, term.label.fr]
            if vocabulary == "sectors":
                row.append(views.colors[term.id])
            row.append(urls.term(vocabulary, term.id))
            rows.append(row)
        facets[key] = rows
        en_facets[key] = [
            [english.text(term.label)[0], urls.term(vocabulary, term.id, "en")] for term in terms
        ]
    facets["b"] = [[b, BUSINESS_MODEL_LABELS[b]] for b in BUSINESS_MODELS]
    models = {b: i for i, b in enumerate(BUSINESS_MODELS)}

    listed = views.listed
    sectors, needs, programs = index["sectors"], index["needs"], index["programs"]
    columns = {
        "n": [st.name for st in listed],
        "s": [st.slug for st in listed],
        "t": [st.tagline.fr for st in listed],
        "T": [st.tagline.en or "" for st in listed],
        "X": [excerpt(st.description.en) if st.description.en else "" for st in listed],
        "S": [[sectors[s] for s in st.sectors] for st in listed],
        "c": [index["cities"][st.city] for st in listed],
        "g": [index["stages"][st.stage] for st in listed],
        "N": [[needs[n] for n in st.needs] for st in listed],
        "P": [sorted({programs[p.id] for p in st.programs}) for st in listed],
        "b": [[models[b] for b in st.business_model] for st in listed],
        "r": [int(st.raising) for st in listed],
        "R": [_round(st, index["stages"]) for st in listed],
        "M": [_amount(st) for st in listed],
        "h": [int(bool(st.hiring)) for st in listed],
        "a": [int(st.status == "acquired") for st in listed],
        "y": [st.founded for st in listed],
        "m": [st.updated.isoformat() for st in listed],
        "l": [_logo(views.logo(st), st.sectors[0]) for st in listed],
    }
    return {
        "v": VERSION,
        "u": urls.startup("{slug}"),
        "f": facets,
        "en": {"u": urls.startup("{slug}", "en"), "f": en_facets},
        "d": columns,
    }


def explorer_json(views: Views) -> bytes:
    """The file served at assets/data/explorer.json: compact, deterministic, UTF-8."""
    text = json.dumps(
        explorer_data(views), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return (text + "\n").encode("utf-8")


def size_report(views: Views) -> dict:
    """Raw and gzip-compressed sizes of the explorer JSON, in bytes."""
    raw = explorer_json(views)
    return {
        "startups": len(views.listed),
        "raw": len(raw),
        "gzip": len(gzip.compress(raw, compresslevel=9, mtime=0)),
    }
