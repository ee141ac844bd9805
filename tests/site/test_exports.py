"""startupdir.site.exports: open data files re-read and compared with the validated model,
deterministic bytes, CSV that spreadsheets open safely, and the /donnees/ page."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import typing

import pytest
from startupdir.content import model
from startupdir.content.jsonschema import startup_schema
from startupdir.content.schema_text import Localized
from startupdir.content.validate import load_directory
from startupdir.site.docs import field_rows
from startupdir.site.exports import (
    CSV_COLUMNS,
    FILES,
    SCHEMA_JSON,
    STARTUPS_CSV,
    STARTUPS_JSON,
    TAXONOMY_JSON,
    export_files,
    exports_page_html,
    protect,
)
from startupdir.site.views import ImageLogo, ImageSize, Site, Views

SITE = "https://annuaire.example/"
LOGO = ImageLogo(
    card=ImageSize("assets/logos/a-card.webp", "assets/logos/a-card.png", 48, 48),
    header=ImageSize("assets/logos/a.webp", "assets/logos/a.png", 96, 96),
)


def unprotect(cell: str) -> str:
    """What a spreadsheet shows: protect() without its one leading apostrophe."""
    return cell[1:] if cell.startswith("'") else cell


@pytest.fixture(scope="module")
def directory(repo_root, when):
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    return directory


@pytest.fixture(scope="module")
def files(directory) -> dict[str, bytes]:
    return export_files(directory, SITE, {"atlas-pay": LOGO})


@pytest.fixture(scope="module")
def exported(files) -> dict:
    return json.loads(files[STARTUPS_JSON].decode("utf-8"))


@pytest.fixture(scope="module")
def rows(files) -> list[dict]:
    text = files[STARTUPS_CSV].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def rebuild(cls, data):
    """A model object from its JSON form, field by field from the type hints."""
    hints = typing.get_type_hints(cls, vars(model) | {"Localized": Localized, "dt": dt})
    values = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        values[f.name] = convert(hints[f.name], data[f.name])
    return cls(**values)


def convert(hint, value):
    if value is None:
        return None
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin is tuple:
        return tuple(convert(args[0], item) for item in value)
    if args and origin is not tuple:  # X | None
        return convert(args[0], value)
    if hint is Localized:
        return Localized(**value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return rebuild(hint, value)
    return value


def test_the_files(files):
    """The profiles' four files, then the challenges' two (tests/site/test_challenge_exports.py)."""
    assert sorted(files) == sorted(FILES)
    assert FILES[:4] == (STARTUPS_JSON, STARTUPS_CSV, TAXONOMY_JSON, SCHEMA_JSON)
    assert all(isinstance(data, bytes) and data.endswith(b"\n") for data in files.values())


def test_deterministic(directory, files):
    again = export_files(directory, SITE, {"atlas-pay": LOGO})
    assert again == files


def test_json_round_trip(directory, exported):
    startups = sorted(directory.startups, key=lambda s: s.slug)
    records = exported["startups"]
    assert [r["slug"] for r in records] == [s.slug for s in startups]
    assert exported["count"] == len(startups)
    assert exported["licence"] == "CC-BY-4.0"
    for startup, record in zip(startups, records, strict=True):
        back = rebuild(model.Startup, record)
        expected = dataclasses.replace(startup, status=startup.status or "active", source="")
        assert back == expected, startup.slug


def test_json_labels_and_urls(directory, exported):
    tx = directory.taxonomy
    by_slug = {r["slug"]: r for r in exported["startups"]}
    for startup in directory.startups:
        record = by_slug[startup.slug]
        assert record["url"] == f"{SITE}startups/{startup.slug}/"
        assert record["sector_labels"] == [tx.label("sectors", s) for s in startup.sectors]
        assert record["city_label"] == tx.label("cities", startup.city)
        assert record["stage_label"] == tx.label("stages", startup.stage)
        assert record["need_labels"] == [tx.label("needs", n) for n in startup.needs]
        assert record["program_labels"] == [tx.label("programs", p.id) for p in startup.programs]
        # Texts per language list only the languages given; no empty value anywhere there.
        assert set(record["tagline"]) == {lang for lang, _ in startup.tagline.items()}
        assert "source" not in record
    assert by_slug["atlas-pay"]["logo_url"] == f"{SITE}assets/logos/a.png"
    assert all(r["logo_url"] is None for slug, r in by_slug.items() if slug != "atlas-pay")


def test_closed_startups_are_exported(directory, exported):
    closed = [s.slug for s in directory.startups if s.status == "closed"]
    assert closed
    statuses = {r["slug"]: r["status"] for r in exported["startups"]}
    assert all(statuses[slug] == "closed" for slug in closed)
    assert set(statuses.values()) <= {"active", "acquired", "closed"}


def test_csv_bytes(files):
    data = files[STARTUPS_CSV]
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheets then read UTF-8
    header, _, rest = data[3:].partition(b"\r\n")
    assert header.decode() == ",".join(name for name, _, _ in CSV_COLUMNS)
    assert data.endswith(b"\r\n")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert data.count(b"\r\n") == len(records)  # every record ends with CRLF, nothing else does


def _join(values) -> str:
    return ";".join("" if v is None else str(v) for v in values)


def test_csv_round_trip(directory, rows):
    startups = sorted(directory.startups, key=lambda s: s.slug)
    assert [r["slug"] for r in rows] == [s.slug for s in startups]
    tx = directory.taxonomy
    for startup, row in zip(startups, rows, strict=True):
        row = {key: unprotect(value) for key, value in row.items()}
        assert row["name"] == startup.name
        for lang in ("fr", "en", "ar"):
            assert row[f"tagline_{lang}"] == (getattr(startup.tagline, lang) or "")
            assert row[f"description_{lang}"] == (getattr(startup.description, lang) or "")
        assert row["website"] == startup.website
        assert int(row["founded"]) == startup.founded
        assert row["status"] == (startup.status or "active")
        assert row["sectors"].split(";") == list(startup.sectors)
        assert row["sector_labels"].split(";") == [tx.label("sectors", s) for s in startup.sectors]
        assert (row["city"], row["stage"]) == (startup.city, startup.stage)
        assert int(row["employees"]) == startup.employees
        assert row["business_model"] == _join(startup.business_model)
        assert row["markets"] == _join(startup.markets)
        assert row["needs"] == _join(startup.needs)
        assert row["raising"] == ("true" if startup.raising else "false")
        assert row["hiring"] == {None: "", True: "true", False: "false"}[startup.hiring]
        funding = startup.seeking_investment
        assert row["funding_round"] == (funding.round if funding else "")
        amount = funding.amount_mad if funding else None
        assert row["funding_amount_mad"] == (str(amount) if amount else "")
        assert row["programs"] == _join(p.id for p in startup.programs)
        assert row["program_years"] == _join(p.year for p in startup.programs)
        assert row["founder_names"] == _join(f.name for f in startup.founders)
        assert row["founder_roles"] == _join(f.role for f in startup.founders)
        email = startup.contact.email if startup.contact else None
        assert row["contact_email"] == (email or "")
        for network in model.LINK_NETWORKS:
            link = getattr(startup.links, network) if startup.links else None
            assert row[f"links_{network}"] == (link or "")
        assert row["logo"] == (startup.logo or "")
        assert row["maintainers"] == _join(startup.maintainers)
        assert dt.date.fromisoformat(row["updated"]) == startup.updated
        assert row["url"] == f"{SITE}startups/{startup.slug}/"


def test_formula_injection_is_neutralised(repo, profile_text, when):
    text = profile_text("=HYPERLINK(1)").replace(
        "fr: Une accroche d'une ligne", "fr: +212 est notre indicatif\n  en: '@handle'"
    )
    (repo / "startups" / "formule.yml").write_text(text, encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()]
    data = export_files(directory, SITE)[STARTUPS_CSV].decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(data, newline=""))
    assert row["name"] == "'=HYPERLINK(1)"
    assert row["tagline_fr"] == "'+212 est notre indicatif"
    assert row["tagline_en"] == "'@handle"
    assert unprotect(row["name"]) == "=HYPERLINK(1)"
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1"):
        assert protect(dangerous) == "'" + dangerous
        assert unprotect(protect(dangerous)) == dangerous
    assert protect("Atlas Pay") == "Atlas Pay"
    assert protect(12) == "12"


def test_taxonomy_and_schema(directory, files):
    taxonomy = json.loads(files[TAXONOMY_JSON])
    views = Views(directory.taxonomy, directory.startups)
    for vocabulary in model.VOCABULARIES:
        assert [t["id"] for t in taxonomy[vocabulary]] == directory.taxonomy.ids(vocabulary)
    for term in taxonomy["sectors"]:
        assert term["color"] == views.colors[term["id"]]
        assert term["directory_url"] == f"{SITE}secteurs/{term['id']}/"
    assert [b["id"] for b in taxonomy["business_models"]] == list(model.BUSINESS_MODELS)
    assert json.loads(files[SCHEMA_JSON]) == startup_schema()


def test_data_page(directory):
    site = Site(identity=directory.identity)  # the citation: directory.yml's
    views = Views(directory.taxonomy, directory.startups, site)
    html = exports_page_html(views, dt.date(2026, 11, 26))
    lines = html.split("\n")
    assert all(line.strip() and line == line.lstrip() for line in lines)
    for path in ("startups.json", "startups.csv", "taxonomy.json", "startup.schema.json"):
        assert f'href="../api/{path}"' in html
    assert "CC BY 4.0" in html and "MIT" in html
    assert (
        "Annuaire des startups Technopark × CGEM, données ouvertes, 26 novembre 2026, CC BY 4.0"
        in html
    )
    for path, *_ in field_rows():
        assert f"<code>{path}</code>" in html, path
    for name, _, _ in CSV_COLUMNS:
        assert f"<code>{name}</code>" in html, name
    closed = sum(1 for s in directory.startups if s.status == "closed")
    assert f"dont {closed} startup fermée" in html
    assert "[date de consultation]" in exports_page_html()
