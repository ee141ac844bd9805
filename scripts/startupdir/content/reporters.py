"""Print one validation Report as text, GitHub workflow commands or JSON."""

from __future__ import annotations

import json
import re
from itertools import groupby

from startupdir.content.fixedits import Change
from startupdir.content.french import plural
from startupdir.content.problems import Report, one_line


def summary(report: Report) -> str:
    if report.ok:
        checked = plural(report.files_checked, "fichier")
        return f"Tout est valide : {checked} vérifié{'s' if report.files_checked > 1 else ''}, 0 erreur."
    errors = plural(len(report.sorted()), "erreur")
    files = plural(report.files_with_errors, "fichier")
    return f"{errors} dans {files}"


FIX_COMMAND = "startupdir validate --fix"


def fix_suggestion(report: Report) -> str:
    """The closing line when --fix would solve some of the problems, else ""."""
    count = report.fixable
    if not count:
        return ""
    many = count > 1
    return (
        f"{plural(count, 'erreur')} peu{'vent' if many else 't'} être "
        f"corrigée{'s' if many else ''} automatiquement : lancez « {FIX_COMMAND} »"
    )


def as_text(report: Report) -> str:
    lines: list[str] = []
    for _file, problems in groupby(report.sorted(), key=lambda p: p.file):
        lines.extend(p.as_text() for p in problems)
        lines.append("")
    lines.append(summary(report))
    if report.fixable:
        lines.append(fix_suggestion(report))
    return "\n".join(lines) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(report: Report) -> str:
    """GitHub Actions workflow commands, escaped as the Actions toolkit does."""
    lines = []
    for p in report.sorted():
        props = ",".join(
            [
                f"file={_escape_property(p.file)}",
                f"line={p.line}",
                f"col={p.col}",
                f"title={_escape_property(p.field or 'profil')}",
            ]
        )
        message = p.message + (f" — {p.hint}" if p.hint else "")
        lines.append(f"::error {props}::{_escape_data(message)}")
    lines.append(summary(report))
    if report.fixable:
        title = _escape_property("Correction automatique")
        lines.append(f"::notice title={title}::{_escape_data(fix_suggestion(report))}")
    return "\n".join(lines) + "\n"


def as_markdown_summary(report: Report) -> str:
    """The run, for GitHub's step summary: the figures, then, when --fix would solve some
    problems, the command and those problems (as code: no value is read as Markdown)."""
    lines = ["", "### Validation des profils et des actualités", "", summary(report)]
    fixable = [p for p in report.sorted() if p.fixable]
    if fixable:
        listing = "\n".join(p.as_text() for p in fixable)
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", listing)), default=0))
        lines += [
            "",
            f"**{fix_suggestion(report)}**, puis ajoutez les fichiers corrigés à la pull"
            " request. Sans rien installer, corrigez ces lignes dans l'éditeur de GitHub :",
            "",
            f"{fence}text",
            listing,
            fence,
        ]
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    data = {
        "valid": report.ok,
        "files_checked": report.files_checked,
        "error_count": len(report.sorted()),
        "files_with_errors": report.files_with_errors,
        "errors": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.col,
                "field": p.field,
                "message": p.message,
                "hint": p.hint,
                "fixable": p.fixable,
            }
            for p in report.sorted()
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": as_text, "github": as_github, "json": as_json}


def fixes_as_text(fixes: list[tuple[str, Change]]) -> str:
    """One line per correction (« startups/x.yml:12: tabulation remplacée par 4 espaces »),
    then how many corrections in how many files."""
    if not fixes:
        return "Aucune correction automatique à faire.\n"
    lines = [one_line(f"{file}:{change.line}: {change.message}") for file, change in fixes]
    files = len({file for file, _ in fixes})
    lines.append(f"{plural(len(fixes), 'correction')} dans {plural(files, 'fichier')}.")
    return "\n".join(lines) + "\n"
