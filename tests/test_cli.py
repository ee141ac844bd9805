"""startupdir.cli: exit codes, output formats, and French help for every sub-command."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from startupdir.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, build_parser, main

INVALID_DIR = Path(__file__).parent / "fixtures" / "invalid"


def run(args: list[str], cwd: Path, when) -> subprocess.CompletedProcess:
    """`python -m startupdir ARGS` in its own process, date pinned, no network needed."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "startupdir", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


# ---------------------------------------------------------------------------
# Exit codes, in real processes


def test_sample_data_is_valid(repo_root, when):
    result = run(["validate"], repo_root, when)
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    assert result.stdout.startswith("Tout est valide")


def test_invalid_fixtures_exit_1(repo_root, when):
    result = run(["validate", str(INVALID_DIR)], repo_root, when)
    assert result.returncode == EXIT_INVALID
    assert "Traceback" not in result.stdout + result.stderr
    summary, last = result.stdout.strip().splitlines()[-2:]
    assert summary.endswith(f"dans {len(list(INVALID_DIR.glob('*.y*ml')))} fichiers")
    # Some of them (a tabulation in the indentation, a zero-width space in a name…) --fix solves.
    assert last.endswith(
        "peuvent être corrigées automatiquement : lancez « startupdir validate --fix »"
    )


def test_unknown_option_exits_2(repo_root, when):
    result = run(["validate", "--no-such-option"], repo_root, when)
    assert result.returncode == EXIT_USAGE
    assert "--no-such-option" in result.stderr
    assert result.stdout == ""


def test_missing_path_exits_2(repo_root, when, tmp_path):
    missing = tmp_path / "absent.yml"
    result = run(["validate", str(missing)], repo_root, when)
    assert result.returncode == EXIT_USAGE
    assert result.stderr == f"startupdir validate : introuvable : {missing}\n"
    assert result.stdout == ""


def test_thirty_thousand_levels_deep_never_crash_the_process(repo, when):
    path = repo / "startups" / "deep-file.yml"
    path.write_text("name: " + "[" * 30_000 + "\n", encoding="utf-8")
    assert path.stat().st_size < 64 * 1024
    result = run(["validate", "startups/deep-file.yml"], repo, when)
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_INVALID, output
    assert "Traceback" not in output
    assert "startups/deep-file.yml:1:16: imbrication trop profonde" in result.stdout


# ---------------------------------------------------------------------------
# In-process runs


def test_validate_in_process(repo_root, monkeypatch, capsys):
    monkeypatch.chdir(repo_root)
    assert main(["validate"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("Tout est valide")


def test_validate_with_root_option(repo_root, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--root", str(repo_root)]) == EXIT_OK
    assert "Tout est valide" in capsys.readouterr().out


def test_validate_one_file_with_an_error(repo_root, monkeypatch, capsys):
    monkeypatch.chdir(repo_root)
    assert main(["validate", "tests/fixtures/invalid/boolean-yes.yml"]) == EXIT_INVALID
    assert capsys.readouterr().out == (
        "tests/fixtures/invalid/boolean-yes.yml:15:9: hiring: « yes » n'est pas accepté"
        " — écrivez true ou false\n\n1 erreur dans 1 fichier\n"
    )


def test_validate_github_format(repo_root, monkeypatch, capsys):
    monkeypatch.chdir(repo_root)
    args = ["validate", "--format", "github", "tests/fixtures/invalid/boolean-yes.yml"]
    assert main(args) == EXIT_INVALID
    assert capsys.readouterr().out.splitlines() == [
        "::error file=tests/fixtures/invalid/boolean-yes.yml,line=15,col=9,title=hiring::"
        "« yes » n'est pas accepté — écrivez true ou false",
        "1 erreur dans 1 fichier",
    ]


def test_validate_json_format(repo_root, monkeypatch, capsys):
    monkeypatch.chdir(repo_root)
    assert main(["validate", "--format", "json", str(INVALID_DIR)]) == EXIT_INVALID
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert data["error_count"] == len(data["errors"])
    assert data["files_with_errors"] == len(list(INVALID_DIR.glob("*.y*ml")))


def test_validate_json_format_when_valid(repo_root, monkeypatch, capsys):
    monkeypatch.chdir(repo_root)
    assert main(["validate", "--format", "json", "tests/fixtures/valid"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["valid"] is True


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", "--format", "xml"])
    assert info.value.code == EXIT_USAGE
    assert "xml" in capsys.readouterr().err


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == EXIT_USAGE


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("startupdir ")


# ---------------------------------------------------------------------------
# Help


def test_expected_subcommands_exist():
    assert {"validate", "schema", "new"} <= set(subcommands())


def test_top_level_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for name in subcommands():
        assert name in out


def test_every_subcommand_has_a_one_line_help():
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {choice.dest: choice.help for choice in action._choices_actions}
    assert set(helps) == set(subcommands())
    assert all(helps.values()), helps


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_subcommand_has_help_text(name, capsys):
    sub = subcommands()[name]
    assert sub.description, f"{name} has no description"
    with pytest.raises(SystemExit) as info:
        main([name, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"utilisation : startupdir {name}")
    assert "afficher cette aide et quitter" in out
    assert sub.description.split()[0] in out
    for option in sub._actions:
        if option.option_strings and option.dest != "help":
            assert option.help, f"{name} {option.option_strings} has no help"


def test_validate_writes_a_step_summary_suggesting_fix(repo_root, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(repo_root)
    summary = tmp_path / "summary.md"
    summary.write_text("Profils modifiés : 1\n", encoding="utf-8")  # an earlier step's
    args = ["validate", "--format", "github", "--summary", str(summary)]
    assert main([*args, "tests/fixtures/invalid/zero-width-space.yml"]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        "::notice title=Correction automatique::1 erreur peut être corrigée automatiquement :"
        " lancez « startupdir validate --fix »"
    )
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Profils modifiés : 1\n\n### Validation des profils et des actualités\n")
    assert "\ntests/fixtures/invalid/zero-width-space.yml:2:15: name: espace sans largeur" in text
    assert main([*args, "tests/fixtures/valid/minimal.yml"]) == EXIT_OK
    assert summary.read_text(encoding="utf-8").endswith(
        "Tout est valide : 2 fichiers vérifiés, 0 erreur.\n"
    )


def test_validate_help_documents_fix(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--fix" in out and "corriger d'abord dans les fichiers" in out
