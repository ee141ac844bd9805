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
import html
import io
import json
import re
from collections.abc import Mapping

from startupdir.content import french
from startupdir.content.jsonschema import startup_schema
from startupdir.content.model import BUSINESS_MODELS, LINK_NETWORKS, STATUSES, VOCABULARIES, Startup
from startupdir.content.schema_text import Localized
from startupdir.site import urls
from startupdir.site.docs import field_rows
from startupdir.site.views import (
    BUSINESS_MODEL_LABELS,
    NETWORK_LABELS,
    STATUS_LABELS,
    ImageLogo,
    Site,
    Views,
)

STARTUPS_JSON = "api/startups.json"
STARTUPS_CSV = "api/startups.csv"
TAXONOMY_JSON = "api/taxonomy.json"
SCHEMA_JSON = "api/startup.schema.json"
FILES = (STARTUPS_JSON, STARTUPS_CSV, TAXONOMY_JSON, SCHEMA_JSON)

LICENCE = "CC-BY-4.0"
LICENCE_NAME = "CC BY 4.0"
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


def startup_record(startup: Startup, taxonomy, site_url: str, logos: dict | None = None) -> dict:
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
        status_label=STATUS_LABELS[record["status"]],
    )
    return record


def dumps(data) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, compact (the C encoder: linear and fast)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def startup_records(directory, site_url: str, logos: dict | None = None) -> list[tuple]:
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


