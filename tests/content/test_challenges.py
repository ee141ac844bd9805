"""startupdir.content.challenges: open-innovation challenges (issue 19), validated like
profiles and driven by YAML fixtures.

tests/fixtures/challenges/valid/*.yml must validate with no problem; every file of
tests/fixtures/challenges/invalid/ declares the exact error lines it produces in leading
`# expect: ` comments (the convention of tests/fixtures/invalid/).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from startupdir.cli import EXIT_INVALID, EXIT_OK, main
from startupdir.content.challenges import (
    CHALLENGE_DIR,
    CLOSED,
    FORMATS,
    OPEN,
    UPCOMING,
    Challenge,
    Company,
)
from startupdir.content.jsonschema import CHALLENGE_SCHEMA_PATH, challenge_schema
from startupdir.content.model import Contact
from startupdir.content.posts import POSTS_DIR
from startupdir.content.scaffold import (
    CHALLENGE_PLACEHOLDERS,
    CHALLENGE_SCHEMA_COMMENT,
    ScaffoldError,
    challenge_text,
    new_challenge,
)
from startupdir.content.schema import INVALID, Context, fields_of
from startupdir.content.validate import display, load_directory, read_checked

FIXTURES = Path(__file__).parents[1] / "fixtures" / "challenges"
VALID_FILES = sorted((FIXTURES / "valid").glob("*.yml"))
INVALID_FILES = sorted((FIXTURES / "invalid").glob("*.yml"))
EXPECT = "# expect: "

# The cases the challenge validator must cover, one invalid fixture each.
REQUIRED_INVALID = {
    "deadline-before-opens.yml",
    "unknown-sector.yml",
    "apply-bad-url.yml",
    "apply-http.yml",
    "apply-not-an-address.yml",
    "apply-javascript.yml",
    "apply-bad-email.yml",
    "problem-script.yml",
    "problem-javascript-link.yml",
    "problem-image.yml",
    "missing-required.yml",
    "unknown-field.yml",
    "bad-format.yml",
    "unknown-program.yml",
    "too-many-sectors.yml",
    "reward-html.yml",
    "Bad_Name.yml",
}

# A valid challenge with the required fields only.
CHALLENGE = """\
title:
  fr: {title}
company:
  name: Entreprise de test
summary:
  fr: Un résumé d'une ligne
problem:
  fr: |
    Un problème en **Markdown**.
