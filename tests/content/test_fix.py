"""`startupdir validate --fix`: golden files (tests/fixtures/fix/: each case and its
`.fixed` version), the lines it prints, its exit codes, and that a fix changes nothing else:
not the rest of the file, not what a description renders to, not a second time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from startupdir.cli import EXIT_INVALID, EXIT_OK, main
from startupdir.content.fix import fix_file, fix_text
from startupdir.content.model import Startup
from startupdir.content.schema import Context
from startupdir.content.validate import read_checked

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIX = FIXTURES / "fix"
CASES = sorted(p for p in FIX.iterdir() if ".fixed." not in p.name)
POST = "2026-01-05-colle-depuis-word.md"
NONE = "Aucune correction automatique à faire."

# What --fix prints for each case (« line: correction »), then what validate still reports.
CHANGES = {
    "pasted-description.yml": [
        "4: tabulation remplacée par 1 espace",
        "4: retour à la ligne invisible (séparateur de ligne, U+2028) remplacé par un espace",
        "4: blancs en fin de ligne supprimés",
        "7: caractère invisible supprimé : espace sans largeur, invisible (U+200B)",
        "7: caractère invisible supprimé : liant de mots invisible (U+2060)",
        "7: caractère invisible supprimé : trait d'union conditionnel, invisible sauf en fin"
        " de ligne (U+00AD)",
        "8: tabulation remplacée par 1 espace",
        "9: caractère invisible supprimé : liant invisible (U+200D)",
        "9: blancs en fin de ligne supprimés",
        "10: retour à la ligne invisible (séparateur de ligne, U+2028) remplacé par un vrai"
        " retour à la ligne",
        "11: saut de paragraphe invisible (séparateur de paragraphe, U+2029) remplacé par une"
        " ligne vide",
        "11: blancs en fin de ligne supprimés",
        "13: caractère invisible supprimé : espace insécable sans largeur, invisible (U+FEFF)",
        "13: retour à la ligne invisible (caractère NEL, U+0085) remplacé par un vrai retour"
        " à la ligne",
        "22: retour à la ligne ajouté en fin de fichier",
    ],
    "tab-indentation.yml": [
        "4: tabulation remplacée par 2 espaces",
        "5: tabulation remplacée par 2 espaces",
        "7: tabulation remplacée par 2 espaces",
        "8: 2 tabulations remplacées par 4 espaces",
        "9: 2 tabulations remplacées par 4 espaces",
    ],
    "identifiers.yml": [
        "2: caractère invisible supprimé : espace sans largeur, invisible (U+200B)",
        "8: adresse corrigée : « ttps://identifiants.example » devient"
        " « https://identifiants.example »",
        "10: caractère invisible supprimé : liant de mots invisible (U+2060)",
        "16: caractère supprimé au bord de la valeur : espace insécable (U+00A0)",
        "18: adresse corrigée : « https//www.linkedin.com/company/identifiants » devient"
        " « https://www.linkedin.com/company/identifiants »",
        "19: caractère invisible supprimé : liant invisible (U+200D)",
    ],
    "line-separators.yml": [
        "3: retour à la ligne invisible (séparateur de ligne, U+2028) supprimé",
        "11: retour à la ligne invisible (séparateur de ligne, U+2028) remplacé par un vrai"
        " retour à la ligne",
    ],
    "bidi.yml": [
        "4: caractère invisible supprimé : espace sans largeur, invisible (U+200B)",
        "7: blancs en fin de ligne supprimés",
    ],
    "windows.yml": [
        "1: caractère invisible supprimé : espace sans largeur, invisible (U+200B)",
        "1: blancs en fin de ligne supprimés",
        "3: blancs en fin de ligne supprimés",
        "7: retour à la ligne invisible (séparateur de ligne, U+2028) remplacé par un vrai"
        " retour à la ligne",
    ],
    POST: [
        "5: caractère invisible supprimé : espace sans largeur, invisible (U+200B)",
        "5: tabulation remplacée par 1 espace",
        "10: caractère invisible supprimé : espace sans largeur, invisible (U+200B)",
        "10: tabulation remplacée par 1 espace",
        "11: retour à la ligne invisible (séparateur de ligne, U+2028) remplacé par un vrai"
        " retour à la ligne",
        "12: blancs en fin de ligne supprimés",
        "15: tabulation remplacée par 4 espaces",
        "18: saut de paragraphe invisible (séparateur de paragraphe, U+2029) remplacé par une"
        " ligne vide",
        "18: retour à la ligne ajouté en fin de fichier",
    ],
}
REMAINING = {
    "bidi.yml": [
        "startups/bidi.yml:7:21: description.fr: caractère invisible qui inverse le sens du"
        " texte (U+202E) à la colonne 21 — supprimez-le : placez le curseur juste après"
        " « fichier » et l'espace qui suit, puis appuyez une fois sur Suppr"
    ],
}


def name(path: Path) -> str:
    return path.name


def golden(case: Path) -> Path:
    return case.with_name(f"{case.stem}.fixed{case.suffix}")


@pytest.fixture
def place(repo, repo_root, monkeypatch):
    """place(case) -> its path in a throw-away repository (profiles in startups/, posts
    in content/actualites/posts/), relative to the repository, which is the current folder."""
    monkeypatch.chdir(repo)
    news = repo / "content" / "actualites"
    (news / "posts").mkdir(parents=True)
    shutil.copy(repo_root / "content" / "actualites" / ".authors.yml", news / ".authors.yml")

    def put(case: Path) -> str:
        if case.suffix == ".md":
            target = f"content/actualites/posts/{case.name}"
        else:
            target = f"startups/{case.name}"
        shutil.copy(case, repo / target)
        return target

    return put


def test_every_case_has_its_golden_file_and_its_expectations():
    assert {c.name for c in CASES} == set(CHANGES)
    for case in CASES:
        assert golden(case).is_file(), case.name
        assert golden(case).read_bytes() != case.read_bytes(), case.name


@pytest.mark.parametrize("case", CASES, ids=name)
def test_fix_rewrites_the_file_into_its_golden_version(case, place, capsys):
    target = place(case)
    code = main(["validate", "--fix", target])
    out = capsys.readouterr().out
    changes = CHANGES[case.name]
    assert out.startswith(
        "".join(f"{target}:{line}\n" for line in changes)
        + f"{len(changes)} correction{'s' if len(changes) > 1 else ''} dans 1 fichier.\n\n"
    )
    assert Path(target).read_bytes() == golden(case).read_bytes()
    # ... then it exits like validate on what remains.
    remaining = REMAINING.get(case.name, [])
    assert code == (EXIT_INVALID if remaining else EXIT_OK)
    report = out.split("\n\n", 1)[1]
    assert [line for line in report.splitlines() if line.startswith(target)] == remaining


@pytest.mark.parametrize("case", CASES, ids=name)
def test_fixing_twice_changes_nothing(case, place, capsys):
    target = place(case)
    main(["validate", "--fix", target])
    fixed = Path(target).read_bytes()
    capsys.readouterr()
    code = main(["validate", "--fix", target])
    assert capsys.readouterr().out.startswith(NONE + "\n\n")
    assert Path(target).read_bytes() == fixed
    assert code == main(["validate", target])


def test_the_exit_code_is_validates_on_what_remains(place, capsys):
    ok, bad = place(FIX / "identifiers.yml"), place(FIX / "bidi.yml")
    assert main(["validate", ok]) == EXIT_INVALID  # before: refused
    assert main(["validate", "--fix", ok]) == EXIT_OK
    assert main(["validate", "--fix", bad]) == EXIT_INVALID
    assert main(["validate", "--fix"]) == EXIT_INVALID  # the whole repository: bidi.yml
    capsys.readouterr()


def test_without_paths_fix_works_on_every_profile_and_post(place, capsys):
    targets = [place(case) for case in CASES]
    main(["validate", "--fix"])
    out = capsys.readouterr().out
    total = sum(len(v) for v in CHANGES.values())
    assert f"{total} corrections dans {len(CASES)} fichiers.\n" in out
    for case, target in zip(CASES, targets, strict=True):
        assert Path(target).read_bytes() == golden(case).read_bytes()


def test_the_description_renders_the_same_html_before_and_after(repo_root, taxonomy, when):
    html = {}
    for path in (FIX / "pasted-description.yml", golden(FIX / "pasted-description.yml")):
        ctx = Context(path.name, taxonomy, when, path.parent)
        startup, _ = read_checked(path, Startup, ctx)
        assert ctx.problems == []
        html[path.name] = (startup.description.fr.html, startup.description.ar.html)
    before, after = html.values()
    assert before == after
    assert "<br>" in before[0]  # the hard line break (two spaces) survived


def test_a_hard_line_break_stays_and_blanks_that_mean_nothing_go():
    text = (
        "name: x\ndescription:\n  fr: |\n"
        "    Ligne forcée  \n    suite.   \n\n    Dernier.  \nwebsite: https://x.example\n"
    )
    fixed, changes = fix_text(text, post=False)
    assert fixed == text.replace("suite.   ", "suite.").replace("Dernier.  ", "Dernier.")
    assert [(c.line, c.message) for c in changes] == [
        (5, "blancs en fin de ligne supprimés"),
        (7, "blancs en fin de ligne supprimés"),
    ]


def test_a_post_keeps_the_blanks_of_its_code():
    text = "---\ndate: 2026-01-05\n---\n\n# T\n\n```\nx  \n```\n\n~~~\ny \n~~~\n"
    assert fix_text(text, post=True) == (text, [])


def test_comments_quoting_and_order_are_kept_byte_for_byte():
    text = (
        "# en-tête\nwebsite: 'ttps://x.example'  # commentaire\nname: \"A\u200bB\"\n"
        "tagline: {fr: 'L''accroche\u200b'}\n"
    )
    fixed, _ = fix_text(text, post=False)
    assert fixed == (
        "# en-tête\nwebsite: 'https://x.example'  # commentaire\nname: \"AB\"\n"
        "tagline: {fr: 'L''accroche'}\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        'name: "A\\u200bB"\n',  # written as an escape: the text cannot be rewritten safely
        "name: x\nwebsite: htts://x.example\n",  # as close to http as to https
        "a: 1\n\tb: 2\n",  # which level was meant?
        "name: x\ntagline:\n  fr: \u202eabc\n",  # a bidirectional control
    ],
)
def test_what_is_not_safe_is_left_as_it_is(text):
    assert fix_text(text, post=False) == (text, [])


def test_fixable_problems_of_the_invalid_fixtures_are_solved(repo, repo_root, when):
    from startupdir.content.validate import load_directory

    for source in sorted((FIXTURES / "invalid").glob("*.yml")):
        path = repo / "startups" / source.name
        shutil.copy(source, path)
        _, before = load_directory(repo, [path], when=when)
        fix_file(path, post=False)
        _, after = load_directory(repo, [path], when=when)
        assert not any(p.fixable for p in after.problems), source.name
        # What --fix does not solve is still reported (a removed character may move a column).
        kept = {(p.line, p.field) for p in before.problems if not p.fixable}
        assert kept <= {(p.line, p.field) for p in after.problems}, source.name
        path.unlink()


def test_a_symbolic_link_is_not_followed(tmp_path):
    target = tmp_path / "real.yml"
    target.write_text("name: A\u200bB\n", encoding="utf-8")
    link = tmp_path / "link.yml"
    link.symlink_to(target)
    assert fix_file(link, post=False) == []
    assert target.read_text(encoding="utf-8") == "name: A\u200bB\n"
    assert link.is_symlink()


def test_a_file_validate_cannot_read_is_left_as_it_is(tmp_path):
    latin1 = tmp_path / "latin1.yml"
    latin1.write_bytes("name: Fès\u200b \n".encode("utf-8")[:7] + b"\xe8s\n")
    before = latin1.read_bytes()
    assert fix_file(latin1, post=False) == []
    assert latin1.read_bytes() == before


def test_json_report_stays_json_and_corrections_go_to_stderr(place, capsys):
    target = place(FIX / "bidi.yml")
    assert main(["validate", "--fix", "--format", "json", target]) == EXIT_INVALID
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [e["fixable"] for e in data["errors"]] == [False]
    assert captured.err.startswith(f"{target}:4: caractère invisible supprimé")


def test_fixing_the_yaml_test_suite_never_fails_and_is_idempotent():
    for case in sorted((FIXTURES.parent / "corpora" / "yaml-test-suite" / "cases").glob("*")):
        try:
            raw = case.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        fixed, _ = fix_text(raw, post=False)
        assert fix_text(fixed, post=False) == (fixed, []), case.name
