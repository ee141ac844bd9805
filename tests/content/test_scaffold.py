"""startupdir.content.scaffold: `startupdir new` writes a commented template that validates once filled."""

from __future__ import annotations

import re

import pytest
from startupdir.cli import EXIT_INVALID, EXIT_OK, main
from startupdir.content.model import Startup
from startupdir.content.scaffold import (
    SCHEMA_COMMENT,
    ScaffoldError,
    new_profile,
    profile_text,
)
from startupdir.content.schema import fields_of
from startupdir.content.text import slugify
from startupdir.content.validate import load_directory

# Each placeholder of the template and the value a contributor types there.
FILLED = [
    (r"^  fr:$", "  fr: Paiement mobile pour les commerces"),
    (r"^  fr: \|\n", "  fr: |\n    Une description de la startup.\n"),
    (r"^website:$", "website: https://atlas-pay-test.example"),
    (r"^founded:$", "founded: 2024"),
    (r"^sectors: \[\]$", "sectors: [fintech]"),
    (r"^city:$", "city: casablanca"),
    (r"^stage:$", "stage: seed"),
    (r"^employees:$", "employees: 5"),
]


@pytest.fixture
def new(repo, monkeypatch, capsys, when):
    """Run `startupdir new ARGS` in ``repo``; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(repo)

    def run(*args: str):
        code = main(["new", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def problems(repo, when) -> list:
    _, report = load_directory(repo, when=when)
    return report.sorted()


def fill(text: str) -> str:
    for pattern, value in FILLED:
        text, count = re.subn(pattern, value, text, count=1, flags=re.M)
        assert count == 1, pattern
    return text


def test_new_writes_the_profile(repo, new):
    code, out, err = new("Atlas Pay Test")
    assert (code, err) == (EXIT_OK, "")
    path = repo / "startups" / "atlas-pay-test.yml"
    assert out.splitlines()[0] == "Profil créé : startups/atlas-pay-test.yml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_COMMENT
    assert SCHEMA_COMMENT == "# yaml-language-server: $schema=../schema/startup.schema.json"
    assert 'name: "Atlas Pay Test"\n' in text
    assert "\r" not in text


def test_untouched_template_reports_its_placeholders(repo, new, when):
    new("Atlas Pay Test")
    found = problems(repo, when)
    assert {p.file for p in found} == {"startups/atlas-pay-test.yml"}
    assert [p.field for p in found] == [
        "tagline.fr",
        "description.fr",
        "website",
        "founded",
        "sectors",
        "city",
        "stage",
        "employees",
    ]
    assert all(p.hint for p in found)


def test_filled_template_validates(repo, new, when):
    new("Atlas Pay Test")
    path = repo / "startups" / "atlas-pay-test.yml"
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert [p.as_text() for p in problems(repo, when)] == []
    directory, _ = load_directory(repo, when=when)
    (startup,) = directory.startups
    assert (startup.slug, startup.name, startup.updated) == (
        "atlas-pay-test",
        "Atlas Pay Test",
        when,
    )


def test_new_refuses_to_overwrite(repo, new):
    new("Atlas Pay Test")
    path = repo / "startups" / "atlas-pay-test.yml"
    path.write_text(path.read_text(encoding="utf-8") + "# édité\n", encoding="utf-8")
    before = path.read_bytes()
    code, out, err = new("Atlas Pay Test")
    assert code == EXIT_INVALID
    assert out == ""
    assert err == (
        "startupdir new : startups/atlas-pay-test.yml existe déjà : "
        "modifiez ce profil au lieu d'en créer un autre\n"
    )
    assert path.read_bytes() == before


def test_new_with_an_explicit_slug(repo, new):
    code, _, _ = new("أطلس باي", "--slug", "atlas-pay-ar")
    assert code == EXIT_OK
    assert (repo / "startups" / "atlas-pay-ar.yml").is_file()


@pytest.mark.parametrize(("name", "slug"), [("أطلس", ""), ("Con", "con"), ("!!!", "")])
def test_new_refuses_an_unusable_slug(repo, new, name, slug):
    code, _, err = new(name)
    assert code == EXIT_INVALID
    assert err.startswith("startupdir new : identifiant")
    assert "(option --slug)" in err
    assert list((repo / "startups").iterdir()) == []


def test_new_refuses_a_bad_explicit_slug(new):
    code, _, err = new("Atlas", "--slug", "Atlas_Pay")
    assert code == EXIT_INVALID
    assert "invalide" in err


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Atlas Pay", "atlas-pay"),
        ("  Café   Épicé ", "cafe-epice"),
        ("L'Oréal Tech!!", "l-oreal-tech"),
        ("ÉCOLE 42", "ecole-42"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_a_long_name_gives_a_slug_of_60_characters_at_most(repo):
    path = new_profile(repo, "a" * 59 + " b")
    assert path.stem == "a" * 59


@pytest.mark.parametrize("name", ['Atlas "Pay"', "Atlas \\ Pay", "Atlas: Pay # 1", "yes", "2021"])
def test_names_survive_the_template(repo, when, name):
    path = new_profile(repo, name, slug="tricky-name")
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert report.ok, [p.as_text() for p in report.sorted()]
    assert directory.startups[0].name == name


def test_new_profile_raises_scaffold_error(repo):
    new_profile(repo, "Atlas Pay")
    with pytest.raises(ScaffoldError):
        new_profile(repo, "Atlas Pay")


# ---------------------------------------------------------------------------
# The template itself


@pytest.mark.parametrize("field", [name for name, _ in fields_of(Startup)])
def test_template_mentions_every_field(field, when, monkeypatch):
    text = profile_text("Atlas Pay")
    lines = text.splitlines()
    (index,) = [i for i, line in enumerate(lines) if re.match(rf"^(# )?{field}:", line)]
    fs = dict(fields_of(Startup))[field]
    comment = lines[index - 1]
    assert comment.startswith(f"# {fs.doc} (")
    assert ("(obligatoire)" in comment) == fs.required
    # Required fields are live lines, optional ones are commented out.
    assert lines[index].startswith("# ") != fs.required


def test_template_is_dated_today(when, monkeypatch):
    assert f"\nupdated: {when.isoformat()}\n" in profile_text("Atlas Pay")


def test_template_collapses_whitespace_in_the_name():
    assert 'name: "Atlas Pay"\n' in profile_text("  Atlas \n\t Pay ")