sectors: [fintech]
format: poc
opens: 2026-11-01
deadline: 2026-12-31
apply: https://entreprise.example/defi
updated: 2026-11-01
"""


def expected_lines(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith(EXPECT):
            break
        lines.append(line[len(EXPECT) :])
    return lines


def problems_of(root: Path, paths: list[Path] | None, when: dt.date) -> list[str]:
    _, report = load_directory(root, paths, when=when)
    return [p.as_text() for p in report.sorted()]


def write_challenge(root: Path, slug: str, title: str = "Un défi de test") -> Path:
    text = CHALLENGE.format(title=title)
    path = root / CHALLENGE_DIR / f"{slug}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# The fixtures


def test_fixture_sets_are_complete():
    assert len(VALID_FILES) >= 4
    assert not REQUIRED_INVALID - {p.name for p in INVALID_FILES}


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_valid_fixture(path, repo_root, when):
    assert problems_of(repo_root, [path], when) == []


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_invalid_fixture(path, repo_root, when):
    expected = expected_lines(path)
    assert expected, f"{path.name} declares no `# expect:` line"
    prefix = f"tests/fixtures/challenges/invalid/{path.name}:"
    assert all(line.startswith(prefix) for line in expected)
    assert sorted(problems_of(repo_root, [path], when)) == sorted(expected)


def test_the_invalid_folder_reports_what_each_file_reports(repo_root, when):
    lines = problems_of(repo_root, [FIXTURES / "invalid"], when)
    assert sorted(lines) == sorted(line for p in INVALID_FILES for line in expected_lines(p))


def test_deadline_before_opens_is_reported_on_the_deadline_line():
    path = FIXTURES / "invalid" / "deadline-before-opens.yml"
    (line,) = expected_lines(path)
    number = int(line.split(":")[1])
    assert path.read_text(encoding="utf-8").splitlines()[number - 1].startswith("deadline:")


@pytest.fixture
def loaded(repo_root, when, taxonomy):
    def load(path: Path) -> Challenge:
        ctx = Context(display(path, repo_root), taxonomy, when, repo_root / "startups")
        value, _ = read_checked(path, Challenge, ctx)
        assert value is not INVALID, [p.as_text() for p in ctx.problems]
        return value

    return load


def test_full_challenge(loaded):
    challenge = loaded(FIXTURES / "valid" / "full.yml")
    assert challenge.title.fr == "Un défi complet" and challenge.title.en == "A complete challenge"
    assert challenge.company == Company(
        name="Entreprise Complète", website="https://complete.example", logo="logos/atlas-pay.png"
    )
    assert challenge.summary.en == "A one-line summary"
    assert challenge.problem.fr.startswith("## Le contexte\n")
    assert challenge.sectors == ("fintech", "e-commerce", "saas")
    assert challenge.needs == ("open-innovation", "market-access")
    assert challenge.stages == ("seed", "series-a")
    assert challenge.cities == ("casablanca", "rabat")
    assert challenge.format == "partnership"
    assert challenge.reward.fr == "Un contrat de deux ans"
    assert (challenge.opens, challenge.deadline) == (dt.date(2026, 11, 1), dt.date(2027, 1, 31))
    assert challenge.apply == "https://complete.example/defi"
    assert challenge.program == "open-innovation-challenge"
    assert challenge.contact == Contact(email="defis@complete.example")
    assert challenge.updated == dt.date(2026, 11, 26)
    assert challenge.maintainers == ("complete-dev",)


def test_full_challenge_uses_every_field():
    text = (FIXTURES / "valid" / "full.yml").read_text(encoding="utf-8")
    for name, _ in fields_of(Challenge):
        assert f"\n{name}:" in text
    for name, _ in fields_of(Company):
        assert f"\n  {name}:" in text


def test_optional_lists_are_empty_when_absent(loaded):
    challenge = loaded(FIXTURES / "valid" / "minimal.yml")
    assert (challenge.needs, challenge.stages, challenge.cities) == ((), (), ())
    assert (challenge.reward, challenge.program, challenge.contact) == (None, None, None)


def test_an_e_mail_address_to_apply(loaded):
    assert loaded(FIXTURES / "valid" / "apply-email.yml").apply == "defis@entreprise.example"


def test_the_formats():
    assert FORMATS == ("poc", "pilot", "contract", "prize", "partnership")


# ---------------------------------------------------------------------------
# Open, upcoming, closed: judged on a given day, never on the clock


@pytest.mark.parametrize(
    ("day", "state", "days_left"),
    [
        (dt.date(2026, 10, 31), UPCOMING, 61),  # the day before it opens
        (dt.date(2026, 11, 1), OPEN, 60),  # the day it opens
        (dt.date(2026, 11, 26), OPEN, 35),
        (dt.date(2026, 12, 31), OPEN, 0),  # the deadline is included
        (dt.date(2027, 1, 1), CLOSED, -1),  # the day after
    ],
)
def test_open_from_opens_to_deadline_inclusive(loaded, day, state, days_left):
    challenge = loaded(FIXTURES / "valid" / "minimal.yml")
    assert challenge.state(day) == state
    assert challenge.is_open(day) is (state == OPEN)
    assert challenge.days_left(day) == days_left


def test_a_one_day_challenge(loaded):
    challenge = loaded(FIXTURES / "valid" / "same-day.yml")
    assert challenge.opens == challenge.deadline == dt.date(2026, 11, 1)
    assert [challenge.is_open(dt.date(2026, 11, d)) for d in (1, 2)] == [True, False]
    assert challenge.state(dt.date(2026, 10, 31)) == UPCOMING


def test_the_day_is_not_the_clock(loaded, monkeypatch):
    """The state follows the day it is given, whatever STARTUPDIR_TODAY says."""
    challenge = loaded(FIXTURES / "valid" / "minimal.yml")
    monkeypatch.setenv("STARTUPDIR_TODAY", "2030-01-01")
    assert challenge.is_open(dt.date(2026, 11, 26))


# ---------------------------------------------------------------------------
# The sample challenges


def test_sample_challenges_are_valid(sample_directory, repo_root, when):
    challenges = sample_directory.challenges
    slugs = [c.slug for c in challenges]
    assert 3 <= len(challenges) <= 4
    assert slugs == sorted(p.stem for p in (repo_root / CHALLENGE_DIR).glob("*.yml"))
    for challenge in challenges:
        assert challenge.source == f"challenges/{challenge.slug}.yml"
    assert sample_directory.challenge(slugs[0]).slug == slugs[0]
    with pytest.raises(KeyError):
        sample_directory.challenge("does-not-exist")


def test_sample_challenges_cover_the_states(sample_directory, when):
    states = sorted(c.state(when) for c in sample_directory.challenges)
    assert states.count(CLOSED) == 1 and states.count(UPCOMING) == 1
    assert states.count(OPEN) >= 1
    (upcoming,) = [c for c in sample_directory.challenges if c.state(when) == UPCOMING]
    assert 0 < (upcoming.opens - when).days <= 30  # opening soon


def test_sample_challenges_use_the_sample_taxonomy(sample_directory):
    challenges, taxonomy = sample_directory.challenges, sample_directory.taxonomy
    assert {c.format for c in challenges} >= {"poc", "pilot", "prize"}
    assert any(c.program for c in challenges)
    assert any(c.stages for c in challenges) and any(not c.stages for c in challenges)
    assert any(c.cities for c in challenges) and any(not c.cities for c in challenges)
    assert all(c.program in taxonomy.ids("programs") for c in challenges if c.program)
    for challenge in challenges:
        assert "open-innovation" in challenge.needs
        assert challenge.company.website is None or challenge.company.website.endswith(".example")


def test_sample_challenges_are_marked_as_illustrations(repo_root, sample_directory):
    for challenge in sample_directory.challenges:
        lines = (repo_root / challenge.source).read_text(encoding="utf-8").splitlines()
        assert lines[0] == CHALLENGE_SCHEMA_COMMENT
        assert lines[1].startswith("# Défi fictif, donné en exemple")
        assert "(exemple fictif)" in challenge.company.name
        assert challenge.problem.fr.startswith("*Défi fictif, publié à titre d'illustration.*")
        if challenge.problem.en:
            assert challenge.problem.en.startswith("*A fictional challenge")


# ---------------------------------------------------------------------------
# The repository's challenges/ folder


def test_load_directory_returns_the_challenges_sorted_by_slug(repo, when):
    for slug in ("zeta-defi", "alpha-defi", "milieu-defi"):
        write_challenge(repo, slug, title=f"Défi {slug}")
    directory, report = load_directory(repo, when=when)
    assert report.ok, [p.as_text() for p in report.sorted()]
    assert [c.slug for c in directory.challenges] == ["alpha-defi", "milieu-defi", "zeta-defi"]
    assert directory.challenges[0].title.fr == "Défi alpha-defi"


def test_no_challenges_folder_means_no_challenges(repo, when):
    directory, report = load_directory(repo, when=when)
    assert report.ok and directory.challenges == ()


def test_validate_counts_challenge_files(repo, profile_text, when, capsys):
    (repo / "startups" / "une.yml").write_text(profile_text("Une"), encoding="utf-8")
    for slug in ("un-defi", "deux-defis"):
        write_challenge(repo, slug)
    assert main(["validate", "--root", str(repo)]) == EXIT_OK
    # taxonomy.yml, directory.yml, one profile and two challenges
    assert capsys.readouterr().out == "Tout est valide : 5 fichiers vérifiés, 0 erreur.\n"


def test_validate_one_challenge_file(repo, when, capsys):
    path = write_challenge(repo, "un-defi")
    path.write_text(path.read_text().replace("[fintech]", "[fintek]"), encoding="utf-8")
    assert main(["validate", "--root", str(repo), str(path)]) == EXIT_INVALID
    assert capsys.readouterr().out.splitlines()[0] == (
        "challenges/un-defi.yml:10:11: sectors[0]: secteur inconnu « fintek »"
        " — vouliez-vous dire « fintech » ?"
    )


def test_a_typo_in_the_apply_address_is_not_left_to_fix(repo, when):
    """--fix rewrites profiles and posts only: a challenge's problem never claims it."""
    write_challenge(repo, "un-defi")
    path = repo / CHALLENGE_DIR / "un-defi.yml"
    path.write_text(path.read_text().replace("https://entreprise", "ttps://entreprise"))
    _, report = load_directory(repo, when=when)
    (problem,) = report.sorted()
    assert problem.as_text() == (
        "challenges/un-defi.yml:14:8: apply: adresse web mal écrite"
        " « ttps://entreprise.example/defi » — vouliez-vous dire"
        " « https://entreprise.example/defi » ?"
    )
    assert not problem.fixable and report.fixable == 0


