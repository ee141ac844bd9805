"""Open data: the published profiles as JSON and CSV, the taxonomy and the profile schema,
plus the /donnees/ page that documents them.

Every published profile is exported, closed startups included (with their ``status``), so
that the data stays complete; the explorer, counts and statistics leave closed ones out.
Files are deterministic (same data, same bytes) and sorted by slug.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import json
import re
from collections.abc import Callable, Mapping

from startupdir.content import french
from startupdir.content.jsonschema import startup_schema
from startupdir.content.model import BUSINESS_MODELS, LINK_NETWORKS, STATUSES, VOCABULARIES, Startup
from startupdir.content.render import environment
from startupdir.content.schema_text import Localized
from startupdir.site import urls
from startupdir.site.docs import field_rows
from startupdir.site.i18n import catalogue
from startupdir.site.views import (
    BUSINESS_MODEL_LABELS,
    NETWORK_LABELS,
    ImageLogo,
    Site,
    Views,
)

STARTUPS_JSON = "api/startups.json"
STARTUPS_CSV = urls.STARTUPS_CSV
TAXONOMY_JSON = "api/taxonomy.json"
SCHEMA_JSON = "api/startup.schema.json"
FILES = (STARTUPS_JSON, STARTUPS_CSV, TAXONOMY_JSON, SCHEMA_JSON)

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.fr"
CITATION = "{source}, données ouvertes, {date}, CC BY 4.0"  # source: directory.yml's citation
LIST_SEPARATOR = ";"
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Fields added to each profile of startups.json (and their documentation).
EXTRA_FIELDS = (
    ("url", "Adresse de la fiche de la startup dans l'annuaire"),
    ("logo_url", "Adresse du logo publié (PNG ou WebP), ou `null`"),
    ("sector_labels", "Libellés français des secteurs, dans l'ordre de `sectors`"),
    ("city_label", "Libellé français de la ville"),
    ("stage_label", "Libellé français du stade"),
    ("need_labels", "Libellés français des besoins, dans l'ordre de `needs`"),
    ("program_labels", "Libellés français des programmes, dans l'ordre de `programs`"),
    ("status_label", "Statut en clair : En activité, Rachetée ou Fermée"),
)


# ---------------------------------------------------------------------------
# JSON


@functools.cache
def status_label(status: str) -> str:
    """The open data is published in French, the directory's language."""
    return catalogue("fr").t(f"status.{status}")


def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "source")


