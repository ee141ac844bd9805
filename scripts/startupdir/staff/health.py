"""`startupdir report`: the directory's health, for staff.

What needs attention (profiles not reviewed for more than twelve months, without logo,
without English text, closed startups still in the repository) and what the directory
holds (counts by sector and city, in taxonomy order with French labels). The report is
plain data (``health_report``), printed as text for a terminal or Markdown for a GitHub
job summary. Every list is in a fixed order, so two runs on the same data print the same.

Closed startups keep their page but leave counts and indexes: they are listed in their
own section and left out of the other lists and of the counts.
"""

from __future__ import annotations

import datetime as dt

from startupdir.content.french import long_date, number, plural
from startupdir.content.vocabularies import VOCABULARIES

STALE_MONTHS = 12
COUNTED = ("sectors", "cities")  # vocabularies the report counts startups by


def stale_before(today: dt.date) -> dt.date:
    """Profiles reviewed before this day were last reviewed more than 12 months ago."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def _months(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def health_report(directory, today: dt.date) -> dict:
    """The report as plain data (lists of dicts, in a fixed order)."""
    startups = sorted(directory.startups, key=lambda s: s.slug)
    listed = [s for s in startups if s.is_listed]
    closed = [s for s in startups if not s.is_listed]
    cutoff = stale_before(today)

    def row(s, **extra) -> dict:
        return {"slug": s.slug, "name": s.name, "file": s.source, **extra}

    stale = [
        row(s, updated=s.updated.isoformat(), months=_months(s.updated, today))
        for s in sorted(listed, key=lambda s: (s.updated, s.slug))
        if s.updated < cutoff
    ]
    no_logo = [row(s) for s in listed if not s.logo]
    no_english = []
    for s in listed:
        missing = [f for f in ("tagline", "description") if not getattr(s, f).en]
        if missing:
            no_english.append(row(s, missing=[f"{f}.en" for f in missing]))
    tx = directory.taxonomy

    def counts(vocabulary: str, values_of) -> list[dict]:
        tally = dict.fromkeys(tx.ids(vocabulary), 0)
        for s in listed:
            for value in values_of(s):
                tally[value] += 1
        return [
            {"id": term.id, "label": term.label.fr, "count": tally[term.id]}
            for term in getattr(tx, vocabulary)
        ]

    return {
        "date": today.isoformat(),
        "stale_before": cutoff.isoformat(),
        "totals": {
            "profiles": len(startups),
            "listed": len(listed),
            "closed": len(closed),
            "acquired": sum(1 for s in startups if s.status == "acquired"),
        },
        "stale": stale,
        "no_logo": no_logo,
        "no_english": no_english,
        "closed": [row(s, updated=s.updated.isoformat()) for s in closed],
        **{key: counts(key, VOCABULARIES[key].members) for key in COUNTED},
    }


# ---------------------------------------------------------------------------
# Printing


def _date(iso: str) -> str:
    return long_date(dt.date.fromisoformat(iso))


def _sections(report: dict) -> list[tuple[str, list[str], str]]:
    """(title, items, text when empty) for each list of the report."""

    def who(r: dict) -> str:
        return f"{r['name']} ({r['file']})"

    return [
        (
            f"Profils non relus depuis plus de {STALE_MONTHS} mois "
            f"(avant le {_date(report['stale_before'])})",
            [
                f"{who(r)} : relu le {_date(r['updated'])}, il y a {plural(r['months'], 'mois', 'mois')}"
                for r in report["stale"]
            ],
            "aucun",
        ),
        ("Profils sans logo", [who(r) for r in report["no_logo"]], "aucun"),
        (
            "Profils sans texte en anglais",
            [f"{who(r)} : manque {', '.join(r['missing'])}" for r in report["no_english"]],
            "aucun",
        ),
        (
            "Startups fermées (status: closed) encore présentes, à retirer ou à garder",
            [f"{who(r)} : relu le {_date(r['updated'])}" for r in report["closed"]],
            "aucune",
        ),
    ]


def _totals(report: dict) -> str:
    t = report["totals"]
    acquired = t["acquired"]
    return (
        f"{plural(t['profiles'], 'profil')} : {number(t['listed'])} dans l'annuaire "
        f"(dont {plural(acquired, 'startup rachetée', 'startups rachetées')}), "
        f"{plural(t['closed'], 'startup fermée', 'startups fermées')}."
    )


def _count_rows(report: dict, key: str) -> list[tuple[str, str]]:
    return [(r["label"], number(r["count"])) for r in report[key]]


def as_text(report: dict) -> str:
    lines = [f"État de l'annuaire au {_date(report['date'])}", "", _totals(report)]
    for title, items, empty in _sections(report):
        lines += ["", f"{title} : {number(len(items)) if items else empty}"]
        lines += [f"  - {item}" for item in items]
    for key in COUNTED:
        title = f"Startups par {VOCABULARIES[key].noun}"
        rows = _count_rows(report, key)
        width = max((len(label) for label, _ in rows), default=0)
        lines += ["", f"{title} :"]
        lines += [f"  {label.ljust(width)}  {count.rjust(5)}" for label, count in rows]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape what Markdown would interpret in names (profile text is untrusted)."""
    out = text
    for char in "\\`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return out


def as_markdown(report: dict) -> str:
    lines = [f"## État de l'annuaire au {_date(report['date'])}", "", _md(_totals(report))]
    for title, items, empty in _sections(report):
        count = f" — {number(len(items))}" if items else ""
        lines += ["", f"### {_md(title)}{count}", ""]
        lines += [f"- {_md(item)}" for item in items] or [f"_{empty.capitalize()}._"]
    for key in COUNTED:
        title, column = (
            f"Startups par {VOCABULARIES[key].noun}",
            VOCABULARIES[key].noun.capitalize(),
        )
        lines += ["", f"### {title}", "", f"| {column} | Startups |", "| --- | ---: |"]
        lines += [f"| {_md(label)} | {count} |" for label, count in _count_rows(report, key)]
    return "\n".join(lines) + "\n"


FORMATS = {"text": as_text, "markdown": as_markdown}