def test_company_logo_is_a_path_inside_startups(repo, when):
    path = write_challenge(repo, "un-defi")
    text = path.read_text().replace(
        "  name: Entreprise de test\n", "  name: Entreprise de test\n  logo: logos/absent.png\n"
    )
    path.write_text(text, encoding="utf-8")
    assert problems_of(repo, None, when) == [
        "challenges/un-defi.yml:5:9: company.logo: logo introuvable « logos/absent.png »"
        " — placez l'image dans startups/logos/ et écrivez « logos/nom.png »"
    ]


def test_a_valid_company_logo_is_checked_as_an_image(repo, repo_root, when):
    (repo / "startups" / "logos").mkdir()
    shutil.copy(repo_root / "startups/logos/atlas-pay.png", repo / "startups/logos/groupe.png")
    path = write_challenge(repo, "un-defi")
    text = path.read_text().replace(
        "  name: Entreprise de test\n", "  name: Entreprise de test\n  logo: logos/groupe.png\n"
    )
    path.write_text(text, encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert report.ok, [p.as_text() for p in report.sorted()]
    assert directory.challenges[0].company.logo == "logos/groupe.png"


def test_unexpected_entries_of_the_challenges_folder(repo, when):
    folder = repo / CHALLENGE_DIR
    write_challenge(repo, "un-defi")
    (folder / "notes.txt").write_text("brouillon\n", encoding="utf-8")
    (folder / "logos").mkdir()
    (folder / "Defi.YML").write_text(CHALLENGE.format(title="Défi"), encoding="utf-8")
    (folder / "lien.yml").symlink_to(folder / "un-defi.yml")
    assert problems_of(repo, None, when) == [
        "challenges/Defi.YML:1:1: extension « .YML » non acceptée"
        " — renommez le fichier en Defi.yml (extension en minuscules)",
        "challenges/lien.yml:1:1: lien symbolique refusé"
        " — remplacez le lien par le fichier lui-même : un lien peut mener hors du dépôt",
        "challenges/logos:1:1: dossier inattendu « logos » dans challenges/"
        " — aucun dossier n'y est attendu ; les défis sont à la racine de challenges/",
        "challenges/notes.txt:1:1: fichier inattendu « notes.txt » dans challenges/"
        " — un défi se nomme mon-defi.yml ; le logo de l'entreprise va dans startups/logos/",
    ]


def test_a_linked_challenges_folder_is_not_read(repo, tmp_path, when):
    elsewhere = tmp_path / "ailleurs"
    write_challenge(elsewhere, "un-defi")
    (repo / CHALLENGE_DIR).symlink_to(elsewhere / CHALLENGE_DIR)
    directory, report = load_directory(repo, when=when)
    assert directory is None
    assert [p.as_text() for p in report.sorted()] == [
        "challenges:1:1: le dossier challenges/ est un lien symbolique"
        " — remplacez le lien par un vrai dossier : un lien peut mener hors du dépôt"
    ]


# ---------------------------------------------------------------------------
# News posts may name challenges


POST = """\
---
date: 2026-11-20
authors: [equipe]
categories: [Partenariat]
description: Un défi d'open innovation.
challenges: [{names}]
---

# Un défi

Texte.
"""


@pytest.fixture
def post_repo(tmp_path, repo_root) -> Path:
    """The sample content (profiles, challenges, posts) in a throw-away copy."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("taxonomy.yml", "directory.yml"):
        shutil.copy(repo_root / name, root / name)
    for folder in ("startups", CHALLENGE_DIR, "content"):
        shutil.copytree(repo_root / folder, root / folder)
    return root


def write_post(root: Path, names: str) -> Path:
    path = root / POSTS_DIR / "2026-11-20-un-defi.md"
    path.write_text(POST.format(names=names), encoding="utf-8")
    return path


def test_a_post_names_a_challenge(post_repo, when):
    path = write_post(post_repo, "paiement-sans-contact-commerces")
    directory, report = load_directory(post_repo, when=when)
    assert report.ok, [p.as_text() for p in report.sorted()]
    (post,) = [p for p in directory.posts if p.stem == path.stem]
    assert post.meta.challenges == ("paiement-sans-contact-commerces",)


def test_a_post_naming_an_unknown_challenge_is_refused(post_repo, when):
    path = write_post(post_repo, "maintenance-predictive-usines, paiement-sans-contact")
    name = f"{POSTS_DIR}/{path.name}"
    assert problems_of(post_repo, [path], when) == [
        f"{name}:6:45: challenges[1]: défi inconnu « paiement-sans-contact »"
        " — vouliez-vous dire « paiement-sans-contact-commerces » ?"
    ]


def test_a_post_naming_a_challenge_far_from_any(post_repo, when):
    path = write_post(post_repo, "hackathon")
    (line,) = problems_of(post_repo, [path], when)
    assert line.endswith(
        "challenges[0]: défi inconnu « hackathon » — valeurs possibles : "
        "logistique-dernier-kilometre, maintenance-predictive-usines, "
        "paiement-sans-contact-commerces, tri-dechets-recyclables"
    )


# ---------------------------------------------------------------------------
# `startupdir new-challenge`

FILLED = [
    (r"^  name:$", "  name: Groupe Test"),
    (r"^  fr:$", "  fr: Un résumé d'une ligne"),
    (r"^  fr: \|\n", "  fr: |\n    Le problème à résoudre.\n"),
    (r"^sectors: \[\]$", "sectors: [industry]"),
    (r"^format:$", "format: pilot"),
    (r"^opens:$", "opens: 2026-12-01"),
    (r"^deadline:$", "deadline: 2027-01-31"),
    (r"^apply:$", "apply: https://groupe-test.example/defi"),
]


@pytest.fixture
def new(repo, monkeypatch, capsys):
    """Run `startupdir new-challenge ARGS` in ``repo``; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(repo)

    def run(*args: str):
        code = main(["new-challenge", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_new_challenge_writes_the_template(repo, new, when):
    code, out, err = new("Maintenance prédictive des usines")
    assert (code, err) == (EXIT_OK, "")
    assert out.splitlines()[0] == "Défi créé : challenges/maintenance-predictive-des-usines.yml"
    text = (repo / CHALLENGE_DIR / "maintenance-predictive-des-usines.yml").read_text()
    assert text.splitlines()[0] == CHALLENGE_SCHEMA_COMMENT
    assert 'title:\n  fr: "Maintenance prédictive des usines"\n' in text
    assert f"\nupdated: {when.isoformat()}\n" in text
    assert "\r" not in text


def test_untouched_challenge_template_reports_its_placeholders(repo, new, when):
    new("Un défi")
    _, report = load_directory(repo, when=when)
    assert {p.file for p in report.sorted()} == {"challenges/un-defi.yml"}
    assert [p.field for p in report.sorted()] == [
        "company.name",
        "summary.fr",
        "problem.fr",
        "sectors",
        "format",
        "opens",
        "deadline",
        "apply",
    ]


def test_filled_challenge_template_validates(repo, new, when):
    new("Un défi")
    path = repo / CHALLENGE_DIR / "un-defi.yml"
    text = path.read_text(encoding="utf-8")
    for pattern, value in FILLED:
        text, count = re.subn(pattern, value, text, count=1, flags=re.M)
        assert count == 1, pattern
    path.write_text(text, encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert report.ok, [p.as_text() for p in report.sorted()]
    (challenge,) = directory.challenges
    assert (challenge.slug, challenge.title.fr, challenge.format) == ("un-defi", "Un défi", "pilot")
    assert challenge.state(when) == UPCOMING


def test_uncommented_examples_validate(repo, when):
    """Each commented placeholder, once uncommented, is a valid field (with a city of
    this directory's taxonomy: the generator's example names none)."""
    text = challenge_text("Un défi", when).replace("[capitale]", "[casablanca]")
    for name, line in FILLED:
        text = re.sub(name, line, text, count=1, flags=re.M)
    text = re.sub(
        r"^# (needs|stages|cities|maintainers|reward|contact|  )", r"\1", text, flags=re.M
    )
    text = text.replace("#   fr: Pilote", "  fr: Pilote").replace("#   email:", "  email:")
    path = repo / CHALLENGE_DIR / "un-defi.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert report.ok, [p.as_text() for p in report.sorted()]
    (challenge,) = directory.challenges
    assert challenge.stages == ("seed", "series-a") and challenge.reward is not None


def test_new_challenge_refuses_to_overwrite(repo, new):
    assert new("Un défi")[0] == EXIT_OK
    before = (repo / CHALLENGE_DIR / "un-defi.yml").read_text()
    code, out, err = new("Un défi")
    assert (code, out) == (EXIT_INVALID, "")
    assert err == (
        "startupdir new-challenge : challenges/un-defi.yml existe déjà :"
        " modifiez ce défi au lieu d'en créer un autre\n"
    )
    assert (repo / CHALLENGE_DIR / "un-defi.yml").read_text() == before


def test_new_challenge_with_an_explicit_slug(repo, new):
    assert new("Un très long titre de défi", "--slug", "court")[0] == EXIT_OK
    assert (repo / CHALLENGE_DIR / "court.yml").is_file()


@pytest.mark.parametrize("title", ["!!!", "   "])
def test_new_challenge_needs_a_letter_or_digit(repo, title):
    with pytest.raises(ScaffoldError, match="au moins une lettre ou un chiffre"):
        new_challenge(repo, title)


def test_new_challenge_refuses_a_bad_slug(new):
    code, _, err = new("Un défi", "--slug", "Mauvais_Nom")
    assert code == EXIT_INVALID
    assert "identifiant « Mauvais_Nom » invalide" in err and "(option --slug)" in err


@pytest.mark.parametrize("name", [name for name, _ in fields_of(Challenge)])
def test_challenge_template_mentions_every_field(name, when):
    text = challenge_text("Un défi", when)
    assert re.search(rf"^(# )?{name}:", text, flags=re.M), name
    assert name in CHALLENGE_PLACEHOLDERS


# ---------------------------------------------------------------------------
# The JSON Schema for editors


@pytest.fixture(scope="module")
def printed() -> str:
    """What `startupdir schema --challenge` prints."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["schema", "--challenge"]) == EXIT_OK
    return out.getvalue()


def test_schema_follows_the_declaration(printed):
    schema = json.loads(printed)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "challenge.schema.json"
    assert list(schema["properties"]) == [name for name, _ in fields_of(Challenge)]
    assert schema["required"] == [name for name, fs in fields_of(Challenge) if fs.required]
    assert schema["additionalProperties"] is False
    for name, fs in fields_of(Challenge):
        assert schema["properties"][name]["description"] == fs.doc
    company = schema["properties"]["company"]
    assert list(company["properties"]) == ["name", "website", "logo"]
    assert company["required"] == ["name"]
    assert schema["properties"]["format"]["enum"] == list(FORMATS)
    sectors = schema["properties"]["sectors"]
    assert (sectors["minItems"], sectors["maxItems"]) == (1, 3)
    assert printed == json.dumps(challenge_schema(), ensure_ascii=False, indent=2) + "\n"


def test_committed_challenge_schema_is_up_to_date(repo_root, printed):
    committed = repo_root / CHALLENGE_SCHEMA_PATH
    assert committed.is_file(), "run: startupdir schema --challenge --out " + CHALLENGE_SCHEMA_PATH
    assert committed.read_text(encoding="utf-8") == printed, (
        f"{CHALLENGE_SCHEMA_PATH} is stale: "
        f"run startupdir schema --challenge --out {CHALLENGE_SCHEMA_PATH}"
    )


def test_schema_comment_resolves_from_challenges(repo_root):
    relative = CHALLENGE_SCHEMA_COMMENT.split("$schema=", 1)[1]
    target = (repo_root / CHALLENGE_DIR / relative).resolve()
    assert target == (repo_root / CHALLENGE_SCHEMA_PATH).resolve()


def as_json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_value(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("apply", "valid"),
    [
        ("https://groupe.example/defi", True),
        ("defis@groupe.example", True),
        ("http://groupe.example/defi", False),
        ("javascript:alert(1)", False),
    ],
)
def test_schema_apply_address(printed, apply, valid):
    import jsonschema

    node = json.loads(printed)["properties"]["apply"]
    assert jsonschema.Draft202012Validator(node).is_valid(apply) is valid


def test_sample_and_valid_challenges_satisfy_the_schema(repo_root, printed):
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(printed))
    paths = sorted((repo_root / CHALLENGE_DIR).glob("*.yml")) + VALID_FILES
    assert len(paths) >= 7
    for path in paths:
        instance = as_json_value(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert [e.message for e in validator.iter_errors(instance)] == [], path.name


def test_writing_the_schema_to_a_file(tmp_path, printed):
    target = tmp_path / "nested" / "challenge.schema.json"
    assert main(["schema", "--challenge", "--out", os.fspath(target)]) == EXIT_OK
    assert target.read_text(encoding="utf-8") == printed
