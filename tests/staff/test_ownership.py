"""startupdir.staff.ownership: `check-changes` on real commits of real temporary Git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from startupdir.staff.cli import main as staff_main
from startupdir.staff.ownership import UsageError, review_changes

ROOT = Path(__file__).resolve().parents[2]
STAFF = Path("staff.yml")
ASK = "demandez à un mainteneur ou à l'équipe de relire"
ASK_STAFF = "un membre de l'équipe doit relire ce changement"

PROFILE = """\
# yaml-language-server: $schema=../schema/startup.schema.json
name: {name}
tagline:
  fr: Une accroche
description:
  fr: Une description.
website: https://exemple.example
founded: 2020
sectors: [fintech]
city: rabat
stage: idea
employees: 3
{extra}updated: 2026-01-01
"""

ALIAS_BOMB = """\
name: Bombe
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
maintainers: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
"""


def check_changes(root, base, author, staff_file):
    """(ok, one French line per refused file), as the check-changes command decides."""
    verdict = review_changes(root, base, author, staff_file)
    return verdict.ok, verdict.refused


def profile(name: str, maintainers=(), logo: str | None = None) -> str:
    extra = ""
    if logo:
        extra += f"logo: {logo}\n"
    if maintainers:
        extra += f"maintainers: [{', '.join(maintainers)}]\n"
    return PROFILE.format(name=name, extra=extra)


class Repo:
    """A throw-away Git repository: write files, commit, branch."""

    def __init__(self, root: Path):
        self.root = root
        self.env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, path: str, text: str | bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")

    def remove(self, path: str) -> None:
        self.git("rm", "-q", path)

    def commit(self, message: str = "change") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def branch(self, name: str) -> None:
        self.git("checkout", "-q", "-b", name)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def check(self, author: str, base: str = "main"):
        return check_changes(self.root, base, author, STAFF)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """main: the taxonomy, staff.yml, Atlas Pay (maintained, with its logo), an unmaintained
    profile; then a branch `pr` from main, checked out."""
    r = Repo(tmp_path / "annuaire")
    r.root.mkdir()
    r.git("init", "-q", "-b", "main")
    shutil.copy(ROOT / "taxonomy.yml", r.root / "taxonomy.yml")
    r.write("staff.yml", "# l'équipe\nstaff:\n  - annuaire-equipe\n")
    r.write(
        "startups/atlas-pay.yml",
        profile("Atlas Pay", ["atlaspay-dev", "salma-i"], "logos/atlas-pay.png"),
    )
    r.write("startups/logos/atlas-pay.png", b"\x89PNG fake")
    r.write("startups/sans-mainteneur.yml", profile("Sans Mainteneur"))
    r.commit("base")
    r.branch("pr")
    return r


def refused(path: str, author: str, maintainers: str) -> str:
    return f"{path} : @{author} n'est pas mainteneur de ce profil (mainteneurs : {maintainers}) — {ASK}"


def test_maintainer_edits_own_profile(repo):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["atlaspay-dev", "salma-i"]))
    repo.commit()
    assert repo.check("atlaspay-dev") == (True, [])
    assert repo.check("salma-i") == (True, [])


def test_logins_compare_case_insensitively(repo):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay v2", ["atlaspay-dev"]))
    repo.commit()
    assert repo.check("AtlasPay-Dev") == (True, [])
    assert repo.check("@atlaspay-dev") == (True, [])


def test_non_maintainer_is_refused_with_the_exact_message(repo):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["atlaspay-dev", "salma-i"]))
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert lines == [
        "startups/atlas-pay.yml : @bob n'est pas mainteneur de ce profil "
        "(mainteneurs : atlaspay-dev, salma-i) — demandez à un mainteneur ou à l'équipe de relire"
    ]


def test_adding_oneself_as_maintainer_does_not_help(repo):
    """The maintainers are read as they are on the base branch."""
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["atlaspay-dev", "bob"]))
    repo.commit()
    assert repo.check("bob") == (
        False,
        [refused("startups/atlas-pay.yml", "bob", "atlaspay-dev, salma-i")],
    )


def test_profile_without_maintainers_is_for_staff(repo):
    repo.write("startups/sans-mainteneur.yml", profile("Sans Mainteneur", ["bob"]))
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert lines == [
        "startups/sans-mainteneur.yml : @bob n'est pas mainteneur de ce profil "
        f"(aucun mainteneur déclaré) — {ASK}"
    ]
    assert repo.check("annuaire-equipe") == (True, [])


def test_staff_may_change_anything(repo):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["quelquun"]))
    repo.write("taxonomy.yml", (repo.root / "taxonomy.yml").read_text() + "\n")
    repo.write(".github/workflows/x.yml", "on: push\n")
    repo.remove("startups/sans-mainteneur.yml")
    repo.commit()
    assert repo.check("annuaire-equipe") == (True, [])
    assert repo.check("Annuaire-Equipe") == (True, [])


def test_new_profile_may_be_added_by_anyone(repo):
    repo.write("startups/nouvelle-pousse.yml", profile("Nouvelle Pousse", ["someone-else"]))
    repo.commit()
    assert repo.check("first-timer") == (True, [])


def test_deleting_someone_elses_profile_is_refused(repo):
    repo.remove("startups/atlas-pay.yml")
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert lines == [
        "startups/atlas-pay.yml : suppression refusée, @bob n'est pas mainteneur de ce profil "
        f"(mainteneurs : atlaspay-dev, salma-i) — {ASK}"
    ]
    assert repo.check("atlaspay-dev") == (True, [])


def test_renaming_someone_elses_profile_is_a_refused_deletion(repo):
    repo.git("mv", "startups/atlas-pay.yml", "startups/atlas-pay-2.yml")
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert lines == [
        "startups/atlas-pay.yml : suppression refusée, @bob n'est pas mainteneur de ce profil "
        f"(mainteneurs : atlaspay-dev, salma-i) — {ASK}"
    ]
    assert repo.check("atlaspay-dev") == (True, [])


def test_taxonomy_change_by_non_staff_is_refused(repo):
    repo.write("taxonomy.yml", (repo.root / "taxonomy.yml").read_text() + "\n# ajout\n")
    repo.commit()
    assert repo.check("atlaspay-dev") == (
        False,
        [
            "taxonomy.yml : modification réservée à l'équipe (@atlaspay-dev n'en fait pas partie) "
            f"— {ASK_STAFF}"
        ],
    )


@pytest.mark.parametrize(
    "path",
    [".github/workflows/validate.yml", "scripts/startupdir/staff/ownership.py", "content/index.md"],
)
def test_code_content_and_workflows_are_for_staff(repo, path):
    repo.write(path, "x\n")
    repo.commit()
    ok, lines = repo.check("atlaspay-dev")
    assert not ok
    assert lines == [
        f"{path} : modification réservée à l'équipe (@atlaspay-dev n'en fait pas partie) "
        f"— {ASK_STAFF}"
    ]


def test_joining_the_staff_in_the_pull_request_does_not_help(repo):
    repo.write("staff.yml", "staff:\n  - annuaire-equipe\n  - bob\n")
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["bob"]))
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert [line.split(" : ")[0] for line in lines] == ["staff.yml", "startups/atlas-pay.yml"]


def test_hostile_maintainers_on_base_are_a_clean_refusal(repo, capsys):
    repo.checkout("main")
    repo.write("startups/bombe.yml", ALIAS_BOMB)
    repo.commit("hostile base")
    repo.git("checkout", "-q", "-B", "pr")
    repo.write("startups/bombe.yml", profile("Bombe", ["bob"]))
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert lines == [
        "startups/bombe.yml : profil illisible sur la branche de base (ligne 2 : "
        f"ancre YAML « &a » interdite) — {ASK_STAFF}"
    ]
    code = staff_main(
        ["check-changes", "--root", str(repo.root), "--base", "main", "--author", "bob"]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    assert lines[0] in out.splitlines()


@pytest.mark.parametrize(
    "text",
    [
        "maintainers: [bob\n",  # YAML syntax error
        "name: x\n" + "maintainers:\n" + "".join("  " * i + "- \n" for i in range(1, 40)),
        "maintainers: !!python/object/apply:os.system [echo]\n",
        "\x00\x01binary",
        "name: " + "x" * 70_000 + "\n",
    ],
    ids=["syntax", "deep", "tag", "binary", "huge"],
)
def test_unreadable_base_profiles_are_refused_without_traceback(repo, text):
    repo.checkout("main")
    repo.write("startups/hostile.yml", text)
    repo.commit("hostile base")
    repo.git("checkout", "-q", "-B", "pr")
    repo.write("startups/hostile.yml", profile("Hostile", ["bob"]))
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert len(lines) == 1
    assert lines[0].startswith("startups/hostile.yml : profil illisible sur la branche de base")


def test_maintainer_replaces_own_logo(repo):
    repo.write("startups/logos/atlas-pay.png", b"\x89PNG new")
    repo.commit()
    assert repo.check("atlaspay-dev") == (True, [])
    ok, lines = repo.check("bob")
    assert not ok
    assert lines == [
        "startups/logos/atlas-pay.png : @bob ne peut pas modifier ce logo, utilisé par "
        f"startups/atlas-pay.yml — {ASK}"
    ]


def test_new_logo_for_a_new_profile(repo):
    repo.write("startups/logos/nouvelle.png", b"\x89PNG")
    repo.write("startups/nouvelle.yml", profile("Nouvelle", (), "logos/nouvelle.png"))
    repo.commit()
    assert repo.check("anyone") == (True, [])


def test_new_logo_that_no_profile_uses_is_refused(repo):
    repo.write("startups/logos/seul.png", b"\x89PNG")
    repo.commit()
    ok, lines = repo.check("atlaspay-dev")
    assert not ok
    assert lines[0].startswith("startups/logos/seul.png : nouveau logo utilisé par aucun profil")


def test_stealing_a_logo_through_a_new_profile_is_refused(repo):
    """A new profile pointing at an existing logo does not make its author owner of it."""
    repo.write("startups/copie.yml", profile("Copie", (), "logos/atlas-pay.png"))
    repo.write("startups/logos/atlas-pay.png", b"\x89PNG defaced")
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert [line.split(" : ")[0] for line in lines] == ["startups/logos/atlas-pay.png"]


def test_changes_on_main_since_the_fork_are_not_the_authors(repo):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["atlaspay-dev"]))
    repo.commit("pr change")
    repo.checkout("main")
    repo.write("taxonomy.yml", (repo.root / "taxonomy.yml").read_text() + "\n")
    repo.commit("staff change on main")
    repo.checkout("pr")
    assert repo.check("atlaspay-dev") == (True, [])


def test_maintainers_added_on_main_after_the_fork_count(repo):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["atlaspay-dev", "nadia"]))
    repo.commit("pr change")
    repo.checkout("main")
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["atlaspay-dev", "nadia"]))
    repo.commit("nadia joins")
    repo.checkout("pr")
    assert repo.check("nadia") == (True, [])


def test_uncommitted_changes_are_ignored(repo):
    repo.write("taxonomy.yml", "changed but not committed\n")
    assert repo.check("bob") == (True, [])


def test_every_refused_file_gets_one_line(repo):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["x"]))
    repo.write("taxonomy.yml", (repo.root / "taxonomy.yml").read_text() + "\n")
    repo.write("startups/nouvelle.yml", profile("Nouvelle"))
    repo.commit()
    ok, lines = repo.check("bob")
    assert not ok
    assert [line.split(" : ")[0] for line in lines] == ["startups/atlas-pay.yml", "taxonomy.yml"]


@pytest.mark.parametrize(
    "ref", ["--upload-pack=touch /tmp/x", "main..pr", "main@{1}", "a b", "", "../x"]
)
def test_unsafe_refs_are_usage_errors(repo, ref):
    with pytest.raises(UsageError, match="référence Git refusée"):
        review_changes(repo.root, ref, "bob", STAFF)


def test_ancestry_suffixes_are_accepted(repo):
    repo.write("startups/nouvelle.yml", profile("Nouvelle"))
    repo.commit()
    assert check_changes(repo.root, "pr~1", "bob", STAFF) == (True, [])
    assert check_changes(repo.root, "HEAD^", "bob", STAFF) == (True, [])


def test_unknown_ref_and_bad_login_are_usage_errors(repo, capsys):
    with pytest.raises(UsageError, match="introuvable"):
        review_changes(repo.root, "origin/nope", "bob", STAFF)
    with pytest.raises(UsageError, match="compte GitHub invalide"):
        review_changes(repo.root, "main", "bob; rm -rf /", STAFF)
    with pytest.raises(UsageError, match="référence Git refusée"):
        review_changes(repo.root, "main\n", "bob", STAFF)
    code = staff_main(
        ["check-changes", "--root", str(repo.root), "--base", "nope", "--author", "x"]
    )
    assert code == 2
    assert "introuvable" in capsys.readouterr().err


def test_cli_exit_codes_and_messages(repo, capsys):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["atlaspay-dev"]))
    repo.commit()
    args = ["check-changes", "--root", str(repo.root), "--base", "main", "--author"]
    assert staff_main([*args, "atlaspay-dev"]) == 0
    assert "tout est autorisé" in capsys.readouterr().out
    assert staff_main([*args, "bob"]) == 1
    out = capsys.readouterr().out
    assert refused("startups/atlas-pay.yml", "bob", "atlaspay-dev, salma-i") in out
    assert "1 modification refusée pour @bob" in out
    assert staff_main([*args, "annuaire-equipe"]) == 0
    assert "fait partie de l'équipe" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        staff_main(["check-changes", "--author", "bob"])
    assert exc.value.code == 2


def test_list_of_changed_profiles_for_the_job_summary(repo, tmp_path, capsys):
    repo.write("startups/atlas-pay.yml", profile("Atlas Pay", ["atlaspay-dev"]))
    repo.write("startups/nouvelle.yml", profile("Nouvelle"))
    repo.remove("startups/sans-mainteneur.yml")
    repo.write("content/x.md", "x\n")
    repo.commit()
    summary = tmp_path / "summary.md"
    summary.write_text("# Avant\n", encoding="utf-8")
    args = ["check-changes", "--root", str(repo.root), "--base", "main", "--list"]
    assert staff_main([*args, "--out", str(summary)]) == 0
    assert summary.read_text(encoding="utf-8") == (
        "# Avant\n"
        "### Profils ajoutés ou modifiés\n\n"
        "- `startups/atlas-pay.yml` : modifié\n"
        "- `startups/nouvelle.yml` : ajouté\n"
        "- `startups/sans-mainteneur.yml` : supprimé\n\n"
        "Autres fichiers modifiés : 1.\n"
    )
