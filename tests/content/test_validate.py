"""startupdir.content.validate: whole-repository validation, driven by the YAML fixtures.

tests/fixtures/valid/*.yml must validate with no problem; every file of
tests/fixtures/invalid/ declares the exact error lines it produces in leading
`# expect: ` comments (or, when its bytes cannot hold a comment, in
EXPECTED_ELSEWHERE below).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from startupdir.content import validate
from startupdir.content.model import Startup
from startupdir.content.problems import Report
from startupdir.content.schema import INVALID, Context
from startupdir.content.validate import (
    display,
    expand,
    find_root,
    load_directory,
    load_taxonomy,
    name_key,
    read_checked,
)
from startupdir.content.yamltext import MAX_BYTES

FIXTURES = Path(__file__).parents[1] / "fixtures"
VALID_FILES = sorted((FIXTURES / "valid").glob("*.yml"))
INVALID_FILES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.suffix in (".yml", ".yaml"))
EXPECT = "# expect: "
UTF8_HINT = "enregistrez le fichier en UTF-8 dans votre éditeur (« Encodage : UTF-8 »)"

# Fixtures whose bytes cannot carry an `# expect:` comment (not UTF-8, or a BOM).
EXPECTED_ELSEWHERE = {
    "latin1.yml": [
        "tests/fixtures/invalid/latin1.yml:3:23: "
        f"le fichier n'est pas encodé en UTF-8 — {UTF8_HINT}"
    ],
    "utf16.yml": [
        f"tests/fixtures/invalid/utf16.yml:1:1: le fichier n'est pas encodé en UTF-8 — {UTF8_HINT}"
    ],
    # BOM + CRLF: line and column count as an editor shows them.
    "bom-crlf-error.yml": [
        "tests/fixtures/invalid/bom-crlf-error.yml:9:20: sectors[1]: secteur inconnu « fintek »"
        " — vouliez-vous dire « fintech » ?"
    ],
}


def expected_lines(path: Path) -> list[str]:
    if path.name in EXPECTED_ELSEWHERE:
        return EXPECTED_ELSEWHERE[path.name]
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith(EXPECT):
            break
        lines.append(line[len(EXPECT) :])
    return lines


def problems_of(root: Path, paths: list[Path] | None, when: dt.date) -> list[str]:
    _, report = load_directory(root, paths, when=when)
    return [p.as_text() for p in report.sorted()]


def name(path: Path) -> str:
    return path.name


@pytest.fixture(scope="session")
def fixture_problems(repo_root, when):
    """The problem lines of one fixture file, validated against the repository (cached)."""
    cache: dict[Path, list[str]] = {}

    def run(path: Path) -> list[str]:
        if path not in cache:
            cache[path] = problems_of(repo_root, [path], when)
        return cache[path]

    return run


# ---------------------------------------------------------------------------
# The fixtures


def test_fixture_sets_are_not_empty():
    assert len(VALID_FILES) >= 6
    assert len(INVALID_FILES) >= 30


@pytest.mark.parametrize("path", VALID_FILES, ids=name)
def test_valid_fixture(path, fixture_problems):
    assert fixture_problems(path) == []


@pytest.mark.parametrize("path", INVALID_FILES, ids=name)
def test_invalid_fixture(path, fixture_problems):
    expected = expected_lines(path)
    assert expected, f"{path.name} declares no `# expect:` line"
    prefix = f"tests/fixtures/invalid/{path.name}:"
    assert all(line.startswith(prefix) for line in expected)
    assert sorted(fixture_problems(path)) == sorted(expected)


def test_a_folder_reports_what_each_of_its_files_reports(repo_root, when, fixture_problems):
    lines = problems_of(repo_root, [FIXTURES / "invalid"], when)
    one_by_one = [line for path in INVALID_FILES for line in fixture_problems(path)]
    assert sorted(lines) == sorted(one_by_one)
    assert {line.split(":")[0] for line in lines} == {
        f"tests/fixtures/invalid/{path.name}" for path in INVALID_FILES
    }


def test_binary_fixtures_are_byte_exact():
    # tests/fixtures/.gitattributes keeps git from rewriting these bytes.
    assert (FIXTURES / "valid" / "bom-crlf.yml").read_bytes().startswith(b"\xef\xbb\xbfname:")
    assert b"\r\n" in (FIXTURES / "valid" / "bom-crlf.yml").read_bytes()
    assert "* -text" in (FIXTURES / ".gitattributes").read_text().splitlines()


# ---------------------------------------------------------------------------
# What valid fixtures become


@pytest.fixture
def loaded(repo_root, when, taxonomy):
    def load(fixture: str) -> Startup:
        path = FIXTURES / "valid" / fixture
        ctx = Context(display(path, repo_root), taxonomy, when, path.parent)
        value, _ = read_checked(path, Startup, ctx)
        assert value is not INVALID, [p.as_text() for p in ctx.problems]
        return value

    return load


def test_norway_stays_no(loaded):
    assert loaded("market-norway.yml").markets == ("NO", "MA")


def test_quoted_values_stay_text(loaded):
    startup = loaded("quoted-name-number.yml")
    assert (startup.name, startup.tagline.fr, startup.description.fr) == ("2021", "yes", "1.0\n")
    startup = loaded("quoted-name-bool.yml")
    assert (startup.name, startup.tagline.fr, startup.description.fr) == ("yes", "no", "off\n")


def test_plain_values_in_text_fields_stay_text(loaded):
    startup = loaded("plain-scalars-stay-text.yml")
    assert (startup.name, startup.tagline.fr) == ("007", "1e3")
    assert startup.description.fr == "2026-01-01\n"


def test_arabic_keeps_its_joiners(loaded):
    startup = loaded("arabic-zwnj.yml")
    assert "\u200c" in startup.name
    assert "\u200c" in startup.tagline.ar
    assert "\u200c" in startup.description.ar


def test_bom_and_crlf_leave_no_trace(loaded):
    startup = loaded("bom-crlf.yml")
    assert startup.name == "Fichier Windows"
    assert startup.description.fr == "Première ligne.\n\nSeconde ligne.\n"


def test_full_profile(loaded):
    startup = loaded("full.yml")
    assert startup.status == "acquired" and not startup.is_active and startup.is_listed
    assert startup.founded == 1950 and startup.employees == 100_000
    assert startup.sectors == ("fintech", "e-commerce", "saas")
    assert startup.business_model == ("b2b", "b2c", "b2b2c", "b2g")
    assert startup.hiring is False
    assert startup.seeking_investment.round == "series-a"
    assert [(p.id, p.year) for p in startup.programs] == [
        ("technopark-incubation", 2021),
        ("cgem-tech-connect", None),
    ]
    assert [f.name for f in startup.founders] == ["Salma Exemple", "Youssef Exemple"]
    assert startup.founders[1].role is None
    assert startup.contact.email == "contact@complet.example"
    assert [name for name, _ in startup.links.items()] == [
        "linkedin",
        "x",
        "facebook",
        "instagram",
        "youtube",
        "github",
    ]
    assert startup.logo == "logos/full.png"
    assert startup.maintainers == ("complet-dev", "complet-bot")
    assert startup.description.en == (
        "Profil Complet helps *shopkeepers* get paid without a card terminal.\n"
    )
    assert startup.updated == dt.date(2026, 11, 26)


def test_full_profile_uses_every_field():
    text = (FIXTURES / "valid" / "full.yml").read_text(encoding="utf-8")
    from startupdir.content.schema import fields_of

    for field, _ in fields_of(Startup):
        assert f"\n{field}:" in text


# ---------------------------------------------------------------------------
# Generated cases (too big, or needing a repository of their own)


def test_file_larger_than_64_kib(repo, profile_text, when):
    path = repo / "startups" / "big-file.yml"
    text = profile_text("Gros Fichier") + "#"
    text += "x" * (70 * 1024 - len(text.encode()) - 1) + "\n"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size == 70 * 1024 > MAX_BYTES
    assert problems_of(repo, [path], when) == [
        "startups/big-file.yml:1:1: fichier trop volumineux (70 Kio, maximum 64 Kio)"
        " — raccourcissez les descriptions ; un profil tient largement en 64 Kio"
    ]


def test_file_of_exactly_64_kib_is_read(repo, profile_text, when):
    path = repo / "startups" / "limit.yml"
    text = profile_text("Juste Assez") + "#"
    text += "x" * (MAX_BYTES - len(text.encode()) - 1) + "\n"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size == MAX_BYTES
    assert problems_of(repo, [path], when) == []


def test_thirty_thousand_levels_deep(repo, when):
    path = repo / "startups" / "deep.yml"
    path.write_text("name: " + "[" * 30_000 + "\n", encoding="utf-8")
    lines = problems_of(repo, [path], when)
    assert lines == [
        "startups/deep.yml:1:16: imbrication trop profonde (plus de 10 niveaux)"
        " — un profil n'a jamais besoin de plus de trois niveaux"
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Atlas Pay", "ＡＴＬＡＳ ｐａｙ"),
        ("Atlas Pay", "atlas   PAY"),
        ("Straße Lab", "STRASSE LAB"),
        ("Café Tech", "Cafe\u0301 Tech"),
        ("ﬁnance Lab", "Finance Lab"),
        # Look-alikes (confusable skeleton, Unicode TS #39)
        ("Kenz HR", "\u039a\u0435nz \u041dR"),  # Greek Kappa, Cyrillic e and En
        ("Tbib Connect", "Tbib Conn\u0435ct"),  # Cyrillic e
        ("Riad Hub", "Riad\u034f Hub"),  # combining grapheme joiner
        ("Riad Hub", "Riad Hub\ufe0f"),  # variation selector
        ("Riad Hub", "Ri\u0251d Hub"),  # Latin alpha
        ("Darna Immo", "Darna lmmo"),  # capital I, small l
        ("Idara Cloud", "Idara C1oud"),  # digit one for l
        ("Mizan Compta", "Mizan Cornpta"),  # r n for m
        ("Hanout Smart", "HanouT SrnarT"),
    ],
)
def test_duplicate_names_across_files(repo, profile_text, when, first, second):
    (repo / "startups" / "atlas-one.yml").write_text(profile_text(first), encoding="utf-8")
    (repo / "startups" / "atlas-two.yml").write_text(profile_text(second), encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert directory is None
    (problem,) = report.sorted()
    assert (problem.file, problem.line, problem.field) == ("startups/atlas-two.yml", 1, "name")
    assert "startups/atlas-one.yml" in problem.message
    assert problem.message.startswith("nom « ")
    assert problem.message.endswith(" » déjà utilisé par startups/atlas-one.yml")


def test_duplicate_name_exact_line(repo, profile_text, when):
    (repo / "startups" / "atlas-pay.yml").write_text(profile_text("Atlas Pay"), encoding="utf-8")
    text = "# Un commentaire\n" + profile_text("ＡＴＬＡＳ ｐａｙ")
    (repo / "startups" / "atlas-pay-maroc.yml").write_text(text, encoding="utf-8")
    # The pair is reported on the file that sorts last, naming the other one.
    assert problems_of(repo, None, when) == [
        "startups/atlas-pay.yml:1:1: name: nom « Atlas Pay » déjà utilisé par "
        "startups/atlas-pay-maroc.yml — "
        "une startup n'a qu'un profil : mettez à jour le profil existant"
    ]


def test_duplicate_of_a_repository_profile_when_validating_one_file(repo, profile_text, when):
    (repo / "startups" / "atlas-pay.yml").write_text(profile_text("Atlas Pay"), encoding="utf-8")
    incoming = repo / "incoming"
    incoming.mkdir()
    (incoming / "zz-atlas.yml").write_text(profile_text("ATLAS PAY"), encoding="utf-8")
    # The error belongs to the file being validated, whatever the sort order says:
    # `startupdir validate incoming/zz-atlas.yml` must not blame startups/atlas-pay.yml.
    (line,) = problems_of(repo, [incoming / "zz-atlas.yml"], when)
    assert line == (
        "incoming/zz-atlas.yml:1:1: name: nom « ATLAS PAY » déjà utilisé par "
        "startups/atlas-pay.yml — une startup n'a qu'un profil : mettez à jour le profil existant"
    )


def test_duplicates_elsewhere_are_not_reported_when_validating_one_file(repo, profile_text, when):
    for slug in ("first-one", "second-one"):
        (repo / "startups" / f"{slug}.yml").write_text(profile_text("Même Nom"), encoding="utf-8")
    (repo / "startups" / "other.yml").write_text(profile_text("Autre"), encoding="utf-8")
    assert problems_of(repo, [repo / "startups" / "other.yml"], when) == []
    assert len(problems_of(repo, None, when)) == 1


def test_name_key():
    assert name_key("ＡＴＬＡＳ ｐａｙ") == name_key("atlas pay") == "atlas pay"
    assert name_key("\u0410tl\u0430s P\u0430y") == "atlas pay"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Atlas Pay", "Atlas Pays"),
        ("Kenz HR", "Kenz RH"),
        ("Café Tech", "Cafe Tech"),  # an accent is seen
        ("Darna Immo", "Darna Imma"),
    ],
)
def test_names_that_look_different_are_not_duplicates(repo, profile_text, when, first, second):
    (repo / "startups" / "one.yml").write_text(profile_text(first), encoding="utf-8")
    (repo / "startups" / "two.yml").write_text(profile_text(second), encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert report.ok and len(directory.startups) == 2


# ---------------------------------------------------------------------------
# The repository run


def test_sample_data_is_valid(repo_root, when):
    directory, report = load_directory(repo_root, when=when)
    assert [p.as_text() for p in report.sorted()] == []
    slugs = [s.slug for s in directory.startups]
    assert slugs == sorted(slugs)
    assert slugs == sorted(p.stem for p in (repo_root / "startups").glob("*.yml"))
    for startup in directory.startups:
        assert startup.source == f"startups/{startup.slug}.yml"
    assert directory.startup(slugs[0]).slug == slugs[0]
    with pytest.raises(KeyError):
        directory.startup("does-not-exist")
    posts = sorted((repo_root / "content" / "actualites" / "posts").glob("*.md"))
    versions = sorted((repo_root / "content" / "en" / "news" / "posts").glob("*.md"))
    challenges = sorted((repo_root / "challenges").glob("*.yml"))
    # profiles, taxonomy.yml, directory.yml, the news posts, their authors file, the
    # posts' English versions, and the challenges
    assert versions and challenges
    assert report.files_checked == (
        len(slugs) + 1 + 1 + len(posts) + 1 + len(versions) + len(challenges)
    )
    assert report.posts == len(posts)


def test_sample_data_covers_the_specification(repo_root, when):
    directory, _ = load_directory(repo_root, when=when)
    startups = directory.startups
    assert 35 <= len(startups) <= 45
    assert len({s for st in startups for s in st.sectors}) >= 12
    cities = {st.city for st in startups}
    assert len(cities) >= 6 and {"casablanca", "rabat", "tanger", "agadir"} <= cities
    assert {st.stage for st in startups} == set(directory.taxonomy.ids("stages"))
    assert any(st.hiring for st in startups)
    assert any(st.raising for st in startups)
    assert any(st.programs for st in startups)
    assert any(st.founders for st in startups)
    assert any(st.tagline.en or st.description.en for st in startups)
    assert any(st.tagline.ar or st.description.ar for st in startups)
    for st in startups:
        assert st.website.split("/")[2].endswith(".example"), st.website


def test_taxonomy_shape(taxonomy):
    assert 16 <= len(taxonomy.sectors) <= 20
    assert taxonomy.ids("stages")[0] == "idea"
    needs = {
        "financing",
        "market-access",
        "skills",
        "international",
        "open-innovation",
        "mentoring",
    }
    assert needs <= set(taxonomy.ids("needs"))
    assert taxonomy.label("sectors", "fintech") == "Fintech"


def test_every_error_of_every_file_is_reported(repo, profile_text, when):
    startups = repo / "startups"
    (startups / "one.yml").write_text(profile_text("Un").replace("[fintech]", "[fintek]"))
    (startups / "two.yml").write_text(profile_text("Deux") + "hiring: yes\nmarkets: [ma]\n")
    (startups / "three.yml").write_text("name: [\n")
    (startups / "fine.yml").write_text(profile_text("Bien"))
    directory, report = load_directory(repo, when=when)
    assert directory is None
    assert [(p.file, p.field) for p in report.sorted()] == [
        ("startups/one.yml", "sectors[0]"),
        ("startups/three.yml", ""),
        ("startups/two.yml", "hiring"),
        ("startups/two.yml", "markets[0]"),
    ]
    # four profiles, taxonomy.yml and directory.yml
    assert (report.files_checked, report.profiles, report.files_with_errors) == (6, 4, 3)


def test_valid_repository_gives_the_directory(repo, profile_text, when):
    (repo / "startups" / "bb-startup.yml").write_text(profile_text("B"), encoding="utf-8")
    (repo / "startups" / "aa-startup.yml").write_text(profile_text("A"), encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert report.ok
    assert [s.slug for s in directory.startups] == ["aa-startup", "bb-startup"]
    assert directory.root == repo


def test_validating_paths_never_returns_a_directory(repo, profile_text, when):
    path = repo / "startups" / "aa-startup.yml"
    path.write_text(profile_text("A"), encoding="utf-8")
    directory, report = load_directory(repo, [path], when=when)
    assert directory is None and report.ok


def test_empty_repository_is_valid(repo, when):
    directory, report = load_directory(repo, when=when)
    assert report.ok and directory.startups == ()


def test_taxonomy_file_is_skipped_when_named(repo, when):
    _, report = load_directory(repo, [repo / "taxonomy.yml"], when=when)
    assert report.ok and report.profiles == 0


def test_missing_taxonomy(tmp_path, when):
    (tmp_path / "startups").mkdir()
    assert problems_of(tmp_path, None, when) == [
        "directory.yml:1:1: fichier d'identité de l'annuaire introuvable — créez directory.yml "
        "à la racine (nom, pays, couleur… de l'annuaire)",
        "taxonomy.yml:1:1: fichier de taxonomie introuvable — créez taxonomy.yml à la racine",
    ]


def edit_taxonomy(repo: Path, old: str, new: str) -> None:
    path = repo / "taxonomy.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_taxonomy_ids_are_unique(repo, when):
    edit_taxonomy(repo, "  - id: insurtech\n", "  - id: fintech\n")
    (line,) = problems_of(repo, None, when)
    assert line.startswith("taxonomy.yml:")
    assert "sectors[1]: valeur en double « fintech »" in line


def test_taxonomy_labels_need_french(repo, when):
    edit_taxonomy(repo, "      fr: Fintech\n", "")
    (line,) = problems_of(repo, None, when)
    assert "sectors[0].label.fr: version française manquante" in line


def test_taxonomy_ids_are_slugs(repo, when):
    edit_taxonomy(repo, "  - id: insurtech\n", "  - id: Insur_Tech\n")
    (line,) = problems_of(repo, None, when)
    assert "sectors[1].id: identifiant « Insur_Tech » invalide" in line


def test_internal_error_becomes_a_located_problem(repo, profile_text, when, monkeypatch):
    (repo / "startups" / "boom.yml").write_text(profile_text("Boum"), encoding="utf-8")

    real = validate.check_object

    def explode(cls, *args, **kwargs):
        if cls is Startup:
            raise RuntimeError("bug")
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(validate, "check_object", explode)
    lines = problems_of(repo, [repo / "startups" / "boom.yml"], when)
    assert lines == [
        "startups/boom.yml:1:1: erreur interne du validateur (RuntimeError) — "
        "signalez-la à l'équipe de l'annuaire en joignant ce fichier"
    ]


# ---------------------------------------------------------------------------
# Helpers


def test_find_root(repo, tmp_path):
    nested = repo / "startups" / "deeper"
    nested.mkdir()
    assert find_root(nested) == repo.resolve()
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    assert find_root(lonely) in (lonely.resolve(), *lonely.resolve().parents)


def test_display_paths(repo, tmp_path):
    assert display(repo / "startups" / "a.yml", repo) == "startups/a.yml"
    outside = tmp_path / "elsewhere.yml"
    assert display(outside, repo) == outside.as_posix()


def test_expand_folders(repo):
    (repo / "startups" / "a.yml").write_text("")
    (repo / "startups" / "b.yaml").write_text("")
    (repo / "startups" / "notes.txt").write_text("")
    assert [p.name for p in expand([repo / "startups"])] == ["a.yml", "b.yaml"]
    assert expand([repo / "x.yml"]) == [repo / "x.yml"]


def test_load_taxonomy_reports_into_the_report(repo, when):
    report = Report()
    assert load_taxonomy(repo, report, when) is not None
    assert report.ok and report.files_checked == 1


# ---------------------------------------------------------------------------
# Anchored patterns: a value ending in a newline is not a valid value followed by nothing


def test_file_name_ending_in_a_newline_is_refused(repo, profile_text, when):
    (repo / "startups" / "evil\n.yml").write_text(profile_text("Saut de Ligne"), encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert directory is None
    assert [p.as_text() for p in report.sorted()] == [
        "startups/evil\\n.yml:1:1: nom de fichier : identifiant « evil\\n » invalide"
        " — minuscules sans accents, chiffres et tirets simples (ex. atlas-pay)"
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            'contact:\n  email: "contact@exemple.ma\\n"\n',
            "startups/newline.yml:15:29: contact.email: saut de ligne interdit"
            " — écrivez ce texte sur une seule ligne",
        ),
        (
            'maintainers: ["exemple-dev\\n"]\n',
            "startups/newline.yml:14:27: maintainers[0]: saut de ligne interdit"
            " — écrivez ce texte sur une seule ligne",
        ),
    ],
    ids=["email", "maintainer"],
)
def test_values_ending_in_a_newline_are_refused(repo, profile_text, when, extra, expected):
    path = repo / "startups" / "newline.yml"
    path.write_text(profile_text("Saut de Ligne") + extra, encoding="utf-8")
    assert problems_of(repo, [path], when) == [expected]


def test_a_problem_is_always_one_line():
    from startupdir.content.problems import Problem

    problem = Problem("startups/a\nb.yml", 1, 1, "na\u2028me", "x\x1b[2Jy \u202ez", "h\ri")
    assert problem.as_text() == "startups/a\\nb.yml:1:1: na\\u2028me: x\\x1b[2Jy \\u202ez — h\\ri"
    assert problem.message == "x\x1b[2Jy \u202ez"  # the data is kept; only text escapes it
    kept = Problem("startups/a.yml", 1, 1, "", "« Café » 100\u202f000 نرم\u200cافزار")
    assert kept.as_text() == "startups/a.yml:1:1: « Café » 100\u202f000 نرم\u200cافزار"


# ---------------------------------------------------------------------------
# Symbolic links and unexpected files in startups/

LINK_HINT = "remplacez le lien par le fichier lui-même : un lien peut mener hors du dépôt"


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_profile_that_is_a_symbolic_link_is_refused_unread(
    repo, tmp_path, profile_text, when, target
):
    outside = tmp_path / "outside.yml"
    outside.write_text(profile_text("Profil Hors Dépôt"), encoding="utf-8")
    (repo / "startups" / "real.yml").write_text(profile_text("Vrai Profil"), encoding="utf-8")
    link = repo / "startups" / "linked.yml"
    link.symlink_to(outside if target == "outside" else repo / "startups" / "real.yml")
    directory, report = load_directory(repo, when=when)
    assert directory is None
    assert [p.as_text() for p in report.sorted()] == [
        f"startups/linked.yml:1:1: lien symbolique refusé — {LINK_HINT}"
    ]
    # Named on the command line, it is refused the same way.
    assert problems_of(repo, [link], when) == [
        f"startups/linked.yml:1:1: lien symbolique refusé — {LINK_HINT}"
    ]


def test_linked_startups_folder_is_not_read(tmp_path, repo_root, profile_text, when):
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("taxonomy.yml", "directory.yml"):
        (root / name).write_bytes((repo_root / name).read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "hidden.yml").write_text(profile_text("Ailleurs"), encoding="utf-8")
    (root / "startups").symlink_to(elsewhere, target_is_directory=True)
    directory, report = load_directory(root, when=when)
    assert directory is None
    assert [p.as_text() for p in report.sorted()] == [
        "startups:1:1: le dossier startups/ est un lien symbolique — remplacez le lien par un"
        " vrai dossier : un lien peut mener hors du dépôt"
    ]


def test_profile_that_is_a_pipe_is_refused(repo, when):
    os.mkfifo(repo / "startups" / "pipe.yml")
    assert problems_of(repo, None, when) == [
        "startups/pipe.yml:1:1: ce n'est pas un fichier ordinaire — remplacez-le par un fichier texte"
    ]


def make_entry(startups: Path, name: str, kind: str) -> None:
    path = startups / name
    if kind == "file":
        path.write_text("name: Oublié\n", encoding="utf-8")
    elif kind == "dir":
        path.mkdir()
        (path / "inside.yml").write_text("name: Oublié\n", encoding="utf-8")
    else:
        path.symlink_to(startups.parent / "taxonomy.yml")


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        (
            ".yml",
            "file",
            "fichier sans nom « .yml » — nommez le fichier d'après la startup, ex. ma-startup.yml",
        ),
        (
            ".yaml",
            "file",
            "fichier sans nom « .yaml » — nommez le fichier d'après la startup, ex. ma-startup.yml",
        ),
        (
            "Kasbah.YML",
            "file",
            "extension « .YML » non acceptée — renommez le fichier en"
            " Kasbah.yml (extension en minuscules)",
        ),
        (
            "kasbah.Yaml",
            "file",
            "extension « .Yaml » non acceptée — renommez le fichier en"
            " kasbah.yml (extension en minuscules)",
        ),
        (
            "kasbah.json",
            "file",
            "fichier inattendu « kasbah.json » dans startups/ — un profil se"
            " nomme ma-startup.yml ; les logos vont dans startups/logos/",
        ),
        (
            "kasbah",
            "file",
            "fichier inattendu « kasbah » dans startups/ — un profil se nomme"
            " ma-startup.yml ; les logos vont dans startups/logos/",
        ),
        (
            "brouillons",
            "dir",
            "dossier inattendu « brouillons » dans startups/ — seul le dossier"
            " logos/ y est attendu ; les profils sont à la racine de startups/",
        ),
        (
            "kasbah.yml",
            "dir",
            "dossier inattendu « kasbah.yml » dans startups/ — seul le dossier"
            " logos/ y est attendu ; les profils sont à la racine de startups/",
        ),
        (
            "logos",
            "file",
            "« logos » doit être un dossier — placez les images dans le dossier startups/logos/",
        ),
        (
            "logos",
            "link",
            "lien symbolique « logos » dans startups/ — remplacez le lien par le"
            " fichier ou le dossier lui-même",
        ),
        (
            "notes.txt",
            "link",
            "lien symbolique « notes.txt » dans startups/ — remplacez le lien"
            " par le fichier ou le dossier lui-même",
        ),
    ],
)
def test_unexpected_entries_of_startups_are_reported(
    repo, profile_text, when, name, kind, expected
):
    (repo / "startups" / "kasbah-ok.yml").write_text(profile_text("Kasbah"), encoding="utf-8")
    make_entry(repo / "startups", name, kind)
    directory, report = load_directory(repo, when=when)
    assert directory is None
    assert [p.as_text() for p in report.sorted()] == [f"startups/{name}:1:1: {expected}"]
    assert report.profiles == 1


def test_logos_folder_is_expected(repo, profile_text, when):
    (repo / "startups" / "logos").mkdir()
    (repo / "startups" / "kasbah.yml").write_text(profile_text("Kasbah"), encoding="utf-8")
    directory, report = load_directory(repo, when=when)
    assert report.ok and [s.slug for s in directory.startups] == ["kasbah"]