def plain(value):
    """The model as JSON values: dates in ISO, texts per language without empty languages."""
    if isinstance(value, Localized):
        return dict(value.items())
    if dataclasses.is_dataclass(value):
        return {name: plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _logo_url(slug: str, logos: Mapping, site_url: str) -> str | None:
    """A logo from the image step: a site-relative URL, or a logo view (ImageLogo)."""
    entry = logos.get(slug)
    if isinstance(entry, ImageLogo):
        entry = entry.header.fallback or entry.header.url
    elif entry is not None and not isinstance(entry, str):
        return None
    return urls.absolute(site_url, entry) if entry else None


def startup_record(startup: Startup, taxonomy, site_url: str, logos: Mapping | None = None) -> dict:
    """One profile of startups.json: every field of the model, then resolved labels and URLs."""
    record = plain(startup)
    record["status"] = startup.status or "active"
    record.update(
        url=urls.absolute(site_url, urls.startup(startup.slug)),
        logo_url=_logo_url(startup.slug, logos or {}, site_url),
        sector_labels=[taxonomy.label("sectors", s) for s in startup.sectors],
        city_label=taxonomy.label("cities", startup.city),
        stage_label=taxonomy.label("stages", startup.stage),
        need_labels=[taxonomy.label("needs", n) for n in startup.needs],
        program_labels=[taxonomy.label("programs", p.id) for p in startup.programs],
        status_label=status_label(record["status"]),
    )
    return record


def dumps(data) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, compact (the C encoder: linear and fast)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def startup_records(directory, site_url: str, logos: Mapping | None = None) -> list[tuple]:
    """(profile, record) pairs in slug order, computed once for the JSON and the CSV."""
    startups = sorted(directory.startups, key=lambda s: s.slug)
    return [(s, startup_record(s, directory.taxonomy, site_url, logos)) for s in startups]


def startups_json(records: list[tuple]) -> dict:
    return {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "schema": "startup.schema.json",
        "count": len(records),
        "startups": [record for _, record in records],
    }


def taxonomy_json(taxonomy, site_url: str, colors: Mapping[str, str]) -> dict:
    out: dict[str, object] = {}
    for vocabulary in VOCABULARIES:
        terms = []
        for term in getattr(taxonomy, vocabulary):
            item = plain(term)
            item["directory_url"] = urls.absolute(site_url, urls.term(vocabulary, term.id))
            if vocabulary == "sectors":
                item["color"] = colors[term.id]
            terms.append(item)
        out[vocabulary] = terms
    out["business_models"] = [{"id": b, "label": BUSINESS_MODEL_LABELS[b]} for b in BUSINESS_MODELS]
    out["statuses"] = [{"id": s, "label": status_label(s)} for s in STATUSES]
    out["licence"] = LICENCE
    return out


# ---------------------------------------------------------------------------
# CSV


def _join(values) -> str:
    return LIST_SEPARATOR.join("" if v is None else str(v) for v in values)


def _bool(value) -> str:
    return "" if value is None else ("true" if value else "false")


def _lang(field: str, lang: str):
    return lambda s, r: getattr(getattr(s, field), lang) or ""


def _link(network: str):
    return lambda s, r: (getattr(s.links, network) or "") if s.links else ""


# (column, documentation, value from the startup and its JSON record)
CSV_COLUMNS: tuple[tuple[str, str, Callable[[Startup, dict], object]], ...] = (
    ("slug", "Identifiant permanent (nom du fichier, adresse de la fiche)", lambda s, r: s.slug),
    ("name", "Nom", lambda s, r: s.name),
    *(
        (f"tagline_{lang}", f"Accroche ({lang})", _lang("tagline", lang))
        for lang in ("fr", "en", "ar")
    ),
    *(
        (f"description_{lang}", f"Présentation en Markdown ({lang})", _lang("description", lang))
        for lang in ("fr", "en", "ar")
    ),
    ("website", "Site web", lambda s, r: s.website),
    ("founded", "Année de création", lambda s, r: s.founded),
    ("status", "Statut : active, acquired ou closed", lambda s, r: r["status"]),
    ("sectors", "Identifiants des secteurs", lambda s, r: _join(s.sectors)),
    ("sector_labels", "Libellés des secteurs", lambda s, r: _join(r["sector_labels"])),
    ("city", "Identifiant de la ville", lambda s, r: s.city),
    ("city_label", "Ville", lambda s, r: r["city_label"]),
    ("stage", "Identifiant du stade", lambda s, r: s.stage),
    ("stage_label", "Stade", lambda s, r: r["stage_label"]),
    ("employees", "Nombre de salariés", lambda s, r: s.employees),
    (
        "business_model",
        "Modèles d'affaires (b2b, b2c, b2b2c, b2g)",
        lambda s, r: _join(s.business_model),
    ),
    ("markets", "Pays des clients (codes ISO à deux lettres)", lambda s, r: _join(s.markets)),
    ("needs", "Identifiants des besoins", lambda s, r: _join(s.needs)),
    ("need_labels", "Besoins", lambda s, r: _join(r["need_labels"])),
    ("raising", "`true` si la startup lève des fonds en ce moment", lambda s, r: _bool(s.raising)),
    (
        "funding_round",
        "Tour recherché (identifiant de stade), si levée",
        lambda s, r: s.seeking_investment.round if s.seeking_investment else "",
    ),
    (
        "funding_amount_mad",
        "Montant recherché en dirhams, si indiqué",
        lambda s, r: (s.seeking_investment.amount_mad or "") if s.seeking_investment else "",
    ),
    ("hiring", "`true`, `false` ou vide (non renseigné)", lambda s, r: _bool(s.hiring)),
    ("programs", "Identifiants des programmes", lambda s, r: _join(p.id for p in s.programs)),
    (
        "program_years",
        "Années d'entrée, dans l'ordre de `programs` (vide si non renseignée)",
        lambda s, r: _join(p.year for p in s.programs),
    ),
    ("program_labels", "Programmes", lambda s, r: _join(r["program_labels"])),
    ("founder_names", "Fondateurs et fondatrices", lambda s, r: _join(f.name for f in s.founders)),
    (
        "founder_roles",
        "Fonctions, dans l'ordre de `founder_names`",
        lambda s, r: _join(f.role for f in s.founders),
    ),
    (
        "founder_linkedins",
        "Profils LinkedIn, dans l'ordre de `founder_names`",
        lambda s, r: _join(f.linkedin for f in s.founders),
    ),
    (
        "contact_email",
        "Adresse de contact",
        lambda s, r: (s.contact.email or "") if s.contact else "",
    ),
    *((f"links_{n}", f"Page {NETWORK_LABELS[n]}", _link(n)) for n in LINK_NETWORKS),
    ("logo", "Fichier du logo dans le dépôt (relatif à `startups/`)", lambda s, r: s.logo or ""),
    ("maintainers", "Comptes GitHub qui maintiennent le profil", lambda s, r: _join(s.maintainers)),
    ("updated", "Date de la dernière relecture (AAAA-MM-JJ)", lambda s, r: s.updated.isoformat()),
    ("url", "Adresse de la fiche dans l'annuaire", lambda s, r: r["url"]),
    ("logo_url", "Adresse du logo publié", lambda s, r: r["logo_url"] or ""),
)


def protect(cell) -> str:
    """A leading apostrophe keeps spreadsheets from running a cell as a formula.

    Cells that already start with an apostrophe get one more, so that removing exactly one
    leading apostrophe always gives the value back.
    """
    text = "" if cell is None else str(cell)
    if text.startswith(FORMULA_START) or text.startswith("'"):
        return "'" + text
    return text


def startups_csv(records: list[tuple]) -> bytes:
    """UTF-8 with BOM (spreadsheets then read accents right), CRLF line ends (RFC 4180)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in CSV_COLUMNS])
    for startup, record in records:
        writer.writerow([protect(get(startup, record)) for _, _, get in CSV_COLUMNS])
    return out.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------
# All files


def schema_json() -> bytes:
    """Byte for byte what `startupdir schema` prints (declaration order kept for readers)."""
    return (json.dumps(startup_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_files(directory, site_url: str, logos: Mapping | None = None) -> dict[str, bytes]:
    """Site path -> bytes of every open data file."""
    views = Views(directory.taxonomy, directory.startups)
    records = startup_records(directory, site_url, logos)
    return {
        STARTUPS_JSON: dumps(startups_json(records)),
        STARTUPS_CSV: startups_csv(records),
        TAXONOMY_JSON: dumps(taxonomy_json(directory.taxonomy, site_url, views.colors)),
        SCHEMA_JSON: schema_json(),
    }


# ---------------------------------------------------------------------------
# The /donnees/ page


@dataclasses.dataclass(frozen=True)
class FieldDoc:
    """One row of the profile's field table on /donnees/."""

    path: str
    required: str
    doc: tuple[tuple[str, bool], ...]
    rule: tuple[tuple[str, bool], ...]


def code_spans(text: str) -> tuple[tuple[str, bool], ...]:
    """A documentation text as (text, is_code) parts: `code` spans, as the schema writes
    them, become code in the page (the template escapes every part)."""
    parts = re.split(r"`([^`]+)`", text)
    return tuple((part, i % 2 == 1) for i, part in enumerate(parts) if part)


def exports_page_html(views: Views | None = None, date: dt.date | None = None) -> str:
    """One compact HTML block for /donnees/ (templates/donnees.html.j2)."""
    when = french.long_date(date) if date else "[date de consultation]"
    profiles = closed = ""
    if views is not None:
        total = len(views.startups)
        shut = sum(1 for s in views.startups if s.status == "closed")
        profiles = french.plural(total, "profil publié", "profils publiés")
        closed = french.plural(shut, "startup fermée", "startups fermées") if shut else ""
    site = views.site if views is not None else Site()
    source = site.identity.citation if site.identity is not None else site.name
    fields = [
        FieldDoc(
            "slug",
            "oui",
            code_spans("Identifiant permanent de la startup"),
            code_spans("identifiant"),
        )
    ]
    fields += [
        FieldDoc(path, required, code_spans(doc), code_spans(rule))
        for path, required, doc, rule in field_rows()
    ]
    block = (
        environment("startupdir.site")
        .get_template("donnees.html.j2")
        .render(
            profiles=profiles,
            closed=closed,
            licence_url=LICENCE_URL,
            citation=CITATION.format(source=source, date=when),
            fields=fields,
            extra_fields=[(name, code_spans(doc)) for name, doc in EXTRA_FIELDS],
            csv_columns=[(name, code_spans(doc)) for name, doc, _ in CSV_COLUMNS],
        )
    )
    return "\n".join(line.strip() for line in block.splitlines() if line.strip())