def taxonomy_json(taxonomy, site_url: str, colors: dict) -> dict:
    out = {}
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
    out["statuses"] = [{"id": s, "label": STATUS_LABELS[s]} for s in STATUSES]
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
CSV_COLUMNS: tuple[tuple[str, str, object], ...] = (
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


def unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


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


def export_files(directory, site_url: str, logos: dict | None = None) -> dict[str, bytes]:
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


def _inline(text: str) -> str:
    """Escape, then render `code` spans (the schema's documentation uses them)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def _table(caption: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ['<div class="sd-table-wrap">', '<table class="sd-data-table">']
    out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append(
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in headers) + "</tr></thead>"
    )
    out.append("<tbody>")
    for first, *rest in rows:
        cells = "".join(f"<td>{c}</td>" for c in rest)
        out.append(f'<tr><th scope="row">{first}</th>{cells}</tr>')
    out.extend(["</tbody>", "</table>", "</div>"])
    return out


def exports_page_html(views: Views | None = None, date: dt.date | None = None) -> str:
    """One compact HTML block for /donnees/ (links are relative to that page)."""
    when = french.long_date(date) if date else "[date de consultation]"
    counts = ""
    if views is not None:
        total = len(views.startups)
        closed = sum(1 for s in views.startups if s.status == "closed")
        counts = (
            f" Les fichiers contiennent {french.plural(total, 'profil publié', 'profils publiés')}"
            + (
                f", dont {french.plural(closed, 'startup fermée', 'startups fermées')}"
                if closed
                else ""
            )
            + "."
        )
    files = [
        [
            '<a href="../api/startups.json"><code>api/startups.json</code></a>',
            "JSON",
            "Tous les profils publiés, triés par identifiant (<code>slug</code>) : les champs du "
            "modèle validé, les libellés des identifiants et les adresses de la fiche et du logo.",
        ],
        [
            '<a href="../api/startups.csv"><code>api/startups.csv</code></a>',
            "CSV",
            "Une ligne par startup, pour un tableur : UTF-8 (avec BOM), séparateur virgule, "
            "listes jointes par « ; ». Dans Excel, passez par Données > À partir d'un fichier "
            "texte/CSV si tout tient dans une colonne.",
        ],
        [
            '<a href="../api/taxonomy.json"><code>api/taxonomy.json</code></a>',
            "JSON",
            "Secteurs (avec leur couleur), villes, stades, besoins et programmes, en français, "
            "anglais et arabe, plus les modèles d'affaires et les statuts.",
        ],
        [
            '<a href="../api/startup.schema.json"><code>api/startup.schema.json</code></a>',
            "JSON Schema",
            "Le schéma d'un profil (draft 2020-12), celui que produit "
            "<code>startupdir schema</code>.",
        ],
    ]
    lines = ['<div class="sd-data">']
    lines.append(
        "<p>Les données de l'annuaire sont publiées en fichiers ouverts, régénérés à chaque "
        "mise à jour du site. Les startups fermées y figurent avec leur statut "
        f"(<code>status: closed</code>), alors qu'elles n'apparaissent plus dans l'annuaire "
        f"ni dans les statistiques.{counts}</p>"
    )
    lines.append("<h2>Fichiers</h2>")
    lines += _table("Fichiers de données ouvertes", ["Fichier", "Format", "Contenu"], files)
    lines.append("<h2>Licence</h2>")
    lines.append(
        f'<p>Les données (profils, taxonomie) sont publiées sous licence <a href="{LICENCE_URL}">'
        "Creative Commons Attribution 4.0 International (CC BY 4.0)</a> : vous pouvez les "
        "réutiliser, y compris à des fins commerciales, en citant la source. Le code du "
        "générateur est sous licence MIT.</p>"
    )
    lines.append("<h2>Citer les données</h2>")
    site = views.site if views is not None else Site()
    source = site.identity.citation if site.identity is not None else site.name
    citation = CITATION.format(source=source, date=when)
    lines.append(f"<blockquote><p>{html.escape(citation)}</p></blockquote>")
    lines.append(
        "<p>Indiquez l'adresse du fichier utilisé et, si vous avez modifié les données, "
        "signalez-le.</p>"
    )
    lines.append("<h2>Champs de <code>startups.json</code></h2>")
    lines.append(
        "<p>Le fichier contient <code>licence</code>, <code>count</code> et la liste "
        "<code>startups</code>. Chaque profil porte tous les champs ci-dessous : un champ "
        "facultatif non renseigné vaut <code>null</code> (ou une liste vide) ; les textes par "
        "langue ne contiennent que les langues renseignées ; <code>status</code> vaut "
        "<code>active</code> quand le profil ne le précise pas.</p>"
    )
    model_rows = [
        ["<code>slug</code>", "oui", "Identifiant permanent de la startup", "identifiant"]
    ]
    model_rows += [
        [f"<code>{html.escape(path)}</code>", required, _inline(doc), _inline(rule)]
        for path, required, doc, rule in field_rows()
    ]
    lines += _table(
        "Champs du profil", ["Champ", "Obligatoire", "Description", "Règle"], model_rows
    )
    lines += _table(
        "Champs ajoutés par l'export",
        ["Champ", "Description"],
        [[f"<code>{name}</code>", _inline(doc)] for name, doc in EXTRA_FIELDS],
    )
    lines.append("<h2>Colonnes de <code>startups.csv</code></h2>")
    lines.append(
        "<p>Les colonnes suivent cet ordre. Les listes sont jointes par « ; » ; les listes "
        "parallèles (programmes et années, fondateurs et fonctions) gardent une position vide "
        "quand une valeur manque. Une cellule qui commence par =, +, -, @, une tabulation, un "
        "retour chariot ou une apostrophe reçoit une apostrophe de plus en tête, pour qu'un "
        "tableur ne l'exécute pas comme une formule : retirez-la pour retrouver la valeur. "
        "Le JSON reste la version complète et sans ambiguïté.</p>"
    )
    lines += _table(
        "Colonnes du CSV",
        ["Colonne", "Description"],
        [[f"<code>{name}</code>", _inline(doc)] for name, doc, _ in CSV_COLUMNS],
    )
    lines.append("<h2>Contenu de <code>taxonomy.json</code></h2>")
    lines.append(
        "<p>Une liste par vocabulaire (<code>sectors</code>, <code>cities</code>, "
        "<code>stages</code>, <code>needs</code>, <code>programs</code>) : identifiant, "
        "libellé et description par langue, région pour les villes, couleur pour les "
        "secteurs, et <code>directory_url</code>, l'adresse de la page du terme dans "
        "l'annuaire. Les stades vont du plus précoce au plus avancé.</p>"
    )
    lines.append("</div>")
    return "\n".join(lines)
