"""The compact JSON behind the faceted explorer of /startups/ (explorer.js reads it).

Only listed startups (closed ones leave the explorer), in the directory's order (by name).
Keys are short because the file is downloaded whole: at 10,000 startups it must stay well
under 300 KB once gzipped (`size_report` measures it; see tests/test_explorer.py).

Shape (version 1)::

    {"v": 1,
     "f": {                      # facet vocabularies, in taxonomy order
       "s": [[id, label, colour, url], ...],   # sectors (colour = views.colors)
       "c": [[id, label, url], ...],           # cities
       "g": [[id, label, url], ...],           # stages, earliest first
       "n": [[id, label, url], ...],           # needs
       "p": [[id, label, url], ...],           # programs
       "b": [[id, label], ...]},               # business models
     "d": [{                     # one record per listed startup
       "n": name, "s": slug, "u": profile URL (site-relative), "t": French tagline,
       "q": folded search text (lower case, no accents) of name + tagline,
       "S": [sector index, ...], "c": city index, "g": stage index,
       "N": [need index, ...], "P": [program index, ...], "b": [business model index, ...],
       "r": 1 if raising, "h": 1 if hiring (keys absent when false),
       "a": "acquired" (absent otherwise), "y": founded year, "m": updated (ISO date),
       "l": logo: {"k": "p", "i": initials, "c": css class} (placeholder) or
            {"k": "i", "u": url, "f": fallback url, "w": width, "h": height} (card image)
     }, ...]}

Indices point into the facet lists of "f". Empty lists are left out.
"""

from __future__ import annotations

import gzip
import json
import unicodedata

from startupdir import urls
from startupdir.model import BUSINESS_MODELS
from startupdir.views import BUSINESS_MODEL_LABELS, Views

VERSION = 1
FACETS = (("s", "sectors"), ("c", "cities"), ("g", "stages"), ("n", "needs"), ("p", "programs"))


def fold(text: str) -> str:
    """Lower case without accents, as explorer.js folds what the visitor types."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def _logo(view: dict) -> dict:
    if view.get("kind") == "image":
        card = view["card"]
        logo = {"k": "i", "u": card["url"], "w": card["width"], "h": card["height"]}
        if card.get("fallback"):
            logo["f"] = card["fallback"]
        return logo
    return {"k": "p", "i": view["initials"], "c": view["css"]}


def explorer_data(views: Views) -> dict:
    tx = views.taxonomy
    facets: dict[str, list] = {}
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
    facets["b"] = [[b, BUSINESS_MODEL_LABELS[b]] for b in BUSINESS_MODELS]
    models = {b: i for i, b in enumerate(BUSINESS_MODELS)}

    records = []
    for st in views.listed:
        rec = {
            "n": st.name,
            "s": st.slug,
            "u": urls.startup(st.slug),
            "t": st.tagline.fr,
            "q": fold(f"{st.name} {st.tagline.fr}"),
            "S": [index["sectors"][s] for s in st.sectors],
            "c": index["cities"][st.city],
            "g": index["stages"][st.stage],
            "y": st.founded,
            "m": st.updated.isoformat(),
            "l": _logo(views.logo(st)),
        }
        lists = {
            "N": [index["needs"][n] for n in st.needs],
            "P": sorted({index["programs"][p.id] for p in st.programs}),
            "b": [models[b] for b in st.business_model],
        }
        rec.update({k: v for k, v in lists.items() if v})
        if st.raising:
            rec["r"] = 1
        if st.hiring:
            rec["h"] = 1
        if st.status == "acquired":
            rec["a"] = "acquired"
        records.append(rec)
    return {"v": VERSION, "f": facets, "d": records}


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
