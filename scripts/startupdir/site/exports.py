"""Open data: the published profiles as JSON and CSV, the taxonomy and the profile schema,
plus the /donnees/ page that documents them and its English twin /en/data/ (one French data
set for both: only the page is written in the edition's language, keys ``data.*``).

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
from typing import NamedTuple

from startupdir.content.challenges import Challenge
from startupdir.content.clock import today
from startupdir.content.jsonschema import challenge_schema, startup_schema
from startupdir.content.model import BUSINESS_MODELS, LINK_NETWORKS, STATUSES, VOCABULARIES, Startup
from startupdir.content.render import environment
from startupdir.content.schema_text import Localized
from startupdir.site import urls
from startupdir.site.docs import field_rows
from startupdir.site.i18n import Catalogue, catalogue
from startupdir.site.views import (
    BUSINESS_MODEL_LABELS,
    NETWORK_LABELS,
    ImageLogo,
    Site,
    Views,
)

# The data page's source in each edition (its URL, from which its links are written).
SOURCES = {"fr": "donnees.md", "en": urls.TWIN_SOURCES["donnees.md"]}
STARTUPS_JSON = "api/startups.json"
STARTUPS_CSV = urls.STARTUPS_CSV
TAXONOMY_JSON = "api/taxonomy.json"
SCHEMA_JSON = "api/startup.schema.json"
CHALLENGES_JSON = urls.CHALLENGES_API
CHALLENGE_SCHEMA_JSON = "api/challenge.schema.json"
FILES = (
    STARTUPS_JSON,
    STARTUPS_CSV,
    TAXONOMY_JSON,
    SCHEMA_JSON,
    CHALLENGES_JSON,
    CHALLENGE_SCHEMA_JSON,
)

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.fr"  # in startups.json
LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LIST_SEPARATOR = ";"
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Message(NamedTuple):
    """A documentation text of the data page: a catalogue key and its parameters."""

    key: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self, tr: Catalogue) -> str:
        return tr.t(self.key, **dict(self.params))


# Fields added to each profile of startups.json (their documentation: data.extra.<field>).
EXTRA_FIELDS = (
    "url",
    "logo_url",
    "sector_labels",
    "city_label",
    "stage_label",
    "need_labels",
    "program_labels",
    "status_label",
)
# Fields added to each challenge of challenges.json, after the validated ones.
CHALLENGE_EXTRA_FIELDS = (
    "url",
    "state",
    "state_label",
    "format_label",
    "sector_labels",
    "need_labels",
    "stage_labels",
    "city_labels",
    "program_label",
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


def challenge_record(challenge: Challenge, taxonomy, site_url: str, day: dt.date) -> dict:
    """One challenge of challenges.json: every validated field, then its page's address,
    its state on ``day`` (the build's today) and the labels of its ids, in French."""
    record = plain(challenge)
    state = challenge.state(day)
    fr = catalogue("fr")
    record.update(
        url=urls.absolute(site_url, urls.challenge(challenge.slug)),
        state=state,
        state_label=fr.t(f"challenges_data.state.{state}"),
        format_label=fr.t(f"challenge.format.{challenge.format}"),
        sector_labels=[taxonomy.label("sectors", s) for s in challenge.sectors],
        need_labels=[taxonomy.label("needs", n) for n in challenge.needs],
        stage_labels=[taxonomy.label("stages", s) for s in challenge.stages],
        city_labels=[taxonomy.label("cities", c) for c in challenge.cities],
        program_label=taxonomy.label("programs", challenge.program) if challenge.program else None,
    )
    return record


def challenges_json(directory, site_url: str, day: dt.date) -> dict:
    """Every challenge, closed and upcoming ones included, sorted by slug."""
    challenges = sorted(directory.challenges, key=lambda c: c.slug)
    return {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "schema": "challenge.schema.json",
        "date": day.isoformat(),  # the day the states are judged on
        "count": len(challenges),
        "challenges": [challenge_record(c, directory.taxonomy, site_url, day) for c in challenges],
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
CSV_COLUMNS: tuple[tuple[str, Message, Callable[[Startup, dict], object]], ...] = (
    ("slug", Message("data.csv.slug"), lambda s, r: s.slug),
    ("name", Message("data.csv.name"), lambda s, r: s.name),
    *(
        (f"tagline_{lang}", Message("data.csv.tagline", (("lang", lang),)), _lang("tagline", lang))
        for lang in ("fr", "en", "ar")
    ),
    *(
        (
            f"description_{lang}",
            Message("data.csv.description", (("lang", lang),)),
            _lang("description", lang),
        )
        for lang in ("fr", "en", "ar")
    ),
    ("website", Message("data.csv.website"), lambda s, r: s.website),
    ("founded", Message("data.csv.founded"), lambda s, r: s.founded),
    ("status", Message("data.csv.status"), lambda s, r: r["status"]),
    ("sectors", Message("data.csv.sectors"), lambda s, r: _join(s.sectors)),
    ("sector_labels", Message("data.csv.sector_labels"), lambda s, r: _join(r["sector_labels"])),
    ("city", Message("data.csv.city"), lambda s, r: s.city),
    ("city_label", Message("data.csv.city_label"), lambda s, r: r["city_label"]),
    ("stage", Message("data.csv.stage"), lambda s, r: s.stage),
    ("stage_label", Message("data.csv.stage_label"), lambda s, r: r["stage_label"]),
    ("employees", Message("data.csv.employees"), lambda s, r: s.employees),
    (
        "business_model",
        Message("data.csv.business_model"),
        lambda s, r: _join(s.business_model),
    ),
    ("markets", Message("data.csv.markets"), lambda s, r: _join(s.markets)),
    ("needs", Message("data.csv.needs"), lambda s, r: _join(s.needs)),
    ("need_labels", Message("data.csv.need_labels"), lambda s, r: _join(r["need_labels"])),
    ("raising", Message("data.csv.raising"), lambda s, r: _bool(s.raising)),
    (
        "funding_round",
        Message("data.csv.funding_round"),
        lambda s, r: s.seeking_investment.round if s.seeking_investment else "",
    ),
    (
        "funding_amount_mad",
        Message("data.csv.funding_amount_mad"),
        lambda s, r: (s.seeking_investment.amount_mad or "") if s.seeking_investment else "",
    ),
    ("hiring", Message("data.csv.hiring"), lambda s, r: _bool(s.hiring)),
    ("programs", Message("data.csv.programs"), lambda s, r: _join(p.id for p in s.programs)),
    (
        "program_years",
        Message("data.csv.program_years"),
        lambda s, r: _join(p.year for p in s.programs),
    ),
    ("program_labels", Message("data.csv.program_labels"), lambda s, r: _join(r["program_labels"])),
    (
        "founder_names",
        Message("data.csv.founder_names"),
        lambda s, r: _join(f.name for f in s.founders),
    ),
    (
        "founder_roles",
        Message("data.csv.founder_roles"),
        lambda s, r: _join(f.role for f in s.founders),
    ),
    (
        "founder_linkedins",
        Message("data.csv.founder_linkedins"),
        lambda s, r: _join(f.linkedin for f in s.founders),
    ),
    (
        "contact_email",
        Message("data.csv.contact_email"),
        lambda s, r: (s.contact.email or "") if s.contact else "",
    ),
    *(
        (f"links_{n}", Message("data.csv.links", (("network", NETWORK_LABELS[n]),)), _link(n))
        for n in LINK_NETWORKS
    ),
    ("logo", Message("data.csv.logo"), lambda s, r: s.logo or ""),
    ("maintainers", Message("data.csv.maintainers"), lambda s, r: _join(s.maintainers)),
    ("updated", Message("data.csv.updated"), lambda s, r: s.updated.isoformat()),
    ("url", Message("data.csv.url"), lambda s, r: r["url"]),
    ("logo_url", Message("data.csv.logo_url"), lambda s, r: r["logo_url"] or ""),
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


def schema_json(schema: dict | None = None) -> bytes:
    """Byte for byte what `startupdir schema` (or `schema --challenge`, given the challenge
    schema) prints (declaration order kept for readers)."""
    data = startup_schema() if schema is None else schema
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_files(
    directory, site_url: str, logos: Mapping | None = None, day: dt.date | None = None
) -> dict[str, bytes]:
    """Site path -> bytes of every open data file; the challenges' states are judged on
    ``day``, by default the program's one today (``content.clock``)."""
    views = Views(directory.taxonomy, directory.startups)
    records = startup_records(directory, site_url, logos)
    return {
        STARTUPS_JSON: dumps(startups_json(records)),
        STARTUPS_CSV: startups_csv(records),
        TAXONOMY_JSON: dumps(taxonomy_json(directory.taxonomy, site_url, views.colors)),
        SCHEMA_JSON: schema_json(),
        CHALLENGES_JSON: dumps(challenges_json(directory, site_url, day or today())),
        CHALLENGE_SCHEMA_JSON: schema_json(challenge_schema()),
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
    lang: str = ""  # the documentation's language when it is not the page's


def code_spans(text: str) -> tuple[tuple[str, bool], ...]:
    """A documentation text as (text, is_code) parts: `code` spans, as the schema writes
    them, become code in the page (the template escapes every part)."""
    parts = re.split(r"`([^`]+)`", text)
    return tuple((part, i % 2 == 1) for i, part in enumerate(parts) if part)


def exports_page_html(views: Views | None = None, date: dt.date | None = None) -> str:
    """One compact HTML block for /donnees/ or, with English views, /en/data/
    (templates/donnees.html.j2). The schema's field documentation is French only."""
    lang = views.lang if views is not None else "fr"
    tr = views.tr if views is not None else catalogue("fr")
    when = tr.long_date(date) if date else tr.t("data.citation_date")
    profiles = closed = ""
    if views is not None:
        total = len(views.startups)
        shut = sum(1 for s in views.startups if s.status == "closed")
        profiles = tr.plural(total, "data.profiles")
        closed = tr.plural(shut, "data.closed") if shut else ""
    site = views.site if views is not None else Site()
    source = site.identity.citation if site.identity is not None else site.name
    yes, no = tr.t("data.fields.yes"), tr.t("data.fields.no")
    fields = [
        FieldDoc(
            "slug",
            yes,
            code_spans(tr.t("data.fields.slug")),
            code_spans(tr.t("data.fields.slug_rule")),
        )
    ]
    fields += [
        FieldDoc(
            path,
            yes if required == "oui" else no,
            code_spans(doc),
            code_spans(rule),
            "" if lang == "fr" else "fr",  # the schema's documentation is French
        )
        for path, required, doc, rule in field_rows()
    ]
    block = (
        environment("startupdir.site")
        .get_template("donnees.html.j2")
        .render(
            t=tr.html,
            api=urls.relative(urls.source_to_url(SOURCES[lang]), "api/"),
            profiles=profiles,
            closed=closed,
            licence_name=LICENCE_NAME,
            citation=tr.t("data.citation", source=source, date=when),
            schema_note=lang != "fr",
            fields=fields,
            extra_fields=[(name, code_spans(tr.t(f"data.extra.{name}"))) for name in EXTRA_FIELDS],
            csv_columns=[(name, code_spans(doc.text(tr))) for name, doc, _ in CSV_COLUMNS],
        )
    )
    return "\n".join(line.strip() for line in block.splitlines() if line.strip())
