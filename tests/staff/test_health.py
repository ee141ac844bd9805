"""startupdir.staff.health: `startupdir report` on a small directory with known answers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from startupdir.content.validate import load_directory
from startupdir.staff import health
from startupdir.staff.cli import main as staff_main

ROOT = Path(__file__).resolve().parents[2]

NBSP = "\u202f"


def write(repo, slug: str, name: str, *, updated: str, extra: str = "", en: str = "") -> None:
    text = (
        f"name: {name}\n"
        "tagline:\n  fr: Une accroche\n"
        + (f"  en: {en}\n" if en else "")
        + "description:\n  fr: Une description.\n"
        + ("  en: A description.\n" if en == "Both" else "")
        + "website: https://exemple.example\n"
        "founded: 2020\n"
        "employees: 3\n"
        "stage: idea\n"
        f"{extra}"
        f"updated: {updated}\n"
    )
    (repo / "startups" / f"{slug}.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def directory(repo, when):
    (repo / "startups" / "logos").mkdir()
    shutil.copy(ROOT / "startups/logos/atlas-pay.png", repo / "startups/logos/beta.png")
    # reviewed one day more than 12 months before the pinned day (2026-11-26): stale
    write(repo, "alpha", "Alpha", updated="2025-11-25", en="Both",
          extra="sectors: [fintech]\ncity: rabat\n")  # fmt: skip
    # reviewed exactly 12 months before: not stale; has a logo; no English at all
    write(repo, "beta", "Beta", updated="2025-11-26",
          extra="sectors: [fintech, agritech]\ncity: casablanca\nlogo: logos/beta.png\n")  # fmt: skip
    # closed: listed apart, left out of every other list and of the counts
    write(repo, "gamma", "Gamma", updated="2024-01-01",
          extra="sectors: [fintech]\ncity: rabat\nstatus: closed\n")  # fmt: skip
    # acquired: stays listed; English tagline only; the oldest review
    write(repo, "delta", "Delta", updated="2023-05-31", en="Only the tagline",
          extra="sectors: [agritech]\ncity: rabat\nstatus: acquired\n")  # fmt: skip
    loaded, report = load_directory(repo, when=when)
    assert loaded is not None, [p.as_text() for p in report.problems]
    return loaded


def test_report_data(directory, when):
    report = health.health_report(directory, when)
    assert report["date"] == "2026-11-26"
    assert report["stale_before"] == "2025-11-26"
    assert report["totals"] == {"profiles": 4, "listed": 3, "closed": 1, "acquired": 1}
    assert [(r["slug"], r["updated"], r["months"]) for r in report["stale"]] == [
        ("delta", "2023-05-31", 41),
        ("alpha", "2025-11-25", 12),
    ]
    assert [r["slug"] for r in report["no_logo"]] == ["alpha", "delta"]
    assert [(r["slug"], r["missing"]) for r in report["no_english"]] == [
        ("beta", ["tagline.en", "description.en"]),
        ("delta", ["description.en"]),
    ]
    assert [(r["slug"], r["file"]) for r in report["closed"]] == [("gamma", "startups/gamma.yml")]
    sectors = {r["id"]: r["count"] for r in report["sectors"]}
    assert (sectors["fintech"], sectors["agritech"], sectors["healthtech"]) == (2, 2, 0)
    assert [r["id"] for r in report["sectors"]] == directory.taxonomy.ids("sectors")
    assert report["sectors"][0] == {"id": "fintech", "label": "Fintech", "count": 2}
    cities = [(r["label"], r["count"]) for r in report["cities"]][:3]
    assert cities == [("Casablanca", 1), ("Rabat", 2), ("Tanger", 0)]


def test_report_is_deterministic(directory, when):
    first = health.health_report(directory, when)
    shuffled = type(directory)(
        directory.root, directory.taxonomy, tuple(reversed(directory.startups))
    )
    assert health.health_report(shuffled, when) == first
    assert health.as_text(first) == health.as_text(health.health_report(directory, when))


def test_stale_on_29_february():
    assert health.stale_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_text_report(directory, when):
    text = health.as_text(health.health_report(directory, when))
    lines = text.splitlines()
    assert lines[0] == "État de l'annuaire au 26 novembre 2026"
    assert lines[2] == (
        "4 profils : 3 dans l'annuaire (dont 1 startup rachetée), 1 startup fermée."
    )
    assert (
        "Profils non relus depuis plus de 12 mois (avant le 26 novembre 2025) : 2\n"
        "  - Delta (startups/delta.yml) : relu le 31 mai 2023, il y a 41 mois\n"
        "  - Alpha (startups/alpha.yml) : relu le 25 novembre 2025, il y a 12 mois\n"
    ) in text
    assert "Profils sans logo : 2\n  - Alpha (startups/alpha.yml)\n  - Delta" in text
    assert "  - Beta (startups/beta.yml) : manque tagline.en, description.en\n" in text
    assert "encore présentes, à retirer ou à garder : 1\n  - Gamma (startups/gamma.yml)" in text
    assert "\n  Fintech" in text and "Startups par ville :\n  Casablanca" in text


def test_markdown_report(directory, when):
    md = health.as_markdown(health.health_report(directory, when))
    assert md.startswith("## État de l'annuaire au 26 novembre 2026\n")
    assert "### Profils sans logo — 2\n\n- Alpha (startups/alpha.yml)\n" in md
    assert "| Secteur | Startups |\n| --- | ---: |\n| Fintech | 2 |\n" in md
    assert "| Ville | Startups |\n| --- | ---: |\n| Casablanca | 1 |\n| Rabat | 2 |\n" in md


def test_empty_lists_say_so(repo, when):
    write(repo, "alpha", "Alpha", updated="2026-11-01", en="Both",
          extra="sectors: [fintech]\ncity: rabat\nlogo: logos/a.png\n")  # fmt: skip
    (repo / "startups/logos").mkdir()
    shutil.copy(ROOT / "startups/logos/atlas-pay.png", repo / "startups/logos/a.png")
    loaded, _ = load_directory(repo, when=when)
    md = health.as_markdown(health.health_report(loaded, when))
    assert "### Profils sans logo\n\n_Aucun._\n" in md
    text = health.as_text(health.health_report(loaded, when))
    assert (
        "Startups fermées (status: closed) encore présentes, à retirer ou à garder : aucune" in text
    )


def test_large_counts_use_french_grouping():
    report = {
        "date": "2026-11-26",
        "stale_before": "2025-11-26",
        "totals": {"profiles": 12500, "listed": 12000, "closed": 500, "acquired": 3},
        "stale": [],
        "no_logo": [],
        "no_english": [],
        "closed": [],
        "sectors": [{"id": "fintech", "label": "Fintech", "count": 2500}],
        "cities": [],
    }
    assert f"12{NBSP}500 profils : 12{NBSP}000 dans l'annuaire" in health.as_text(report)
    assert f"| Fintech | 2{NBSP}500 |" in health.as_markdown(report)


def test_report_command(repo, directory, tmp_path, monkeypatch, capsys, when):
    assert staff_main(["report", "--root", str(repo)]) == 0
    out = capsys.readouterr().out
    assert out == health.as_text(health.health_report(directory, when))
    target = tmp_path / "summary.md"
    assert (
        staff_main(["report", "--root", str(repo), "--format", "markdown", "--out", str(target)])
        == 0
    )
    assert target.read_text(encoding="utf-8").startswith("## État de l'annuaire")
    (repo / "startups" / "broken.yml").write_text("name: [\n", encoding="utf-8")
    assert staff_main(["report", "--root", str(repo)]) == 1
    assert "startups/broken.yml:" in capsys.readouterr().out


def test_report_on_the_sample_data(repo_root, monkeypatch, capsys, when):
    assert staff_main(["report", "--root", str(repo_root)]) == 0
    out = capsys.readouterr().out
    assert "Zerbia Market (startups/zerbia-market.yml)" in out
