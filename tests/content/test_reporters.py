"""startupdir.content.reporters: one Report printed as text, GitHub workflow commands or JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from startupdir.content.problems import Problem, Report
from startupdir.content.reporters import (
    FORMATS,
    as_github,
    as_json,
    as_markdown_summary,
    as_text,
    summary,
)
from startupdir.content.validate import load_directory

ONE = Problem(
    "startups/atlas-pay.yml",
    12,
    3,
    "sectors[1]",
    "secteur inconnu « fintek »",
    "vouliez-vous dire « fintech » ?",
)
TWO = Problem(
    "startups/atlas-pay.yml", 14, 1, "hiring", "« yes » n'est pas accepté", "écrivez true ou false"
)
THREE = Problem("startups/kraya.yml", 1, 1, "", "le fichier est vide", "")


def report_of(*problems: Problem, files_checked: int = 3) -> Report:
    return Report(problems=list(problems), files_checked=files_checked)


# ---------------------------------------------------------------------------
# Problem lines and summaries


def test_problem_line():
    assert ONE.as_text() == (
        "startups/atlas-pay.yml:12:3: sectors[1]: secteur inconnu « fintek » — "
        "vouliez-vous dire « fintech » ?"
    )


def test_problem_line_without_field_or_hint():
    assert THREE.as_text() == "startups/kraya.yml:1:1: le fichier est vide"


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        ((ONE,), "1 erreur dans 1 fichier"),
        ((ONE, TWO), "2 erreurs dans 1 fichier"),
        ((ONE, TWO, THREE), "3 erreurs dans 2 fichiers"),
        ((ONE, ONE, THREE), "2 erreurs dans 2 fichiers"),  # the same problem counts once
    ],
)
def test_summary_with_errors(problems, expected):
    assert summary(report_of(*problems)) == expected


def test_summary_groups_thousands():
    problems = [Problem(f"startups/p{i}.yml", 1, 1, "", "x") for i in range(1700)]
    assert summary(report_of(*problems)) == "1\u202f700 erreurs dans 1\u202f700 fichiers"


@pytest.mark.parametrize(
    ("checked", "expected"),
    [
        (41, "Tout est valide : 41 fichiers vérifiés, 0 erreur."),
        (1, "Tout est valide : 1 fichier vérifié, 0 erreur."),
    ],
)
def test_summary_when_valid(checked, expected):
    assert summary(Report(files_checked=checked)) == expected


# ---------------------------------------------------------------------------
# Text


def test_text_groups_by_file_then_summarises():
    assert as_text(report_of(THREE, TWO, ONE)) == (
        f"{ONE.as_text()}\n{TWO.as_text()}\n\n{THREE.as_text()}\n\n3 erreurs dans 2 fichiers\n"
    )


def test_text_when_valid():
    assert as_text(Report(files_checked=2)) == "Tout est valide : 2 fichiers vérifiés, 0 erreur.\n"


# ---------------------------------------------------------------------------
# GitHub workflow commands


def test_github_line():
    assert as_github(report_of(ONE)).splitlines() == [
        "::error file=startups/atlas-pay.yml,line=12,col=3,title=sectors[1]::"
        "secteur inconnu « fintek » — vouliez-vous dire « fintech » ?",
        "1 erreur dans 1 fichier",
    ]


def test_github_escapes_like_the_actions_toolkit():
    # Data escapes % CR LF; properties escape those and also : and ,
    problem = Problem(
        "startups/a,b:c%.yml",
        3,
        5,
        "links.x:y,z",
        "100% sûr, vraiment : oui\r\nsuite",
        "ligne: 2, 50%",
    )
    (line, _) = as_github(report_of(problem)).splitlines()
    assert line == (
        "::error file=startups/a%2Cb%3Ac%25.yml,line=3,col=5,title=links.x%3Ay%2Cz::"
        "100%25 sûr, vraiment : oui%0D%0Asuite — ligne: 2, 50%25"
    )


def test_github_escapes_percent_first():
    problem = Problem("f.yml", 1, 1, "", "%0A is not a newline", "")
    (line, _) = as_github(report_of(problem)).splitlines()
    assert line == "::error file=f.yml,line=1,col=1,title=profil::%250A is not a newline"


def test_github_title_for_file_level_problems():
    (line, _) = as_github(report_of(THREE)).splitlines()
    assert line == "::error file=startups/kraya.yml,line=1,col=1,title=profil::le fichier est vide"


def test_github_one_command_per_problem():
    lines = as_github(report_of(ONE, TWO, THREE)).splitlines()
    assert [line.startswith("::error ") for line in lines] == [True, True, True, False]


def test_github_when_valid():
    assert as_github(Report(files_checked=1)) == "Tout est valide : 1 fichier vérifié, 0 erreur.\n"


# ---------------------------------------------------------------------------
# JSON


def test_json_round_trips():
    report = report_of(THREE, ONE, TWO, ONE, files_checked=7)
    data = json.loads(as_json(report))
    assert data["valid"] is False
    assert data["files_checked"] == 7
    assert data["error_count"] == len(data["errors"]) == 3
    assert data["files_with_errors"] == len({e["file"] for e in data["errors"]}) == 2
    rebuilt = [
        Problem(e["file"], e["line"], e["column"], e["field"], e["message"], e["hint"])
        for e in data["errors"]
    ]
    assert rebuilt == report.sorted()


def test_json_keeps_french_text_readable():
    assert "« fintek »" in as_json(report_of(ONE))


def test_json_when_valid():
    data = json.loads(as_json(Report(files_checked=4)))
    assert data == {
        "valid": True,
        "files_checked": 4,
        "error_count": 0,
        "files_with_errors": 0,
        "errors": [],
    }


def test_json_of_a_real_run(repo_root, when):
    _, report = load_directory(
        repo_root, [Path(__file__).parents[1] / "fixtures" / "invalid"], when=when
    )
    data = json.loads(as_json(report))
    assert data["error_count"] == len(data["errors"]) == len(report.sorted()) > 30
    assert data["files_with_errors"] == report.files_with_errors
    for error in data["errors"]:
        assert error["file"].startswith("tests/fixtures/invalid/")
        assert error["line"] >= 1 and error["column"] >= 1 and error["message"]


def test_formats_registry():
    assert set(FORMATS) == {"text", "github", "json"}
    for render in FORMATS.values():
        assert render(report_of(ONE)).endswith("\n")


# ---------------------------------------------------------------------------
# Problems `startupdir validate --fix` solves

FIXABLE = Problem(
    "startups/atlas-pay.yml",
    2,
    10,
    "name",
    "espace sans largeur, invisible (U+200B) à la colonne 10",
    "supprimez-le : placez le curseur juste avant « Pay », puis appuyez une fois sur Retour"
    " arrière",
    fixable=True,
)
SUGGESTION = "1 erreur peut être corrigée automatiquement : lancez « startupdir validate --fix »"


def test_text_ends_with_the_fix_suggestion_when_some_problems_are_fixable():
    text = as_text(report_of(FIXABLE, ONE))
    assert text.endswith(f"\n2 erreurs dans 1 fichier\n{SUGGESTION}\n")
    assert "--fix" not in as_text(report_of(ONE, TWO))


def test_the_suggestion_counts_fixable_problems_once():
    report = report_of(FIXABLE, FIXABLE, dataclasses.replace(FIXABLE, line=3))
    assert as_text(report).splitlines()[-1] == (
        "2 erreurs peuvent être corrigées automatiquement : lancez « startupdir validate --fix »"
    )


def test_github_ends_with_a_notice_suggesting_fix():
    lines = as_github(report_of(FIXABLE, THREE)).splitlines()
    assert lines[-2] == "2 erreurs dans 2 fichiers"
    assert lines[-1] == f"::notice title=Correction automatique::{SUGGESTION}"
    assert "::notice" not in as_github(report_of(ONE))


def test_json_says_which_problems_are_fixable():
    data = json.loads(as_json(report_of(FIXABLE, ONE)))
    assert [(e["field"], e["fixable"]) for e in data["errors"]] == [
        ("name", True),
        ("sectors[1]", False),
    ]


def test_step_summary_lists_the_fixable_problems_as_code():
    hostile = dataclasses.replace(FIXABLE, message="``` ![x](https://evil.example/x.png) ```")
    summary = as_markdown_summary(report_of(hostile, ONE))
    assert summary.startswith("\n### Validation des profils et des actualités\n\n2 erreurs dans")
    assert f"**{SUGGESTION}**" in summary
    fence = "````"  # longer than any run of backticks in the listing
    assert f"\n{fence}text\n{hostile.as_text()}\n{fence}\n" in summary
    assert ONE.as_text() not in summary  # only what --fix solves is listed
    assert "--fix" not in as_markdown_summary(report_of(ONE))
